/* cache: serializes module summaries (plain arrays, so the format is a header plus the raw
 * arrays) and checks every index on the way back in, so a damaged entry cannot crash phase 2.
 * Knows nothing about rules: what is cached is exactly what phase 1 produces. */
#include "cache.h"
#include "facts_id.h"
#include "output.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC 0x534a4144u /* "DAJS" */
#define CACHE_FORMAT 2u

struct cache {
	char *dir;
	uint64_t salt;
	atomic_int made;          /* CACHEDIR.TAG written (or tried) */
	atomic_ulong tmp_seq;     /* unique temporary names across threads */
};

struct header {
	uint32_t magic, format;
	uint64_t salt;
	char version[16];
	uint64_t key_a, key_b, key_len;
	uint64_t strs_len, n_ex, n_ev, n_scopes, n_imports, n_supp;
	int32_t syntax_error_line, syntax_error_col, invalid_utf8_line, shallow, skip_file, pad;
	uint64_t checksum; /* of everything after the header: damage is detected, not trusted */
};

/* Word-at-a-time hashing: the cache must cost far less than the parse it saves. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h ^ n;
}

static uint64_t payload_checksum(const struct summary *s)
{
	uint64_t h = 14695981039346656037ull;
	int32_t fields[5] = {s->syntax_error_line, s->syntax_error_col, s->invalid_utf8_line, s->shallow,
			     s->skip_file};
	h = mix(h, fields, sizeof fields);
	h = mix(h, s->strs, s->strs_len);
	h = mix(h, s->ex.items, s->ex.len * sizeof *s->ex.items);
	h = mix(h, s->ev.items, s->ev.len * sizeof *s->ev.items);
	h = mix(h, s->scopes.items, s->scopes.len * sizeof *s->scopes.items);
	h = mix(h, s->imports.items, s->imports.len * sizeof *s->imports.items);
	return mix(h, s->supp.items, s->supp.len * sizeof *s->supp.items);
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

char *cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/') /* the XDG spec: a relative value is ignored */
		return xasprintf("%s/djasync", xdg);
	return xstrdup(".djasync_cache");
}

cache *cache_open(const char *dir, uint64_t salt)
{
	cache *c = xcalloc(1, sizeof *c);
	c->dir = xstrdup(dir);
	c->salt = salt ^ cache_hash_str(DJASYNC_VERSION, strlen(DJASYNC_VERSION)) ^
		  (cache_hash_str(DJASYNC_FACTS_ID, strlen(DJASYNC_FACTS_ID)) * 31);
	return c;
}

void cache_close(cache *c)
{
	if (!c)
		return;
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
		    x->kind > EX_LIST)
			return 0;
		/* children are converted before or after their parent, never the node itself */
		if (x->a == (int32_t)i || x->args == (int32_t)i || x->next == (int32_t)i)
			return 0;
	}
	for (size_t i = 0; i < s->ev.len; i++) {
		const struct event *e = &s->ev.items[i];
		if (!in_ex(e->ex, ne) || !in_ex(e->target, ne) || !in_ex(e->scope, ns) || e->kind > EV_ATTR)
			return 0;
	}
	for (size_t i = 0; i < s->scopes.len; i++) {
		const struct scope *sc = &s->scopes.items[i];
		if (!in_ex(sc->parent, ns) || sc->parent >= (int32_t)i || sc->name >= nstr || sc->qualname >= nstr ||
		    !in_ex(sc->decorators, ne) || !in_ex(sc->bases, ne) || !in_ex(sc->params, ne) ||
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

static int read_exact(FILE *f, void *p, size_t n)
{
	return n == 0 || fread(p, 1, n, f) == n;
}

struct summary *cache_load(cache *c, struct cache_key key, const char *path)
{
	char *p = entry_path(c, key);
	FILE *f = fopen(p, "rb");
	free(p);
	if (!f)
		return NULL;
	struct header h;
	struct summary *s = NULL;
	if (!read_exact(f, &h, sizeof h) || h.magic != CACHE_MAGIC || h.format != CACHE_FORMAT ||
	    h.salt != c->salt || strncmp(h.version, DJASYNC_VERSION, sizeof h.version) != 0 ||
	    h.key_a != key.a || h.key_b != key.b || h.key_len != key.len)
		goto fail;
	/* sizes must match the file exactly before anything is allocated */
	struct stat st;
	uint64_t want = sizeof h + h.strs_len + h.n_ex * sizeof(struct ex) + h.n_ev * sizeof(struct event) +
			h.n_scopes * sizeof(struct scope) + h.n_imports * sizeof(struct import) +
			h.n_supp * sizeof(struct suppression);
	if (fstat(fileno(f), &st) != 0 || (uint64_t)st.st_size != want || h.strs_len > (1u << 30) ||
	    h.n_ex > (1u << 28) || h.n_ev > (1u << 28) || h.n_scopes > (1u << 28) || h.n_imports > (1u << 28) ||
	    h.n_supp > (1u << 28))
		goto fail;
	s = xcalloc(1, sizeof *s);
	s->strs_len = s->strs_cap = h.strs_len;
	s->strs = xmalloc(h.strs_len);
	s->ex.len = s->ex.cap = h.n_ex;
	s->ex.items = xmalloc(h.n_ex * sizeof *s->ex.items);
	s->ev.len = s->ev.cap = h.n_ev;
	s->ev.items = xmalloc(h.n_ev * sizeof *s->ev.items);
	s->scopes.len = s->scopes.cap = h.n_scopes;
	s->scopes.items = xmalloc(h.n_scopes * sizeof *s->scopes.items);
	s->imports.len = s->imports.cap = h.n_imports;
	s->imports.items = xmalloc(h.n_imports * sizeof *s->imports.items);
	s->supp.len = s->supp.cap = h.n_supp;
	s->supp.items = xmalloc(h.n_supp * sizeof *s->supp.items);
	/* the header's own fields count in the checksum: set them before checking */
	s->syntax_error_line = h.syntax_error_line;
	s->syntax_error_col = h.syntax_error_col;
	s->invalid_utf8_line = h.invalid_utf8_line;
	s->shallow = h.shallow;
	s->skip_file = h.skip_file;
	if ((s->shallow != 0 && s->shallow != 1) || (s->skip_file != 0 && s->skip_file != 1))
		goto fail;
	if (!read_exact(f, s->strs, h.strs_len) || !read_exact(f, s->ex.items, h.n_ex * sizeof *s->ex.items) ||
	    !read_exact(f, s->ev.items, h.n_ev * sizeof *s->ev.items) ||
	    !read_exact(f, s->scopes.items, h.n_scopes * sizeof *s->scopes.items) ||
	    !read_exact(f, s->imports.items, h.n_imports * sizeof *s->imports.items) ||
	    !read_exact(f, s->supp.items, h.n_supp * sizeof *s->supp.items) ||
	    payload_checksum(s) != h.checksum || !valid(s))
		goto fail;
	s->path = xstrdup(path);
	fclose(f);
	return s;
fail:
	summary_free(s);
	fclose(f);
	return NULL;
}

/* fwrite of an empty array (whose pointer may be NULL) writes nothing. */
static int write_all(FILE *f, const void *p, size_t size, size_t n)
{
	return n == 0 || fwrite(p, size, n, f) == n;
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

void cache_store(cache *c, struct cache_key key, const struct summary *s)
{
	char *p = entry_path(c, key);
	char *slash = strrchr(p, '/');
	*slash = 0;
	int ok = mkdir_p(p) == 0;
	*slash = '/';
	if (ok && atomic_exchange(&c->made, 1) == 0) {
		/* tell tools (and backups) what this folder is */
		char *tag = xasprintf("%s/CACHEDIR.TAG", c->dir);
		FILE *t = fopen(tag, "wx");
		if (t) {
			fputs("Signature: 8a477f597d28d172789f06886806bc55\n# djasync cache; safe to delete\n", t);
			fclose(t);
		}
		free(tag);
	}
	char *tmp = xasprintf("%s.tmp.%ld.%lu", p, (long)getpid(), atomic_fetch_add(&c->tmp_seq, 1));
	FILE *f = ok ? fopen(tmp, "wb") : NULL;
	if (f) {
		struct header h = {CACHE_MAGIC, CACHE_FORMAT, c->salt, {0}, key.a, key.b, key.len,
				   s->strs_len, s->ex.len, s->ev.len, s->scopes.len, s->imports.len, s->supp.len,
				   s->syntax_error_line, s->syntax_error_col, s->invalid_utf8_line, s->shallow,
				   s->skip_file, 0, payload_checksum(s)};
		strncpy(h.version, DJASYNC_VERSION, sizeof h.version - 1);
		int w = fwrite(&h, sizeof h, 1, f) == 1 && write_all(f, s->strs, 1, s->strs_len) &&
			write_all(f, s->ex.items, sizeof *s->ex.items, s->ex.len) &&
			write_all(f, s->ev.items, sizeof *s->ev.items, s->ev.len) &&
			write_all(f, s->scopes.items, sizeof *s->scopes.items, s->scopes.len) &&
			write_all(f, s->imports.items, sizeof *s->imports.items, s->imports.len) &&
			write_all(f, s->supp.items, sizeof *s->supp.items, s->supp.len);
		if (fclose(f) != 0)
			w = 0;
		if (!w || rename(tmp, p) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(p);
}
