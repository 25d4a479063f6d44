/* test_diff: the paths of `+++ ` headers as git writes them (plain, with a trailing tab, quoted
 * with C escapes and octal bytes for unusual names, /dev/null and malformed ones), and, in a
 * throw-away repository made under mkdtemp(), which lines diff_load() counts as new: changed
 * lines, the last line of a hunk, untracked files, not the unchanged lines around them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "fixture.h"
#include "util.h"

static void expect_path(const char *header, const char *want)
{
	char *got = diff_header_path(header);
	if (!want ? got != NULL : !got || strcmp(got, want) != 0)
		fail_msg("%s: got %s, want %s", header, got ? got : "NULL", want ? want : "NULL");
	free(got);
}

static void test_header_paths(void **state)
{
	(void)state;
	expect_path("b/app/views.py", "app/views.py");
	expect_path("b/app/views.py\t", "app/views.py");
	expect_path("b/with space.py", "with space.py");
	expect_path("\"b/tab\\there.py\"", "tab\there.py");
	expect_path("\"b/quote\\\"d.py\"", "quote\"d.py");
	expect_path("\"b/back\\\\slash.py\"", "back\\slash.py");
	expect_path("\"b/caf\\303\\251.py\"", "caf\xc3\xa9.py");
	expect_path("/dev/null", NULL);
	expect_path("\"b/unterminated.py", NULL);
	expect_path("\"b/bad\\qescape.py\"", NULL);
	expect_path("a/other.py", NULL);
}

static char tmpdir[] = "/tmp/djasync-test-diff-XXXXXX";

static void test_load(void **state)
{
	(void)state;
	char back[4096];
	assert_non_null(getcwd(back, sizeof back));
	assert_non_null(mkdtemp(tmpdir));
	assert_int_equal(chdir(tmpdir), 0);
	if (system("git init -q . && git config user.email t@example.com && git config user.name t") != 0) {
		assert_int_equal(chdir(back), 0);
		remove_tree(tmpdir);
		skip();
	}
	assert_int_equal(write_text("a.py", "one\ntwo\nthree\nfour\nfive\n"), 0);
	assert_int_equal(system("git add a.py && git commit -qm base"), 0);
	assert_int_equal(write_text("a.py", "one\nTWO\nTHREE\nfour\nfive\nsix\n"), 0); /* lines 2-3 changed, 6 added */
	assert_int_equal(write_text("new.py", "x\ny\n"), 0);                            /* untracked */
	struct diag d = {{0}};
	diff *df = diff_load("HEAD", &d);
	if (!df)
		fail_msg("diff_load: %s", d.msg);
	static const int want[] = {0, 1, 1, 0, 0, 1};
	for (int line = 1; line <= 6; line++)
		if (diff_touches(df, "a.py", line) != want[line - 1])
			fail_msg("a.py:%d: touched %d, want %d", line, diff_touches(df, "a.py", line), want[line - 1]);
	assert_true(diff_touches(df, "new.py", 1) && diff_touches(df, "new.py", 2));
	assert_false(diff_touches(df, "missing.py", 1));
	diff_free(df);
	assert_null(diff_load("no-such-revision", &d));
	assert_non_null(strstr(d.msg, "no-such-revision"));
	assert_int_equal(chdir(back), 0);
	assert_int_equal(remove_tree(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_paths),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
