/* test_apps: the project's Django apps and which app a file belongs to: AppConfig classes
 * (name, label), packages an ...APPS list names (directly, or by the dotted tail the import
 * root allows), and folders that only look like apps (a models.py of plain classes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apps.h"
#include "dirfacts.h"
#include "facts.h"
#include "index.h"
#include "source.h"
#include "util.h"

#include "fixture.h"

static const struct text_file files[] = {
	/* baserow's layout: manage.py inside the package, so "proj.shop" is imported as "shop" */
	{"proj/manage.py", ""},
	{"proj/__init__.py", ""},
	{"proj/settings.py", "LOCAL_APPS = [\"proj.shop\", \"blog\", \"django.contrib.auth\", \"missing\"]\n"
			     "INSTALLED_APPS = LOCAL_APPS + [\"rest_framework\"]\n"},
	{"proj/shop/__init__.py", ""},
	{"proj/shop/views.py", ""},
	{"proj/shop/api/__init__.py", ""},
	{"proj/shop/api/models.py", "class Payload:\n    pass\n"},
	{"proj/shop/api/views.py", ""},
	{"proj/billing/__init__.py", ""},
	{"proj/billing/apps.py", "from django.apps import AppConfig\n"
				 "\n"
				 "class BillingConfig(AppConfig):\n"
				 "    name = \"proj.billing\"\n"
				 "    label = \"payments\"\n"},
	{"proj/billing/views.py", ""},
	{"proj/blog/__init__.py", ""},
	{"proj/blog/views.py", ""},
	{"proj/tools/__init__.py", ""},
	{"proj/tools/models.py", "class Tool:\n    pass\n"},
	{"proj/tools/views.py", ""},
};
enum { N_FILES = sizeof files / sizeof *files };

static char scratch[] = "/tmp/djasync-test-apps-XXXXXX";
static char home[4096];

static int setup(void **state)
{
	(void)state;
	static const char *const dirs[] = {"proj", "proj/shop", "proj/shop/api", "proj/billing", "proj/blog", "proj/tools"};
	return scratch_enter(scratch, home, sizeof home, dirs, sizeof dirs / sizeof *dirs, files, N_FILES);
}

static int teardown(void **state)
{
	(void)state;
	return scratch_leave(scratch, home);
}

static void test_apps_of_files(void **state)
{
	(void)state;
	struct summary *sums[N_FILES];
	dirfacts *df = summarize_files(files, N_FILES, sums);
	assert_non_null(df);
	djindex *ix = index_build(sums, N_FILES, df);
	app_table *t = apps_read(ix, sums, N_FILES);
	/* shop (its list entry, by folder), blog (its entry, by import name), billing (its AppConfig) */
	assert_int_equal(apps_count(t), 3);
	assert_string_equal(apps_label_of(t, "proj/blog/views.py"), "blog");
	assert_string_equal(apps_label_of(t, "proj/shop/views.py"), "shop");
	assert_string_equal(apps_label_of(t, "proj/shop/api/views.py"), "shop"); /* api/ is no app */
	assert_string_equal(apps_label_of(t, "proj/billing/views.py"), "payments");
	assert_null(apps_label_of(t, "proj/tools/views.py")); /* a models.py, in no app list */
	assert_null(apps_label_of(t, "proj/settings.py"));
	assert_null(apps_label_of(t, "proj/shopping/views.py")); /* a prefix of the name, not the folder */
	apps_free(t);
	index_free(ix);
	dirfacts_free(df);
	for (int i = 0; i < N_FILES; i++)
		summary_free(sums[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_apps_of_files)};
	return cmocka_run_group_tests(tests, setup, teardown);
}
