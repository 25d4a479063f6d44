/* test_registry: the rule catalogue as one registry. Ids are unique, DJA + 3 digits and listed
 * in order; slugs are unique kebab-case; every doc has its four sections; every rule has an
 * effort class and minutes; every rule has corpus cases that fire (`# ruleid:`) and near misses
 * that must not (`# ok:`) under corpus/ (read from the repository root). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "rules.h"
#include "util.h"

#define MAX_RULES 128

static const struct rule *all[MAX_RULES];
static size_t n_all;

static void collect(const struct rule *r, void *arg)
{
	(void)arg;
	if (n_all < MAX_RULES)
		all[n_all++] = r;
}

static int load(void **state)
{
	(void)state;
	rules_each(collect, NULL);
	return 0;
}

static void test_ids_and_slugs(void **state)
{
	(void)state;
	assert_true(n_all > 30);
	for (size_t i = 0; i < n_all; i++) {
		const struct rule *r = all[i];
		assert_int_equal(strlen(r->id), 6);
		assert_memory_equal(r->id, "DJA", 3);
		for (int k = 3; k < 6; k++)
			assert_true(r->id[k] >= '0' && r->id[k] <= '9');
		if (i)
			assert_true(strcmp(all[i - 1]->id, r->id) < 0); /* listed in id order, no repeats */
		for (const char *p = r->slug; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(all[j]->slug, r->slug);
		assert_ptr_equal(rule_find(r->id), r);
		assert_ptr_equal(rule_find(r->slug), r);
	}
}

static void test_docs_and_effort(void **state)
{
	(void)state;
	static const char *const sections[] = {"## What it does\n", "## Why is this bad?\n", "## Example\n",
					       "## Use instead\n", NULL};
	for (size_t i = 0; i < n_all; i++) {
		const struct rule *r = all[i];
		const char *prev = r->doc;
		for (size_t k = 0; sections[k]; k++) {
			const char *at = strstr(r->doc, sections[k]);
			if (!at || at < prev) {
				print_error("%s: doc section \"%s\" missing or out of order\n", r->id, sections[k]);
				fail();
			}
			prev = at;
		}
		assert_true(r->summary[0] && r->family[0]);
		assert_true(r->effort_minutes > 0);
		assert_true(r->effort >= EC_MECHANICAL && r->effort < EC_COUNT);
	}
	/* the classes the estimate relies on */
	assert_int_equal(rule_find("DJA105")->effort, EC_RELATION);
	assert_int_equal(rule_find("DJA302")->effort, EC_LIBRARY);
	assert_int_equal(rule_find("DJA501")->effort, EC_WRAP);
	assert_int_equal(rule_find("DJA101")->effort, EC_MECHANICAL);
}

/* --- corpus annotations ------------------------------------------------------------------- */

static unsigned char fires[MAX_RULES], misses[MAX_RULES];

static void note_codes(const char *p, unsigned char *marks)
{
	/* "DJA101, DJA102 (why)" */
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "DJA", 3) != 0 || strlen(p) < 6)
			return;
		for (size_t i = 0; i < n_all; i++)
			if (strncmp(all[i]->id, p, 6) == 0)
				marks[i] = 1;
		p += 6;
	}
}

static void scan_file(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		const char *a;
		if ((a = strstr(line, "# ruleid: ")) != NULL)
			note_codes(a + 10, fires);
		else if ((a = strstr(line, "# ok: ")) != NULL)
			note_codes(a + 6, misses);
		line = next;
	}
	free(text);
}

static void scan_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			scan_tree(p);
		else if (str_has_suffix(p, ".py"))
			scan_file(p);
		free(p);
	}
	closedir(d);
}

/* Rules whose cases live elsewhere, with where: DJA390 is the configuration's `blocking-calls`
 * (tests/ci.sh). */
static const char *const elsewhere[] = {"DJA390", NULL};

/* Every rule says what judges it, and every row of the API tables names a rule whose row has
 * the check of calls the engine hands those rows to (engine.c asserts it at run time). */
static void test_every_rule_is_checked(void **state)
{
	(void)state;
	for (size_t i = 0; i < n_all; i++)
		if (!all[i]->check_call && !all[i]->judged_by)
			fail_msg("%s: no check_call and no judged_by", all[i]->id);
	for (const struct djapi *a = djapi_table; a->name; a++) {
		const struct rule *r = rule_find(a->rule_id);
		if (!r || r->check_call != check_api_call)
			fail_msg("djapi row %s: rule %s is not checked by check_api_call", a->name, a->rule_id);
	}
	const struct blocking_call *const tables[] = {generic_calls, django_calls};
	for (size_t t = 0; t < 2; t++)
		for (const struct blocking_call *b = tables[t]; b->qual; b++) {
			const struct rule *r = rule_find(b->rule_id);
			if (!r || !r->check_call || r->check_call == check_api_call || r->check_call == check_bridge_call)
				fail_msg("blocking row %s: rule %s has no blocking-call check", b->qual, b->rule_id);
		}
	const struct blocking_class_rule *const any[] = {generic_any_method, django_any_method};
	for (size_t t = 0; t < 2; t++)
		for (const struct blocking_class_rule *b = any[t]; b->qual; b++) {
			const struct rule *r = rule_find(b->rule_id);
			if (!r || !r->check_call || r->check_call == check_api_call)
				fail_msg("class row %s: rule %s has no blocking-call check", b->qual, b->rule_id);
		}
	const char *const bridges[] = {"DJA401", "DJA402", "DJA403"};
	for (size_t i = 0; i < 3; i++)
		assert_ptr_equal(rule_find(bridges[i])->check_call, check_bridge_call);
	assert_ptr_equal(rule_find("DJA390")->check_call, check_blocking_call);
}

static void test_every_rule_has_corpus_cases(void **state)
{
	(void)state;
	scan_tree("corpus");
	int missing = 0;
	for (size_t i = 0; i < n_all; i++) {
		if (str_in(all[i]->id, elsewhere) >= 0)
			continue;
		if (!fires[i]) {
			print_error("%s: no corpus case that fires (# ruleid: %s)\n", all[i]->id, all[i]->id);
			missing++;
		}
		if (!misses[i]) {
			print_error("%s: no corpus near miss (# ok: %s)\n", all[i]->id, all[i]->id);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* The lookup tables (Django, generic, SDK) are merged into one map: a name in two rows would
 * hide one of them. Every row is found as itself, names a rule, and every client type a
 * constructor gives is judged by some row (else the row that makes it is dead data). */
static int names_type(const char *type)
{
	for (size_t i = 0; sdk_classes[i][0]; i++)
		if (strcmp(sdk_classes[i][1], type) == 0)
			return 1;
	for (size_t i = 0; sdk_calls[i].qual; i++)
		if (sdk_calls[i].returns && strcmp(sdk_calls[i].returns, type) == 0)
			return 1;
	return 0;
}

static int judges_type(const char *type)
{
	if (blocking_any_method(type))
		return 1;
	size_t n = strlen(type);
	for (size_t i = 0; sdk_calls[i].qual; i++)
		if (strncmp(sdk_calls[i].qual, type, n) == 0 && sdk_calls[i].qual[n] == '.')
			return 1;
	for (size_t i = 0; sdk_classes[i][0]; i++) /* a factory: boto3.Session.client */
		if (strncmp(sdk_classes[i][0], type, n) == 0 && sdk_classes[i][0][n] == '.')
			return 1;
	return blocking_find(type) != NULL || strcmp(type, "requests.Session") == 0;
}

static void test_lookup_tables(void **state)
{
	(void)state;
	const struct blocking_call *const calls[] = {generic_calls, django_calls, sdk_calls, NULL};
	int bad = 0;
	for (size_t t = 0; calls[t]; t++)
		for (const struct blocking_call *b = calls[t]; b->qual; b++) {
			if (blocking_find(b->qual) != b) {
				print_error("%s: in two call rows\n", b->qual);
				bad++;
			}
			if (!rule_find(b->rule_id)) {
				print_error("%s: unknown rule %s\n", b->qual, b->rule_id);
				bad++;
			}
		}
	for (size_t i = 0; sdk_classes[i][0]; i++) {
		if (blocking_find(sdk_classes[i][0]) || strcmp(blocking_class(sdk_classes[i][0]), sdk_classes[i][1]) != 0) {
			print_error("%s: in two class rows, or also a call row\n", sdk_classes[i][0]);
			bad++;
		}
		if (!judges_type(sdk_classes[i][1])) {
			print_error("%s: no row judges its type %s\n", sdk_classes[i][0], sdk_classes[i][1]);
			bad++;
		}
		if (!library_of_qual(sdk_classes[i][0]) && sdk_classes[i][0][0] != '<') {
			print_error("%s: no package row names its library\n", sdk_classes[i][0]);
			bad++;
		}
	}
	const struct blocking_class_rule *const anys[] = {django_any_method, generic_any_method, sdk_any_method, NULL};
	for (size_t t = 0; anys[t]; t++)
		for (const struct blocking_class_rule *r = anys[t]; r->qual; r++) {
			if (blocking_any_method(r->qual) != r || !rule_find(r->rule_id) || !r->quiet) {
				print_error("%s: in two client rows, an unknown rule or no quiet list\n", r->qual);
				bad++;
			}
			if (anys[t] == sdk_any_method && !names_type(r->qual)) {
				print_error("%s: no constructor or factory gives this type\n", r->qual);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_slugs),
		cmocka_unit_test(test_docs_and_effort),
		cmocka_unit_test(test_every_rule_is_checked),
		cmocka_unit_test(test_every_rule_has_corpus_cases),
		cmocka_unit_test(test_lookup_tables),
	};
	return cmocka_run_group_tests(tests, load, NULL);
}
