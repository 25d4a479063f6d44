/* cache: serializes module summaries (plain arrays, so the format is a header plus the raw
 * arrays) and checks every index on the way back in, so a damaged entry cannot crash phase 2.
 * Knows nothing about rules: what is cached is exactly what phase 1 produces. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "cache.h"
#include "facts_id.h"
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lz4.h>
#include <lz4hc.h>
#include <ftw.h>
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC 0x534a4144u /* "DAJS" */
#define CACHE_FORMAT 3u /* 3: payloads LZ4-compressed */

/* A pack: one file per scanned set of roots holding the entries its last scan used, so a warm
 * scan reads one file instead of one per module (git's loose objects and packs). Layout: this
 * header, the entries (each exactly as its loose file), then the index. */
#define PACK_MAGIC 0x504a4144u /* "DAJP" */
struct pack_header {
	uint32_t magic, format;
	uint64_t salt;
	uint64_t n, index_off;
	uint64_t pad;
	uint64_t index_tag; /* SipHash of the header before it and of the index */
};
struct pack_entry {
	uint64_t key_a, key_b, key_len, off, len;
};
struct pack_slot {
	struct cache_key key;
	uint64_t off, len; /* len 0: empty slot */
};
/* A pack read: its file and its index, by key (open addressing). */
struct pack {
	int fd;                  /* -1: none */
	struct pack_slot *slots;
	size_t slots_cap, n;
	uint64_t scope;
};
/* Where a used entry came from: a loose file, this scan's pack, or another scan's pack. */
enum { FROM_LOOSE, FROM_OWN, FROM_OTHER /* + index into others */ };
struct used {
	struct cache_key key;
	uint8_t taken;
	uint16_t from;
};

#define KEEP_PACKS 8 /* the packs (scans of other roots) kept, most recently used first */

struct cache {
	char *dir;
	uint64_t salt;
	uint64_t key[2];          /* the user's (user_key): tags entries, packs and records */
	atomic_int made;          /* CACHEDIR.TAG written (or tried) */
	atomic_ulong tmp_seq;     /* unique temporary names across threads */
	uint64_t pack_scope;      /* 0: no pack */
	struct pack own;          /* this scan's pack, read at open */
	pthread_mutex_t lock;     /* guards what follows */
	int others_read;          /* the other scans' packs were read (at the first miss) */
	VEC(struct pack) others;  /* their entries serve this scan's misses */
	struct {
		struct used *items;
		size_t len;
	} used;                   /* keys loaded or stored by this run: open addressing */
	size_t used_cap;
};

static void pack_save(cache *c);
static int make_parent(cache *c, char *path);

/* --- authentication ---------------------------------------------------------------------------
 * Every entry, pack index and whole-scan record carries a SipHash-2-4 tag under a random key
 * kept in the user's cache home, never in the cache folder: a cache that arrives with the
 * scanned tree (committed, or left in a checkout) cannot make an entry djasync accepts, so it
 * cannot change a result. */
struct sip {
	uint64_t v0, v1, v2, v3, tail;
	size_t len; /* bytes taken so far */
};

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(s)                                                                      \
	do {                                                                             \
		s->v0 += s->v1; s->v1 = ROTL(s->v1, 13); s->v1 ^= s->v0; s->v0 = ROTL(s->v0, 32); \
		s->v2 += s->v3; s->v3 = ROTL(s->v3, 16); s->v3 ^= s->v2;                      \
		s->v0 += s->v3; s->v3 = ROTL(s->v3, 21); s->v3 ^= s->v0;                      \
		s->v2 += s->v1; s->v1 = ROTL(s->v1, 17); s->v1 ^= s->v2; s->v2 = ROTL(s->v2, 32); \
	} while (0)

static void sip_init(struct sip *s, const uint64_t k[2])
{
	s->v0 = 0x736f6d6570736575ull ^ k[0];
	s->v1 = 0x646f72616e646f6dull ^ k[1];
	s->v2 = 0x6c7967656e657261ull ^ k[0];
	s->v3 = 0x7465646279746573ull ^ k[1];
	s->tail = 0;
	s->len = 0;
}

static void sip_word(struct sip *s, uint64_t m)
{
	s->v3 ^= m;
	SIPROUND(s);
	SIPROUND(s);
	s->v0 ^= m;
}

static void sip_add(struct sip *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0;
	while (i < n && (s->len & 7)) { /* finish the partial word */
		s->tail |= (uint64_t)b[i++] << (8 * (s->len & 7));
		if ((++s->len & 7) == 0) {
			sip_word(s, s->tail);
			s->tail = 0;
		}
	}
	for (; i + 8 <= n; i += 8) {
		uint64_t w = 0;
		for (int k = 7; k >= 0; k--)
			w = (w << 8) | b[i + (size_t)k]; /* little-endian, whatever the machine */
		sip_word(s, w);
		s->len += 8;
	}
	for (; i < n; i++, s->len++)
		s->tail |= (uint64_t)b[i] << (8 * (s->len & 7));
}

static uint64_t sip_end(struct sip *s)
{
	sip_word(s, s->tail | ((uint64_t)(s->len & 0xff) << 56));
	s->v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		SIPROUND(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

/* The user's key: $XDG_CACHE_HOME/djasync/key, else ~/.cache/djasync/key, made (16 random
 * bytes, mode 0600) the first time. 0, or -1 when there is no such place or no randomness. */
static int user_key(uint64_t k[2])
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = xdg && xdg[0] == '/' ? xasprintf("%s/djasync", xdg)
		    : home && home[0] == '/' ? xasprintf("%s/.cache/djasync", home) : NULL;
	if (!dir)
		return -1;
	char *path = xasprintf("%s/key", dir);
	int rc = -1;
	for (int attempt = 0; attempt < 2 && rc != 0; attempt++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		struct stat st;
		if (fd >= 0) {
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
			    read(fd, k, 16) == 16)
				rc = 0;
			close(fd);
			break;
		}
		/* none yet: made whole under a temporary name, then linked in (a concurrent run
		 * that loses the race reads the winner's) */
		char *d2 = xstrdup(dir);
		for (char *q = d2 + 1; *q; q++)
			if (*q == '/') {
				*q = 0;
				mkdir(d2, 0700);
				*q = '/';
			}
		mkdir(d2, 0700);
		free(d2);
		unsigned char rnd[16];
		int ur = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		int got = ur >= 0 && read(ur, rnd, sizeof rnd) == (ssize_t)sizeof rnd;
		if (ur >= 0)
			close(ur);
		if (!got)
			break;
		char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
		int w = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (w >= 0) {
			int ok = write(w, rnd, sizeof rnd) == (ssize_t)sizeof rnd;
			ok = close(w) == 0 && ok;
			if (ok)
				(void)link(tmp, path); /* fails when another run made it first: read theirs */
			unlink(tmp);
		}
		free(tmp);
	}
	free(path);
	free(dir);
	return rc;
}

struct header {
	uint32_t magic, format;
	uint64_t salt;
	char version[16];
	uint64_t key_a, key_b, key_len;
	uint64_t strs_len, n_ex, n_ev, n_scopes, n_imports, n_supp;
	int32_t syntax_error_line, syntax_error_col, invalid_utf8_line, shallow, skip_file, pad;
	uint64_t raw_len; /* the payload's length before compression (the arrays, in order) */
	uint64_t tag;     /* SipHash of the header before it and of the compressed payload after it */
};

const size_t cache_entry_header_size = sizeof(struct header);

/* An entry's tag: the header up to the tag, then the (compressed) payload as stored. */
static uint64_t bytes_tag(const cache *c, const unsigned char *buf, size_t len)
{
	struct sip st;
	sip_init(&st, c->key);
	sip_add(&st, buf, offsetof(struct header, tag));
	sip_add(&st, buf + sizeof(struct header), len - sizeof(struct header));
	return sip_end(&st);
}

uint64_t cache_hash_str(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

struct cache_key cache_key_of(const char *buf, size_t len)
{
	/* two independent 64-bit lanes over the same words */
	struct cache_key k = {0x243F6A8885A308D3ull ^ len, 0x13198A2E03707344ull, len};
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, buf + i, 8);
		k.a = (k.a ^ w) * 0x9E3779B97F4A7C15ull;
		k.a ^= k.a >> 31;
		k.b = (k.b + w) * 0xff51afd7ed558ccdull;
		k.b ^= k.b >> 33;
	}
	for (; i < len; i++) {
		k.a = (k.a ^ (unsigned char)buf[i]) * 1099511628211ull;
		k.b = (k.b + (unsigned char)buf[i]) * 0xc4ceb9fe1a85ec53ull;
	}
	k.a ^= k.b >> 17;
	return k;
}

char *cache_default_dir(const char *root)
{
	const char *env = getenv("DJASYNC_CACHE_DIR");
	if (env && env[0])
		return xstrdup(env);
	return xasprintf("%s/.djasync_cache", root && root[0] ? root : ".");
}

#define TAG_SIGNATURE "Signature: 8a477f597d28d172789f06886806bc55\n"
#define TAG_TEXT TAG_SIGNATURE "# djasync cache; safe to delete (djasync clean)\n"

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int cache_clean(const char *dir, struct diag *d)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return 0;
	char *tag = xasprintf("%s/CACHEDIR.TAG", dir);
	int fd = S_ISDIR(st.st_mode) ? open(tag, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) : -1;
	char head[128] = "";
	ssize_t n = fd >= 0 ? read(fd, head, sizeof head - 1) : -1;
	if (fd >= 0)
		close(fd);
	free(tag);
	if (n <= 0 || strncmp(head, TAG_SIGNATURE, strlen(TAG_SIGNATURE)) != 0 || !strstr(head, "djasync")) {
		diag_set(d, "%s: not a djasync cache (no djasync CACHEDIR.TAG in it): left alone", dir);
		return -1;
	}
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0) {
		diag_set(d, "%s: cannot remove: %s", dir, io_strerror());
		return -1;
	}
	return 1;
}

cache *cache_open(const char *dir, uint64_t salt)
{
	uint64_t key[2];
	if (!dir[0] || user_key(key) != 0)
		return NULL; /* nowhere to keep a key: no cache rather than one anyone could write */
	cache *c = xcalloc(1, sizeof *c);
	c->key[0] = key[0];
	c->key[1] = key[1];
	c->dir = xstrdup(dir);
	c->own.fd = -1;
	pthread_mutex_init(&c->lock, NULL);
	c->salt = salt ^ cache_hash_str(DJASYNC_VERSION, strlen(DJASYNC_VERSION)) ^
		  (cache_hash_str(DJASYNC_FACTS_ID, strlen(DJASYNC_FACTS_ID)) * 31);
	return c;
}

void cache_close(cache *c)
{
	if (!c)
		return;
	pack_save(c);
	if (c->own.fd >= 0)
		close(c->own.fd);
	free(c->own.slots);
	for (size_t i = 0; i < c->others.len; i++) {
		close(c->others.items[i].fd);
		free(c->others.items[i].slots);
	}
	VEC_FREE(c->others);
	free(c->used.items);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}

static char *entry_path(const cache *c, struct cache_key k)
{
	/* the salt is in the name: two configurations keep their own entries */
	return xasprintf("%s/v%u/%02x/%016llx%016llx-%08llx", c->dir, CACHE_FORMAT, (unsigned)(k.a & 0xff),
			 (unsigned long long)k.a, (unsigned long long)k.b,
			 (unsigned long long)(c->salt & 0xffffffffu));
}

static int in_ex(int32_t i, uint64_t n)
{
	return i == -1 || (i >= 0 && (uint64_t)i < n);
}

/* The expression links (a, args, next) must form no cycle, or walking them would not end:
 * an iterative depth-first search with three colours. */
static int acyclic(const struct summary *s)
{
	size_t n = s->ex.len;
	uint8_t *colour = xcalloc(n ? n : 1, 1);
	struct frame {
		int32_t node;
		int edge;
	} *stack = xmalloc((n ? n : 1) * sizeof *stack);
	int ok = 1;
	for (size_t root = 0; root < n && ok; root++) {
		if (colour[root])
			continue;
		size_t top = 0;
		stack[top++] = (struct frame){(int32_t)root, 0};
		colour[root] = 1;
		while (top && ok) {
			struct frame *f = &stack[top - 1];
			const struct ex *x = &s->ex.items[f->node];
			if (f->edge == 3) {
				colour[f->node] = 2;
				top--;
				continue;
			}
			int32_t next = f->edge == 0 ? x->a : f->edge == 1 ? x->args : x->next;
			f->edge++;
			if (next < 0 || colour[next] == 2)
				continue;
			if (colour[next] == 1) {
				ok = 0;
				break;
			}
			colour[next] = 1;
			stack[top++] = (struct frame){next, 0};
		}
	}
	free(colour);
	free(stack);
	return ok;
}

/* Every index must point inside its array and every string offset inside the pool. */
static int valid(const struct summary *s)
{
	uint64_t ne = s->ex.len, ns = s->scopes.len, nstr = s->strs_len;
	if (nstr == 0 || s->strs[nstr - 1] != 0)
		return 0;
	for (size_t i = 0; i < s->ex.len; i++) {
		const struct ex *x = &s->ex.items[i];
		if (x->str >= nstr || !in_ex(x->a, ne) || !in_ex(x->args, ne) || !in_ex(x->next, ne) ||
		    x->kind > EX_CHOICE)
			return 0;
		/* children are converted before or after their parent, never the node itself */
		if (x->a == (int32_t)i || x->args == (int32_t)i || x->next == (int32_t)i)
			return 0;
	}
	for (size_t i = 0; i < s->ev.len; i++) {
		const struct event *e = &s->ev.items[i];
		if (!in_ex(e->ex, ne) || !in_ex(e->target, ne) || !in_ex(e->scope, ns) || e->kind > EV_ANNOT)
			return 0;
	}
	for (size_t i = 0; i < s->scopes.len; i++) {
		const struct scope *sc = &s->scopes.items[i];
		if (!in_ex(sc->parent, ns) || sc->parent >= (int32_t)i || sc->name >= nstr || sc->qualname >= nstr ||
		    !in_ex(sc->decorators, ne) || !in_ex(sc->bases, ne) || !in_ex(sc->params, ne) || !in_ex(sc->returns, ne) ||
		    sc->kind > SC_CLASS)
			return 0;
	}
	for (size_t i = 0; i < s->imports.len; i++) {
		const struct import *im = &s->imports.items[i];
		if (im->local >= nstr || im->qual >= nstr || !in_ex(im->scope, ns))
			return 0;
	}
	for (size_t i = 0; i < s->supp.len; i++)
		if (s->supp.items[i].codes >= nstr)
			return 0;
	return acyclic(s);
}

/* One entry (header + payload) from memory, checked field by field; NULL when it is damaged,
 * foreign (other salt, version or key) or not exactly as long as its header says. */
static struct summary *decode(const cache *c, struct cache_key key, const unsigned char *buf, size_t len,
			      const char *path)
{
	struct header h;
	if (len < sizeof h)
		return NULL;
	memcpy(&h, buf, sizeof h);
	if (h.magic != CACHE_MAGIC || h.format != CACHE_FORMAT || h.salt != c->salt ||
	    strncmp(h.version, DJASYNC_VERSION, sizeof h.version) != 0 || h.key_a != key.a || h.key_b != key.b ||
	    h.key_len != key.len)
		return NULL;
	/* sizes must match the entry exactly before anything is allocated */
	if (h.strs_len > (1u << 30) || h.n_ex > (1u << 28) || h.n_ev > (1u << 28) || h.n_scopes > (1u << 28) ||
	    h.n_imports > (1u << 28) || h.n_supp > (1u << 28))
		return NULL;
	uint64_t want = h.strs_len + h.n_ex * sizeof(struct ex) + h.n_ev * sizeof(struct event) +
			h.n_scopes * sizeof(struct scope) + h.n_imports * sizeof(struct import) +
			h.n_supp * sizeof(struct suppression);
	if (h.raw_len != want || want > INT32_MAX || len - sizeof h > (size_t)LZ4_compressBound((int)want) ||
	    bytes_tag(c, buf, len) != h.tag)
		return NULL; /* authenticated before it is decompressed */
	unsigned char *raw = xmalloc(want ? want : 1);
	if (LZ4_decompress_safe((const char *)buf + sizeof h, (char *)raw, (int)(len - sizeof h), (int)want) !=
	    (int)want) {
		free(raw);
		return NULL;
	}
	struct summary *s = xcalloc(1, sizeof *s);
	const unsigned char *p = raw;
#define TAKE(dst, n)                                  \
	do {                                          \
		size_t take_ = (n);                   \
		(dst) = xmalloc(take_ ? take_ : 1);   \
		memcpy((dst), p, take_);              \
		p += take_;                           \
	} while (0)
	s->strs_len = s->strs_cap = h.strs_len;
	TAKE(s->strs, h.strs_len);
	s->ex.len = s->ex.cap = h.n_ex;
	TAKE(s->ex.items, h.n_ex * sizeof *s->ex.items);
	s->ev.len = s->ev.cap = h.n_ev;
	TAKE(s->ev.items, h.n_ev * sizeof *s->ev.items);
	s->scopes.len = s->scopes.cap = h.n_scopes;
	TAKE(s->scopes.items, h.n_scopes * sizeof *s->scopes.items);
	s->imports.len = s->imports.cap = h.n_imports;
	TAKE(s->imports.items, h.n_imports * sizeof *s->imports.items);
	s->supp.len = s->supp.cap = h.n_supp;
	TAKE(s->supp.items, h.n_supp * sizeof *s->supp.items);
#undef TAKE
	free(raw);
	s->syntax_error_line = h.syntax_error_line;
	s->syntax_error_col = h.syntax_error_col;
	s->invalid_utf8_line = h.invalid_utf8_line;
	s->shallow = h.shallow;
	s->skip_file = h.skip_file;
	if ((s->shallow != 0 && s->shallow != 1) || (s->skip_file != 0 && s->skip_file != 1) || !valid(s)) {
		summary_free(s);
		return NULL;
	}
	s->path = xstrdup(path);
	return s;
}

/* --- the pack -------------------------------------------------------------------------------- */

static uint64_t key_hash(struct cache_key k)
{
	return (k.a ^ (k.b * 0x9E3779B97F4A7C15ull) ^ k.len) * 0xff51afd7ed558ccdull;
}

static int same_key(struct cache_key x, struct cache_key y)
{
	return x.a == y.a && x.b == y.b && x.len == y.len;
}

/* Where a used key's entry is: a pack (FROM_OWN, FROM_OTHER + i) or its loose file. */
static void note_used(cache *c, struct cache_key k, int from)
{
	if (!c->pack_scope)
		return;
	pthread_mutex_lock(&c->lock);
	if (c->used.len * 2 >= c->used_cap) {
		size_t cap = c->used_cap ? c->used_cap * 2 : 1024;
		struct used *old = c->used.items;
		size_t old_cap = c->used_cap;
		c->used.items = xcalloc(cap, sizeof *c->used.items);
		c->used_cap = cap;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].taken) {
				size_t j = key_hash(old[i].key) & (cap - 1);
				while (c->used.items[j].taken)
					j = (j + 1) & (cap - 1);
				c->used.items[j] = old[i];
			}
		free(old);
	}
	size_t j = key_hash(k) & (c->used_cap - 1);
	while (c->used.items[j].taken && !same_key(c->used.items[j].key, k))
		j = (j + 1) & (c->used_cap - 1);
	if (!c->used.items[j].taken) {
		c->used.items[j] = (struct used){k, 1, (uint16_t)from};
		c->used.len++;
	} else if (from == FROM_LOOSE) {
		c->used.items[j].from = FROM_LOOSE; /* stored anew: the loose file is the newer */
	}
	pthread_mutex_unlock(&c->lock);
}

static const struct pack_slot *pack_find(const struct pack *pk, struct cache_key k)
{
	if (!pk->slots)
		return NULL;
	size_t mask = pk->slots_cap - 1;
	for (size_t j = key_hash(k) & mask; pk->slots[j].len; j = (j + 1) & mask)
		if (same_key(pk->slots[j].key, k))
			return &pk->slots[j];
	return NULL;
}

static int pack_read(const cache *c, const char *path, uint64_t scope, struct pack *pk);

static uint64_t index_tag(const cache *c, const struct pack_header *ph, const struct pack_entry *ix, uint64_t n)
{
	struct sip st;
	sip_init(&st, c->key);
	sip_add(&st, ph, offsetof(struct pack_header, index_tag));
	sip_add(&st, ix, n * sizeof *ix);
	return sip_end(&st);
}

/* A whole-scan record's tag: its kind, scope and salt, then its bytes. */
static uint64_t blob_tag(const cache *c, const char *kind, const char *buf, size_t len)
{
	struct sip st;
	sip_init(&st, c->key);
	sip_add(&st, kind, strlen(kind) + 1);
	sip_add(&st, &c->pack_scope, sizeof c->pack_scope);
	sip_add(&st, &c->salt, sizeof c->salt);
	sip_add(&st, buf, len);
	return sip_end(&st);
}

/* The pack (`kind` "pack") and the other whole-scan records of this scope and salt. */
static char *blob_path(const cache *c, const char *kind)
{
	return xasprintf("%s/v%u/%s-%016llx-%08llx", c->dir, CACHE_FORMAT, kind, (unsigned long long)c->pack_scope,
			 (unsigned long long)(c->salt & 0xffffffffu));
}

/* Reads the pack at `path` into *pk: 0, or -1 (none, foreign or damaged: every key misses). */
static int pack_read(const cache *c, const char *path, uint64_t scope, struct pack *pk)
{
	*pk = (struct pack){.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK), .scope = scope};
	struct pack_header ph;
	struct stat st;
	if (pk->fd < 0 || fstat(pk->fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    pread(pk->fd, &ph, sizeof ph, 0) != (ssize_t)sizeof ph || ph.magic != PACK_MAGIC ||
	    ph.format != CACHE_FORMAT || ph.salt != c->salt || ph.n > (1u << 24) || ph.index_off < sizeof ph ||
	    ph.index_off > (uint64_t)st.st_size || (uint64_t)st.st_size - ph.index_off != ph.n * sizeof(struct pack_entry))
		goto fail;
	struct pack_entry *ix = xmalloc(ph.n ? ph.n * sizeof *ix : 1);
	if (pread(pk->fd, ix, ph.n * sizeof *ix, (off_t)ph.index_off) != (ssize_t)(ph.n * sizeof *ix) ||
	    index_tag(c, &ph, ix, ph.n) != ph.index_tag) {
		free(ix);
		goto fail;
	}
	size_t cap = 16;
	while (cap < ph.n * 2)
		cap *= 2;
	pk->slots = xcalloc(cap, sizeof *pk->slots);
	pk->slots_cap = cap;
	for (uint64_t i = 0; i < ph.n; i++) {
		struct cache_key k = {ix[i].key_a, ix[i].key_b, ix[i].key_len};
		if (ix[i].len == 0 || ix[i].off < sizeof ph || ix[i].len > ph.index_off ||
		    ix[i].off > ph.index_off - ix[i].len || pack_find(pk, k))
			continue; /* entries are checked again when read */
		size_t j = key_hash(k) & (cap - 1);
		while (pk->slots[j].len)
			j = (j + 1) & (cap - 1);
		pk->slots[j] = (struct pack_slot){k, ix[i].off, ix[i].len};
		pk->n++;
	}
	free(ix);
	return 0;
fail:
	if (pk->fd >= 0)
		close(pk->fd);
	pk->fd = -1;
	return -1;
}

void cache_use_pack(cache *c, uint64_t scope)
{
	c->pack_scope = scope ? scope : 1; /* never 0, which means "no pack" */
	char *path = blob_path(c, "pack");
	pack_read(c, path, c->pack_scope, &c->own);
	free(path);
}

/* "pack-<scope>-<salt>": the scope, when the name is a pack of this cache's salt. */
static int pack_name(const cache *c, const char *name, uint64_t *scope)
{
	unsigned long long sc, salt;
	int end = 0;
	if (sscanf(name, "pack-%16llx-%8llx%n", &sc, &salt, &end) != 2 || name[end] ||
	    salt != (c->salt & 0xffffffffu))
		return 0;
	*scope = sc;
	return 1;
}

/* The other scans' packs, read once, at the first miss: a scan of other roots (a subfolder,
 * the editor's project) finds the summaries they hold. */
static void read_others(cache *c)
{
	pthread_mutex_lock(&c->lock);
	if (!c->others_read) {
		c->others_read = 1;
		char *dir = xasprintf("%s/v%u", c->dir, CACHE_FORMAT);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) && c->others.len < KEEP_PACKS * 2) {
			uint64_t scope;
			if (!pack_name(c, e->d_name, &scope) || scope == c->pack_scope)
				continue;
			char *path = xasprintf("%s/%s", dir, e->d_name);
			struct pack pk;
			if (pack_read(c, path, scope, &pk) == 0)
				VEC_PUSH(c->others, pk);
			free(path);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	pthread_mutex_unlock(&c->lock);
}

char *cache_blob_load(cache *c, const char *kind, size_t *len)
{
	if (!c->pack_scope)
		return NULL;
	char *p = blob_path(c, kind);
	size_t n = 0;
	char *buf = read_file(p, &n);
	free(p);
	uint64_t tag;
	if (!buf || n < sizeof tag) {
		free(buf);
		return NULL;
	}
	memcpy(&tag, buf, sizeof tag); /* the tag, then the record */
	if (tag != blob_tag(c, kind, buf + sizeof tag, n - sizeof tag)) {
		free(buf);
		return NULL;
	}
	memmove(buf, buf + sizeof tag, n - sizeof tag);
	buf[n - sizeof tag] = 0;
	*len = n - sizeof tag;
	return buf;
}

void cache_blob_store(cache *c, const char *kind, const char *buf, size_t len)
{
	if (!c->pack_scope)
		return;
	char *p = blob_path(c, kind);
	char *tagged = xmalloc(len + 8);
	uint64_t tag = blob_tag(c, kind, buf, len);
	memcpy(tagged, &tag, sizeof tag);
	memcpy(tagged + sizeof tag, buf, len);
	if (make_parent(c, p) == 0)
		write_file_atomic(p, tagged, len + sizeof tag);
	free(tagged);
	free(p);
}

uint64_t cache_salt(const cache *c)
{
	return c->salt;
}

static struct summary *pack_load(cache *c, const struct pack *pk, struct cache_key key, const char *path)
{
	const struct pack_slot *sl = pack_find(pk, key);
	if (!sl)
		return NULL;
	unsigned char *buf = xmalloc(sl->len);
	struct summary *s = NULL;
	if (pread(pk->fd, buf, sl->len, (off_t)sl->off) == (ssize_t)sl->len)
		s = decode(c, key, buf, sl->len, path);
	free(buf);
	return s;
}

struct summary *cache_load(cache *c, struct cache_key key, const char *path)
{
	struct summary *s = c->pack_scope ? pack_load(c, &c->own, key, path) : NULL;
	if (s) {
		note_used(c, key, FROM_OWN);
		return s;
	}
	if (c->pack_scope) { /* the packs of scans of other roots, before a loose file's open() */
		read_others(c);
		for (size_t i = 0; i < c->others.len; i++)
			if ((s = pack_load(c, &c->others.items[i], key, path))) {
				note_used(c, key, FROM_OTHER + (int)i);
				return s;
			}
	}
	char *p = entry_path(c, key);
	size_t len = 0;
	char *buf = read_file(p, &len);
	free(p);
	if (buf)
		s = decode(c, key, (const unsigned char *)buf, len, path);
	free(buf);
	if (s)
		note_used(c, key, FROM_LOOSE);
	return s;
}

/* Copies `n` bytes from `fd` at `off` to the end of `out`. */
static int copy_range(FILE *out, int fd, uint64_t off, uint64_t n)
{
	unsigned char buf[1 << 16];
	while (n) {
		size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
		if (pread(fd, buf, k, (off_t)off) != (ssize_t)k || fwrite(buf, 1, k, out) != k)
			return 0;
		off += k;
		n -= k;
	}
	return 1;
}

static int cmp_pack_entry(const void *a, const void *b)
{
	const struct pack_entry *x = a, *y = b;
	if (x->key_a != y->key_a)
		return x->key_a < y->key_a ? -1 : 1;
	if (x->key_b != y->key_b)
		return x->key_b < y->key_b ? -1 : 1;
	return x->key_len < y->key_len ? -1 : x->key_len > y->key_len;
}

/* The pack of scope `scope` with its whole-scan records, removed (a pack not among the most
 * recently used KEEP_PACKS). */
static void remove_scope(const cache *c, uint64_t scope)
{
	static const char *const kinds[] = {"pack", "replay", "env"};
	for (int k = 0; k < 3; k++) {
		char *p = xasprintf("%s/v%u/%s-%016llx-%08llx", c->dir, CACHE_FORMAT, kinds[k],
				    (unsigned long long)scope, (unsigned long long)(c->salt & 0xffffffffu));
		(void)unlink(p);
		free(p);
	}
}

struct pack_age {
	uint64_t scope;
	struct timespec used;
};

static int newer_first(const void *a, const void *b)
{
	const struct pack_age *x = a, *y = b;
	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec > y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec > y->used.tv_nsec ? -1 : 1;
	return x->scope < y->scope ? -1 : x->scope > y->scope;
}

/* Keeps the KEEP_PACKS most recently used packs of this salt (a pack's time is its last
 * use: written, or touched by a scan that read it whole) and removes the rest. */
static void prune_packs(const cache *c)
{
	char *dir = xasprintf("%s/v%u", c->dir, CACHE_FORMAT);
	DIR *d = opendir(dir);
	VEC(struct pack_age) packs = {0};
	struct dirent *e;
	while (d && (e = readdir(d))) {
		uint64_t scope;
		struct stat st;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		if (pack_name(c, e->d_name, &scope) && lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			VEC_PUSH(packs, ((struct pack_age){scope, st.st_mtim}));
		free(path);
	}
	if (d)
		closedir(d);
	if (packs.len > KEEP_PACKS) {
		qsort(packs.items, packs.len, sizeof *packs.items, newer_first);
		for (size_t i = KEEP_PACKS; i < packs.len; i++)
			if (packs.items[i].scope != c->pack_scope)
				remove_scope(c, packs.items[i].scope);
	}
	VEC_FREE(packs);
	free(dir);
}

/* Writes the pack anew when this run used an entry the pack lacks, or left some of it unused:
 * the entries used, copied from a pack or their loose files, then the index (temporary file +
 * rename, so a concurrent run reads the old pack or the new one, whole). The loose files it
 * took in are then removed (a concurrent run that wanted one misses and parses the file), and
 * so are the packs of scans not among the most recent. An unchanged pack is only touched. */
static void pack_save(cache *c)
{
	if (!c->pack_scope || !c->used.len)
		return;
	/* the packs this scan read are among the recent ones */
	for (size_t i = 0; i < c->others.len; i++)
		(void)futimens(c->others.items[i].fd, NULL);
	/* this scan's pack holds what no other pack does: the loose entries and its own */
	VEC(struct pack_entry) ix = {0};
	VEC(uint16_t) from = {0};
	size_t n_loose = 0;
	for (size_t i = 0; i < c->used_cap; i++)
		if (c->used.items[i].taken && c->used.items[i].from < FROM_OTHER) {
			struct cache_key k = c->used.items[i].key;
			/* off holds where it came from until it is copied */
			VEC_PUSH(ix, ((struct pack_entry){k.a, k.b, k.len, c->used.items[i].from, 0}));
			n_loose += c->used.items[i].from == FROM_LOOSE;
		}
	if (n_loose == 0 && ix.len == c->own.n) {
		if (c->own.fd >= 0)
			(void)futimens(c->own.fd, NULL);
		VEC_FREE(ix);
		return;
	}
	qsort(ix.items, ix.len, sizeof *ix.items, cmp_pack_entry); /* the same file for the same keys */
	char *path = blob_path(c, "pack");
	char *tmp = xasprintf("%s.tmp.%ld.%lu", path, (long)getpid(), atomic_fetch_add(&c->tmp_seq, 1));
	FILE *f = fopen(tmp, "wb");
	struct pack_header ph = {PACK_MAGIC, CACHE_FORMAT, c->salt, 0, 0, 0, 0};
	int ok = f && fwrite(&ph, sizeof ph, 1, f) == 1;
	uint64_t off = sizeof ph;
	size_t n = 0;
	for (size_t i = 0; ok && i < ix.len; i++) {
		struct cache_key k = {ix.items[i].key_a, ix.items[i].key_b, ix.items[i].key_len};
		uint64_t src = ix.items[i].off;
		const struct pack *pk = src == FROM_OWN ? &c->own
					: src >= FROM_OTHER && src - FROM_OTHER < c->others.len ? &c->others.items[src - FROM_OTHER]
												 : NULL;
		const struct pack_slot *sl = pk ? pack_find(pk, k) : NULL;
		uint64_t len = 0;
		if (sl) {
			ok = copy_range(f, pk->fd, sl->off, sl->len);
			len = sl->len;
		} else {
			char *p = entry_path(c, k);
			size_t got = 0;
			char *buf = read_file(p, &got);
			free(p);
			if (!buf)
				continue; /* gone meanwhile: a miss next time */
			ok = fwrite(buf, 1, got, f) == got;
			free(buf);
			len = got;
			src = FROM_LOOSE;
		}
		ix.items[n] = ix.items[i];
		ix.items[n].off = off;
		ix.items[n++].len = len;
		VEC_PUSH(from, (uint16_t)src);
		off += len;
	}
	ph.n = n;
	ph.index_off = off;
	ph.index_tag = index_tag(c, &ph, ix.items, n);
	ok = ok && fwrite(ix.items, sizeof *ix.items, n, f) == n && fseek(f, 0, SEEK_SET) == 0 &&
	     fwrite(&ph, sizeof ph, 1, f) == 1;
	if (f && fclose(f) != 0)
		ok = 0;
	if (f && (!ok || rename(tmp, path) != 0)) {
		unlink(tmp);
		ok = 0;
	}
	for (size_t i = 0; ok && i < n; i++)
		if (from.items[i] == FROM_LOOSE) { /* the pack holds it now */
			char *p = entry_path(c, (struct cache_key){ix.items[i].key_a, ix.items[i].key_b, ix.items[i].key_len});
			(void)unlink(p);
			free(p);
		}
	if (ok)
		prune_packs(c);
	VEC_FREE(from);
	VEC_FREE(ix);
	free(tmp);
	free(path);
}

/* An array of the payload (whose pointer may be NULL when it is empty). */
static void raw_add(struct strbuf *b, const void *p, size_t n)
{
	if (n)
		sb_add(b, p, n);
}

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		int rc = mkdir(path, 0755);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* Makes the folder `path` goes in (and, the first time, the cache's CACHEDIR.TAG): 0 or -1. */
static int make_parent(cache *c, char *path)
{
	char *slash = strrchr(path, '/');
	*slash = 0;
	int ok = mkdir_p(path) == 0;
	*slash = '/';
	if (ok && atomic_exchange(&c->made, 1) == 0) {
		/* tell tools (and backups) what this folder is, and git to leave it out */
		static const char *const files[][2] = {{"CACHEDIR.TAG", TAG_TEXT},
						       {".gitignore", "# made by djasync: the cache is not source\n*\n"}};
		for (int k = 0; k < 2; k++) {
			char *f = xasprintf("%s/%s", c->dir, files[k][0]);
			int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
			if (fd >= 0) {
				size_t len = strlen(files[k][1]);
				if (write(fd, files[k][1], len) != (ssize_t)len)
					(void)unlink(f);
				close(fd);
			}
			free(f);
		}
	}
	return ok ? 0 : -1;
}

void cache_store(cache *c, struct cache_key key, const struct summary *s)
{
	char *p = entry_path(c, key);
	int ok = make_parent(c, p) == 0;
	char *tmp = xasprintf("%s.tmp.%ld.%lu", p, (long)getpid(), atomic_fetch_add(&c->tmp_seq, 1));
	FILE *f = ok ? fopen(tmp, "wb") : NULL;
	if (f) {
		struct strbuf raw = {0}; /* the arrays, in order */
		raw_add(&raw, s->strs, s->strs_len);
		raw_add(&raw, s->ex.items, s->ex.len * sizeof *s->ex.items);
		raw_add(&raw, s->ev.items, s->ev.len * sizeof *s->ev.items);
		raw_add(&raw, s->scopes.items, s->scopes.len * sizeof *s->scopes.items);
		raw_add(&raw, s->imports.items, s->imports.len * sizeof *s->imports.items);
		raw_add(&raw, s->supp.items, s->supp.len * sizeof *s->supp.items);
		int w = raw.len <= INT32_MAX;
		int bound = w ? LZ4_compressBound((int)raw.len) : 0;
		unsigned char *buf = xmalloc(sizeof(struct header) + (size_t)bound + 1);
		int clen = w ? LZ4_compress_HC(sb_str(&raw), (char *)buf + sizeof(struct header), (int)raw.len, bound, 3) : 0;
		w = w && (clen > 0 || raw.len == 0);
		struct header h = {CACHE_MAGIC, CACHE_FORMAT, c->salt, {0}, key.a, key.b, key.len,
				   s->strs_len, s->ex.len, s->ev.len, s->scopes.len, s->imports.len, s->supp.len,
				   s->syntax_error_line, s->syntax_error_col, s->invalid_utf8_line, s->shallow,
				   s->skip_file, 0, raw.len, 0};
		strncpy(h.version, DJASYNC_VERSION, sizeof h.version - 1);
		memcpy(buf, &h, sizeof h);
		size_t total = sizeof h + (size_t)(clen > 0 ? clen : 0);
		h.tag = bytes_tag(c, buf, total);
		memcpy(buf, &h, sizeof h);
		w = w && fwrite(buf, 1, total, f) == total;
		free(buf);
		sb_free(&raw);
		if (fclose(f) != 0)
			w = 0;
		if (!w || rename(tmp, p) != 0)
			unlink(tmp);
		else
			note_used(c, key, 0);
	}
	free(tmp);
	free(p);
}
