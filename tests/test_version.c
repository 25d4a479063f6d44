/* test_version: the Django version read from each kind of dependency file (ranges give their
 * lowest allowed version; upper bounds, exclusions, prose and other packages give nothing), and
 * version_detect() over a folder tree made under mkdtemp() (a lock file wins over a range in
 * the same folder; the nearest folder wins). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "util.h"
#include "version.h"

static const struct {
	const char *file, *text;
	int version, line;
} cases[] = {
	{"requirements.txt", "requests==2.31\nDjango==4.2.7\n", 402, 2},
	{"requirements.txt", "django>=4.1,<5.0\n", 401, 1},
	{"requirements.txt", "django<5.0,>=3.2\n", 302, 1}, /* the upper bound is skipped */
	{"requirements.txt", "django!=4.0,>=4.1\n", 401, 1},
	{"requirements.txt", "django~=5.0.3\n", 500, 1},
	{"requirements.txt", "django[argon2]>=4.2\n", 402, 1},
	{"requirements.txt", "django<5\n", -1, 0},            /* only an upper bound */
	{"requirements.txt", "# django==1.11\n", -1, 0},      /* a comment */
	{"requirements.txt", "django-filter==23.1\ndjangorestframework==3.14\n", -1, 0},
	{"README.txt", "Runs on Django 4.2 LTS\n", -1, 0},     /* prose */
	{"pyproject.toml", "[tool.poetry.dependencies]\ndjango = \"^4.2\"\n", 402, 2},
	{"pyproject.toml", "[tool.poetry.dependencies]\ndjango = { version = \">=3.2\", optional = true }\n", 302, 2},
	{"pyproject.toml", "dependencies = [\n  \"Django>=5.1\",\n]\n", 501, 2},
	{"setup.py", "install_requires=['Django>=3.2,<4']\n", 302, 1},
	{"poetry.lock", "[[package]]\nname = \"django-filter\"\nversion = \"23.1\"\n\n[[package]]\nname = \"django\"\nversion = \"4.2.7\"\n",
	 402, 7},
	{"uv.lock", "[[package]]\nname = \"Django\"\nversion = \"5.0.1\"\n", 500, 3},
};

static void test_from_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int line = 0;
		int v = version_from_text(cases[i].file, cases[i].text, &line);
		if (v != cases[i].version || (v >= 0 && line != cases[i].line))
			fail_msg("%s: %s: got %d at line %d, want %d at line %d", cases[i].file, cases[i].text, v, line,
				 cases[i].version, cases[i].line);
	}
}

static char tmpdir[] = "/tmp/djasync-test-version-XXXXXX";

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	assert_int_equal(write_text(p, text), 0);
	free(p);
}

static void test_detect(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	char *app = xasprintf("%s/app", tmpdir);
	assert_int_equal(mkdir(app, 0700), 0);
	put(".git", ""); /* the repository root: the search stops here */
	put("requirements.txt", "django>=3.2\n");
	put("poetry.lock", "[[package]]\nname = \"django\"\nversion = \"4.1.3\"\n");
	const char *paths[] = {app};
	struct detected_version v = version_detect(paths, 1);
	assert_int_equal(v.version, 401); /* the lock file wins over the range beside it */
	assert_non_null(strstr(v.source, "poetry.lock:3"));
	version_free(&v);
	put("app/requirements.txt", "Django==5.0\n"); /* nearer */
	v = version_detect(paths, 1);
	assert_int_equal(v.version, 500);
	assert_non_null(strstr(v.source, "app/requirements.txt:1"));
	assert_string_equal(v.text, "5.0");
	version_free(&v);
	free(app);
	assert_int_equal(remove_tree(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
