/* test_query: loading queries (embedded and from a --query-dir made under mkdtemp()), the
 * located error messages, refusal of unknown predicates, and the C evaluation of #eq?,
 * #not-eq?, #any-of? and #match? on a parsed snippet. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>

#include "parse.h"
#include "query.h"
#include "fixture.h"
#include "util.h"

static char tmpdir[] = "/tmp/djasync-test-query-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	char *py = xasprintf("%s/python", tmpdir);
	int rc = mkdir(py, 0700);
	free(py);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	return remove_tree(tmpdir);
}

/* Writes tmpdir/python/<name>. */
static void write_query(const char *name, const char *text)
{
	char *path = xasprintf("%s/python/%s", tmpdir, name);
	assert_int_equal(write_text(path, text), 0);
	free(path);
}

/* Loads tmpdir/python/<name> after writing `text` there; expects failure and returns the diag. */
static struct diag load_fails(const char *name, const char *text)
{
	write_query(name, text);
	char *qname = xasprintf("python/%s", name);
	struct diag d = {{0}};
	query *q = query_load(parse_language(), qname, tmpdir, &d);
	if (q) {
		query_free(q);
		fail_msg("query %s loaded but should not have", qname);
	}
	free(qname);
	return d;
}

static void test_embedded_facts(void **state)
{
	(void)state;
	int found = 0;
	for (const struct embedded_query *e = query_embedded; e->name; e++)
		if (strcmp(e->name, "python/facts.scm") == 0) {
			found = 1;
			assert_int_equal(strlen(e->text), e->len);
			assert_true(e->len > 0);
		}
	assert_true(found);
	struct diag d = {{0}};
	query *q = query_load(parse_language(), "python/facts.scm", NULL, &d);
	assert_non_null(q);
	assert_true(ts_query_pattern_count(query_ts(q)) > 10);
	uint32_t len;
	int has_call = 0;
	for (uint32_t i = 0; i < ts_query_capture_count(query_ts(q)); i++)
		has_call |= strcmp(ts_query_capture_name_for_id(query_ts(q), i, &len), "call") == 0;
	assert_true(has_call);
	query_free(q);
	query_free(NULL); /* no-op */
}

static void test_embedded_missing(void **state)
{
	(void)state;
	struct diag d = {{0}};
	assert_null(query_load(parse_language(), "python/nope.scm", NULL, &d));
	assert_non_null(strstr(d.msg, "python/nope.scm"));
}

static void test_dir_copy_of_facts_loads(void **state)
{
	(void)state;
	/* the checked-in file, copied to a --query-dir, compiles like the embedded one */
	FILE *f = fopen("queries/python/facts.scm", "r");
	assert_non_null(f);
	struct strbuf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&b, chunk, n);
	fclose(f);
	write_query("facts.scm", sb_str(&b));
	sb_free(&b);
	struct diag d = {{0}};
	query *q = query_load(parse_language(), "python/facts.scm", tmpdir, &d);
	assert_non_null(q);
	query_free(q);
}

static void test_dir_missing_file(void **state)
{
	(void)state;
	struct diag d = {{0}};
	assert_null(query_load(parse_language(), "python/absent.scm", tmpdir, &d));
	assert_non_null(strstr(d.msg, "python/absent.scm"));
}

static void test_invalid_node_type_located(void **state)
{
	(void)state;
	struct diag d = load_fails("facts.scm", "; a comment\n(call) @call\n  (calll) @x\n");
	/* line 3, column 4: the node name after "  (" */
	if (!strstr(d.msg, "python/facts.scm:3:4") || !strstr(d.msg, "invalid node type"))
		fail_msg("unexpected message: %s", d.msg);
}

static void test_syntax_error_located(void **state)
{
	(void)state;
	struct diag d = load_fails("syntax.scm", "(call) @call\n(call\n");
	if (!strstr(d.msg, "python/syntax.scm:") || !strstr(d.msg, "syntax error"))
		fail_msg("unexpected message: %s", d.msg);
}

static void test_unknown_predicate_refused(void **state)
{
	(void)state;
	struct diag d = load_fails("foo.scm", "(call) @call\n((identifier) @id\n  (#foo? @id \"x\"))\n");
	if (!strstr(d.msg, "#foo?") || !strstr(d.msg, "python/foo.scm:2:"))
		fail_msg("unexpected message: %s", d.msg);
	/* a known predicate with a capture but no value is malformed */
	d = load_fails("novalue.scm", "((identifier) @id (#eq? @id))\n");
	assert_non_null(strstr(d.msg, "#eq?"));
	/* #match? with a regular expression that does not compile */
	d = load_fails("badre.scm", "((identifier) @id (#match? @id \"a(\"))\n");
	assert_non_null(strstr(d.msg, "regular expression"));
}

/* Runs query file `name` over `src` and appends "<pattern>:<text of first capture>;" for every
 * match whose predicates hold. */
static void run_matches(const char *name, const char *src, struct strbuf *out)
{
	struct diag d = {{0}};
	char *qname = xasprintf("python/%s", name);
	query *q = query_load(parse_language(), qname, tmpdir, &d);
	free(qname);
	if (!q)
		fail_msg("load failed: %s", d.msg);
	TSParser *p = parse_parser_new();
	TSTree *t = ts_parser_parse_string(p, NULL, src, (uint32_t)strlen(src));
	assert_non_null(t);
	TSQueryCursor *cur = ts_query_cursor_new();
	ts_query_cursor_exec(cur, query_ts(q), ts_tree_root_node(t));
	TSQueryMatch m;
	while (ts_query_cursor_next_match(cur, &m)) {
		if (!query_predicates_ok(q, &m, src))
			continue;
		TSNode n = m.captures[0].node;
		uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
		sb_printf(out, "%u:%.*s;", m.pattern_index, (int)(b - a), src + a);
	}
	ts_query_cursor_delete(cur);
	ts_tree_delete(t);
	ts_parser_delete(p);
	query_free(q);
}

static void test_predicates_evaluated(void **state)
{
	(void)state;
	write_query("preds.scm",
		    "((identifier) @id\n  (#eq? @id \"foo\"))\n"
		    "((identifier) @id\n  (#any-of? @id \"bar\" \"baz\"))\n"
		    "((identifier) @id\n  (#match? @id \"^get_[a-z]+$\"))\n"
		    "((identifier) @id\n  (#not-eq? @id \"foo\"))\n"
		    "((assignment\n  left: (identifier) @l\n  right: (identifier) @r)\n  (#eq? @l @r))\n"
		    "((assignment\n  left: (identifier) @l\n  right: (identifier) @r)\n  (#not-eq? @l @r))\n");
	const char *src = "foo = bar\nx = x\nbaz2 = baz\nget_it(foot, get_1)\n";
	struct strbuf b = {0};
	run_matches("preds.scm", src, &b);
	const char *got = sb_str(&b);
	/* collect per pattern, in document order */
	struct strbuf per[6] = {{0}};
	for (const char *p = got; *p;) {
		int idx = *p - '0';
		const char *semi = strchr(p, ';');
		assert_non_null(semi);
		assert_true(idx >= 0 && idx < 6);
		sb_add(&per[idx], p + 2, (size_t)(semi - p - 2));
		sb_putc(&per[idx], ',');
		p = semi + 1;
	}
	assert_string_equal(sb_str(&per[0]), "foo,");          /* not "foot" */
	assert_string_equal(sb_str(&per[1]), "bar,baz,");      /* not "baz2" */
	assert_string_equal(sb_str(&per[2]), "get_it,");       /* not get_1 */
	assert_string_equal(sb_str(&per[3]), "bar,x,x,baz2,baz,get_it,foot,get_1,");
	assert_string_equal(sb_str(&per[4]), "x,");            /* x = x */
	assert_string_equal(sb_str(&per[5]), "foo,baz2,");
	for (int i = 0; i < 6; i++)
		sb_free(&per[i]);
	sb_free(&b);
}

/* Every pattern of facts.scm is matched somewhere in corpus/: a node type the facts query
 * names but no corpus case contains is a site no test can see go missing. */
static const query *cov_q;
static uint8_t *cov_seen;
static TSParser *cov_parser;

static int cover_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)ftw;
	size_t n = strlen(path);
	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".py") != 0)
		return 0;
	size_t len;
	char *src = read_file(path, &len);
	if (!src)
		return 0;
	TSTree *t = ts_parser_parse_string(cov_parser, NULL, src, (uint32_t)len);
	TSQueryCursor *cur = ts_query_cursor_new();
	ts_query_cursor_exec(cur, query_ts(cov_q), ts_tree_root_node(t));
	TSQueryMatch m;
	while (ts_query_cursor_next_match(cur, &m))
		cov_seen[m.pattern_index] = 1;
	ts_query_cursor_delete(cur);
	ts_tree_delete(t);
	free(src);
	return 0;
}

static void test_facts_patterns_in_corpus(void **state)
{
	(void)state;
	struct diag d = {{0}};
	query *q = query_load(parse_language(), "python/facts.scm", NULL, &d);
	assert_non_null(q);
	uint32_t n = ts_query_pattern_count(query_ts(q));
	cov_q = q;
	cov_seen = xcalloc(n, 1);
	cov_parser = parse_parser_new();
	assert_int_equal(nftw("corpus", cover_file, 16, FTW_PHYS), 0);
	int missing = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (cov_seen[i])
			continue;
		uint32_t at = ts_query_start_byte_for_pattern(query_ts(q), i);
		const char *text = query_text(q) + at;
		print_error("facts.scm pattern %u is matched by no file of corpus/: %.*s\n", i,
			    (int)strcspn(text, "\n"), text);
		missing++;
	}
	assert_int_equal(missing, 0);
	ts_parser_delete(cov_parser);
	free(cov_seen);
	query_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_facts),
		cmocka_unit_test(test_embedded_missing),
		cmocka_unit_test(test_dir_copy_of_facts_loads),
		cmocka_unit_test(test_dir_missing_file),
		cmocka_unit_test(test_invalid_node_type_located),
		cmocka_unit_test(test_syntax_error_located),
		cmocka_unit_test(test_unknown_predicate_refused),
		cmocka_unit_test(test_predicates_evaluated),
		cmocka_unit_test(test_facts_patterns_in_corpus),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
