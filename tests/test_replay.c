/* test_replay: phase 2's result as bytes and back. A report (findings with and without chains
 * and optional strings, suppressed findings, errors) comes back equal; another key, any
 * truncation and any flipped byte are refused and leave the report untouched; unknown rules
 * and root kinds are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "rules.h"
#include "util.h"

static struct finding make_finding(const char *id, const char *root, int line, int hops)
{
	const struct rule *r = rule_find(id);
	assert_non_null(r);
	struct finding f = {.id = r->id, .slug = r->slug, .severity = r->severity, .confidence = CONF_MEDIUM,
			    .path = xstrdup("app/views.py"), .line = line, .column = 5, .end_line = line,
			    .end_column = 20, .message = xasprintf("message %d", line),
			    .suggestion = line % 2 ? xstrdup("use `aget()`") : NULL,
			    .function = hops ? xstrdup("view") : NULL, .root = root};
	if (hops) {
		f.chain_len = (size_t)hops;
		f.chain = xcalloc((size_t)hops, sizeof *f.chain);
		for (int i = 0; i < hops; i++)
			f.chain[i] = (struct chain_hop){xasprintf("app/h%d.py", i), xasprintf("helper%d", i), i + 1, 3,
							 i ? xstrdup("calls `g()`") : NULL};
	}
	return f;
}

static void sample(struct report *r)
{
	memset(r, 0, sizeof *r);
	report_add_error(r, "before.py", 0, "a phase-1 error, not saved");
	report_add_finding(r, make_finding("DJA101", "view", 3, 0));
	report_add_finding(r, make_finding("DJA501", "consumer", 8, 2));
	report_add_finding(r, make_finding("DJA301", NULL, 11, 0));
	r->suppressed = xcalloc(1, sizeof *r->suppressed);
	r->cap_suppressed = r->n_suppressed = 1;
	r->suppressed[0] = make_finding("DJA203", "middleware", 20, 1);
	report_add_error(r, "x.py", 1, "cannot read x.py");
}

static void assert_same_finding(const struct finding *a, const struct finding *b)
{
	assert_ptr_equal(a->id, b->id); /* this build's static strings */
	assert_ptr_equal(a->slug, b->slug);
	if (a->root)
		assert_string_equal(a->root, b->root);
	else
		assert_null(b->root);
	assert_int_equal(a->severity, b->severity);
	assert_int_equal(a->confidence, b->confidence);
	assert_string_equal(a->path, b->path);
	assert_string_equal(a->message, b->message);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
	assert_int_equal(a->end_line, b->end_line);
	assert_int_equal(a->end_column, b->end_column);
	assert_true((a->suggestion == NULL) == (b->suggestion == NULL));
	if (a->suggestion)
		assert_string_equal(a->suggestion, b->suggestion);
	assert_true((a->function == NULL) == (b->function == NULL));
	if (a->function)
		assert_string_equal(a->function, b->function);
	assert_int_equal(a->chain_len, b->chain_len);
	for (size_t i = 0; i < a->chain_len; i++) {
		assert_string_equal(a->chain[i].path, b->chain[i].path);
		assert_string_equal(a->chain[i].function, b->chain[i].function);
		assert_int_equal(a->chain[i].line, b->chain[i].line);
		assert_int_equal(a->chain[i].column, b->chain[i].column);
		assert_true((a->chain[i].note == NULL) == (b->chain[i].note == NULL));
		if (a->chain[i].note)
			assert_string_equal(a->chain[i].note, b->chain[i].note);
	}
}

static const struct replay_key key = {0x1234, 0x5678};

/* The sample report, and its bytes saved under `key` (its first error left out). */
static void saved_sample(struct report *r, char **buf, size_t *len)
{
	sample(r);
	replay_save(r, 1, key, buf, len);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct report r;
	char *buf;
	size_t len;
	saved_sample(&r, &buf, &len);
	struct report got = {0};
	report_add_error(&got, "kept.py", 0, "already there");
	assert_int_equal(replay_load(buf, len, key, &got), 0);
	assert_int_equal(got.n_findings, 3);
	assert_int_equal(got.n_suppressed, 1);
	assert_int_equal(got.n_errors, 2);
	for (size_t i = 0; i < 3; i++)
		assert_same_finding(&r.findings[i], &got.findings[i]);
	assert_same_finding(&r.suppressed[0], &got.suppressed[0]);
	assert_string_equal(got.errors[0].path, "kept.py");
	assert_string_equal(got.errors[1].path, "x.py");
	assert_string_equal(got.errors[1].message, "cannot read x.py");
	assert_int_equal(got.errors[1].fatal, 1);
	/* an empty result round-trips too */
	struct report none = {0}, back = {0};
	char *b2;
	size_t l2;
	replay_save(&none, 0, key, &b2, &l2);
	assert_int_equal(replay_load(b2, l2, key, &back), 0);
	assert_int_equal(back.n_findings + back.n_suppressed + back.n_errors, 0);
	free(b2);
	free(buf);
	report_free(&got);
	report_free(&r);
}

static void test_refused(void **state)
{
	(void)state;
	struct report r;
	char *buf;
	size_t len;
	saved_sample(&r, &buf, &len);
	struct report got = {0};
	assert_int_equal(replay_load(buf, len, (struct replay_key){0x1234, 0x5679}, &got), -1);
	for (size_t n = 0; n < len; n++)
		if (replay_load(buf, n, key, &got) != -1)
			fail_msg("truncated to %zu bytes: accepted", n);
	for (size_t i = 0; i < len; i++)
		for (int bit = 0; bit < 8; bit += 3) {
			buf[i] ^= (char)(1 << bit);
			if (replay_load(buf, len, key, &got) != -1)
				fail_msg("byte %zu bit %d flipped: accepted", i, bit);
			buf[i] ^= (char)(1 << bit);
		}
	assert_int_equal(got.n_findings + got.n_suppressed + got.n_errors, 0); /* untouched */
	free(buf);
	/* a rule this build does not have (saved by another one) */
	const char *saved_id = r.findings[0].id;
	r.findings[0].id = "DJA999";
	replay_save(&r, 1, key, &buf, &len);
	assert_int_equal(replay_load(buf, len, key, &got), -1);
	free(buf);
	r.findings[0].id = saved_id;
	r.findings[0].root = "not-a-root-kind";
	replay_save(&r, 1, key, &buf, &len);
	assert_int_equal(replay_load(buf, len, key, &got), -1);
	free(buf);
	r.findings[0].root = NULL;
	report_free(&got);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
