/* test_engine: phase 2 over in-memory summaries of a small project (shop/models, helpers,
 * views): which rule fires on which line, at which confidence, with which suggestion and chain,
 * and how each engine option (target version, min confidence, max depth, no-follow, safe calls,
 * configured blocking calls, async roots) changes that. The near misses (a relation loaded by
 * select_related, dict.get, a pure helper, sync code) must stay silent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirfacts.h"
#include "engine.h"
#include "facts.h"
#include "index.h"
#include "rules.h"
#include "source.h"
#include "util.h"

#include "fixture.h"

#include <sys/stat.h>
#include <unistd.h>

static const struct text_file files[] = {
	{"shop/__init__.py", ""},
	{"shop/models.py", "from django.db import models\n"
			   "\n"
			   "\n"
			   "class Author(models.Model):\n"
			   "    name = models.CharField(max_length=10)\n"
			   "\n"
			   "\n"
			   "class Book(models.Model):\n"
			   "    title = models.CharField(max_length=10)\n"
			   "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"},
	{"shop/helpers.py", "from .models import Book\n"
			    "\n"
			    "\n"
			    "def load(pk):\n"
			    "    return Book.objects.get(pk=pk)\n" /* 5 */
			    "\n"
			    "\n"
			    "def outer(pk):\n"
			    "    return load(pk)\n" /* 9 */
			    "\n"
			    "\n"
			    "def pure(x):\n"
			    "    return x + 1\n"},
	{"shop/views.py", "import time\n"
			  "\n"
			  "from .helpers import load, outer, pure\n"
			  "from .models import Book\n"
			  "\n"
			  "\n"
			  "async def direct(request, pk):\n"
			  "    book = Book.objects.get(pk=pk)\n" /* 8: DJA101 */
			  "    return book.author\n"             /* 9: DJA105 medium */
			  "\n"
			  "\n"
			  "async def selected(request, pk):\n"
			  "    book = await Book.objects.select_related(\"author\").aget(pk=pk)\n"
			  "    return book.author\n" /* 14: loaded with the row */
			  "\n"
			  "\n"
			  "async def chained(request, pk, data):\n"
			  "    a = load(pk)\n"        /* 18: DJA501, one hop */
			  "    b = outer(pk)\n"       /* 19: DJA501, two hops */
			  "    data.get(\"x\")\n"     /* 20: not the ORM */
			  "    return pure(a) or b\n" /* 21: pure */
			  "\n"
			  "\n"
			  "async def param(request, book: Book):\n"
			  "    time.sleep(1)\n"     /* 25: DJA301 */
			  "    return book.author\n" /* 26: DJA105 low (the caller may have loaded it) */
			  "\n"
			  "\n"
			  "def sync_view(request):\n"
			  "    time.sleep(1)\n"                 /* 30: sync: silent */
			  "    return Book.objects.get(pk=1)\n"}, /* 31 */
};
enum { N_FILES = sizeof files / sizeof *files };

/* One run of phase 2 over fresh summaries with options `o`: its report, sorted. */
static void run(const struct engine_opts *o, struct report *r)
{
	struct summary *sums[N_FILES];
	dirfacts *dirs = summarize_files(files, N_FILES, sums);
	assert_non_null(dirs);
	djindex *ix = index_build(sums, N_FILES, dirs);
	assert_non_null(ix);
	memset(r, 0, sizeof *r);
	engine_run(ix, sums, N_FILES, o, NULL, r);
	report_sort(r);
	assert_int_equal(r->duplicates, 0);
	index_free(ix);
	dirfacts_free(dirs);
	for (int i = 0; i < N_FILES; i++)
		summary_free(sums[i]);
}

static struct engine_opts defaults(void)
{
	return (struct engine_opts){.django_version = 501, .min_confidence = CONF_MEDIUM, .max_depth = 8};
}

/* The finding of rule `id` at views.py:line, or NULL. */
static const struct finding *at(const struct report *r, const char *id, int line)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].id, id) == 0 && r->findings[i].line == line &&
		    strcmp(r->findings[i].path, "shop/views.py") == 0)
			return &r->findings[i];
	return NULL;
}

/* "DJA101:8 DJA105:9 ...": every finding, in order. */
static char *listing(const struct report *r)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < r->n_findings; i++)
		sb_printf(&b, "%s%s:%s:%d", i ? " " : "", r->findings[i].id, r->findings[i].path, r->findings[i].line);
	char *out = xstrdup(sb_str(&b));
	sb_free(&b);
	return out;
}

static void expect_listing(const struct report *r, const char *want)
{
	char *got = listing(r);
	if (strcmp(got, want) != 0)
		fail_msg("findings\n  got:  %s\n  want: %s", got, want);
	free(got);
}

static void test_default_findings(void **state)
{
	(void)state;
	struct engine_opts o = defaults();
	struct report r;
	run(&o, &r);
	expect_listing(&r, "DJA101:shop/views.py:8 DJA105:shop/views.py:9 DJA501:shop/views.py:18 "
			   "DJA501:shop/views.py:19 DJA301:shop/views.py:25");
	const struct finding *f = at(&r, "DJA101", 8);
	assert_int_equal(f->confidence, CONF_HIGH);
	assert_int_equal(f->column, 12);
	assert_string_equal(f->function, "direct");
	assert_int_equal(f->twin, 1);
	assert_non_null(strstr(f->suggestion, "await Book.objects.aget("));
	assert_int_equal(at(&r, "DJA105", 9)->confidence, CONF_MEDIUM);
	assert_non_null(strstr(at(&r, "DJA105", 9)->suggestion, "select_related(\"author\")"));
	/* the chains: each hop where it happens, the last one the blocking line */
	f = at(&r, "DJA501", 18);
	assert_int_equal(f->chain_len, 1);
	assert_string_equal(f->chain[0].path, "shop/helpers.py");
	assert_int_equal(f->chain[0].line, 5);
	assert_string_equal(f->cause->id, "DJA101");
	f = at(&r, "DJA501", 19);
	assert_int_equal(f->chain_len, 2);
	assert_int_equal(f->chain[0].line, 9);
	assert_int_equal(f->chain[1].line, 5);
	assert_non_null(strstr(f->chain[0].note, "load()"));
	assert_non_null(strstr(f->suggestion, "sync_to_async(outer)"));
	report_free(&r);
}

static void test_low_confidence(void **state)
{
	(void)state;
	struct engine_opts o = defaults();
	o.min_confidence = CONF_LOW;
	struct report r;
	run(&o, &r);
	const struct finding *f = at(&r, "DJA105", 26); /* a parameter: the caller may have loaded it */
	assert_non_null(f);
	assert_int_equal(f->confidence, CONF_LOW);
	assert_null(at(&r, "DJA105", 14)); /* select_related: never, at any confidence */
	assert_int_equal(r.n_findings, 6);
	o.min_confidence = CONF_HIGH;
	report_free(&r);
	run(&o, &r);
	assert_null(at(&r, "DJA105", 9));
	assert_non_null(at(&r, "DJA101", 8));
	report_free(&r);
}

static void test_target_version(void **state)
{
	(void)state;
	struct engine_opts o = defaults();
	o.django_version = 400; /* aget() came in 4.1 */
	struct report r;
	run(&o, &r);
	const struct finding *f = at(&r, "DJA101", 8);
	assert_int_equal(f->twin, 0);
	assert_non_null(strstr(f->suggestion, "sync_to_async(Book.objects.get)"));
	assert_null(strstr(f->suggestion, "aget("));
	report_free(&r);
}

static void test_depth_and_follow(void **state)
{
	(void)state;
	struct engine_opts o = defaults();
	o.max_depth = 1;
	struct report r;
	run(&o, &r);
	assert_non_null(at(&r, "DJA501", 18));
	assert_null(at(&r, "DJA501", 19)); /* two hops */
	report_free(&r);
	o = defaults();
	o.no_follow = 1;
	run(&o, &r);
	expect_listing(&r, "DJA101:shop/views.py:8 DJA105:shop/views.py:9 DJA301:shop/views.py:25");
	report_free(&r);
}

static void test_configured_calls(void **state)
{
	(void)state;
	static const char *const safe[] = {"shop.helpers.load"};
	static const char *const blocking[] = {"shop.helpers.pure"};
	static const char *const fixes[] = {"await apure(...)"};
	struct engine_opts o = defaults();
	o.safe_calls = safe;
	o.n_safe = 1;
	o.extra_names = blocking;
	o.extra_fixes = fixes;
	o.n_extra = 1;
	struct report r;
	run(&o, &r);
	assert_null(at(&r, "DJA501", 18)); /* safe: not reported */
	assert_null(at(&r, "DJA501", 19)); /* and not followed */
	const struct finding *f = at(&r, "DJA390", 21);
	assert_non_null(f);
	assert_non_null(strstr(f->suggestion, "await apure(...)"));
	report_free(&r);
}

static void test_async_roots(void **state)
{
	(void)state;
	static const char *const roots[] = {"shop.views.sync_view"};
	struct engine_opts o = defaults();
	o.async_roots = roots;
	o.n_roots = 1;
	struct report r;
	run(&o, &r);
	assert_non_null(at(&r, "DJA301", 30));
	assert_non_null(at(&r, "DJA101", 31));
	report_free(&r);
	o = defaults();
	run(&o, &r);
	assert_null(at(&r, "DJA301", 30)); /* sync code is not checked */
	report_free(&r);
}

/* The files on disk too, in a scratch folder made the current one: the folder facts (which
 * folders are packages, hence the modules' dotted names) are read from the disk. */
static char scratch[] = "/tmp/djasync-test-engine-XXXXXX";
static char home[4096];

static int setup(void **state)
{
	(void)state;
	static const char *const dirs[] = {"shop"};
	return scratch_enter(scratch, home, sizeof home, dirs, 1, files, N_FILES);
}

static int teardown(void **state)
{
	(void)state;
	return scratch_leave(scratch, home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_findings), cmocka_unit_test(test_low_confidence),
		cmocka_unit_test(test_target_version),   cmocka_unit_test(test_depth_and_follow),
		cmocka_unit_test(test_configured_calls), cmocka_unit_test(test_async_roots),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
