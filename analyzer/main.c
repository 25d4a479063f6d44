/* main: options -> configuration -> the command's row -> exit status. The commands themselves
 * are in commands.c and check.c; this file decides only what every command needs first: the
 * project's configuration applied to the options (flags win), and the Python environment. */
#include "cache.h"
#include "commands.h"
#include "config.h"
#include "env.h"
#include "options.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Settings from the configuration, where no flag already decided. */
static void apply_config(struct options *o, const struct config *c)
{
	if (c->django_version && !o->django_version_given) {
		int v = django_version_parse(c->django_version);
		if (v > 0) {
			o->django_version = c->django_version;
			o->django_version_given = 2; /* from the configuration */
			o->scan.engine.django_version = v;
		}
	}
	if (c->min_confidence >= 0 && !o->min_confidence_given)
		o->scan.engine.min_confidence = (enum confidence)c->min_confidence;
	if (c->fail_on >= 0 && !o->fail_on_given)
		o->fail_on = c->fail_on;
	if (c->respect_gitignore == 0 && !o->no_gitignore_given)
		o->scan.walk.no_gitignore = 1;
	for (size_t i = 0; i < c->exclude.len; i++) {
		o->excludes = xrealloc(o->excludes, (o->n_excludes + 1) * sizeof *o->excludes);
		o->excludes[o->n_excludes++] = c->exclude.items[i];
	}
	o->scan.walk.excludes = o->excludes;
	o->scan.walk.n_excludes = o->n_excludes;
	o->extra_names = xcalloc(c->n_blocking + 1, sizeof *o->extra_names);
	o->extra_fixes = xcalloc(c->n_blocking + 1, sizeof *o->extra_fixes);
	for (size_t i = 0; i < c->n_blocking; i++) {
		o->extra_names[i] = c->blocking[i].name;
		o->extra_fixes[i] = c->blocking[i].suggestion;
	}
	o->scan.engine.extra_names = o->extra_names;
	o->scan.engine.extra_fixes = o->extra_fixes;
	o->scan.engine.n_extra = c->n_blocking;
	o->scan.engine.safe_calls = (const char *const *)c->safe_calls.items;
	o->scan.engine.n_safe = c->safe_calls.len;
	o->scan.engine.async_roots = (const char *const *)c->async_roots.items;
	o->scan.engine.n_roots = c->async_roots.len;
}

/* The installed environment to follow calls into (env.h): --python-env, else the config's
 * python-env (relative to its file), else one discovered at the project root (the config
 * file's folder, else the first path). 0, or -1 with d set when a named one is not there. */
static int resolve_python_env(struct options *o, const struct config *c, struct diag *d)
{
	if (o->no_python_env)
		return 0;
	char *given = NULL;
	if (o->python_env) {
		given = xstrdup(o->python_env);
	} else if (c->python_env) {
		const char *slash = c->path ? strrchr(c->path, '/') : NULL;
		given = c->python_env[0] == '/' || !slash
				? xstrdup(c->python_env)
				: xasprintf("%.*s/%s", (int)(slash - c->path), c->path, c->python_env);
	}
	if (given) {
		o->python_env_owned = env_site_packages(given);
		if (!o->python_env_owned) {
			diag_set(d, "%s: python-env '%s' is not a folder", o->python_env ? "--python-env" : c->path, given);
			free(given);
			return -1;
		}
		free(given);
	} else {
		char *root = NULL;
		const char *slash = c->path ? strrchr(c->path, '/') : NULL;
		if (slash)
			root = xstrndup(c->path, (size_t)(slash - c->path));
		else if (!c->path && o->n_paths)
			root = xstrdup(o->paths[0]);
		o->python_env_owned = env_discover(root ? root : ".");
		free(root);
	}
	o->scan.python_env = o->python_env_owned;
	return 0;
}


/* Finds, loads and applies the configuration for `o`'s first path into `cfg`, and the project
 * root and Python environment with it. 0, or -1 with d set. */
static int configure(struct options *o, struct config *cfg, struct diag *d)
{
	const char *start = o->stdin_filename ? o->stdin_filename : o->n_paths ? o->paths[0] : ".";
	char *found = o->config_file ? NULL : config_find(start);
	const char *file = o->config_file ? o->config_file : found;
	int rc = file ? config_load(file, cfg, d) : 0;
	free(found);
	if (rc != 0)
		return -1;
	apply_config(o, cfg);
	if (o->cmd != CMD_SERVER) { /* the server's root is its first file's */
		char *root = config_project_root(cfg, start);
		if (o->scan.cache_at_root)
			o->scan.cache_dir = o->cache_dir_owned = cache_default_dir(root);
		char real[PATH_MAX];
		o->root_real = realpath(root, real) ? xstrdup(real) : NULL;
		o->cwd_real = getcwd(real, sizeof real) ? xstrdup(real) : NULL;
		o->scan.walk.root = o->root_real;
		o->scan.walk.cwd = o->cwd_real;
		free(root);
	}
	return resolve_python_env(o, cfg, d);
}

int main(int argc, char **argv)
{
	struct options o;
	struct diag d = {{0}};
	struct config cfg = {.min_confidence = -1, .fail_on = -1, .respect_gitignore = -1};
	int rc = EXIT_ERROR;
	if (options_parse(&o, argc, argv, &d) != 0) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		goto out;
	}
	int help = o.rule_id && strcmp(o.rule_id, "--help") == 0; /* `djasync CMD --help` */
	const struct command_row *row = command_find(o.cmd);
	if (row->needs_config && !help && configure(&o, &cfg, &d) != 0) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		if (o.cmd != CMD_SERVER)
			goto out;
		/* the server keeps serving: the file's own diagnostic says what is wrong (server.c) */
		config_free(&cfg);
		cfg = (struct config){.min_confidence = -1, .fail_on = -1, .respect_gitignore = -1};
	}
	cfg.sel[1] = o.sel; /* the command line's selectors: the last layer */
	memset(&o.sel, 0, sizeof o.sel);
	o.config = &cfg; /* select / ignore / per-file-ignores filter the findings after the scan */
	if (help) {
		fputs(options_help(o.cmd), stdout);
		rc = EXIT_CLEAN;
	} else {
		rc = row->run(&o);
	}
out:
	options_free(&o);
	config_free(&cfg);
	return rc;
}
