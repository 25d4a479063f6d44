/* main: the only place that prints to the terminal or exits. Parses options, dispatches the
 * subcommand and maps the outcome to the exit status (0 clean, 1 findings, 2 error). */
#include "baseline.h"
#include "cache.h"
#include "config.h"
#include "env.h"
#include "diff.h"
#include "effort.h"
#include "options.h"
#include "output.h"
#include "rules.h"
#include "scan.h"
#include "server.h"
#include "version.h"
#include "walk.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

static void print_rule_line(const struct rule *r, void *arg)
{
	(void)arg;
	printf("%s  %-8s %-36s %s\n", r->id, severity_name(r->severity), r->slug, r->summary);
}

static int cmd_rule(const char *id)
{
	const struct rule *r = rule_find(id);
	if (!r) {
		fprintf(stderr, "djasync: no rule '%s' (djasync rules lists them)\n", id);
		return EXIT_ERROR;
	}
	printf("%s %s (%s, family %s)\n\n%s\n", r->id, r->slug, severity_name(r->severity), r->family,
	       r->summary);
	printf("\n%s", r->doc);
	return EXIT_CLEAN;
}

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

/* A scan error on stderr, the path and message escaped (a file name may hold a newline). */
static void print_scan_error(const struct scan_error *e)
{
	char *p = text_safe(e->path), *m = text_safe(e->message);
	fprintf(stderr, "djasync: %s: %s\n", p, m);
	free(p);
	free(m);
}

static int config_keeps(const struct finding *f, void *arg)
{
	const struct config *c = arg;
	return config_rule_enabled(c, f->id) && !config_ignored_in(c, f->path, f->id);
}

/* Per-file configuration (as Ruff's): each finding is filtered by the rule selection and the
 * per-file-ignores of the configuration nearest its file; the first path's (or --config's)
 * decides everything else. Loaded once per file, looked up once per folder. */
struct file_configs {
	const struct options *o;
	const struct config *main; /* o->config */
	char *main_real;           /* its file, a real path */
	struct strmap by_dir;      /* folder (real) -> index into cfgs, -1 for the main one */
	VEC(char *) keys;          /* by_dir's keys (owned) */
	VEC(struct config *) cfgs;
	VEC(char *) dirs;          /* cfgs[i]'s folder, a real path */
	int failed;
};

static int nearest_config(struct file_configs *fc, const char *dir)
{
	int64_t i = strmap_get(&fc->by_dir, dir, -2);
	if (i != -2)
		return (int)i;
	char *found = config_find(dir);
	char real[PATH_MAX];
	int idx = -1;
	if (found && realpath(found, real) && !(fc->main_real && strcmp(real, fc->main_real) == 0)) {
		for (size_t k = 0; k < fc->cfgs.len && idx < 0; k++)
			if (strcmp(fc->cfgs.items[k]->path, real) == 0)
				idx = (int)k;
		if (idx < 0) {
			struct config *c = xcalloc(1, sizeof *c);
			struct diag d = {{0}};
			if (config_load(real, c, &d) != 0) {
				fprintf(stderr, "djasync: %s\n", d.msg);
				fc->failed = 1;
				free(c);
			} else {
				free(c->path);
				c->path = xstrdup(real);
				selection_copy(&c->sel[1], &fc->main->sel[1]); /* the command line's, last */
				VEC_PUSH(fc->cfgs, c);
				char *cdir = xstrdup(real);
				*strrchr(cdir, '/') = 0;
				VEC_PUSH(fc->dirs, cdir);
				idx = (int)fc->cfgs.len - 1;
			}
		}
	}
	free(found);
	char *key = xstrdup(dir);
	VEC_PUSH(fc->keys, key);
	strmap_set(&fc->by_dir, key, idx);
	return idx;
}

static int file_config_keeps(const struct finding *f, void *arg)
{
	struct file_configs *fc = arg;
	const struct options *o = fc->o;
	char *abs = f->path[0] == '/' ? xstrdup(f->path) : xasprintf("%s/%s", o->root_real, f->path);
	char *slash = strrchr(abs, '/');
	if (slash)
		*slash = 0;
	int i = nearest_config(fc, abs);
	int keep;
	if (i < 0) {
		keep = config_keeps(f, (void *)fc->main);
	} else {
		if (slash)
			*slash = '/';
		char *rel = path_below(abs, fc->dirs.items[i], "/"); /* patterns: relative to their file */
		const struct config *c = fc->cfgs.items[i];
		keep = config_rule_enabled(c, f->id) && !config_ignored_in(c, rel ? rel : f->path, f->id);
		free(rel);
	}
	free(abs);
	return keep;
}

static void filter_by_configs(const struct options *o, struct report *r, int *fatal)
{
	if (o->config_file || !o->root_real) { /* --config: one configuration for every file */
		report_filter(r, config_keeps, (void *)o->config, 0);
		return;
	}
	struct file_configs fc = {.o = o, .main = o->config};
	char real[PATH_MAX];
	if (o->config->path && realpath(o->config->path, real))
		fc.main_real = xstrdup(real);
	report_filter(r, file_config_keeps, &fc, 0);
	*fatal |= fc.failed;
	for (size_t i = 0; i < fc.cfgs.len; i++) {
		config_free(fc.cfgs.items[i]);
		free(fc.cfgs.items[i]);
		free(fc.dirs.items[i]);
	}
	VEC_FREE(fc.cfgs);
	VEC_FREE(fc.dirs);
	for (size_t i = 0; i < fc.keys.len; i++)
		free(fc.keys.items[i]);
	VEC_FREE(fc.keys);
	strmap_free(&fc.by_dir);
	free(fc.main_real);
}

static int use_color(const struct options *o)
{
	if (o->color == COLOR_ALWAYS)
		return 1;
	if (o->color == COLOR_NEVER)
		return 0;
	const char *nc = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(nc && nc[0]);
}

/* A progress line on stderr, only on a terminal and only once a scan has run for a second. */
struct progress {
	pthread_mutex_t lock;
	struct timespec start, last;
	int shown;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void on_progress(size_t done, size_t total, void *arg)
{
	struct progress *pr = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&pr->lock);
	if (done > total) {
		if (pr->shown)
			fputs("\r\033[K", stderr);
		pr->shown = 0;
	} else if (since(&pr->start, &now) >= 1.0 && (!pr->shown || since(&pr->last, &now) >= 0.1)) {
		fprintf(stderr, "\r\033[Kdjasync: %zu/%zu files analyzed", done, total);
		pr->shown = 1;
		pr->last = now;
	}
	pthread_mutex_unlock(&pr->lock);
}

static void print_stats(const struct scan_stats *st)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	char lib[96] = "";
	if (st->library_packages)
		snprintf(lib, sizeof lib, " (%zu of them from %zu installed packages)", st->library_files,
			 st->library_packages);
	fprintf(stderr,
		"djasync: stats: %zu files%s, %.1f MB; walk %.3fs; phase 1 %.3fs wall (parse %.3fs + "
		"facts %.3fs, summed over threads); phase 2 %.3fs%s (index %.3fs, rules %.3fs, of which "
		"%zu files summarized in full on demand %.3fs); total %.3fs; summaries %.1f MB; cache hits "
		"%zu; peak RSS %.1f MB\n",
		st->files, lib, (double)st->bytes / 1e6, st->walk, st->phase1_wall, st->parse, st->extract,
		st->index + st->engine, st->replayed ? " replayed from the cache" : "", st->index, st->engine,
		st->deepened, st->deepen, st->total,
		(double)st->summary_bytes / 1e6, st->cache_hits, (double)ru.ru_maxrss / 1024.0);
}

struct wanted {
	char **paths; /* relative to the project root, as the findings are */
	size_t n;
};

/* A finding in one of the wanted files, or below a wanted folder. */
static int in_wanted(const struct finding *f, void *arg)
{
	const struct wanted *w = arg;
	for (size_t i = 0; i < w->n; i++) {
		size_t len = strlen(w->paths[i]);
		if (strcmp(w->paths[i], ".") == 0 ||
		    (strncmp(f->path, w->paths[i], len) == 0 && (f->path[len] == 0 || f->path[len] == '/')))
			return 1;
	}
	return 0;
}

/* --context: only the findings of the PATHs named. */
static void keep_only_paths(const struct options *o, struct report *r)
{
	struct wanted w = {xcalloc(o->n_paths, sizeof *w.paths), 0};
	for (size_t i = 0; i < o->n_paths; i++) {
		char *rel = o->root_real && o->cwd_real ? path_below(o->paths[i], o->root_real, o->cwd_real) : NULL;
		w.paths[w.n++] = rel ? rel : xstrdup(o->paths[i]);
	}
	report_filter(r, in_wanted, &w, 0);
	for (size_t i = 0; i < w.n; i++)
		free(w.paths[i]);
	free(w.paths);
}

static const char *const *scan_paths(const struct options *o, size_t *n)
{
	static const char *const dot[] = {"."};
	*n = o->n_paths ? o->n_paths : 1;
	return o->n_paths ? o->paths : dot;
}

/* The Django version suggestions target: --django-version (or the configuration's), else the
 * dependency files of `paths` (*dv, freed by the caller). Its text and where it came from go
 * to *text and *from; returns the version to set in the engine, or -1 to keep the options'. */
static int target_version(const struct options *o, const char *const *paths, size_t n, struct detected_version *dv,
			  const char **text, const char **from)
{
	*text = o->django_version;
	*from = "default";
	if (o->django_version_given) {
		*from = o->django_version_given == 2 && o->config && o->config->path ? o->config->path : "--django-version";
		return -1;
	}
	*dv = version_detect(paths, n);
	if (dv->version < 0)
		return -1;
	*text = dv->text;
	*from = dv->source;
	return dv->version;
}

/* Scans the command line's paths into `r`; the version used goes to *ver_text / *ver_from
 * (strings owned by `dv`, the options or static). Returns 0, or EXIT_ERROR. */
static int run_scan(const struct options *o, const diff *df, struct report *r, struct detected_version *dv,
		    const char **ver_text, const char **ver_from, int *fatal)
{
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	if (o->context) { /* the project is scanned; the PATHs only choose what is reported */
		paths = &o->context;
		n = 1;
	}
	struct diag d = {{0}};
	struct scan_stats st;
	struct scan_opts so = o->scan;
	char *root = NULL, *text = NULL;
	const char *root_paths[1];
	if (o->stdin_filename) {
		text = read_stream(stdin, &so.stdin_len, NULL);
		so.stdin_text = text;
		so.stdin_path = o->stdin_filename;
		if (!o->n_paths) {
			root = server_project_root(o->stdin_filename);
			root_paths[0] = root;
			paths = root_paths;
			n = 1;
		}
	}
	int ver = target_version(o, paths, n, dv, ver_text, ver_from);
	if (ver >= 0)
		so.engine.django_version = ver;
	struct progress pr = {.lock = PTHREAD_MUTEX_INITIALIZER};
	clock_gettime(CLOCK_MONOTONIC, &pr.start);
	if (isatty(STDERR_FILENO)) {
		so.progress = on_progress;
		so.progress_arg = &pr;
	}
	int rc = scan_run_stats(paths, n, &so, r, &d, &st);
	free(text);
	free(root);
	if (rc != 0) {
		fprintf(stderr, "djasync: internal error: %s\n", d.msg);
		return EXIT_ERROR;
	}
	if (df)
		diff_filter(df, r); /* on the paths as scanned: git is asked about them */
	if (o->root_real && o->cwd_real) {
		/* every path relative to the project root, whatever was typed and wherever djasync
		 * runs: baselines, per-file-ignores and reports agree */
		report_relativize(r, o->root_real, o->cwd_real);
		report_sort(r);
		report_fingerprint(r);
	}
	if (o->context && o->n_paths)
		keep_only_paths(o, r);
	*fatal = 0;
	if (o->config)
		filter_by_configs(o, r, fatal);
	for (size_t i = 0; i < r->n_errors; i++) {
		print_scan_error(&r->errors[i]);
		*fatal |= r->errors[i].fatal;
	}
	if (o->stats)
		print_stats(&st);
	return 0;
}

struct rule_count {
	const struct rule *rule;
	size_t n;
};

static int by_count(const void *a, const void *b)
{
	const struct rule_count *x = a, *y = b;
	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->rule->id, y->rule->id);
}

/* --statistics: one line per rule with findings, most frequent first (as Ruff's). */
static void statistics(struct strbuf *b, const struct report *r)
{
	struct rule_count *c = xcalloc(r->n_findings + 1, sizeof *c);
	size_t n = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		size_t k = 0;
		while (k < n && strcmp(c[k].rule->id, r->findings[i].id) != 0)
			k++;
		if (k == n)
			c[n++].rule = rule_find(r->findings[i].id);
		c[k].n++;
	}
	qsort(c, n, sizeof *c, by_count);
	for (size_t k = 0; k < n; k++)
		sb_printf(b, "%5zu\t%s\t%s\n", c[k].n, c[k].rule->id, c[k].rule->slug);
	free(c);
}

/* --show-files: the files a scan would read, one per line. */
static int show_files(const struct options *o)
{
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct file_list files = {0};
	struct report r = {0};
	int fatal = walk_collect(paths, n, &o->scan.walk, &files, &r);
	for (size_t i = 0; i < r.n_errors; i++)
		print_scan_error(&r.errors[i]);
	for (size_t i = 0; i < files.len; i++) {
		char *p = text_safe(files.paths[i]);
		puts(p);
		free(p);
	}
	file_list_free(&files);
	report_free(&r);
	return fatal ? EXIT_ERROR : EXIT_CLEAN;
}

static void print_list(const char *key, const struct str_vec *v)
{
	printf("%s = [", key);
	for (size_t i = 0; i < v->len; i++)
		printf("%s\"%s\"", i ? ", " : "", v->items[i]);
	puts("]");
}

static void print_enabled(const struct rule *r, void *arg)
{
	if (config_rule_enabled(arg, r->id))
		printf("    \"%s\",  # %s\n", r->id, r->slug);
}

/* --show-settings: the settings in force after the configuration and the flags, as TOML. */
static int show_settings(const struct options *o)
{
	const struct config *c = o->config;
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct detected_version dv = {.version = -1};
	const char *ver, *from;
	target_version(o, paths, n, &dv, &ver, &from);
	static const char *const conf[] = {"low", "medium", "high"};
	static const char *const sev[] = {"info", "warning", "error"};
	printf("# djasync %s settings for", DJASYNC_VERSION);
	for (size_t i = 0; i < n; i++)
		printf(" %s", paths[i]);
	printf("\n# configuration: %s\n", c->path ? c->path : "(none: defaults and flags)");
	printf("django-version = \"%s\"  # from %s\n", ver, from);
	printf("min-confidence = \"%s\"\n", conf[o->scan.engine.min_confidence]);
	printf("fail-on = \"%s\"\n", sev[o->fail_on]);
	printf("python-env = \"%s\"\n", o->scan.python_env ? o->scan.python_env : "");
	printf("cache-dir = \"%s\"\n", o->scan.cache_dir ? o->scan.cache_dir : "");
	printf("max-depth = %d\nfollow = %s\n", o->scan.engine.max_depth, o->scan.engine.no_follow ? "false" : "true");
	printf("exclude = [");
	for (size_t i = 0; i < o->n_excludes; i++)
		printf("%s\"%s\"", i ? ", " : "", o->excludes[i]);
	puts("]");
	print_list("async-roots", &c->async_roots);
	print_list("safe-calls", &c->safe_calls);
	for (size_t i = 0; i < c->n_per_file; i++) {
		char *k = xasprintf("per-file-ignores.\"%s\"", c->per_file[i].glob);
		print_list(k, &c->per_file[i].codes);
		free(k);
	}
	puts("enabled-rules = [");
	rules_each(print_enabled, (void *)c);
	puts("]");
	version_free(&dv);
	return EXIT_CLEAN;
}

static int cmd_check(const struct options *o)
{
	struct report r = {0};
	struct detected_version dv = {.version = -1};
	const char *ver_text, *ver_from;
	int fatal = 0, rc = EXIT_CLEAN;
	diff *df = NULL;
	struct diag d = {{0}};
	if (o->diff_rev && !(df = diff_load(o->diff_rev, &d))) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		return EXIT_ERROR;
	}
	if (run_scan(o, df, &r, &dv, &ver_text, &ver_from, &fatal) != 0) {
		rc = EXIT_ERROR;
		goto out;
	}
	if (o->baseline && baseline_apply(o->baseline, &r, &d) != 0) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		rc = EXIT_ERROR;
		goto out;
	}
	struct out_opts oo = {.color = use_color(o) && !o->output_file, .django_version = ver_text,
			      .django_version_from = ver_from, .show_suppressed = o->show_suppressed,
			      .quiet = o->quiet};
	struct strbuf b = {0};
	if (o->statistics)
		statistics(&b, &r);
	else
		formats[o->format].check(&b, &r, &oo);
	if (o->output_file) {
		if (write_file_atomic(o->output_file, sb_str(&b), b.len) != 0) {
			fprintf(stderr, "djasync: %s: cannot write: %s\n", o->output_file, io_strerror());
			fatal = 1;
		}
	} else {
		fwrite(sb_str(&b), 1, b.len, stdout);
	}
	sb_free(&b);
	int failing = 0;
	for (size_t i = 0; i < r.n_findings; i++)
		failing |= (int)r.findings[i].severity >= o->fail_on;
	rc = fatal ? EXIT_ERROR : (failing && !o->exit_zero) ? EXIT_FINDINGS : EXIT_CLEAN;
out:
	report_free(&r);
	version_free(&dv);
	diff_free(df);
	if (fflush(stdout) != 0) {
		perror("djasync: writing the report");
		return EXIT_ERROR;
	}
	return rc;
}

/* run_scan's setup without the scan: version, config-derived options. */
static int cmd_effort(const struct options *o)
{
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct scan_opts so = o->scan;
	struct detected_version dv = {.version = -1};
	struct effort e = {0};
	effort_model_default(&e.model);
	for (size_t i = 0; o->config && i < o->config->n_effort; i++)
		effort_model_set(&e.model, o->config->effort_keys[i], o->config->effort_values[i]);
	int ver = target_version(o, paths, n, &dv, &e.django_version, &e.django_version_from);
	if (ver >= 0)
		so.engine.django_version = ver;
	struct report r = {0};
	struct diag d = {{0}};
	int rc = EXIT_CLEAN;
	workspace *ws = ws_open(paths, n, &so, &r, &d);
	if (!ws) {
		fprintf(stderr, "djasync: internal error: %s\n", d.msg);
		rc = EXIT_ERROR;
		goto out;
	}
	ws_effort(ws, &e, &r);
	for (size_t i = 0; i < r.n_errors; i++) { /* phase 1's, then those of the views' full summaries */
		print_scan_error(&r.errors[i]);
		if (r.errors[i].fatal)
			rc = EXIT_ERROR;
	}
	if (o->config)
		report_filter(&r, config_keeps, (void *)o->config, 0);
	effort_compute(&e, &r);
	struct strbuf b = {0};
	struct out_opts oo = {.color = use_color(o) && !o->output_file};
	formats[o->format].effort(&b, &e, &oo);
	if (o->output_file) {
		if (write_file_atomic(o->output_file, sb_str(&b), b.len) != 0) {
			fprintf(stderr, "djasync: %s: cannot write: %s\n", o->output_file, io_strerror());
			rc = EXIT_ERROR;
		}
	} else {
		fwrite(sb_str(&b), 1, b.len, stdout);
	}
	sb_free(&b);
	ws_close(ws);
out:
	effort_free(&e);
	report_free(&r);
	version_free(&dv);
	return rc;
}

static int cmd_baseline(const struct options *o)
{
	struct report r = {0};
	struct detected_version dv = {.version = -1};
	const char *ver_text, *ver_from, *out = o->output_file ? o->output_file : ".djasync-baseline.json";
	int fatal = 0, rc = EXIT_CLEAN;
	struct diag d = {{0}};
	if (run_scan(o, NULL, &r, &dv, &ver_text, &ver_from, &fatal) != 0 || fatal) {
		rc = EXIT_ERROR;
	} else if (baseline_write(out, &r, &d) != 0) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		rc = EXIT_ERROR;
	} else {
		printf("Recorded %zu finding%s in %s (Django %s). Use: djasync check --baseline %s\n",
		       r.n_findings, r.n_findings == 1 ? "" : "s", out, ver_text, out);
	}
	report_free(&r);
	version_free(&dv);
	return rc;
}

/* djasync clean: the cache folder of the project, or --cache-dir's. */
static int cmd_clean(const struct options *o)
{
	if (!o->scan.cache_dir) {
		puts("No cache (--no-cache).");
		return EXIT_CLEAN;
	}
	struct diag d = {{0}};
	int rc = cache_clean(o->scan.cache_dir, &d);
	char *p = text_safe(o->scan.cache_dir);
	if (rc < 0)
		fprintf(stderr, "djasync: %s\n", d.msg);
	else
		printf(rc ? "Removed %s\n" : "No cache at %s\n", p);
	free(p);
	return rc < 0 ? EXIT_ERROR : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	struct options o;
	struct diag d = {{0}};
	if (options_parse(&o, argc, argv, &d) != 0) {
		fprintf(stderr, "djasync: %s\n", d.msg);
		options_free(&o);
		return EXIT_ERROR;
	}
	int rc = EXIT_CLEAN;
	struct config cfg = {.min_confidence = -1, .fail_on = -1, .respect_gitignore = -1};
	if ((o.cmd == CMD_CHECK || o.cmd == CMD_BASELINE || o.cmd == CMD_SERVER || o.cmd == CMD_EFFORT ||
	     o.cmd == CMD_CLEAN) &&
	    !(o.rule_id && strcmp(o.rule_id, "--help") == 0)) {
		const char *start = o.stdin_filename ? o.stdin_filename : o.n_paths ? o.paths[0] : ".";
		char *found = o.config_file ? NULL : config_find(start);
		const char *file = o.config_file ? o.config_file : found;
		if (file && config_load(file, &cfg, &d) != 0) {
			fprintf(stderr, "djasync: %s\n", d.msg);
			free(found);
			options_free(&o);
			return EXIT_ERROR;
		}
		free(found);
		apply_config(&o, &cfg);
		if (o.cmd != CMD_SERVER) { /* the server's root is its first file's */
			char *root = config_project_root(&cfg, start);
			if (o.scan.cache_at_root)
				o.scan.cache_dir = o.cache_dir_owned = cache_default_dir(root);
			char real[PATH_MAX];
			o.root_real = realpath(root, real) ? xstrdup(real) : NULL;
			o.cwd_real = getcwd(real, sizeof real) ? xstrdup(real) : NULL;
			o.scan.walk.root = o.root_real;
			o.scan.walk.cwd = o.cwd_real;
			free(root);
		}
		if (resolve_python_env(&o, &cfg, &d) != 0) {
			fprintf(stderr, "djasync: %s\n", d.msg);
			config_free(&cfg);
			options_free(&o);
			return EXIT_ERROR;
		}
	}
	cfg.sel[1] = o.sel; /* the command line's selectors: the last layer */
	memset(&o.sel, 0, sizeof o.sel);
	o.config = &cfg; /* select / ignore / per-file-ignores filter the findings after the scan */
	if (o.rule_id && strcmp(o.rule_id, "--help") == 0) {
		fputs(options_help(o.cmd), stdout);
	} else if (o.show_files) {
		rc = show_files(&o);
	} else if (o.show_settings) {
		rc = show_settings(&o);
	} else {
		switch (o.cmd) {
		case CMD_CHECK:
			rc = cmd_check(&o);
			break;
		case CMD_BASELINE:
			rc = cmd_baseline(&o);
			break;
		case CMD_EFFORT:
			rc = cmd_effort(&o);
			break;
		case CMD_SERVER:
			rc = server_run(stdin, stdout, stderr, &o.scan, config_keeps, &cfg);
			break;
		case CMD_RULES:
			rules_each(print_rule_line, NULL);
			break;
		case CMD_CLEAN:
			rc = cmd_clean(&o);
			break;
		case CMD_GEN_MAN:
		case CMD_GEN_COMPLETION: {
			struct strbuf b = {0};
			if (o.cmd == CMD_GEN_MAN) {
				options_man(&b);
			} else if (options_completion(&b, o.rule_id) != 0) {
				fprintf(stderr, "djasync: generate-shell-completion: unknown shell '%s' (bash or zsh)\n", o.rule_id);
				rc = EXIT_ERROR;
			}
			fwrite(sb_str(&b), 1, b.len, stdout);
			sb_free(&b);
			break;
		}
		case CMD_RULE:
			rc = cmd_rule(o.rule_id);
			break;
		case CMD_VERSION:
			printf("djasync %s\n", DJASYNC_VERSION);
			break;
		default:
			fputs(options_help(CMD_NONE), stdout);
			break;
		}
	}
	options_free(&o);
	config_free(&cfg);
	return rc;
}
