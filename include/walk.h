/* walk: turns command-line paths into the sorted list of Python files to scan. Knows which
 * folders to skip (VCS, caches, virtualenvs, hidden ones) and the --exclude globs; reads no
 * file contents. */
#ifndef DJASYNC_WALK_H
#define DJASYNC_WALK_H

#include <stddef.h>

#include "findings.h"

struct walk_opts {
	const char *const *excludes; /* fnmatch globs, matched on the path relative to `root`, on
				      * the path as typed and on the base name */
	size_t n_excludes;
	const char *root, *cwd; /* real paths (path_below); NULL: paths as typed only */
	int no_gitignore;       /* --no-respect-gitignore: read what git ignores too */
};

struct file_list {
	char **paths; /* sorted by strcmp; owned */
	size_t len, cap;
};

/* Collects the .py files under `paths` (a file named on the command line is taken whatever its
 * name), leaving out what git ignores in the repository a folder belongs to (its .gitignore
 * files, nested ones, .git/info/exclude and core.excludesFile, read by libgit2) and what
 * `.ignore` files name, unless o->no_gitignore. Problems (missing path, unreadable folder, symlink loop) become report errors; a
 * missing command-line path is fatal. Returns the number of fatal errors. */
int walk_collect(const char *const *paths, size_t n_paths, const struct walk_opts *o,
		 struct file_list *out, struct report *r);
/* Nonzero when `path` matches one of the exclude globs. */
int walk_excluded(const struct walk_opts *o, const char *path);
/* Appends `path` (owned by the list from now on). */
void file_list_push(struct file_list *l, char *path);
/* Sorts the paths by strcmp (walk_collect's order). */
void file_list_sort(struct file_list *l);
void file_list_free(struct file_list *l);
/* Whether git tracks files inside folder `dir` (in the index of the repository it is in). */
int walk_git_tracks(const char *dir);

#endif
