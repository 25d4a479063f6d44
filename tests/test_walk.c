/* test_walk: which files walk_collect() returns for a folder tree built under mkdtemp():
 * sorted order, skipped folders, --exclude globs, explicit files, fatal missing paths,
 * symbolic link loops and duplicate arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "findings.h"
#include "fixture.h"
#include "util.h"
#include "walk.h"


static char tmpdir[] = "/tmp/djasync-test-walk-XXXXXX";
static char *root; /* tmpdir/proj */

static char *at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void mk_dir(const char *rel)
{
	char *p = at(rel);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

static void mk_file(const char *rel)
{
	char *p = at(rel);
	assert_int_equal(write_text(p, "x = 1\n"), 0);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	root = xasprintf("%s/proj", tmpdir);
	if (mkdir(root, 0700) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(root);
	return remove_tree(tmpdir);
}

/* Removes everything under root between tests. */
static int clean_root(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s' && mkdir '%s'", root, root);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Asserts that `l` holds exactly the root-relative paths `want` (NULL-terminated), in order. */
static void expect_files(const struct file_list *l, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < l->len && i < n; i++) {
		char *p = at(want[i]);
		if (strcmp(l->paths[i], p) != 0)
			fail_msg("file %zu: got %s, want %s", i, l->paths[i], p);
		free(p);
	}
	if (l->len != n) {
		for (size_t i = 0; i < l->len; i++)
			print_message("  got: %s\n", l->paths[i]);
		fail_msg("got %zu files, want %zu", l->len, n);
	}
}

static void test_sorted_and_only_py(void **state)
{
	(void)state;
	mk_file("b.py");
	mk_file("a.py");
	mk_file("c.txt");
	mk_file("a.pyi");
	mk_dir("z");
	mk_file("z/d.py");
	mk_dir("m");
	mk_file("m/e.py");
	mk_dir("m/n");
	mk_file("m/n/f.py");
	mk_file("m_.py"); /* sorts after "m/..." by strcmp ('/' < '_') */
	const char *paths[] = {root};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 1, NULL, &l, &r), 0);
	static const char *const want[] = {"a.py", "b.py", "m/e.py", "m/n/f.py", "m_.py", "z/d.py", NULL};
	expect_files(&l, want);
	for (size_t i = 1; i < l.len; i++)
		assert_true(strcmp(l.paths[i - 1], l.paths[i]) < 0);
	assert_int_equal(r.n_errors, 0);
	file_list_free(&l);
	report_free(&r);
}

static void test_skipped_folders(void **state)
{
	(void)state;
	mk_file("keep.py");
	static const char *const skipped[] = {".git", "__pycache__", "node_modules", ".hidden",
					      "site-packages", "env", NULL};
	for (int i = 0; skipped[i]; i++) {
		mk_dir(skipped[i]);
		char *f = xasprintf("%s/x.py", skipped[i]);
		mk_file(f);
		free(f);
	}
	mk_file("env/pyvenv.cfg"); /* a virtualenv under any name */
	mk_dir("lib");
	mk_dir("lib/site-packages");
	mk_file("lib/site-packages/y.py");
	mk_file("lib/ok.py");
	mk_file(".hidden.py"); /* hidden files too */
	const char *paths[] = {root};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 1, NULL, &l, &r), 0);
	static const char *const want[] = {"keep.py", "lib/ok.py", NULL};
	expect_files(&l, want);
	assert_int_equal(r.n_errors, 0);
	file_list_free(&l);
	report_free(&r);
}

static void test_excludes(void **state)
{
	(void)state;
	mk_file("a.py");
	mk_file("a_test.py");
	mk_dir("migrations");
	mk_file("migrations/0001_initial.py");
	mk_dir("sub");
	mk_file("sub/s.py");
	mk_dir("sub/tests");
	mk_file("sub/tests/t.py");
	const char *const ex[] = {"migrations", "*/tests/*", "*_test.py"};
	struct walk_opts o = {.excludes = ex, .n_excludes = 3};
	const char *paths[] = {root};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 1, &o, &l, &r), 0);
	static const char *const want[] = {"a.py", "sub/s.py", NULL};
	expect_files(&l, want);
	file_list_free(&l);
	report_free(&r);
	/* the predicate itself: base name or whole path */
	assert_true(walk_excluded(&o, "x/migrations"));
	assert_true(walk_excluded(&o, "migrations"));
	assert_false(walk_excluded(&o, "x/migrations2"));
	assert_true(walk_excluded(&o, "p/tests/q.py"));
	assert_true(walk_excluded(&o, "deep/dir/foo_test.py"));
	assert_false(walk_excluded(&o, "deep/dir/foo_test.pyc"));
	assert_false(walk_excluded(NULL, "anything"));
	struct walk_opts none = {.excludes = NULL};
	assert_false(walk_excluded(&none, "migrations"));
}

static void test_explicit_file_taken(void **state)
{
	(void)state;
	mk_file("script");
	mk_file("notes.txt");
	char *p1 = at("script"), *p2 = at("notes.txt");
	const char *paths[] = {p1, p2};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 2, NULL, &l, &r), 0);
	static const char *const want[] = {"notes.txt", "script", NULL};
	expect_files(&l, want);
	assert_int_equal(r.n_errors, 0);
	file_list_free(&l);
	report_free(&r);
	free(p1);
	free(p2);
}

static void test_missing_path_fatal(void **state)
{
	(void)state;
	mk_file("a.py");
	char *missing = at("nope");
	const char *paths[] = {missing, root};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 2, NULL, &l, &r), 1);
	assert_int_equal(r.n_errors, 1);
	assert_string_equal(r.errors[0].path, missing);
	assert_int_equal(r.errors[0].fatal, 1);
	assert_true(r.errors[0].message[0] != 0);
	static const char *const want[] = {"a.py", NULL}; /* the other path is still walked */
	expect_files(&l, want);
	file_list_free(&l);
	report_free(&r);
	free(missing);
}

static void test_symlink_loop(void **state)
{
	(void)state;
	mk_file("a.py");
	mk_dir("sub");
	mk_file("sub/b.py");
	char *link = at("sub/loop");
	assert_int_equal(symlink("..", link), 0); /* sub/loop -> proj */
	char *broken = at("dangling.py");
	assert_int_equal(symlink("no-such-target.py", broken), 0);
	const char *paths[] = {root};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 1, NULL, &l, &r), 0); /* returns: not followed forever */
	static const char *const want[] = {"a.py", "sub/b.py", NULL};
	expect_files(&l, want);
	int loop_reported = 0, broken_reported = 0;
	for (size_t i = 0; i < r.n_errors; i++) {
		assert_int_equal(r.errors[i].fatal, 0);
		loop_reported += strcmp(r.errors[i].path, link) == 0;
		broken_reported += strcmp(r.errors[i].path, broken) == 0;
	}
	assert_int_equal(loop_reported, 1);
	assert_int_equal(broken_reported, 1);
	file_list_free(&l);
	report_free(&r);
	free(link);
	free(broken);
}

static void test_duplicate_arguments(void **state)
{
	(void)state;
	mk_file("a.py");
	mk_dir("sub");
	mk_file("sub/b.py");
	char *a = at("a.py");
	char *slash = xasprintf("%s/", root);
	const char *paths[] = {root, a, root, slash, a};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 5, NULL, &l, &r), 0);
	static const char *const want[] = {"a.py", "sub/b.py", NULL};
	expect_files(&l, want);
	file_list_free(&l);
	report_free(&r);
	free(a);
	free(slash);
}

/* Regression: the same folder named twice with different spellings (`djasync check p ./p`)
 * used to scan the files directly inside it twice, as "p/a.py" and "./p/a.py". */
static void test_same_folder_two_spellings(void **state)
{
	(void)state;
	mk_file("a.py");
	mk_dir("sub");
	mk_file("sub/b.py");
	char *dotted = xasprintf("%s/./proj", tmpdir); /* root, spelled differently */
	const char *paths[] = {root, dotted};
	struct file_list l = {0};
	struct report r = {0};
	assert_int_equal(walk_collect(paths, 2, NULL, &l, &r), 0);
	for (size_t i = 0; i < l.len; i++)
		print_message("  got: %s\n", l.paths[i]);
	assert_int_equal(l.len, 2); /* a.py and sub/b.py, once each */
	file_list_free(&l);
	report_free(&r);
	free(dotted);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sorted_and_only_py, clean_root),
		cmocka_unit_test_setup(test_skipped_folders, clean_root),
		cmocka_unit_test_setup(test_excludes, clean_root),
		cmocka_unit_test_setup(test_explicit_file_taken, clean_root),
		cmocka_unit_test_setup(test_missing_path_fatal, clean_root),
		cmocka_unit_test_setup(test_symlink_loop, clean_root),
		cmocka_unit_test_setup(test_duplicate_arguments, clean_root),
		cmocka_unit_test_setup(test_same_folder_two_spellings, clean_root),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
