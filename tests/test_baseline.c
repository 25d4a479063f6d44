/* test_baseline: the round trip through a baseline file made under mkdtemp(): recorded
 * findings are moved to suppressed, a new one stays; an entry absorbs one finding of its
 * fingerprint (a finding repeated once more than recorded is new); a file that is not a
 * baseline, or is missing, is an error naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "fixture.h"
#include "util.h"

static char tmpdir[] = "/tmp/djasync-test-baseline-XXXXXX";

static void add(struct report *r, const char *path, int line, const char *fn, const char *text, const char *fp)
{
	struct finding f = {0};
	f.id = "DJA301";
	f.slug = "sync-sleep";
	f.path = xstrdup(path);
	f.line = line;
	f.column = 5;
	f.message = xstrdup("`time.sleep()` blocks");
	f.suggestion = xstrdup("use asyncio.sleep");
	f.function = xstrdup(fn);
	f.source_line = xstrdup(text);
	f.fingerprint = fp ? xstrdup(fp) : NULL;
	report_add_finding(r, f);
}

static void test_round_trip(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	char *file = xasprintf("%s/base.json", tmpdir);
	struct report old = {0};
	add(&old, "app/a.py", 5, "f", "    time.sleep(1)", NULL);
	add(&old, "app/b.py", 9, "g", "    time.sleep(2)", NULL);
	report_sort(&old);
	report_fingerprint(&old);
	struct diag d = {{0}};
	assert_int_equal(baseline_write(file, &old, &d), 0);
	/* later: both moved down, the first one now twice, and one new */
	struct report now = {0};
	add(&now, "app/a.py", 8, "f", "    time.sleep(1)", NULL);
	add(&now, "app/a.py", 9, "f", "time.sleep(1)", NULL); /* the same text (whitespace aside) */
	add(&now, "app/b.py", 12, "g", "    time.sleep(2)", NULL);
	add(&now, "app/c.py", 3, "h", "    time.sleep(3)", NULL);
	report_sort(&now);
	report_fingerprint(&now);
	assert_int_equal(baseline_apply(file, &now, &d), 0);
	assert_int_equal(now.n_findings, 2);
	assert_int_equal(now.n_suppressed, 2);
	assert_string_equal(now.findings[0].path, "app/a.py");
	assert_int_equal(now.findings[0].line, 9); /* the second occurrence is the new one */
	assert_string_equal(now.findings[1].path, "app/c.py");
	report_free(&now);
	report_free(&old);
	/* not a baseline, and a missing file: errors that name the file */
	assert_int_equal(write_text(file, "{\"schema\": 1, \"findings\": 3}"), 0);
	struct report r = {0};
	add(&r, "app/a.py", 5, "f", "x", "00:0");
	assert_int_equal(baseline_apply(file, &r, &d), -1);
	assert_non_null(strstr(d.msg, "base.json"));
	char *missing = xasprintf("%s/none.json", tmpdir);
	assert_int_equal(baseline_apply(missing, &r, &d), -1);
	assert_non_null(strstr(d.msg, "none.json"));
	assert_int_equal(r.n_findings, 1);
	report_free(&r);
	free(missing);
	free(file);
	assert_int_equal(remove_tree(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
