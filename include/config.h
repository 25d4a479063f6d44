/* config: `[tool.djasync]` in pyproject.toml (found by walking up from the scanned path) or a
 * file named with --config, parsed with the tree-sitter TOML grammar. Unknown keys and wrong
 * types are errors that name file:line:col. */
#ifndef DJASYNC_CONFIG_H
#define DJASYNC_CONFIG_H

#include <stddef.h>

#include "util.h"

struct str_vec {
	char **items;
	size_t len, cap;
};

/* Rule selectors of one layer (the file's, then the command line's), as Ruff's: `select`
 * replaces the rules in force, `extend-select` adds, `ignore`/`extend-ignore` remove; within a
 * layer the most specific selector wins (DJA101 over DJA1), ignore on a tie. */
struct selection {
	struct str_vec select, extend_select, ignore, extend_ignore;
	int has_select; /* select was given (an empty list selects nothing) */
};

struct per_file_ignore {
	char *glob;
	struct str_vec codes;
};

struct extra_call {
	char *name;       /* qualified callee: "myapp.clients.fetch", "vendor.sdk.Client.get" */
	char *suggestion;
};

struct config {
	char *path; /* the file it came from; NULL when there is none */
	struct selection sel[2]; /* [0] the file's, [1] the command line's (--select ...) */
	struct str_vec exclude, async_roots, safe_calls;
	struct per_file_ignore *per_file;
	size_t n_per_file;
	struct extra_call *blocking;
	size_t n_blocking;
	char *django_version; /* NULL: not set */
	char *python_env;     /* as written (relative to the file's folder); NULL: not set */
	char **effort_keys;   /* [tool.djasync.effort]: cost model overrides */
	double *effort_values;
	size_t n_effort;
	int min_confidence;   /* -1: not set */
	int fail_on;          /* -1: not set */
	int respect_gitignore; /* -1: not set, else 0 / 1 */
};

/* The nearest configuration at or above `start` (a file or folder): in each folder, going up,
 * .djasync.toml, djasync.toml, then a pyproject.toml with a [tool.djasync] table; NULL when
 * none. Caller frees. */
char *config_find(const char *start);
/* Loads `path`: its [tool.djasync] table, or the whole document when the file has no such
 * table (a djasync.toml). 0, or -1 with d set to "file:line:col: ...". */
int config_load(const char *path, struct config *c, struct diag *d);
void config_free(struct config *c);
/* The project root: the folder of the configuration in use (`c->path`), else the nearest folder
 * at or above `start` holding .git, else the current folder ("."). Caller frees. */
char *config_project_root(const struct config *c, const char *start);

/* Whether rule `id` is enabled by the selections (prefix match: "DJA1" selects DJA1xx). */
int config_rule_enabled(const struct config *c, const char *id);
/* Adds the comma-separated selectors of `list` to `v`. 0, or -1 with d set ("what: unknown rule
 * code 'X' (did you mean 'DJA101'?)") when one selects no rule. */
int selection_add(struct str_vec *v, const char *list, const char *what, struct diag *d);
/* Adds copies of `from`'s selectors to `to` (an empty one: a copy). */
void selection_copy(struct selection *to, const struct selection *from);
void selection_free(struct selection *s);
/* Whether per-file-ignores silence rule `id` in `path`. */
int config_ignored_in(const struct config *c, const char *path, const char *id);

#endif
