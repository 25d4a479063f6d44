/* test_skeleton: function bodies blanked out for shallow summaries. What the skeleton keeps
 * and blanks on small texts, the layouts it refuses, and that a shallow summary made from it
 * equals the one made from the file as it is, for every Python file of corpus/ and
 * tests/fuzz/regressions/ (and of $DJASYNC_SKELETON_DIR, when set, to check a large tree by
 * hand). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "fixture.h"
#include "skeleton.h"
#include "source.h"
#include "walk.h"

/* The skeleton of `text` is the text with each of `bodies` (substrings of it, in order, NULL
 * ended) blanked: its first byte `0`, the rest spaces but for line breaks. No bodies: NULL. */
static void expect_blanked(const char *text, const char *const *bodies)
{
	char *got = NULL;
	size_t cap = 0;
	int blanked = skeleton_of(text, strlen(text), &got, &cap);
	if (!bodies[0]) {
		assert_false(blanked);
		free(got);
		return;
	}
	assert_true(blanked);
	assert_true(cap > strlen(text));
	char *want = xstrdup(text);
	const char *from = text;
	for (const char *const *b = bodies; *b; b++) {
		const char *at = strstr(from, *b);
		assert_non_null(at);
		size_t off = (size_t)(at - text), n = strlen(*b);
		want[off] = '0';
		for (size_t k = off + 1; k < off + n; k++)
			if (want[k] != '\n' && want[k] != '\r')
				want[k] = ' ';
		from = at + n;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
}
#define EXPECT_BLANKED(text, ...) expect_blanked(text, (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_KEPT(text) expect_blanked(text, (const char *const[]){NULL})

static void test_blocks(void **state)
{
	(void)state;
	EXPECT_BLANKED("import os\n"
		       "def f(a, b=(1,\n"
		       "           2)) -> int:\n"
		       "    x = a  # why\n"
		       "\n"
		       "    return x\n"
		       "y = f(1)\n",
		       "x = a  # why\n\n    return x");
	/* one-line bodies keep their trailing comment; decorators and classes stay */
	EXPECT_BLANKED("@dec(x)\ndef g(): return h(1)  # noqa\nclass A(Base):\n    n = 1\n    def m(self):\n        pass\n    k = 2\n",
		       "return h(1)", "pass");
	/* a comment after the body, less indented, is not part of it */
	EXPECT_BLANKED("def f():\n    return 1\n# end\nz = 1\n", "return 1");
	/* nested definitions go with the body; CRLF line ends are kept */
	EXPECT_BLANKED("def f():\r\n    def g():\r\n        class C: pass\r\n    return g\r\n",
		       "def g():\r\n        class C: pass\r\n    return g");
	/* a line indented less than the body (an error for Python) ends it, as for the parser */
	EXPECT_BLANKED("def main():\n    x = 1\n    try:\n        import y\n   main()\n", "x = 1\n    try:\n        import y");
	/* tabs are 8 columns wide, as for Python */
	EXPECT_BLANKED("class A:\n\tdef m(self):\n\t\treturn 1\n\tx = 2\n", "return 1");
	/* nothing to blank */
	EXPECT_KEPT("x = 1\nclass A:\n    y = 2\n");
}

static void test_lexing(void **state)
{
	(void)state;
	/* a triple-quoted string holding what looks like code, colons and hashes in strings */
	EXPECT_BLANKED("s = '''\ndef fake():\n  x\n'''\ndef f(a=\"#:\"):\n    return rb'\\'' + f\"{a['k']}\"\nt = 1\n",
		       "return rb'\\'' + f\"{a['k']}\"");
	/* a body continued with a backslash or an open bracket at a lower indentation */
	EXPECT_BLANKED("def f():\n    x = 1 + \\\n2\n    y = [\n1]\nz = 0\n", "x = 1 + \\\n2\n    y = [\n1]");
	/* the methods of QuerySet and Manager classes are kept, their nested functions are not */
	EXPECT_BLANKED("class BookQuerySet(models.QuerySet):\n    def cheap(self):\n        def key(b): return b\n"
		       "        return self.filter(price__lt=5)\n",
		       "return b");
	EXPECT_KEPT("class M(\n    BaseManager):\n    def get_queryset(self):\n        return 1\n");
}

static void test_refused(void **state)
{
	(void)state;
	EXPECT_KEPT("def f():\r    return 1\r");  /* old Mac line ends */
	EXPECT_KEPT("def f():\n\f    return 1\n"); /* form feed */
	EXPECT_KEPT("def f():\n    return (1\n");  /* unclosed bracket */
	EXPECT_KEPT("def f():\n    return ')\n");  /* unterminated string */
	EXPECT_KEPT("def f():\n    return 1)\n");  /* closing bracket never opened */
	EXPECT_KEPT("def f():\nx = 1\n");          /* no body */
	EXPECT_KEPT("s = '''never closed\ndef f():\n  1\n");
	/* deeper than the lexer tracks: the file is parsed as it is */
	struct strbuf b = {0};
	for (int i = 0; i < 300; i++)
		sb_printf(&b, "%*sclass C%d:\n", i, "", i);
	sb_printf(&b, "%*sdef f(): return 1\n", 300, "");
	EXPECT_KEPT(b.s);
	sb_free(&b);
}

/* Every file under `dir` that parses: the shallow summary from the skeleton equals the one from
 * the file as it is, and the full summary may replace it (summary_upgrade). Returns how many
 * files were compared. */
static size_t check_tree(facts_ctx *fc, const char *dir)
{
	struct file_list files = {0};
	struct report r = {0};
	struct walk_opts o = {0};
	const char *paths[] = {dir};
	walk_collect(paths, 1, &o, &files, &r);
	size_t compared = 0, failed = 0;
	for (size_t i = 0; i < files.len; i++) {
		struct source src;
		struct diag d = {{0}};
		if (source_load(&src, files.paths[i], 0, &d) != 0)
			continue;
		struct summary *as_is = facts_extract_mode(fc, files.paths[i], &src, FACTS_SHALLOW_AS_IS);
		if (!as_is->syntax_error_line) {
			struct summary *skel = facts_extract_mode(fc, files.paths[i], &src, FACTS_SHALLOW);
			const char *why = summaries_differ(as_is, skel);
			if (why) {
				fprintf(stderr, "%s: shallow summaries differ: %s\n", files.paths[i], why);
				failed++;
			}
			/* and the full summary may replace the shallow one (summary_upgrade's invariant) */
			struct summary *full = facts_extract_mode(fc, files.paths[i], &src, FACTS_FULL);
			struct summary *slot = skel;
			if (!summary_upgrade_ok(skel, full) || summary_upgrade(&slot, full) != 0 || slot != full) {
				fprintf(stderr, "%s: the full summary's scopes do not match the shallow one's\n", files.paths[i]);
				failed++;
			}
			summary_free(full);
			summary_free(skel);
			compared++;
		}
		summary_free(as_is);
		source_free(&src);
	}
	file_list_free(&files);
	report_free(&r);
	assert_int_equal(failed, 0);
	return compared;
}

static void test_corpus_agrees(void **state)
{
	(void)state;
	facts_ctx *fc = new_facts_ctx();
	assert_non_null(fc);
	size_t n = check_tree(fc, "corpus");
	fprintf(stderr, "corpus: %zu files agree\n", n);
	assert_true(n > 50);
	check_tree(fc, "tests/fuzz/regressions"); /* inputs the fuzzer found the two disagree on */
	const char *extra = getenv("DJASYNC_SKELETON_DIR");
	if (extra && *extra)
		fprintf(stderr, "%s: %zu files agree\n", extra, check_tree(fc, extra));
	facts_ctx_free(fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_lexing),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_corpus_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
