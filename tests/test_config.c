/* test_config: every [tool.djasync] key read into struct config (rule selection as Ruff's:
 * select replaces, extend-select adds, ignore and extend-ignore remove, the most specific
 * selector wins), per-file-ignores, and every kind of error located at file:line:col. The
 * files are written under mkdtemp(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "findings.h"
#include "fixture.h"
#include "util.h"

static char tmpdir[] = "/tmp/djasync-test-config-XXXXXX";

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

/* Loads `text` as a djasync.toml: config_load's status; d gets the error. */
static int load(const char *text, struct config *c, struct diag *d)
{
	char *p = xasprintf("%s/djasync.toml", tmpdir);
	assert_int_equal(write_text(p, text), 0);
	*c = (struct config){0};
	int rc = config_load(p, c, d);
	free(p);
	return rc;
}

static void expect_rules(const char *text, const char *on, const char *off)
{
	struct config c;
	struct diag d = {{0}};
	if (load(text, &c, &d) != 0)
		fail_msg("%s: %s", text, d.msg);
	char *list = xstrdup(on);
	for (char *id = strtok(list, " "); id; id = strtok(NULL, " "))
		if (!config_rule_enabled(&c, id))
			fail_msg("%s: %s should be enabled", text, id);
	free(list);
	list = xstrdup(off);
	for (char *id = strtok(list, " "); id; id = strtok(NULL, " "))
		if (config_rule_enabled(&c, id))
			fail_msg("%s: %s should be disabled", text, id);
	free(list);
	config_free(&c);
}

static void test_selection(void **state)
{
	(void)state;
	expect_rules("", "DJA101 DJA301 DJA501", "");
	expect_rules("select = [\"DJA1\"]\n", "DJA101 DJA105", "DJA301 DJA501");
	expect_rules("select = [\"DJA1\"]\nextend-select = [\"DJA3\"]\n", "DJA101 DJA301", "DJA501");
	expect_rules("select = [\"DJA1\"]\nextend-ignore = [\"DJA101\"]\n", "DJA102", "DJA101 DJA301");
	expect_rules("ignore = [\"DJA3\"]\n", "DJA101 DJA501", "DJA301 DJA303");
	expect_rules("extend-ignore = [\"DJA3\", \"DJA501\"]\n", "DJA101", "DJA301 DJA501");
	expect_rules("select = [\"DJA101\"]\nignore = [\"DJA1\"]\n", "DJA101", "DJA102"); /* most specific */
	expect_rules("select = []\n", "", "DJA101 DJA301");
}

static void test_values(void **state)
{
	(void)state;
	struct config c;
	struct diag d = {{0}};
	int rc = load("exclude = [\"migrations/\", \"*_pb2.py\"]\n"
		      "django-version = \"4.2\"\n"
		      "min-confidence = \"low\"\n"
		      "fail-on = \"error\"\n"
		      "respect-gitignore = false\n"
		      "python-env = \".venv\"\n"
		      "async-roots = [\"app.consumers.*\"]\n"
		      "safe-calls = [\"app.util.fast\"]\n"
		      "per-file-ignores = { \"tests/*.py\" = [\"DJA301\"] }\n"
		      "blocking-calls = { \"app.clients.fetch\" = \"use aclient.fetch\" }\n"
		      "\n[effort]\nwrap = 20\n",
		      &c, &d);
	if (rc != 0)
		fail_msg("%s", d.msg);
	assert_int_equal(c.exclude.len, 2);
	assert_string_equal(c.exclude.items[1], "*_pb2.py");
	assert_string_equal(c.django_version, "4.2");
	assert_int_equal(c.min_confidence, CONF_LOW);
	assert_int_equal(c.fail_on, SEV_ERROR);
	assert_int_equal(c.respect_gitignore, 0);
	assert_string_equal(c.python_env, ".venv");
	assert_int_equal(c.async_roots.len, 1);
	assert_string_equal(c.safe_calls.items[0], "app.util.fast");
	assert_int_equal(c.n_blocking, 1);
	assert_string_equal(c.blocking[0].name, "app.clients.fetch");
	assert_string_equal(c.blocking[0].suggestion, "use aclient.fetch");
	assert_int_equal(c.n_effort, 1);
	assert_string_equal(c.effort_keys[0], "wrap");
	assert_true(c.effort_values[0] == 20);
	assert_int_equal(c.n_per_file, 1);
	assert_true(config_ignored_in(&c, "tests/test_a.py", "DJA301"));
	assert_false(config_ignored_in(&c, "tests/test_a.py", "DJA101"));
	assert_false(config_ignored_in(&c, "app/a.py", "DJA301"));
	config_free(&c);
}

static void expect_error(const char *text, const char *where, const char *msg)
{
	struct config c;
	struct diag d = {{0}};
	if (load(text, &c, &d) == 0)
		fail_msg("%s: accepted", text);
	if (!strstr(d.msg, where) || !strstr(d.msg, msg))
		fail_msg("%s: got \"%s\", want \"%s\" and \"%s\"", text, d.msg, where, msg);
	config_free(&c);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("selekt = [\"DJA1\"]\n", "djasync.toml:1:1:", "unknown key 'selekt'");
	expect_error("select = \"DJA1\"\n", "djasync.toml:1:10:", "select");
	expect_error("ignore = [\"DJA9\"]\n", "djasync.toml:1:11:", "unknown rule code 'DJA9'");
	expect_error("extend-ignore = [\"DJA1O1\"]\n", ":1:18:", "did you mean 'DJA101'?");
	expect_error("django-version = \"four\"\n", ":1:18:", "must look like \"4.2\"");
	expect_error("min-confidence = \"sure\"\n", ":1:18:", "\"low\", \"medium\" or \"high\"");
	expect_error("fail-on = \"fatal\"\n", ":1:11:", "\"info\", \"warning\" or \"error\"");
	expect_error("respect-gitignore = \"no\"\n", ":1:21:", "true or false");
	expect_error("per-file-ignores = [\"x\"]\n", ":1:20:", "must be a table");
	expect_error("select = [\"DJA1\"\n", "djasync.toml:", "invalid TOML");
	expect_error("select = []\n\n[efort]\nwrap = 1\n", ":3:1:", "unknown table [efort]");
	expect_error("[tool.djasync]\n[tool.djasync.efort]\n", ":2:1:", "unknown table [tool.djasync.efort]");
	expect_error("[effort]\nwrapp = 1\n", ":2:1:", "wrapp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
