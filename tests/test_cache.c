/* test_cache: the on-disk summary cache. Round trips are byte for byte; misses (other content,
 * other salt); damaged entries (truncated, flipped, bad magic, empty, trailing garbage, every
 * single byte flipped) are rejected and rebuilt; entries with indices out of range are refused
 * even with a right checksum (they are written through cache_store, which computes it);
 * concurrent writers in several processes never leave a torn entry or a temporary file;
 * the pack (read alone, left alone when a run used just what it holds, trimmed to what a run
 * used, per scope and salt, ignored when damaged and written anew); CACHEDIR.TAG; the content
 * key; the default folder. Every test works in its own mkdtemp()
 * folder and removes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "facts.h"
#include "fixture.h"
#include "source.h"
#include "util.h"

static facts_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = new_facts_ctx();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	facts_ctx_free(ctx);
	return 0;
}

/* Imports (plain, from-as, relative star), a class with bases and a decorated method, an async
 * def with awaited calls, async with, for, subscripts, a comment with invalid UTF-8 and a
 * syntax error near the end. */
static const char SNIPPET[] = "import os\n"
			      "from django.db import models as m\n"
			      "from .views import *\n"
			      "\n"
			      "class Book(m.Model, Base):\n"
			      "    @property\n"
			      "    def title(self, x: int = 1):\n"
			      "        return self.name\n"
			      "\n"
			      "async def fetch(request, *args, **kw):\n"
			      "    async with client() as c:\n"
			      "        data = await c.get(\"/x\", timeout=3)\n"
			      "    for b in Book.objects.all():\n"
			      "        print(b[1:2:3], os.path.join(b, 'y'))\n"
			      "    # caf\xff\n"
			      "    return await sync_to_async(list)(data)\n"
			      "\n"
			      "def broken(:\n"
			      "    pass\n";

static struct summary *extract(const char *path, const char *text, size_t len)
{
	struct source src;
	source_from_text(&src, text, len);
	struct summary *s = facts_extract(ctx, path, &src);
	source_free(&src);
	assert_non_null(s);
	return s;
}

static struct summary *snippet_summary(void)
{
	return extract("app/mod.py", SNIPPET, sizeof SNIPPET - 1);
}

static struct cache_key snippet_key(void)
{
	return cache_key_of(SNIPPET, sizeof SNIPPET - 1);
}

/* --- folders ------------------------------------------------------------------------------ */

static char *make_dir(void)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/test_cache.XXXXXX", t && t[0] ? t : "/tmp");
	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char *sub = xasprintf("%s/%s", path, e->d_name);
				rm_rf(sub);
				free(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Regular files under `dir` whose name contains `needle` (NULL: all but CACHEDIR.TAG and .gitignore). */
struct found {
	char *paths[64];
	int n;
};

static void find_files(const char *dir, const char *needle, struct found *f)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *sub = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
			find_files(sub, needle, f);
			free(sub);
			continue;
		}
		int want = needle ? strstr(e->d_name, needle) != NULL : strcmp(e->d_name, "CACHEDIR.TAG") != 0 && strcmp(e->d_name, ".gitignore") != 0;
		if (want && f->n < 64)
			f->paths[f->n++] = sub;
		else
			free(sub);
	}
	closedir(d);
}

static void found_free(struct found *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->paths[i]);
	f->n = 0;
}

/* The one entry file in `dir`; caller frees. */
static char *the_entry(const char *dir)
{
	struct found f = {.n = 0};
	find_files(dir, NULL, &f);
	assert_int_equal(f.n, 1);
	return f.paths[0];
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	unsigned char *b = xmalloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void write_all(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static size_t payload_len(const struct summary *s)
{
	return s->strs_len + s->ex.len * sizeof *s->ex.items + s->ev.len * sizeof *s->ev.items +
	       s->scopes.len * sizeof *s->scopes.items + s->imports.len * sizeof *s->imports.items;
}

/* --- summaries ---------------------------------------------------------------------------- */

#define SAME_ARRAY(x, y, field)                                                                     \
	do {                                                                                            \
		assert_int_equal((x)->field.len, (y)->field.len);                                       \
		if ((x)->field.len)                                                                     \
			assert_memory_equal((x)->field.items, (y)->field.items,                          \
					    (x)->field.len * sizeof *(x)->field.items);                 \
	} while (0)

/* Everything but the path. */
static void assert_same_summary(const struct summary *x, const struct summary *y)
{
	assert_int_equal(x->strs_len, y->strs_len);
	assert_true(memcmp(x->strs, y->strs, x->strs_len) == 0);
	SAME_ARRAY(x, y, ex);
	SAME_ARRAY(x, y, ev);
	SAME_ARRAY(x, y, scopes);
	SAME_ARRAY(x, y, imports);
	assert_int_equal(x->syntax_error_line, y->syntax_error_line);
	assert_int_equal(x->syntax_error_col, y->syntax_error_col);
	assert_int_equal(x->invalid_utf8_line, y->invalid_utf8_line);
	assert_int_equal(x->shallow, y->shallow);
}

/* Non-asserting comparison, for loops and child processes. */
static int same_summary(const struct summary *x, const struct summary *y)
{
#define SAME(f)                                                                                     \
	(x->f.len == y->f.len && (x->f.len == 0 || !memcmp(x->f.items, y->f.items, x->f.len * sizeof *x->f.items)))
	return x->strs_len == y->strs_len && !memcmp(x->strs, y->strs, x->strs_len) && SAME(ex) && SAME(ev) &&
	       SAME(scopes) && SAME(imports) && x->syntax_error_line == y->syntax_error_line &&
	       x->syntax_error_col == y->syntax_error_col && x->invalid_utf8_line == y->invalid_utf8_line &&
	       x->shallow == y->shallow;
#undef SAME
}

#define CLONE_ARRAY(d, s, field)                                                                    \
	do {                                                                                            \
		(d)->field.len = (d)->field.cap = (s)->field.len;                                       \
		(d)->field.items = xmalloc((s)->field.len * sizeof *(s)->field.items + 1);              \
		if ((s)->field.len)                                                                     \
			memcpy((d)->field.items, (s)->field.items, (s)->field.len * sizeof *(s)->field.items); \
	} while (0)

static struct summary *clone(const struct summary *s)
{
	struct summary *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(s->path);
	c->strs = xmalloc(s->strs_len + 1);
	memcpy(c->strs, s->strs, s->strs_len);
	c->strs_len = c->strs_cap = s->strs_len;
	CLONE_ARRAY(c, s, ex);
	CLONE_ARRAY(c, s, ev);
	CLONE_ARRAY(c, s, scopes);
	CLONE_ARRAY(c, s, imports);
	c->syntax_error_line = s->syntax_error_line;
	c->syntax_error_col = s->syntax_error_col;
	c->invalid_utf8_line = s->invalid_utf8_line;
	c->shallow = s->shallow;
	return c;
}

/* --- round trip ----------------------------------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 42);
	struct summary *s = snippet_summary();
	/* the snippet exercises every array and every scalar */
	assert_true(s->strs_len > 1);
	assert_true(s->ex.len > 10);
	assert_true(s->ev.len > 5);
	assert_true(s->scopes.len >= 3);
	assert_true(s->imports.len >= 3);
	assert_int_equal(s->syntax_error_line, 18);
	assert_true(s->syntax_error_col > 0);
	assert_int_equal(s->invalid_utf8_line, 15);

	struct cache_key k = snippet_key();
	assert_null(cache_load(c, k, "nothing/yet.py")); /* empty cache: a miss, no crash */
	cache_store(c, k, s);
	struct summary *got = cache_load(c, k, "elsewhere/other.py");
	assert_non_null(got);
	assert_string_equal(got->path, "elsewhere/other.py");
	assert_string_equal(s->path, "app/mod.py");
	assert_same_summary(s, got);
	/* loaded twice: same again, and the entry file is exactly header + payload */
	struct summary *again = cache_load(c, k, "third.py");
	assert_non_null(again);
	assert_string_equal(again->path, "third.py");
	assert_same_summary(s, again);
	char *entry = the_entry(dir);
	struct stat st;
	assert_int_equal(stat(entry, &st), 0);
	assert_true((size_t)st.st_size > cache_entry_header_size);
	assert_true((size_t)st.st_size - cache_entry_header_size <= payload_len(s) + payload_len(s) / 255 + 16);

	/* a cache object opened later on the same folder and salt sees it too */
	cache *c2 = cache_open(dir, 42);
	struct summary *other = cache_load(c2, k, "p.py");
	assert_non_null(other);
	assert_same_summary(s, other);
	cache_close(c2);

	free(entry);
	summary_free(other);
	summary_free(again);
	summary_free(got);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

static void test_round_trip_empty(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 1);
	struct summary *s = extract("empty.py", "", 0);
	assert_int_equal(s->imports.len, 0);
	assert_int_equal(s->scopes.len, 0);
	struct cache_key k = cache_key_of("", 0);
	cache_store(c, k, s);
	struct summary *got = cache_load(c, k, "e2.py");
	assert_non_null(got);
	assert_string_equal(got->path, "e2.py");
	assert_same_summary(s, got);
	summary_free(got);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

static void test_round_trip_shallow(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 2);
	struct source src;
	source_from_text(&src, SNIPPET, sizeof SNIPPET - 1);
	struct summary *full = facts_extract_mode(ctx, "m.py", &src, FACTS_FULL);
	struct summary *sh = facts_extract_mode(ctx, "m.py", &src, FACTS_SHALLOW);
	source_free(&src);
	assert_non_null(full);
	assert_non_null(sh);
	assert_int_equal(full->shallow, 0);
	assert_int_not_equal(sh->shallow, 0);
	struct cache_key kf = snippet_key(), ks = kf;
	ks.b ^= 1; /* the caller keeps the two modes apart by key */
	cache_store(c, kf, full);
	cache_store(c, ks, sh);
	struct summary *gf = cache_load(c, kf, "f.py"), *gs = cache_load(c, ks, "s.py");
	assert_non_null(gf);
	assert_non_null(gs);
	assert_int_equal(gf->shallow, 0);
	assert_int_equal(gs->shallow, 1);
	assert_same_summary(full, gf);
	assert_same_summary(sh, gs);
	summary_free(gs);
	summary_free(gf);
	summary_free(sh);
	summary_free(full);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

/* --- misses --------------------------------------------------------------------------------- */

static void test_miss_other_key_and_salt(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 7);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s);

	char *changed = xmalloc(sizeof SNIPPET);
	memcpy(changed, SNIPPET, sizeof SNIPPET);
	changed[sizeof SNIPPET / 2] ^= 0x20;
	struct cache_key k2 = cache_key_of(changed, sizeof SNIPPET - 1);
	assert_true(k2.a != k.a || k2.b != k.b);
	assert_null(cache_load(c, k2, "x.py"));
	/* a key equal in its hashes but not in its length is not the same entry either */
	struct cache_key k3 = k;
	k3.len++;
	assert_null(cache_load(c, k3, "x.py"));

	cache *other = cache_open(dir, 8);
	assert_null(cache_load(other, k, "x.py"));
	/* the other configuration's miss does not disturb this one */
	struct summary *got = cache_load(c, k, "x.py");
	assert_non_null(got);
	assert_same_summary(s, got);
	summary_free(got);

	/* nor does a store by the other configuration make its entry readable here as ours */
	cache_store(other, k, s);
	struct summary *theirs = cache_load(other, k, "y.py");
	assert_non_null(theirs);
	summary_free(theirs);
	cache *again = cache_open(dir, 7);
	struct summary *mine = cache_load(again, k, "z.py");
	/* the entry path does not include the salt, so today the other configuration's store
	 * evicted ours (a miss); what must never happen is loading theirs as ours */
	if (mine)
		assert_same_summary(s, mine);
	summary_free(mine);
	cache_close(again);

	cache_close(other);
	free(changed);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

static void test_unwritable_dir_misses(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *file = xasprintf("%s/plain-file", dir);
	write_all(file, "x", 1);
	char *under = xasprintf("%s/sub", file); /* a folder under a regular file: cannot exist */
	cache *c = cache_open(under, 3);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s); /* errors are ignored */
	assert_null(cache_load(c, k, "a.py"));
	struct found f = {.n = 0};
	find_files(dir, ".tmp.", &f);
	assert_int_equal(f.n, 0);
	summary_free(s);
	cache_close(c);
	free(under);
	free(file);
	rm_rf(dir);
	free(dir);
}

/* --- damage --------------------------------------------------------------------------------- */

static void test_damage_rejected(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 11);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s);
	char *entry = the_entry(dir);
	size_t len;
	unsigned char *good = read_all(entry, &len);
	size_t hdr = cache_entry_header_size;
	assert_true(hdr >= 8 && hdr < len);

	for (int damage = 0; damage < 7; damage++) {
		size_t n = len;
		unsigned char *b = xmalloc(len + 64);
		memcpy(b, good, len);
		switch (damage) {
		case 0: /* truncated to half */
			n = len / 2;
			break;
		case 1: /* one byte flipped in the middle of the payload */
			b[hdr + (len - hdr) / 2] ^= 0x01;
			break;
		case 2: /* header magic overwritten */
			memcpy(b, "XXXX", 4);
			break;
		case 3: /* empty file */
			n = 0;
			break;
		case 4: /* garbage appended */
			memset(b + len, 0xA5, 64);
			n = len + 64;
			break;
		case 5: /* truncated by one byte */
			n = len - 1;
			break;
		case 6: /* only the header */
			n = hdr;
			break;
		}
		write_all(entry, b, n);
		free(b);
		struct summary *got = cache_load(c, k, "d.py");
		if (got)
			fail_msg("damage %d accepted", damage);
		/* rebuilt: storing again makes it load */
		cache_store(c, k, s);
		got = cache_load(c, k, "d.py");
		assert_non_null(got);
		assert_same_summary(s, got);
		summary_free(got);
	}
	free(good);
	free(entry);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

/* Every payload byte, flipped on its own, is caught by the checksum. */
static void test_damage_every_payload_byte(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 12);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s);
	char *entry = the_entry(dir);
	size_t len;
	unsigned char *b = read_all(entry, &len);
	size_t hdr = cache_entry_header_size;
	for (size_t i = hdr; i < len; i++) {
		for (int m = 0; m < 2; m++) {
			unsigned char mask = m ? 0x80 : 0x01;
			b[i] ^= mask;
			write_all(entry, b, len);
			b[i] ^= mask;
			struct summary *got = cache_load(c, k, "d.py");
			if (got)
				fail_msg("payload byte %zu (of %zu) ^ 0x%02x accepted", i - hdr, len - hdr, mask);
		}
	}
	write_all(entry, b, len);
	struct summary *got = cache_load(c, k, "d.py");
	assert_non_null(got);
	summary_free(got);
	free(b);
	free(entry);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

/* Every header byte, flipped on its own, is either rejected or harmless (the load equals the
 * original). */
static void test_damage_every_header_byte(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 13);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s);
	char *entry = the_entry(dir);
	size_t len;
	unsigned char *b = read_all(entry, &len);
	size_t hdr = cache_entry_header_size;
	int trusted = 0;
	size_t first_trusted = 0;
	for (size_t i = 0; i < hdr; i++) {
		b[i] ^= 0x01;
		write_all(entry, b, len);
		b[i] ^= 0x01;
		struct summary *got = cache_load(c, k, "d.py");
		if (got && !same_summary(s, got)) {
			if (!trusted++)
				first_trusted = i;
		}
		summary_free(got);
	}
	write_all(entry, b, len);
	free(b);
	free(entry);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
	if (trusted) {
		/* Regression (fixed): the checksum covers only the payload, so damage to the header's
		 * syntax_error_line / syntax_error_col / invalid_utf8_line / shallow fields is loaded
		 * and trusted (a flipped `shallow` makes a full summary pass for a shallow one)
		 * (cache.c promises "damage is detected, not trusted"). Fix: include those fields (or
		 * the whole header before `checksum`) in the checksum. */
		print_message("header bytes damaged yet trusted: %d (first at offset %zu)\n", trusted,
			      first_trusted);

	}
	assert_int_equal(trusted, 0);
}

/* --- validation of indices (a right checksum, written by cache_store itself) --------------- */

static int find_ex_with_a(const struct summary *s)
{
	for (size_t i = 0; i < s->ex.len; i++)
		if (s->ex.items[i].a >= 0)
			return (int)i;
	return -1;
}

static int find_class(const struct summary *s)
{
	for (size_t i = 0; i < s->scopes.len; i++)
		if (s->scopes.items[i].kind == SC_CLASS)
			return (int)i;
	return -1;
}

static int find_nested_scope(const struct summary *s)
{
	for (size_t i = 0; i < s->scopes.len; i++)
		if (s->scopes.items[i].parent >= 0)
			return (int)i;
	return -1;
}

enum mutation {
	M_NONE,
	M_EX_A_PAST_END,
	M_EX_A_NEGATIVE,
	M_EX_NEXT_SELF,
	M_EX_ARGS_PAST_END,
	M_EX_STR_PAST_END,
	M_EX_KIND,
	M_EV_EX_PAST_END,
	M_EV_TARGET_NEGATIVE,
	M_EV_SCOPE_PAST_END,
	M_EV_KIND,
	M_SC_PARENT_SELF,
	M_SC_PARENT_PAST_END,
	M_SC_NAME_PAST_END,
	M_SC_QUALNAME_PAST_END,
	M_SC_BASES_PAST_END,
	M_SC_DECORATORS_PAST_END,
	M_SC_PARAMS_NEGATIVE,
	M_SC_RETURNS_PAST_END,
	M_SC_KIND,
	M_IM_LOCAL_PAST_END,
	M_IM_QUAL_PAST_END,
	M_IM_SCOPE_PAST_END,
	M_STRS_NOT_TERMINATED,
	M_STRS_EMPTY,
	M_COUNT
};

static void mutate(struct summary *s, enum mutation m)
{
	int32_t ne = (int32_t)s->ex.len, ns = (int32_t)s->scopes.len;
	uint32_t nstr = (uint32_t)s->strs_len;
	int xa = find_ex_with_a(s), cl = find_class(s), nested = find_nested_scope(s);
	assert_true(xa >= 0 && cl >= 0 && nested >= 0 && s->ev.len > 0 && s->imports.len > 0);
	struct ex *x = &s->ex.items[xa];
	struct event *e = &s->ev.items[s->ev.len / 2];
	struct scope *sc = &s->scopes.items[cl];
	struct import *im = &s->imports.items[s->imports.len - 1];
	switch (m) {
	case M_NONE: break;
	case M_EX_A_PAST_END: x->a = ne; break;
	case M_EX_A_NEGATIVE: x->a = -2; break;
	case M_EX_NEXT_SELF: x->next = xa; break;
	case M_EX_ARGS_PAST_END: s->ex.items[0].args = ne + 1000; break;
	case M_EX_STR_PAST_END: x->str = nstr; break;
	case M_EX_KIND: x->kind = EX_CHOICE + 1; break;
	case M_EV_EX_PAST_END: e->ex = ne; break;
	case M_EV_TARGET_NEGATIVE: e->target = INT32_MIN; break;
	case M_EV_SCOPE_PAST_END: e->scope = ns; break;
	case M_EV_KIND: e->kind = EV_ANNOT + 1; break;
	case M_SC_PARENT_SELF: s->scopes.items[nested].parent = nested; break;
	case M_SC_PARENT_PAST_END: s->scopes.items[nested].parent = ns; break;
	case M_SC_NAME_PAST_END: sc->name = nstr + 5; break;
	case M_SC_QUALNAME_PAST_END: sc->qualname = UINT32_MAX; break;
	case M_SC_BASES_PAST_END: sc->bases = ne; break;
	case M_SC_DECORATORS_PAST_END: sc->decorators = INT32_MAX; break;
	case M_SC_PARAMS_NEGATIVE: sc->params = -7; break;
	case M_SC_RETURNS_PAST_END: sc->returns = ne + 3; break;
	case M_SC_KIND: sc->kind = SC_CLASS + 1; break;
	case M_IM_LOCAL_PAST_END: im->local = nstr; break;
	case M_IM_QUAL_PAST_END: im->qual = nstr + 100; break;
	case M_IM_SCOPE_PAST_END: im->scope = ns; break;
	case M_STRS_NOT_TERMINATED: s->strs[s->strs_len - 1] = 'x'; break;
	case M_STRS_EMPTY: s->strs_len = 0; break;
	case M_COUNT: break;
	}
}

static void test_invalid_indices_rejected(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 21);
	struct summary *s = snippet_summary();
	for (int m = 0; m < M_COUNT; m++) {
		struct summary *bad = clone(s);
		mutate(bad, (enum mutation)m);
		char name[32];
		snprintf(name, sizeof name, "mutation-%d", m);
		struct cache_key k = cache_key_of(name, strlen(name));
		cache_store(c, k, bad);
		struct summary *got = cache_load(c, k, "v.py");
		if (m == M_NONE) {
			assert_non_null(got); /* the control: an unchanged copy loads */
			assert_same_summary(s, got);
		} else if (got) {
			fail_msg("mutation %d loaded", m);
		}
		summary_free(got);
		summary_free(bad);
	}
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

/* Phase 2 follows `next` chains (bases, decorators, params, args) and recurses through `a`
 * without a bound; an entry whose links form a cycle must not be loaded. */
static void test_cycle_rejected(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 22);
	struct summary *s = snippet_summary();
	int cl = find_class(s);
	assert_true(cl >= 0);
	int32_t b0 = s->scopes.items[cl].bases;
	assert_true(b0 >= 0);
	int32_t b1 = s->ex.items[b0].next; /* Book(m.Model, Base): two bases */
	assert_true(b1 >= 0 && b1 != b0);
	struct summary *bad = clone(s);
	bad->ex.items[b1].next = b0; /* m.Model -> Base -> m.Model -> ... */
	struct cache_key k = cache_key_of("cycle", 5);
	cache_store(c, k, bad);
	struct summary *got = cache_load(c, k, "cycle.py");
	int loaded = got != NULL;
	summary_free(got);
	summary_free(bad);
	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
	if (loaded) {
		/* Regression (fixed): valid() checks each index is in range and not the node itself, but not that
		 * the links are acyclic; a 2-cycle in a class's bases chain passes, and phase 2
		 * (index.c, engine.c walk `next` until -1) would loop forever on it. cache.c's
		 * promise is that a damaged entry cannot crash phase 2. Only a crafted entry (the
		 * checksum is not cryptographic) reaches this. */
		print_message("an entry with a cycle in ex.next was loaded\n");

	}
	assert_false(loaded);
}

/* --- the pack ------------------------------------------------------------------------------ */

/* Removes the loose entries (v2/xx/...), keeping the pack. */
static void drop_loose(const char *dir)
{
	struct found f = {.n = 0};
	find_files(dir, NULL, &f);
	for (int i = 0; i < f.n; i++)
		if (!strstr(f.paths[i], "/pack-"))
			unlink(f.paths[i]);
	found_free(&f);
}

static char *the_pack(const char *dir)
{
	struct found f = {.n = 0};
	find_files(dir, "pack-", &f);
	assert_int_equal(f.n, 1);
	return f.paths[0];
}

static ino_t inode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static struct cache_key key_n(int n)
{
	char t[16];
	snprintf(t, sizeof t, "content %d", n);
	return cache_key_of(t, strlen(t));
}

static void test_pack_round_trip(void **state)
{
	(void)state;
	struct summary *got0;
	char *dir = make_dir();
	struct summary *s = snippet_summary();
	cache *c = cache_open(dir, 5);
	cache_use_pack(c, 99);
	for (int i = 0; i < 3; i++)
		cache_store(c, key_n(i), s);
	cache_close(c); /* writes the pack */
	char *pack = the_pack(dir);
	ino_t first = inode_of(pack);
	drop_loose(dir);
	/* the entries come from the pack alone */
	c = cache_open(dir, 5);
	cache_use_pack(c, 99);
	for (int i = 0; i < 3; i++) {
		struct summary *got = cache_load(c, key_n(i), "p.py");
		assert_non_null(got);
		assert_string_equal(got->path, "p.py");
		assert_same_summary(s, got);
		summary_free(got);
	}
	assert_null(cache_load(c, key_n(7), "p.py"));
	cache_close(c);
	/* a run that used exactly what the pack holds leaves it alone */
	assert_true(inode_of(pack) == first);
	/* a scan of other roots finds what this scan's pack holds; another salt cannot read it */
	c = cache_open(dir, 5);
	cache_use_pack(c, 98);
	got0 = cache_load(c, key_n(0), "p.py");
	assert_non_null(got0);
	assert_same_summary(s, got0);
	summary_free(got0);
	cache_close(c);
	struct found f98 = {.n = 0};
	find_files(dir, "pack-0000000000000062-", &f98);
	assert_int_equal(f98.n, 0); /* no pack of its own: no entry twice on disk */
	found_free(&f98);
	c = cache_open(dir, 6);
	cache_use_pack(c, 99);
	assert_null(cache_load(c, key_n(0), "p.py"));
	cache_close(c);
	/* a run using a part of it keeps that part only */
	c = cache_open(dir, 5);
	cache_use_pack(c, 99);
	struct summary *got = cache_load(c, key_n(1), "p.py");
	assert_non_null(got);
	summary_free(got);
	cache_close(c);
	assert_true(inode_of(pack) != first);
	c = cache_open(dir, 5);
	cache_use_pack(c, 99);
	assert_null(cache_load(c, key_n(0), "p.py"));
	got = cache_load(c, key_n(1), "p.py");
	assert_non_null(got);
	assert_same_summary(s, got);
	summary_free(got);
	cache_close(c);
	free(pack);
	summary_free(s);
	rm_rf(dir);
	free(dir);
}

static void damage_pack(const char *pack, const unsigned char *good, size_t len, int damage)
{
	unsigned char *b = xmalloc(len + 16);
	memcpy(b, good, len);
	size_t n = len;
	switch (damage) {
	case 0: /* truncated */
		n = len / 2;
		break;
	case 1: /* a byte of the entry */
		b[len / 2] ^= 0x10;
		break;
	case 2: /* a byte of the index */
		b[len - 3] ^= 0x10;
		break;
	case 3: /* the magic */
		memcpy(b, "XXXX", 4);
		break;
	case 4: /* grown */
		memset(b + len, 0, 16);
		n = len + 16;
		break;
	case 5: /* empty */
		n = 0;
		break;
	}
	write_all(pack, b, n);
	free(b);
}

static struct summary *load_with_pack(const char *dir, struct cache_key k)
{
	cache *c = cache_open(dir, 5);
	cache_use_pack(c, 1);
	struct summary *got = cache_load(c, k, "d.py");
	cache_close(c);
	return got;
}

/* A damaged pack is ignored: its entries come from their loose files, or miss, never wrong; the
 * run writes the pack anew (and removes the loose files it took in). */
static void test_pack_damage(void **state)
{
	(void)state;
	char *dir = make_dir();
	struct summary *s = snippet_summary();
	cache *c = cache_open(dir, 5);
	cache_use_pack(c, 1);
	cache_store(c, key_n(0), s);
	cache_close(c);
	char *pack = the_pack(dir);
	size_t len;
	unsigned char *good = read_all(pack, &len);
	for (int damage = 0; damage < 6; damage++) {
		c = cache_open(dir, 5); /* a loose file (no pack in use: it stays loose) */
		cache_store(c, key_n(0), s);
		cache_close(c);
		damage_pack(pack, good, len, damage);
		struct summary *got = load_with_pack(dir, key_n(0)); /* from the loose file */
		assert_non_null(got);
		assert_same_summary(s, got);
		summary_free(got);
		drop_loose(dir);
		got = load_with_pack(dir, key_n(0)); /* from the pack written anew */
		assert_non_null(got);
		assert_same_summary(s, got);
		summary_free(got);
		damage_pack(pack, good, len, damage);
		got = load_with_pack(dir, key_n(0)); /* no loose file: a miss */
		if (got)
			fail_msg("damage %d: the damaged pack was read", damage);
		c = cache_open(dir, 5); /* the loose file back, and the good pack */
		cache_store(c, key_n(0), s);
		cache_close(c);
		write_all(pack, good, len);
	}
	free(good);
	free(pack);
	summary_free(s);
	rm_rf(dir);
	free(dir);
}

/* Packing takes the loose files in (they are removed), and only the KEEP_PACKS (8) most
 * recently used packs stay, with their records. */
static void test_cache_bounded(void **state)
{
	(void)state;
	char *dir = make_dir();
	struct summary *s = snippet_summary();
	cache *c = cache_open(dir, 5);
	cache_use_pack(c, 1);
	for (int i = 0; i < 4; i++)
		cache_store(c, key_n(i), s);
	cache_blob_store(c, "replay", "r", 1);
	cache_close(c);
	struct found f = {.n = 0};
	find_files(dir, NULL, &f);
	assert_int_equal(f.n, 2); /* the pack and the replay record: no loose file left */
	found_free(&f);
	c = cache_open(dir, 5); /* read back from the pack */
	cache_use_pack(c, 1);
	struct summary *got = cache_load(c, key_n(3), "b.py");
	assert_non_null(got);
	summary_free(got);
	cache_close(c);
	for (uint64_t scope = 2; scope <= 12; scope++) { /* 11 more scans of other roots */
		struct timespec pause = {0, 2000000};
		nanosleep(&pause, NULL); /* distinct modification times */
		c = cache_open(dir, 5);
		cache_use_pack(c, scope);
		cache_store(c, key_n((int)(100 + scope)), s);
		cache_close(c);
	}
	find_files(dir, "pack-", &f);
	assert_int_equal(f.n, 8);
	int has_first = 0, has_last = 0;
	for (int i = 0; i < f.n; i++) {
		has_first |= strstr(f.paths[i], "pack-0000000000000001-") != NULL;
		has_last |= strstr(f.paths[i], "pack-000000000000000c-") != NULL;
	}
	assert_false(has_first); /* the least recently used went, with its record */
	assert_true(has_last);
	found_free(&f);
	find_files(dir, "replay-", &f);
	assert_int_equal(f.n, 0);
	found_free(&f);
	summary_free(s);
	rm_rf(dir);
	free(dir);
}

/* --- atomic and concurrent ------------------------------------------------------------------ */

static void test_concurrent_stores(void **state)
{
	(void)state;
	char *dir = make_dir();
	cache *c = cache_open(dir, 31);
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	cache_store(c, k, s); /* so that every concurrent read has an entry to find */
	fflush(NULL);
	enum { CHILDREN = 4, STORES = 50 };
	pid_t pids[CHILDREN];
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			/* half share the parent's cache object, half open their own */
			cache *cc = i % 2 ? cache_open(dir, 31) : c;
			for (int j = 0; j < STORES; j++)
				cache_store(cc, k, s);
			_exit(0);
		}
	}
	/* meanwhile every read sees a whole entry: never torn, never missing */
	int reads = 0, bad = 0, running = CHILDREN;
	int status[CHILDREN];
	int done[CHILDREN] = {0};
	while (running > 0) {
		struct summary *got = cache_load(c, k, "r.py");
		reads++;
		if (!got || !same_summary(s, got))
			bad++;
		summary_free(got);
		for (int i = 0; i < CHILDREN; i++) {
			if (done[i])
				continue;
			pid_t r = waitpid(pids[i], &status[i], WNOHANG);
			assert_true(r >= 0);
			if (r == pids[i]) {
				done[i] = 1;
				running--;
			}
		}
	}
	for (int i = 0; i < CHILDREN; i++) {
		assert_true(WIFEXITED(status[i]));
		assert_int_equal(WEXITSTATUS(status[i]), 0);
	}
	assert_true(reads > 0);
	assert_int_equal(bad, 0);

	struct summary *got = cache_load(c, k, "final.py");
	assert_non_null(got);
	assert_string_equal(got->path, "final.py");
	assert_same_summary(s, got);
	summary_free(got);
	struct found f = {.n = 0};
	find_files(dir, ".tmp.", &f);
	if (f.n)
		fail_msg("temporary file left: %s", f.paths[0]);
	found_free(&f);
	find_files(dir, NULL, &f);
	assert_int_equal(f.n, 1); /* one entry, whoever won */
	found_free(&f);

	summary_free(s);
	cache_close(c);
	rm_rf(dir);
	free(dir);
}

/* --- the user's key ----------------------------------------------------------------------- */

/* An entry made under one user's key is a miss under another's: a cache that comes with the
 * scanned tree is never trusted. */
static void test_other_key_rejected(void **state)
{
	(void)state;
	char *root = make_dir();
	char *dir = xasprintf("%s/cache", root), *home_a = xasprintf("%s/a", root), *home_b = xasprintf("%s/b", root);
	const char *old = getenv("XDG_CACHE_HOME");
	char *saved = old ? xstrdup(old) : NULL;
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	setenv("XDG_CACHE_HOME", home_a, 1);
	cache *c = cache_open(dir, 41);
	assert_non_null(c);
	cache_store(c, k, s);
	struct summary *back = cache_load(c, k, "t.py");
	assert_non_null(back); /* the same key: a hit */
	summary_free(back);
	cache_close(c);
	char *keyfile = xasprintf("%s/djasync/key", home_a);
	struct stat st;
	assert_int_equal(stat(keyfile, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 16);
	setenv("XDG_CACHE_HOME", home_b, 1);
	c = cache_open(dir, 41);
	assert_null(cache_load(c, k, "t.py")); /* another key: a miss */
	cache_close(c);
	setenv("XDG_CACHE_HOME", home_a, 1);
	c = cache_open(dir, 41);
	back = cache_load(c, k, "t.py"); /* the first key again: kept across runs */
	assert_non_null(back);
	summary_free(back);
	cache_close(c);
	if (saved) {
		setenv("XDG_CACHE_HOME", saved, 1);
		free(saved);
	} else {
		unsetenv("XDG_CACHE_HOME");
	}
	summary_free(s);
	rm_rf(root);
	free(keyfile);
	free(home_a);
	free(home_b);
	free(dir);
	free(root);
}

/* djasync clean removes a djasync cache, links in it but not what they point to, and refuses
 * a folder that is not one. */
static void test_clean(void **state)
{
	(void)state;
	char *root = make_dir();
	char *dir = xasprintf("%s/cache", root), *outside = xasprintf("%s/keep.txt", root);
	struct diag d = {{0}};
	assert_int_equal(cache_clean(dir, &d), 0); /* nothing there */
	cache *c = cache_open(dir, 41);
	struct summary *s = snippet_summary();
	cache_store(c, snippet_key(), s);
	cache_close(c);
	write_all(outside, "x", 1);
	char *link = xasprintf("%s/link", dir);
	assert_int_equal(symlink(outside, link), 0);
	char *ign = xasprintf("%s/.gitignore", dir);
	size_t len;
	unsigned char *b = read_all(ign, &len);
	b[len] = 0;
	assert_non_null(strstr((char *)b, "\n*\n")); /* git leaves the cache out */
	free(b);
	assert_int_equal(cache_clean(dir, &d), 1);
	struct stat st;
	assert_int_not_equal(lstat(dir, &st), 0);
	assert_int_equal(stat(outside, &st), 0); /* the link's target is not touched */
	char *other = xasprintf("%s/src", root);
	assert_int_equal(mkdir(other, 0755), 0);
	assert_int_equal(cache_clean(other, &d), -1); /* no djasync CACHEDIR.TAG: left alone */
	assert_non_null(strstr(d.msg, "not a djasync cache"));
	assert_int_equal(stat(other, &st), 0);
	summary_free(s);
	rm_rf(root);
	free(other);
	free(ign);
	free(link);
	free(outside);
	free(dir);
	free(root);
}

/* --- CACHEDIR.TAG and lazy creation --------------------------------------------------------- */

static void test_cachedir_tag(void **state)
{
	(void)state;
	char *root = make_dir();
	char *dir = xasprintf("%s/a/b/cache", root);
	char *tag = xasprintf("%s/CACHEDIR.TAG", dir);
	cache *c = cache_open(dir, 41);
	struct stat st;
	assert_int_not_equal(stat(dir, &st), 0); /* nothing created before the first store */
	struct summary *s = snippet_summary();
	struct cache_key k = snippet_key();
	assert_null(cache_load(c, k, "t.py"));
	assert_int_not_equal(stat(dir, &st), 0);
	cache_store(c, k, s);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	size_t len;
	unsigned char *b = read_all(tag, &len);
	b[len] = 0;
	const char sig[] = "Signature: 8a477f597d28d172789f06886806bc55\n";
	assert_true(len >= sizeof sig - 1);
	assert_memory_equal(b, sig, sizeof sig - 1); /* the first line, exactly */
	free(b);

	/* an existing tag is kept as it is, by this cache object and by a new one */
	write_all(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# mine\n", 51);
	cache_store(c, cache_key_of("other", 5), s);
	cache *c2 = cache_open(dir, 41);
	cache_store(c2, cache_key_of("third", 5), s);
	cache_close(c2);
	b = read_all(tag, &len);
	assert_int_equal(len, 51);
	assert_memory_equal(b, "Signature: 8a477f597d28d172789f06886806bc55\n# mine\n", 51);
	free(b);

	struct summary *got = cache_load(c, k, "t.py");
	assert_non_null(got);
	summary_free(got);
	summary_free(s);
	cache_close(c);
	free(tag);
	free(dir);
	rm_rf(root);
	free(root);
}

/* --- key and default folder ----------------------------------------------------------------- */

static void test_key_of(void **state)
{
	(void)state;
	char buf[100], copy[100];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	memcpy(copy, buf, sizeof buf);
	/* every length, including those below one word and with a partial word */
	for (size_t len = 0; len <= sizeof buf; len++) {
		struct cache_key x = cache_key_of(buf, len), y = cache_key_of(copy, len);
		assert_int_equal(x.len, len);
		assert_int_equal(x.a, y.a);
		assert_int_equal(x.b, y.b);
		assert_int_equal(x.len, y.len);
		if (len == 0)
			continue;
		/* one byte changed, at each position */
		for (size_t i = 0; i < len; i++) {
			copy[i] ^= 0x01;
			struct cache_key z = cache_key_of(copy, len);
			copy[i] ^= 0x01;
			assert_true(z.a != x.a || z.b != x.b);
			assert_int_equal(z.len, len);
		}
		/* same prefix, one byte shorter: differs in the hashes, not only in len */
		struct cache_key p = cache_key_of(buf, len - 1);
		assert_true(p.a != x.a || p.b != x.b);
		assert_int_equal(p.len, len - 1);
	}
	/* trailing zero bytes are content too */
	char z[16] = {0};
	struct cache_key z8 = cache_key_of(z, 8), z9 = cache_key_of(z, 9), z16 = cache_key_of(z, 16);
	assert_true(z8.a != z9.a || z8.b != z9.b);
	assert_true(z8.a != z16.a || z8.b != z16.b);
	/* the snippet against itself with one byte changed */
	struct cache_key k = snippet_key(), k2 = snippet_key();
	assert_int_equal(k.a, k2.a);
	assert_int_equal(k.b, k2.b);
	assert_int_equal(k.len, sizeof SNIPPET - 1);
}

static void test_hash_str(void **state)
{
	(void)state;
	/* the FNV-1a recurrence: h(s + c) = (h(s) ^ c) * prime, over unsigned bytes */
	const uint64_t prime = 1099511628211ull;
	const char *t = "djasync \xff\x80 query";
	for (size_t n = 1; n <= strlen(t); n++)
		assert_int_equal(cache_hash_str(t, n), (cache_hash_str(t, n - 1) ^ (unsigned char)t[n - 1]) * prime);
	assert_int_equal(cache_hash_str("abc", 2), cache_hash_str("ab", 2)); /* n bytes only */
	assert_true(cache_hash_str("ab", 2) != cache_hash_str("ba", 2));
	assert_true(cache_hash_str("", 0) != cache_hash_str("\0", 1));
	if (cache_hash_str("", 0) != 0xcbf29ce484222325ull) {
		/* Regression (fixed): cache.h documents "FNV-1a 64", but the offset basis in cache.c is
		 * 1469598103934665603, the standard 14695981039346656037 (0xcbf29ce484222325) with its
		 * last digit dropped; payload_checksum() uses the same constant. Harmless for
		 * correctness (it is still a hash, applied consistently), but not FNV-1a 64. */
		print_message("offset basis 0x%016llx, not FNV-1a's 0xcbf29ce484222325\n",
			      (unsigned long long)cache_hash_str("", 0));

	}
	assert_int_equal(cache_hash_str("a", 1), 0xaf63dc4c8601ec8cull); /* FNV-1a 64 of "a" */
}

static void test_default_dir(void **state)
{
	(void)state;
	const char *old = getenv("DJASYNC_CACHE_DIR");
	char *saved = old ? xstrdup(old) : NULL;

	assert_int_equal(unsetenv("DJASYNC_CACHE_DIR"), 0);
	char *d = cache_default_dir("/src/proj");
	assert_string_equal(d, "/src/proj/.djasync_cache"); /* at the project root */
	free(d);
	d = cache_default_dir(NULL);
	assert_string_equal(d, "./.djasync_cache");
	free(d);

	assert_int_equal(setenv("DJASYNC_CACHE_DIR", "/tmp/dj-test", 1), 0);
	d = cache_default_dir("/src/proj");
	assert_string_equal(d, "/tmp/dj-test");
	free(d);
	assert_int_equal(setenv("DJASYNC_CACHE_DIR", "", 1), 0); /* empty counts as unset */
	d = cache_default_dir("/src/proj");
	assert_string_equal(d, "/src/proj/.djasync_cache");
	free(d);

	if (saved) {
		setenv("DJASYNC_CACHE_DIR", saved, 1);
		free(saved);
	} else {
		unsetenv("DJASYNC_CACHE_DIR");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_empty),
		cmocka_unit_test(test_round_trip_shallow),
		cmocka_unit_test(test_miss_other_key_and_salt),
		cmocka_unit_test(test_unwritable_dir_misses),
		cmocka_unit_test(test_damage_rejected),
		cmocka_unit_test(test_damage_every_payload_byte),
		cmocka_unit_test(test_damage_every_header_byte),
		cmocka_unit_test(test_invalid_indices_rejected),
		cmocka_unit_test(test_cycle_rejected),
		cmocka_unit_test(test_pack_round_trip),
		cmocka_unit_test(test_pack_damage),
		cmocka_unit_test(test_concurrent_stores),
		cmocka_unit_test(test_cachedir_tag),
		cmocka_unit_test(test_other_key_rejected),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_cache_bounded),
		cmocka_unit_test(test_key_of),
		cmocka_unit_test(test_hash_str),
		cmocka_unit_test(test_default_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
