/* test_output: the JSON document (values read back with cJSON, key order checked on the text)
 * and the text format (message line, source line, caret run, help, summary, colours) for a
 * hand-built report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "output.h"
#include "util.h"

/* One error finding with a source line and a one-hop chain, one warning without either, and
 * one file error. */
static void build_report(struct report *r)
{
	memset(r, 0, sizeof *r);
	struct chain_hop *hop = xcalloc(1, sizeof *hop);
	hop->path = xstrdup("app/helpers.py");
	hop->function = xstrdup("load_books");
	hop->note = xstrdup("`Book.objects.get()` (DJA101)");
	hop->line = 12;
	hop->column = 9;
	report_add_finding(r, (struct finding){
		.id = "DJA101", .slug = "sync-orm-call-in-async", .severity = SEV_ERROR,
		.confidence = CONF_HIGH, .path = xstrdup("path"), .line = 3, .column = 5,
		.end_line = 3, .end_column = 19, .message = xstrdup("msg"),
		.suggestion = xstrdup("use `await Book.objects.aget()`"),
		.function = xstrdup("views.detail"), .chain = hop, .chain_len = 1,
		.source_line = xstrdup("    Book.objects.get(pk=1)")});
	report_add_finding(r, (struct finding){
		.id = "DJA301", .slug = "blocking-sleep", .severity = SEV_WARNING,
		.confidence = CONF_MEDIUM, .path = xstrdup("other \"q\".py"), .line = 1, .column = 1,
		.end_line = 1, .end_column = 2, .message = xstrdup("tab\there"),
		.suggestion = xstrdup("fix"), .function = NULL});
	report_add_error(r, "bad.py", 0, "binary file (contains %s bytes): skipped", "NUL");
	r->files_scanned = 7;
}

static const struct out_opts plain = {.color = 0, .django_version = "4.2", .django_version_from = "--django-version"};
static const struct out_opts colored = {.color = 1, .django_version = "5.2", .django_version_from = "default"};

static void assert_in_order(const char *text, const char *const *keys)
{
	const char *at = text;
	for (; *keys; keys++) {
		const char *p = strstr(at, *keys);
		if (!p)
			fail_msg("%s missing or out of order in:\n%s", *keys, text);
		at = p + strlen(*keys);
	}
}

static void test_json_values(void **state)
{
	(void)state;
	struct report r;
	build_report(&r);
	struct strbuf b = {0};
	out_json(&b, &r, &plain);
	assert_int_equal(b.s[b.len - 1], '\n');
	cJSON *root = cJSON_Parse(sb_str(&b));
	assert_non_null(root);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "schema")->valueint, 1);
	cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(tool, "name")->valuestring, "djasync");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(tool, "version")->valuestring, DJASYNC_VERSION);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "django_version")->valuestring, "4.2");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "django_version_source")->valuestring,
			    "--django-version");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "files_scanned")->valueint, 7);
	cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "findings");
	assert_true(cJSON_IsArray(fs));
	assert_int_equal(cJSON_GetArraySize(fs), 2);
	cJSON *f = cJSON_GetArrayItem(fs, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "id")->valuestring, "DJA101");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "slug")->valuestring, "sync-orm-call-in-async");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "severity")->valuestring, "error");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "confidence")->valuestring, "high");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "path")->valuestring, "path");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(f, "line")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(f, "column")->valueint, 5);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(f, "end_line")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(f, "end_column")->valueint, 19);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring, "msg");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "suggestion")->valuestring,
			    "use `await Book.objects.aget()`");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(f, "function")->valuestring, "views.detail");
	cJSON *chain = cJSON_GetObjectItemCaseSensitive(f, "chain");
	assert_int_equal(cJSON_GetArraySize(chain), 1);
	cJSON *h = cJSON_GetArrayItem(chain, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(h, "path")->valuestring, "app/helpers.py");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(h, "line")->valueint, 12);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(h, "column")->valueint, 9);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(h, "function")->valuestring, "load_books");
	/* the second finding: escaping, null function, empty chain */
	cJSON *g = cJSON_GetArrayItem(fs, 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(g, "path")->valuestring, "other \"q\".py");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(g, "message")->valuestring, "tab\there");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(g, "severity")->valuestring, "warning");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(g, "confidence")->valuestring, "medium");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(g, "function")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(g, "chain")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "chain")), 0);
	cJSON *errs = cJSON_GetObjectItemCaseSensitive(root, "errors");
	assert_int_equal(cJSON_GetArraySize(errs), 1);
	cJSON *e = cJSON_GetArrayItem(errs, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "path")->valuestring, "bad.py");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring,
			    "binary file (contains NUL bytes): skipped");
	cJSON_Delete(root);
	sb_free(&b);
	report_free(&r);
}

static void test_json_key_order(void **state)
{
	(void)state;
	struct report r;
	build_report(&r);
	struct strbuf b = {0};
	out_json(&b, &r, &plain);
	static const char *const order[] = {
		"\"schema\"", "\"tool\"", "\"name\"", "\"version\"", "\"django_version\"",
		"\"django_version_source\"", "\"files_scanned\"", "\"findings\"",
		/* findings[0] */
		"\"id\"", "\"slug\"", "\"severity\"", "\"confidence\"", "\"path\"", "\"line\"",
		"\"column\"", "\"end_line\"", "\"end_column\"", "\"message\"", "\"suggestion\"",
		"\"function\"", "\"chain\"", "\"path\"", "\"line\"", "\"column\"", "\"function\"",
		/* findings[1], then errors */
		"\"id\"", "\"DJA301\"", "\"errors\"", "\"path\"", "\"message\"", NULL,
	};
	assert_in_order(sb_str(&b), order);
	sb_free(&b);
	report_free(&r);
}

static void test_json_empty_report(void **state)
{
	(void)state;
	struct report r = {0};
	struct strbuf b = {0};
	out_json(&b, &r, &colored);
	cJSON *root = cJSON_Parse(sb_str(&b));
	assert_non_null(root);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "findings")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "errors")), 0);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "files_scanned")->valueint, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "django_version_source")->valuestring,
			    "default");
	assert_null(strstr(sb_str(&b), "\033["));
	cJSON_Delete(root);
	sb_free(&b);
}

/* The line of `text` that contains `needle`, as a new string. */
static char *line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		fail_msg("\"%s\" not in:\n%s", needle, text);
	const char *a = p, *e = strchr(p, '\n');
	while (a > text && a[-1] != '\n')
		a--;
	return xstrndup(a, e ? (size_t)(e - a) : strlen(a));
}

static void test_text_plain(void **state)
{
	(void)state;
	struct report r;
	build_report(&r);
	struct strbuf b = {0};
	out_text(&b, &r, &plain);
	const char *t = sb_str(&b);
	assert_null(strstr(t, "\033["));
	char *head = line_with(t, "path:3:5:");
	assert_string_equal(head, "path:3:5: DJA101 [high] msg");
	free(head);
	char *src = line_with(t, "Book.objects.get(pk=1)");
	assert_string_equal(src, "3 |     Book.objects.get(pk=1)");
	free(src);
	/* the caret under columns 5..18 (end_column 19 is exclusive): 14 carets after 4 spaces */
	char *caret = line_with(t, "^");
	assert_string_equal(caret, "  |     ^^^^^^^^^^^^^^");
	free(caret);
	char *help = line_with(t, "help:");
	assert_non_null(strstr(help, "help: use `await Book.objects.aget()`"));
	free(help);
	char *note = line_with(t, "note:");
	assert_string_equal(note, "app/helpers.py:12:9: note: in `load_books`: `Book.objects.get()` (DJA101)");
	free(note);
	/* the finding without a source line still has its help */
	assert_non_null(strstr(t, "other \"q\".py:1:1: DJA301 [medium] tab\there\n  help: fix\n"));
	/* message lines come in report order */
	assert_true(strstr(t, "path:3:5") < strstr(t, "other \"q\".py:1:1"));
	char *sum = line_with(t, "Found ");
	assert_string_equal(sum, "Found 2 findings (1 error, 1 warning) in 7 files (Django 4.2). "
				 "1 file problem reported on stderr.");
	free(sum);
	assert_int_equal(b.s[b.len - 1], '\n');
	sb_free(&b);
	report_free(&r);
}

static void test_text_caret_code_points_and_tabs(void **state)
{
	(void)state;
	struct report r = {0};
	/* "é" is one column; a tab before the flagged code is kept as a tab */
	report_add_finding(&r, (struct finding){
		.id = "DJA301", .slug = "s", .severity = SEV_WARNING, .confidence = CONF_LOW,
		.path = xstrdup("u.py"), .line = 12, .column = 6, .end_line = 12, .end_column = 9,
		.message = xstrdup("m"), .suggestion = xstrdup("s"),
		.source_line = xstrdup("\t\xC3\xA9 = f()")});
	/* a span over several lines underlines to the end of the first line */
	report_add_finding(&r, (struct finding){
		.id = "DJA302", .slug = "s", .severity = SEV_WARNING, .confidence = CONF_LOW,
		.path = xstrdup("u.py"), .line = 20, .column = 3, .end_line = 22, .end_column = 2,
		.message = xstrdup("m2"), .suggestion = xstrdup("s"),
		.source_line = xstrdup("x(a,")});
	r.files_scanned = 1;
	struct strbuf b = {0};
	out_text(&b, &r, &plain);
	const char *t = sb_str(&b);
	assert_non_null(strstr(t, "\n   | \t    ^^^\n")); /* gutter of 2 digits; tab, then é " = " */
	assert_non_null(strstr(t, "\n   |   ^^\n"));    /* "a," */
	char *sum = line_with(t, "Found ");
	assert_string_equal(sum, "Found 2 findings (0 errors, 2 warnings) in 1 file (Django 4.2).");
	free(sum);
	sb_free(&b);
	report_free(&r);
}

static void test_text_no_findings(void **state)
{
	(void)state;
	struct report r = {0};
	r.files_scanned = 1;
	struct strbuf b = {0};
	out_text(&b, &r, &plain);
	assert_string_equal(sb_str(&b), "No findings in 1 file (Django 4.2).\n");
	sb_free(&b);
}

static void test_text_color(void **state)
{
	(void)state;
	struct report r;
	build_report(&r);
	struct strbuf b = {0};
	out_text(&b, &r, &colored);
	const char *t = sb_str(&b);
	assert_non_null(strstr(t, "\033["));
	assert_non_null(strstr(t, "\033[31;1mDJA101")); /* errors in red */
	assert_non_null(strstr(t, "\033[33;1mDJA301")); /* warnings in yellow */
	assert_non_null(strstr(t, "\033[0m"));
	assert_non_null(strstr(t, "msg"));
	assert_non_null(strstr(t, "(Django 5.2)"));
	sb_free(&b);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_json_key_order),
		cmocka_unit_test(test_json_empty_report),
		cmocka_unit_test(test_text_plain),
		cmocka_unit_test(test_text_caret_code_points_and_tabs),
		cmocka_unit_test(test_text_no_findings),
		cmocka_unit_test(test_text_color),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
