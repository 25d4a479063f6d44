/* test_dirfacts: the folder facts read before phase 2, on a tree made under mkdtemp(): import
 * depth through __init__.py folders (stopping at manage.py's folder, the source root), the app
 * folder (apps.py or models.py up to 4 levels), and that the questions never read the disk: a
 * folder that was not added, or that changed after it was, answers as it was read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirfacts.h"
#include "fixture.h"
#include "util.h"

static char tmpdir[] = "/tmp/djasync-test-dirfacts-XXXXXX";

static void touch(const char *rel)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	assert_int_equal(write_text(p, ""), 0);
	free(p);
}

static void dir(const char *rel)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

static void test_depth_and_app(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	/* proj/manage.py + proj/__init__.py (a source root all the same), proj/shop/catalog/ */
	dir("proj");
	dir("proj/shop");
	dir("proj/shop/catalog");
	dir("proj/shop/catalog/api");
	touch("proj/manage.py");
	touch("proj/__init__.py");
	touch("proj/shop/__init__.py");
	touch("proj/shop/catalog/__init__.py");
	touch("proj/shop/catalog/models.py");
	dir("proj/blog"); /* an app with apps.py and no models.py */
	touch("proj/blog/apps.py");
	char *blog = xasprintf("%s/proj/blog/views.py", tmpdir), *blog_dir = xasprintf("%s/proj/blog", tmpdir);
	dirfacts *bf = dirfacts_new();
	dirfacts_add(bf, blog);
	char *bgot = dirfacts_app_dir(bf, blog);
	assert_non_null(bgot);
	assert_string_equal(bgot, blog_dir);
	free(bgot);
	free(blog);
	free(blog_dir);
	dirfacts_free(bf);
	char *views = xasprintf("%s/proj/shop/catalog/api/views.py", tmpdir);
	char *init = xasprintf("%s/proj/shop/catalog/__init__.py", tmpdir);
	char *app = xasprintf("%s/proj/shop/catalog", tmpdir);
	dirfacts *df = dirfacts_new();
	dirfacts_add(df, views);
	dirfacts_add(df, init);
	/* api/ has no __init__.py: views is a top-level module of its folder */
	assert_int_equal(dirfacts_import_depth(df, views, 0), 1);
	/* catalog/__init__.py is the package catalog, inside shop: shop.catalog (proj stops it) */
	assert_int_equal(dirfacts_import_depth(df, init, 1), 2);
	char *got = dirfacts_app_dir(df, views);
	assert_non_null(got);
	assert_string_equal(got, app);
	free(got);
	/* after the facts were read, the disk changes: the answers do not */
	touch("proj/shop/catalog/api/__init__.py");
	assert_int_equal(dirfacts_import_depth(df, views, 0), 1);
	/* a folder never added counts as no package and no app, even when it is one on disk */
	char *other = xasprintf("%s/proj/shop/catalog/api/serializers.py", tmpdir);
	dirfacts *empty = dirfacts_new();
	assert_int_equal(dirfacts_import_depth(empty, other, 0), 1);
	assert_null(dirfacts_app_dir(empty, other));
	dirfacts_add(empty, other);
	assert_int_equal(dirfacts_import_depth(empty, other, 0), 4); /* api, catalog, shop */
	dirfacts_free(empty);
	dirfacts_free(df);
	dirfacts_free(NULL);
	free(other);
	free(views);
	free(init);
	free(app);
	assert_int_equal(remove_tree(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_and_app),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
