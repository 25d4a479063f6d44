/* test_util: the string buffer, the string map and the small string helpers of util.c.
 * Allocation failure paths abort by design and are not exercised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void test_strbuf_empty(void **state)
{
	(void)state;
	struct strbuf b = {0};
	assert_string_equal(sb_str(&b), "");
	assert_int_equal(b.len, 0);
	sb_free(&b);
	assert_null(b.s);
}

static void test_strbuf_growth(void **state)
{
	(void)state;
	struct strbuf b = {0};
	/* 10,000 single characters force many reallocations; the content must survive them */
	for (int i = 0; i < 10000; i++)
		sb_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(strlen(sb_str(&b)), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.s[i], 'a' + i % 26);
	sb_add(&b, "xyz", 2); /* only n bytes are taken */
	assert_int_equal(b.len, 10002);
	assert_string_equal(sb_str(&b) + 10000, "xy");
	sb_free(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_strbuf_printf(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_puts(&b, "n=");
	sb_printf(&b, "%d,%s,%05.1f", 42, "str", 3.14159);
	assert_string_equal(sb_str(&b), "n=42,str,003.1");
	assert_int_equal(b.len, strlen("n=42,str,003.1"));
	/* one printf much larger than the current capacity */
	char big[5000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = 0;
	sb_printf(&b, "[%s]", big);
	assert_int_equal(b.len, strlen("n=42,str,003.1") + 2 + 4999);
	assert_int_equal(b.s[b.len - 1], ']');
	assert_int_equal(b.s[b.len], 0);
	assert_int_equal(b.s[14], '[');
	sb_printf(&b, "%s", ""); /* an empty print keeps the string terminated */
	assert_int_equal(b.s[b.len], 0);
	sb_free(&b);
}

static void test_strmap_put_get(void **state)
{
	(void)state;
	struct strmap m = {0};
	assert_int_equal(strmap_get(&m, "nothing", -7), -7); /* empty map */
	assert_int_equal(strmap_put(&m, "alpha", 1), 1);
	assert_int_equal(strmap_put(&m, "beta", 2), 1);
	assert_int_equal(strmap_put(&m, "", 3), 1); /* the empty key is a key */
	assert_int_equal(strmap_get(&m, "alpha", -1), 1);
	assert_int_equal(strmap_get(&m, "beta", -1), 2);
	assert_int_equal(strmap_get(&m, "", -1), 3);
	assert_int_equal(strmap_get(&m, "gamma", -1), -1);
	assert_int_equal(strmap_get(&m, "alph", -1), -1);
	/* 64-bit values survive */
	assert_int_equal(strmap_put(&m, "big", INT64_C(0x700000001)), 1);
	assert_true(strmap_get(&m, "big", 0) == INT64_C(0x700000001));
	assert_int_equal(m.len, 4);
	strmap_free(&m);
	assert_int_equal(m.len, 0);
	assert_int_equal(strmap_get(&m, "alpha", -5), -5);
}

static void test_strmap_first_value_wins(void **state)
{
	(void)state;
	struct strmap m = {0};
	char k1[] = "key", k2[] = "key"; /* equal text, different pointers */
	assert_int_equal(strmap_put(&m, k1, 10), 1);
	assert_int_equal(strmap_put(&m, k2, 20), 0);
	assert_int_equal(strmap_get(&m, "key", -1), 10);
	assert_int_equal(m.len, 1);
	strmap_free(&m);
}

static void test_strmap_growth(void **state)
{
	(void)state;
	enum { N = 5000 };
	char **keys = xcalloc(N, sizeof *keys);
	struct strmap m = {0};
	for (int i = 0; i < N; i++) {
		keys[i] = xasprintf("k%d", i);
		assert_int_equal(strmap_put(&m, keys[i], i * 3), 1);
	}
	assert_int_equal(m.len, N);
	assert_true(m.cap >= 2 * (size_t)N); /* load factor stays at most 1/2 */
	for (int i = 0; i < N; i++) {
		char probe[32];
		snprintf(probe, sizeof probe, "k%d", i);
		assert_int_equal(strmap_get(&m, probe, -1), i * 3);
	}
	assert_int_equal(strmap_get(&m, "k5000", -1), -1);
	/* re-putting after growth still keeps the first value */
	assert_int_equal(strmap_put(&m, keys[123], 0), 0);
	assert_int_equal(strmap_get(&m, "k123", -1), 369);
	strmap_free(&m);
	for (int i = 0; i < N; i++)
		free(keys[i]);
	free(keys);
}

static void test_str_in(void **state)
{
	(void)state;
	static const char *const list[] = {"zero", "one", "two", NULL};
	static const char *const empty[] = {NULL};
	assert_int_equal(str_in("zero", list), 0);
	assert_int_equal(str_in("two", list), 2);
	assert_int_equal(str_in("three", list), -1);
	assert_int_equal(str_in("on", list), -1);
	assert_int_equal(str_in("", list), -1);
	assert_int_equal(str_in("zero", empty), -1);
}

static void test_str_suffix_prefix(void **state)
{
	(void)state;
	assert_true(str_has_suffix("models.py", ".py"));
	assert_true(str_has_suffix("models.py", ""));
	assert_true(str_has_suffix(".py", ".py"));
	assert_false(str_has_suffix("py", ".py"));
	assert_false(str_has_suffix("models.pyc", ".py"));
	assert_true(str_has_prefix("django.db", "django."));
	assert_true(str_has_prefix("django", ""));
	assert_false(str_has_prefix("djang", "django"));
	assert_false(str_has_prefix("xdjango", "django"));
}

static void test_xasprintf(void **state)
{
	(void)state;
	char *s = xasprintf("%s.%s:%d", "a", "b", -12);
	assert_string_equal(s, "a.b:-12");
	free(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	char big[3000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = 0;
	s = xasprintf("<%s>", big);
	assert_int_equal(strlen(s), 3001);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[3000], '>');
	free(s);
}

static void test_diag_and_strndup(void **state)
{
	(void)state;
	struct diag d = {{0}};
	diag_set(&d, "%s:%d:%d: %s", "x.scm", 7, 12, "boom");
	assert_string_equal(d.msg, "x.scm:7:12: boom");
	diag_set(NULL, "ignored %d", 1); /* a NULL diag is allowed */
	char longmsg[2000];
	memset(longmsg, 'm', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = 0;
	diag_set(&d, "%s", longmsg); /* truncated, still terminated */
	assert_int_equal(strlen(d.msg), sizeof d.msg - 1);
	char *p = xstrndup("abcdef", 3);
	assert_string_equal(p, "abc");
	free(p);
}

static void test_vec(void **state)
{
	(void)state;
	VEC(int) v = {0};
	for (int i = 0; i < 100; i++)
		VEC_PUSH(v, i * i);
	assert_int_equal(v.len, 100);
	assert_int_equal(v.items[99], 99 * 99);
	assert_int_equal(v.items[8], 64);
	VEC_FREE(v);
	assert_null(v.items);
	assert_int_equal(v.len, 0);
}

static void expect_below(const char *path, const char *root, const char *cwd, const char *want)
{
	char *got = path_below(path, root, cwd);
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

/* Paths as typed, made relative to the project root by their spelling. */
static void test_path_below(void **state)
{
	(void)state;
	expect_below("app/views.py", "/src/p", "/src/p", "app/views.py");
	expect_below("./app/./views.py", "/src/p", "/src/p", "app/views.py");
	expect_below("views.py", "/src/p", "/src/p/app", "app/views.py");
	expect_below("../p/app/x.py", "/src/p", "/src/p", "app/x.py");
	expect_below("/src/p/app//x.py", "/src/p", "/", "app/x.py");
	expect_below("..", "/src/p", "/src/p/app", ".");
	expect_below("/src/pp/x.py", "/src/p", "/", NULL); /* a sibling with the root as prefix */
	expect_below("../../etc/x.py", "/src/p", "/src/p", NULL);
	expect_below("x.py", "/", "/tmp", "tmp/x.py");
	expect_below("a/../../b.py", "/src/p", "/src/p/app", "b.py");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_empty),
		cmocka_unit_test(test_strbuf_growth),
		cmocka_unit_test(test_strbuf_printf),
		cmocka_unit_test(test_strmap_put_get),
		cmocka_unit_test(test_strmap_first_value_wins),
		cmocka_unit_test(test_strmap_growth),
		cmocka_unit_test(test_str_in),
		cmocka_unit_test(test_str_suffix_prefix),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test(test_diag_and_strndup),
		cmocka_unit_test(test_vec),
		cmocka_unit_test(test_path_below),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
