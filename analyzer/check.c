/* check.c: the commands that scan and report (check, baseline, effort), and what they share:
 * the scan of the command line's paths, the per-file configuration filter, progress and stats. */
#include "baseline.h"
#include "commands.h"
#include "config.h"
#include "diff.h"
#include "effort.h"
#include "fix.h"
#include "formats.h"
#include "output.h"
#include "rules.h"
#include "scan.h"
#include "server.h"
#include "version.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* A scan error on stderr, the path and message escaped (a file name may hold a newline). */
void print_scan_error(const struct scan_error *e)
{
	char *p = text_safe(e->path), *m = text_safe(e->message);
	fprintf(stderr, "djasync: %s: %s\n", p, m);
	free(p);
	free(m);
}

int config_keeps(const struct finding *f, void *arg)
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

const char *const *scan_paths(const struct options *o, size_t *n)
{
	static const char *const dot[] = {"."};
	*n = o->n_paths ? o->n_paths : 1;
	return o->n_paths ? o->paths : dot;
}

/* The Django version suggestions target: --django-version (or the configuration's), else the
 * dependency files of `paths` (*dv, freed by the caller). Its text and where it came from go
 * to *text and *from; returns the version to set in the engine, or -1 to keep the options'. */
int target_version(const struct options *o, const char *const *paths, size_t n, struct detected_version *dv,
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

/* Scans the command line's paths into `r`, its file problems on stderr when `say_errors` (once
 * over --fix's rounds); the version used goes to *ver_text / *ver_from (strings owned by `dv`,
 * the options or static). Returns 0, or EXIT_ERROR. */
static int run_scan(const struct options *o, const diff *df, int say_errors, struct report *r, struct detected_version *dv,
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
		if (say_errors)
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


struct str_list {
	char **items;
	size_t len, cap;
};

/* The findings --fix (or --diff) rewrites, or --add-noqa silences: not a syntax error or an
 * unused noqa, which a noqa cannot silence. */
static int to_rewrite(const struct options *o, const struct finding *f)
{
	if (o->add_noqa)
		return strcmp(f->id, "DJA001") != 0 && strcmp(f->id, "DJA002") != 0;
	return fix_available(f) || (o->unsafe_fixes && fix_wrap_available(f));
}

/* --fix, --diff, --add-noqa: rewrites each file with findings to rewrite (fix.c), atomically
 * and only when it changed, or shows the change as a diff (diff_out). Returns the rewrites
 * made; the files rewritten are added to *files (once over --fix's rounds); a file that
 * cannot be read or written is said and sets *fatal. */
static size_t apply_fixes(const struct options *o, const struct report *r, struct str_list *files, int *fatal,
			  struct strbuf *diff_out)
{
	size_t applied = 0;
	const struct finding **mine = xcalloc(r->n_findings + 1, sizeof *mine);
	for (size_t i = 0; i < r->n_findings;) {
		size_t j = i, n = 0;
		for (; j < r->n_findings && strcmp(r->findings[j].path, r->findings[i].path) == 0; j++)
			if (to_rewrite(o, &r->findings[j]))
				mine[n++] = &r->findings[j];
		const char *rel = r->findings[i].path;
		i = j;
		if (!n)
			continue;
		char *path = rel[0] != '/' && o->root_real ? xasprintf("%s/%s", o->root_real, rel) : xstrdup(rel);
		char *p = text_safe(rel);
		size_t len, k = 0, skipped = 0;
		char *text = read_file(path, &len);
		struct strbuf out = {0};
		if (!text) {
			fprintf(stderr, "djasync: %s: cannot read it to fix: %s\n", p, io_strerror());
			*fatal = 1;
		} else if (o->add_noqa) {
			k = noqa_source(text, len, mine, n, &out, &skipped);
		} else {
			k = fix_source(text, len, mine, n, o->unsafe_fixes, &out);
		}
		if (skipped)
			fprintf(stderr, "djasync: %s: %zu line%s end inside a string: no noqa added there\n", p, skipped,
				skipped == 1 ? "" : "s");
		if (k && diff_out) { /* --diff: shown, not written */
			fix_unified_diff(diff_out, rel, text, len, sb_str(&out), out.len);
			applied += k;
		} else if (k && write_file_atomic(path, sb_str(&out), out.len) != 0) {
			fprintf(stderr, "djasync: %s: cannot write%s: %s\n", p, o->add_noqa ? "" : " the fixes", io_strerror());
			*fatal = 1;
		} else if (k) {
			applied += k;
			int seen = 0;
			for (size_t f = 0; f < files->len && !seen; f++)
				seen = strcmp(files->items[f], rel) == 0;
			if (!seen) {
				char *copy = xstrdup(rel);
				VEC_PUSH(*files, copy);
			}
		}
		sb_free(&out);
		free(text);
		free(path);
		free(p);
	}
	free(mine);
	return applied;
}

int cmd_check(const struct options *o)
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
	size_t fixed = 0;
	struct str_list fixed_files = {0};
	for (int round = 0;; round++) {
		if (run_scan(o, df, round == 0, &r, &dv, &ver_text, &ver_from, &fatal) != 0) { /* said once */
			rc = EXIT_ERROR;
			goto out;
		}
		/* --fix: apply, re-check, until nothing more applies (a fix can uncover another:
		 * nested calls), at most four rounds */
		if (o->add_noqa) { /* one round: every finding of the scan silenced where it is */
			size_t n = fatal ? 0 : apply_fixes(o, &r, &fixed_files, &fatal, NULL);
			printf("Added noqa directives to %zu line%s in %zu file%s.\n", n, n == 1 ? "" : "s", fixed_files.len,
			       fixed_files.len == 1 ? "" : "s");
			rc = fatal ? EXIT_ERROR : EXIT_CLEAN;
			goto out;
		}
		if (o->fix_diff) { /* one round, in memory: a fix inside another shows once that one is made */
			struct strbuf db = {0};
			size_t n = fatal ? 0 : apply_fixes(o, &r, &fixed_files, &fatal, &db);
			fwrite(sb_str(&db), 1, db.len, stdout);
			sb_free(&db);
			fprintf(stderr, "djasync: %zu fix%s would be applied (--diff: nothing written)\n", n, n == 1 ? "" : "es");
			rc = fatal ? EXIT_ERROR : n ? EXIT_FINDINGS : EXIT_CLEAN;
			goto out;
		}
		size_t n = o->fix && round < 4 && !fatal ? apply_fixes(o, &r, &fixed_files, &fatal, NULL) : 0;
		if (!n)
			break;
		fixed += n;
		report_free(&r);
		version_free(&dv);
		memset(&r, 0, sizeof r);
		dv = (struct detected_version){.version = -1};
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
	if (o->fix) /* as Ruff: after the report; on stderr when the report is a document */
		fprintf(o->format == FMT_TEXT && !o->output_file ? stdout : stderr,
			"Fixed %zu finding%s in %zu file%s; %zu remaining.\n", fixed, fixed == 1 ? "" : "s", fixed_files.len,
			fixed_files.len == 1 ? "" : "s", r.n_findings);
	int failing = 0;
	for (size_t i = 0; i < r.n_findings; i++)
		failing |= (int)r.findings[i].severity >= o->fail_on;
	rc = fatal ? EXIT_ERROR : (failing && !o->exit_zero) ? EXIT_FINDINGS : EXIT_CLEAN;
out:
	for (size_t i = 0; i < fixed_files.len; i++)
		free(fixed_files.items[i]);
	free(fixed_files.items);
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
int cmd_effort(const struct options *o)
{
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct scan_opts so = o->scan;
	struct detected_version dv = {.version = -1};
	struct effort e = {0};
	effort_model_default(&e.model);
	for (size_t i = 0; o->config && i < o->config->n_effort; i++)
		effort_model_set(&e.model, o->config->effort_keys[i], o->config->effort_values[i]);
	struct diag d = {{0}};
	for (size_t i = 0; i < o->n_compare; i++)
		if (effort_past_load(&e, o->compare[i], &d) != 0) { /* before the scan: fail fast */
			fprintf(stderr, "djasync: %s\n", d.msg);
			effort_free(&e);
			return EXIT_ERROR;
		}
	int ver = target_version(o, paths, n, &dv, &e.django_version, &e.django_version_from);
	if (ver >= 0)
		so.engine.django_version = ver;
	struct report r = {0};
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

int cmd_baseline(const struct options *o)
{
	struct report r = {0};
	struct detected_version dv = {.version = -1};
	const char *ver_text, *ver_from, *out = o->output_file ? o->output_file : ".djasync-baseline.json";
	int fatal = 0, rc = EXIT_CLEAN;
	struct diag d = {{0}};
	if (run_scan(o, NULL, 1, &r, &dv, &ver_text, &ver_from, &fatal) != 0 || fatal) {
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

