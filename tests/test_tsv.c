/* test_tsv: the Django knowledge tables against the verified inventory
 * (analyzer/rules/django-async-api.tsv, the project's copy of the verified inventory, or $DJASYNC_TSV): every inventory row is placed in
 * rules/coverage.c (covered by a rule, or listed with the reason it is not), every coverage row
 * is an inventory row, named rules exist, and each ORM table row's async twin and version
 * agree with the inventory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

struct row {
	char *api, *async_api, *since, *kind;
};

static struct row *rows;
static size_t n_rows;
static char *tsv_text;

static const char *tsv_path(void)
{
	const char *p = getenv("DJASYNC_TSV");
	return p && p[0] ? p : "analyzer/rules/django-async-api.tsv";
}

static int load(void **state)
{
	(void)state;
	size_t len;
	tsv_text = read_file(tsv_path(), &len);
	if (!tsv_text)
		return 0;
	char *line = tsv_text;
	int header = 1;
	while (line && *line) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (!header && *line) {
			char *f[6] = {0};
			int k = 0;
			for (char *p = line; k < 6 && p; k++) {
				f[k] = p;
				p = strchr(p, '\t');
				if (p)
					*p++ = 0;
			}
			if (k >= 5) {
				rows = xrealloc(rows, (n_rows + 1) * sizeof *rows);
				rows[n_rows++] = (struct row){f[1], f[2], f[3], f[4]};
			}
		}
		header = 0;
		line = next;
	}
	return 0;
}

static int unload(void **state)
{
	(void)state;
	free(rows);
	free(tsv_text);
	return 0;
}

static const struct row *find_row(const char *api)
{
	for (size_t i = 0; i < n_rows; i++)
		if (strcmp(rows[i].api, api) == 0)
			return &rows[i];
	return NULL;
}

static void need_tsv(void)
{
	if (!tsv_text) {
		print_message("%s not found: the inventory is part of the repository\n", tsv_path());
		fail();
	}
}

static void test_every_row_is_placed(void **state)
{
	(void)state;
	need_tsv();
	assert_true(n_rows > 200);
	int missing = 0;
	for (size_t i = 0; i < n_rows; i++) {
		int found = 0;
		for (const struct tsv_coverage *c = tsv_coverage; c->sync_api && !found; c++)
			found = strcmp(c->sync_api, rows[i].api) == 0;
		if (!found) {
			print_error("inventory row not in rules/coverage.c: %s\n", rows[i].api);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void test_coverage_rows_are_inventory_rows(void **state)
{
	(void)state;
	need_tsv();
	int stale = 0;
	for (const struct tsv_coverage *c = tsv_coverage; c->sync_api; c++) {
		if (!find_row(c->sync_api)) {
			print_error("rules/coverage.c row not in the inventory: %s\n", c->sync_api);
			stale++;
		}
		/* a row names a rule that exists, or says why none */
		assert_true(c->rule_id ? rule_find(c->rule_id) != NULL : c->note && c->note[0]);
	}
	assert_int_equal(stale, 0);
}

/* "await QuerySet.aget()" and "await $R.aget($A)" name the same method; "4.1" is 401. */
static void test_orm_table_matches_inventory(void **state)
{
	(void)state;
	need_tsv();
	int checked = 0;
	for (const struct djapi *d = djapi_table; d->tsv_api; d++) {
		const struct row *r = find_row(d->tsv_api);
		if (!r) {
			print_error("djapi row not in the inventory: %s\n", d->tsv_api);
			fail();
		}
		if (!d->async_fix[0]) {
			/* no twin: the inventory says so */
			assert_string_equal(r->async_api, "-");
			checked++;
			continue;
		}
		const char *twin = strstr(d->async_fix, ".a") ? strstr(d->async_fix, ".a") + 1 : strstr(d->async_fix, "await a");
		if (twin) {
			if (twin[0] == 'a' && twin[1] == 'w')
				twin += 6;
			size_t n = strcspn(twin, "(");
			char *name = xstrndup(twin, n);
			if (!strstr(r->async_api, name)) {
				print_error("%s: twin %s not in the inventory's \"%s\"\n", d->tsv_api, name, r->async_api);
				free(name);
				fail();
			}
			free(name);
		}
		if (strcmp(r->since, "-") != 0)
			assert_int_equal(django_version_parse(r->since), d->since);
		checked++;
	}
	assert_true(checked > 30);
}

/* DJA222's decorator table: every row is an inventory row, with the inventory's version. */
static void test_decorator_versions_match_inventory(void **state)
{
	(void)state;
	need_tsv();
	int checked = 0;
	for (const struct async_decorator *d = django_async_decorators; d->qual; d++, checked++) {
		const struct row *r = find_row(d->tsv_api);
		if (!r) {
			print_error("decorator row not in the inventory: %s\n", d->tsv_api);
			fail();
		}
		if (django_version_parse(r->since) != d->since) {
			print_error("%s: since %d, the inventory says %s\n", d->tsv_api, d->since, r->since);
			fail();
		}
	}
	assert_true(checked >= 20);
}

/* Covered rows of the supported kinds point at rules of the right family. */
static void test_rules_named_exist(void **state)
{
	(void)state;
	size_t covered = 0, total = 0;
	for (const struct tsv_coverage *c = tsv_coverage; c->sync_api; c++, total++)
		covered += c->rule_id != NULL;
	print_message("inventory rows covered by a rule: %zu of %zu\n", covered, total);
	assert_true(covered * 2 > total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_is_placed),
		cmocka_unit_test(test_coverage_rows_are_inventory_rows),
		cmocka_unit_test(test_orm_table_matches_inventory),
		cmocka_unit_test(test_decorator_versions_match_inventory),
		cmocka_unit_test(test_rules_named_exist),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
