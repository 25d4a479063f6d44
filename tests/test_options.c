/* test_options: argv to struct options: a full `check` command line, the defaults, and the
 * usage errors (unknown option, bad values, missing values, `rule` without an id). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "options.h"
#include "util.h"

/* Parses a NULL-terminated argument list (argv[0] is added). */
static int parse(struct options *o, struct diag *d, const char *const *args)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = (char *)"djasync";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	memset(d, 0, sizeof *d);
	return options_parse(o, argc, argv, d);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_full_check_line(void **state)
{
	(void)state;
	struct options o;
	struct diag d;
	assert_int_equal(parse(&o, &d, ARGS("check", "--format", "json", "--django-version", "4.2", "-j",
					    "2", "--exclude", "a", "--exclude", "b", "p1", "p2")),
			 0);
	assert_int_equal(o.cmd, CMD_CHECK);
	assert_int_equal(o.format, FMT_JSON);
	assert_string_equal(o.django_version, "4.2");
	assert_int_equal(o.django_version_given, 1);
	assert_int_equal(o.scan.engine.django_version, 402);
	assert_int_equal(o.scan.jobs, 2);
	assert_int_equal(o.n_excludes, 2);
	assert_string_equal(o.excludes[0], "a");
	assert_string_equal(o.excludes[1], "b");
	/* the walk options see the same excludes */
	assert_int_equal(o.scan.walk.n_excludes, 2);
	assert_string_equal(o.scan.walk.excludes[1], "b");
	assert_int_equal(o.n_paths, 2);
	assert_string_equal(o.paths[0], "p1");
	assert_string_equal(o.paths[1], "p2");
	options_free(&o);
	assert_null(o.paths);
}

static void test_defaults(void **state)
{
	(void)state;
	struct options o;
	struct diag d;
	assert_int_equal(parse(&o, &d, ARGS("check")), 0);
	assert_int_equal(o.cmd, CMD_CHECK);
	assert_string_equal(o.django_version, "5.2");
	assert_int_equal(o.django_version_given, 0);
	assert_int_equal(o.scan.engine.django_version, 502);
	assert_int_equal(o.scan.engine.min_confidence, CONF_MEDIUM);
	assert_int_equal(o.format, FMT_TEXT);
	assert_int_equal(o.color, COLOR_AUTO);
	assert_int_equal(o.n_paths, 0);
	assert_int_equal(o.n_excludes, 0);
	assert_int_equal(o.scan.max_file_size, 10u * 1024 * 1024);
	assert_null(o.scan.query_dir);
	options_free(&o);
	/* no command at all: help */
	char *argv[] = {(char *)"djasync", NULL};
	assert_int_equal(options_parse(&o, 1, argv, &d), 0);
	assert_int_equal(o.cmd, CMD_HELP);
	options_free(&o);
}

static void test_equals_forms_and_others(void **state)
{
	(void)state;
	struct options o;
	struct diag d;
	assert_int_equal(parse(&o, &d, ARGS("check", "--format=text", "--django-version=3.2.18", "-j8",
					    "--min-confidence", "high", "--max-file-size", "512K",
					    "--no-color", "--query-dir", "qd", "--", "-dash-path")),
			 0);
	assert_int_equal(o.format, FMT_TEXT);
	assert_string_equal(o.django_version, "3.2.18");
	assert_int_equal(o.scan.engine.django_version, 302);
	assert_int_equal(o.scan.jobs, 8);
	assert_int_equal(o.scan.engine.min_confidence, CONF_HIGH);
	assert_int_equal(o.scan.max_file_size, 512 * 1024);
	assert_int_equal(o.color, COLOR_NEVER);
	assert_string_equal(o.scan.query_dir, "qd");
	assert_int_equal(o.n_paths, 1);
	assert_string_equal(o.paths[0], "-dash-path");
	options_free(&o);
	assert_int_equal(parse(&o, &d, ARGS("rule", "DJA101")), 0);
	assert_int_equal(o.cmd, CMD_RULE);
	assert_string_equal(o.rule_id, "DJA101");
	options_free(&o);
	assert_int_equal(parse(&o, &d, ARGS("--version")), 0);
	assert_int_equal(o.cmd, CMD_VERSION);
	options_free(&o);
}

/* Expects a usage error whose message contains `needle`. */
static void expect_error(const char *const *args, const char *needle)
{
	struct options o;
	struct diag d;
	int rc = parse(&o, &d, args);
	options_free(&o);
	if (rc != -1)
		fail_msg("expected an error for %s ... (%s)", args[1] ? args[1] : args[0], needle);
	if (!strstr(d.msg, needle))
		fail_msg("message \"%s\" does not contain \"%s\"", d.msg, needle);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(ARGS("check", "--bogus"), "--bogus");
	expect_error(ARGS("check", "-x"), "-x");
	expect_error(ARGS("frobnicate"), "frobnicate");
	expect_error(ARGS("check", "--django-version", "banana"), "banana");
	expect_error(ARGS("check", "--django-version", "4."), "4.");
	expect_error(ARGS("check", "--django-version", "0.9"), "0.9");
	expect_error(ARGS("check", "--django-version", "4.2x"), "4.2x");
	expect_error(ARGS("check", "--format", "xml"), "xml");
	expect_error(ARGS("check", "--format=yaml"), "yaml");
	expect_error(ARGS("check", "--min-confidence", "sure"), "sure");
	expect_error(ARGS("check", "--color", "sometimes"), "sometimes");
	expect_error(ARGS("check", "-j", "0"), "-j");
	expect_error(ARGS("check", "--jobs", "257"), "257");
	expect_error(ARGS("check", "-j", "2x"), "2x");
	expect_error(ARGS("check", "--max-file-size", "10Q"), "10Q");
	expect_error(ARGS("rules", "extra"), "extra");
}

/* Options a command does not take are errors, as are formats it does not write. */
static void test_command_options(void **state)
{
	(void)state;
	expect_error(ARGS("check", "--format", "markdown"), "markdown");
	expect_error(ARGS("effort", "--format", "sarif"), "sarif");
	expect_error(ARGS("effort", "--format=github"), "github");
	expect_error(ARGS("effort", "--baseline", "b.json"), "`djasync effort` does not take");
	expect_error(ARGS("effort", "--diff=HEAD"), "--diff");
	expect_error(ARGS("baseline", "--format", "json"), "--format");
	expect_error(ARGS("server", "--output-file", "x"), "--output-file");
	expect_error(ARGS("rules", "--no-cache"), "--no-cache");
	expect_error(ARGS("check", "--statistics", "--format", "json"), "--statistics");
	struct options o;
	struct diag d;
	assert_int_equal(parse(&o, &d, ARGS("effort", "--format", "markdown", "--no-cache", "-j2")), 0);
	options_free(&o);
	assert_int_equal(parse(&o, &d, ARGS("server", "--no-cache", "--django-version", "4.2")), 0);
	options_free(&o);
	assert_int_equal(parse(&o, &d, ARGS("check", "-q", "--statistics", "--show-files")), 0);
	assert_int_equal(o.quiet, 1);
	assert_int_equal(o.statistics, 1);
	assert_int_equal(o.show_files, 1);
	options_free(&o);
}

/* --select and friends: comma lists of codes or prefixes; a code that selects nothing is an
 * error naming the closest real one. */
static void test_selectors(void **state)
{
	(void)state;
	struct options o;
	struct diag d;
	assert_int_equal(parse(&o, &d, ARGS("check", "--select", "DJA1, DJA301", "--ignore=dja105",
					    "--extend-select", "ALL")),
			 0);
	assert_int_equal(o.sel.has_select, 1);
	assert_int_equal(o.sel.select.len, 2);
	assert_string_equal(o.sel.select.items[1], "DJA301");
	assert_string_equal(o.sel.ignore.items[0], "dja105");
	options_free(&o);
	expect_error(ARGS("check", "--select", "XYZ9"), "unknown rule code 'XYZ9'");
	expect_error(ARGS("check", "--ignore", "DJA1,DJX2"), "did you mean 'DJA2'?");
	expect_error(ARGS("check", "--extend-select", "DJA1O1"), "did you mean 'DJA101'?");
	expect_error(ARGS("check", "--select", "sync-orm-call-in-async"), "did you mean 'DJA101'?");
}

static struct str_vec strs(const char *const *items)
{
	struct str_vec v = {0};
	for (; *items; items++) {
		char *s = strdup(*items);
		VEC_PUSH(v, s);
	}
	return v;
}

/* The layers as Ruff's: select replaces, extend-select adds, ignore removes; within a layer the
 * most specific selector wins, ignore on a tie; the command line's layer comes last. */
static void test_rule_selection(void **state)
{
	(void)state;
	struct config c = {0};
	assert_true(config_rule_enabled(&c, "DJA101")); /* nothing said: every rule */
	c.sel[0].has_select = 1;
	c.sel[0].select = strs(ARGS("DJA1"));
	c.sel[0].ignore = strs(ARGS("DJA105"));
	assert_true(config_rule_enabled(&c, "DJA101"));
	assert_false(config_rule_enabled(&c, "DJA105"));
	assert_false(config_rule_enabled(&c, "DJA301"));
	selection_free(&c.sel[0]);
	c.sel[0].ignore = strs(ARGS("DJA1"));
	c.sel[0].extend_select = strs(ARGS("DJA101")); /* more specific than the ignore */
	assert_true(config_rule_enabled(&c, "DJA101"));
	assert_false(config_rule_enabled(&c, "DJA102"));
	assert_true(config_rule_enabled(&c, "DJA301"));
	c.sel[0].extend_ignore = strs(ARGS("DJA101")); /* as specific: ignore wins */
	assert_false(config_rule_enabled(&c, "DJA101"));
	/* the command line: --select replaces the file's choice, --ignore removes from it */
	c.sel[1].has_select = 1;
	c.sel[1].select = strs(ARGS("ALL"));
	c.sel[1].ignore = strs(ARGS("DJA3"));
	assert_true(config_rule_enabled(&c, "DJA101"));
	assert_true(config_rule_enabled(&c, "DJA102"));
	assert_false(config_rule_enabled(&c, "DJA301"));
	selection_free(&c.sel[1]);
	c.sel[1].extend_select = strs(ARGS("dja102")); /* codes are case-insensitive */
	assert_true(config_rule_enabled(&c, "DJA102"));
	assert_false(config_rule_enabled(&c, "DJA105"));
	c.sel[1].has_select = 1; /* an empty --select: nothing */
	assert_false(config_rule_enabled(&c, "DJA105"));
	assert_true(config_rule_enabled(&c, "DJA102"));
	selection_free(&c.sel[0]);
	selection_free(&c.sel[1]);
}

static void test_missing_values(void **state)
{
	(void)state;
	expect_error(ARGS("check", "--format"), "--format");
	expect_error(ARGS("check", "p", "--django-version"), "--django-version");
	expect_error(ARGS("check", "--exclude"), "--exclude");
	expect_error(ARGS("check", "-j"), "-j");
	expect_error(ARGS("check", "--query-dir"), "--query-dir");
	expect_error(ARGS("check", "--min-confidence"), "--min-confidence");
	expect_error(ARGS("rule"), "rule");
}

static void test_help_texts(void **state)
{
	(void)state;
	assert_non_null(strstr(options_help(CMD_NONE), "djasync"));
	assert_non_null(strstr(options_help(CMD_CHECK), "--django-version"));
	assert_non_null(strstr(options_help(CMD_CHECK), "--exclude"));
	assert_non_null(strstr(options_help(CMD_RULE), "rule ID"));
}

/* --format against the table of formats: each row's name selects that row for the commands
 * whose writer it has, and is refused, saying who writes it, for the other. */
static void test_format_table(void **state)
{
	(void)state;
	size_t rows = 0;
	for (int i = 0; formats[i].name; i++, rows++) {
		assert_int_equal(format_find(formats[i].name), i);
		assert_true(formats[i].check || formats[i].effort);
		for (int effort = 0; effort <= 1; effort++) {
			struct options o;
			struct diag d = {{0}};
			int rc = parse(&o, &d, ARGS(effort ? "effort" : "check", "--format", formats[i].name, "."));
			if (format_written_by((enum format)i, effort)) {
				assert_int_equal(rc, 0);
				assert_int_equal(o.format, i);
				options_free(&o);
			} else {
				assert_int_equal(rc, -1);
				assert_non_null(strstr(d.msg, effort ? "`djasync effort` writes text, json, markdown or html"
								     : "`djasync check` writes text, json, sarif or github"));
				options_free(&o);
			}
		}
	}
	assert_int_equal(rows, FMT_HTML + 1);
	struct options o;
	struct diag d = {{0}};
	assert_int_equal(parse(&o, &d, ARGS("check", "--format", "yaml", ".")), -1);
	assert_non_null(strstr(d.msg, "unknown format 'yaml' (text, json, sarif, github; effort: text, json, markdown, html)"));
	options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_check_line),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_equals_forms_and_others),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_values),
		cmocka_unit_test(test_command_options),
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_rule_selection),
		cmocka_unit_test(test_help_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
