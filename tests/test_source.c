/* test_source: source_load's guards (size, NUL bytes, BOM, not-a-file), the UTF-8 validator,
 * code-point columns and line lookup. Files are written under a mkdtemp() folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "fixture.h"
#include "util.h"

static char tmpdir[] = "/tmp/djasync-test-source-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return remove_tree(tmpdir);
}

/* Writes `len` bytes to tmpdir/name; returns the path (caller frees). */
static char *write_file(const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static void test_load_normal(void **state)
{
	(void)state;
	const char text[] = "import os\nprint(os.getcwd())\n";
	char *path = write_file("normal.py", text, sizeof text - 1);
	struct source s;
	struct diag d = {{0}};
	assert_int_equal(source_load(&s, path, 0, &d), 0);
	assert_int_equal(s.len, sizeof text - 1);
	assert_memory_equal(s.buf, text, sizeof text - 1);
	assert_int_equal(s.buf[s.len], 0);
	assert_int_equal(s.bom, 0);
	source_free(&s);
	assert_null(s.buf);
	/* a limit the file fits in exactly is not exceeded */
	assert_int_equal(source_load(&s, path, sizeof text - 1, &d), 0);
	source_free(&s);
	free(path);
}

static void test_load_empty(void **state)
{
	(void)state;
	char *path = write_file("empty.py", "", 0);
	struct source s;
	struct diag d = {{0}};
	assert_int_equal(source_load(&s, path, 100, &d), 0);
	assert_int_equal(s.len, 0);
	assert_non_null(s.buf);
	assert_string_equal(s.buf, "");
	assert_int_equal(s.bom, 0);
	source_free(&s);
	free(path);
}

static void test_load_bom(void **state)
{
	(void)state;
	const char text[] = "\xEF\xBB\xBFx = 1\n";
	char *path = write_file("bom.py", text, sizeof text - 1);
	struct source s;
	struct diag d = {{0}};
	assert_int_equal(source_load(&s, path, 0, &d), 0);
	assert_int_equal(s.bom, 3);
	assert_int_equal(s.len, sizeof text - 1); /* the BOM is kept in buf */
	assert_string_equal(s.buf + s.bom, "x = 1\n");
	source_free(&s);
	free(path);
	/* two BOM bytes only: no BOM */
	path = write_file("halfbom.py", "\xEF\xBB", 2);
	assert_int_equal(source_load(&s, path, 0, &d), 0);
	assert_int_equal(s.bom, 0);
	source_free(&s);
	free(path);
}

static void test_load_binary(void **state)
{
	(void)state;
	const char data[] = "x = 1\n\0\x01\x02y = 2\n";
	char *path = write_file("binary.py", data, sizeof data - 1);
	struct source s;
	struct diag d = {{0}};
	assert_int_equal(source_load(&s, path, 0, &d), 1);
	assert_non_null(strstr(d.msg, "binary"));
	assert_null(s.buf);
	source_free(&s);
	free(path);
}

static void test_load_too_large(void **state)
{
	(void)state;
	char data[2048];
	memset(data, '#', sizeof data);
	char *path = write_file("large.py", data, sizeof data);
	struct source s;
	struct diag d = {{0}};
	assert_int_equal(source_load(&s, path, 1024, &d), 1);
	assert_non_null(strstr(d.msg, "2048"));
	assert_null(s.buf);
	source_free(&s);
	/* 0 = no limit */
	assert_int_equal(source_load(&s, path, 0, &d), 0);
	assert_int_equal(s.len, 2048);
	source_free(&s);
	free(path);
}

static void test_load_missing_and_directory(void **state)
{
	(void)state;
	struct source s;
	struct diag d = {{0}};
	char *path = xasprintf("%s/does-not-exist.py", tmpdir);
	assert_int_equal(source_load(&s, path, 0, &d), -1);
	assert_true(d.msg[0] != 0);
	assert_null(s.buf);
	free(path);
	char *dir = xasprintf("%s/adir.py", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	memset(&d, 0, sizeof d);
	assert_int_equal(source_load(&s, dir, 0, &d), -1);
	assert_true(d.msg[0] != 0);
	assert_null(s.buf);
	rmdir(dir);
	free(dir);
}

static void test_from_text(void **state)
{
	(void)state;
	struct source s;
	source_from_text(&s, "\xEF\xBB\xBF" "abc", 6);
	assert_int_equal(s.bom, 3);
	assert_int_equal(s.len, 6);
	assert_string_equal(s.buf + 3, "abc");
	source_free(&s);
	source_from_text(&s, "abcdef", 3); /* a copy of exactly len bytes */
	assert_string_equal(s.buf, "abc");
	source_free(&s);
}

#define VALID ((size_t)-1)
#define INVALID_AT(lit) source_invalid_utf8(lit, sizeof lit - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(INVALID_AT("") == VALID);
	assert_true(INVALID_AT("plain ascii\n\t~") == VALID);
	assert_true(INVALID_AT("caf\xC3\xA9") == VALID);              /* é */
	assert_true(INVALID_AT("\xE2\x82\xAC") == VALID);              /* € */
	assert_true(INVALID_AT("x = '\xF0\x9F\x98\x80'") == VALID);    /* 😀 */
	assert_true(INVALID_AT("\xF4\x8F\xBF\xBF") == VALID);          /* U+10FFFF */
	assert_true(INVALID_AT("\xED\x9F\xBF") == VALID);              /* U+D7FF */
	assert_true(INVALID_AT("\xEE\x80\x80") == VALID);              /* U+E000 */
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	assert_int_equal(INVALID_AT("ab\xC0\xAF"), 2);          /* overlong '/' */
	assert_int_equal(INVALID_AT("\xE0\x80\xAF"), 0);        /* overlong, 3 bytes */
	assert_int_equal(INVALID_AT("\xF0\x82\x82\xAC"), 0);    /* overlong, 4 bytes */
	assert_int_equal(INVALID_AT("abc\x80"), 3);             /* lone continuation byte */
	assert_int_equal(INVALID_AT("x\xC3"), 1);               /* truncated at the end */
	assert_int_equal(INVALID_AT("\xE2\x82 y"), 0);          /* truncated before a space */
	assert_int_equal(INVALID_AT("\xF0\x9F\x98"), 0);        /* truncated 4-byte */
	assert_int_equal(INVALID_AT("ok\xED\xA0\x80"), 2);      /* surrogate U+D800 */
	assert_int_equal(INVALID_AT("\xED\xBF\xBF"), 0);        /* surrogate U+DFFF */
	assert_int_equal(INVALID_AT("\xF4\x90\x80\x80"), 0);    /* above U+10FFFF */
	assert_int_equal(INVALID_AT("\xFF"), 0);
	assert_int_equal(INVALID_AT("\xF8\x88\x80\x80\x80"), 0); /* 5-byte form */
	/* the length bounds the scan: a truncated sequence cut by len is invalid */
	assert_int_equal(source_invalid_utf8("\xC3\xA9", 1), 0);
	assert_true(source_invalid_utf8("a\xC3\xA9", 1) == VALID);
}

static void test_column_code_points(void **state)
{
	(void)state;
	const char *line = "a\xC3\xA9" "b\xF0\x9F\x98\x80" "c"; /* a é b 😀 c */
	assert_int_equal(source_column(line, 0, 0), 1);
	assert_int_equal(source_column(line, 0, 1), 2);  /* é */
	assert_int_equal(source_column(line, 0, 3), 3);  /* b */
	assert_int_equal(source_column(line, 0, 4), 4);  /* 😀 */
	assert_int_equal(source_column(line, 0, 8), 5);  /* c */
	const char *two = "xx\n\xC3\xA9y";
	assert_int_equal(source_column(two, 3, 5), 2); /* relative to the line start */
	assert_int_equal(source_column(two, 3, 3), 1);
}

static void test_line_lookup(void **state)
{
	(void)state;
	size_t n = 99;
	const char *t = "one\ntwo\r\nthree";
	size_t len = strlen(t);
	const char *l = source_line(t, len, 1, &n);
	assert_ptr_equal(l, t);
	assert_int_equal(n, 3);
	l = source_line(t, len, 2, &n);
	assert_ptr_equal(l, t + 4);
	assert_int_equal(n, 3); /* the \r is not part of the line */
	l = source_line(t, len, 3, &n);
	assert_ptr_equal(l, t + 9);
	assert_int_equal(n, 5); /* last line without a newline */
	assert_null(source_line(t, len, 4, &n));
	assert_null(source_line(t, len, 100, &n));
	/* with a trailing newline the line after it is empty, the one after that does not exist */
	const char *u = "a\nb\n";
	assert_null(source_line(u, strlen(u), 4, &n));
	l = source_line(u, strlen(u), 2, &n);
	assert_non_null(l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0], 'b');
	/* an empty line and a lone \r line */
	const char *v = "x\n\n\r\ny";
	l = source_line(v, strlen(v), 2, &n);
	assert_non_null(l);
	assert_int_equal(n, 0);
	l = source_line(v, strlen(v), 3, &n);
	assert_non_null(l);
	assert_int_equal(n, 0);
	l = source_line(v, strlen(v), 4, &n);
	assert_non_null(l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0], 'y');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_normal),
		cmocka_unit_test(test_load_empty),
		cmocka_unit_test(test_load_bom),
		cmocka_unit_test(test_load_binary),
		cmocka_unit_test(test_load_too_large),
		cmocka_unit_test(test_load_missing_and_directory),
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_column_code_points),
		cmocka_unit_test(test_line_lookup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
