/* scan: the pipeline from command-line paths to a sorted report: walk, phase 1 per file on a
 * pool of worker threads (source -> parse -> facts), then phase 2 (index, engine). */
#ifndef DJASYNC_SCAN_H
#define DJASYNC_SCAN_H

#include "engine.h"
#include "findings.h"
#include "walk.h"

struct scan_opts {
	struct walk_opts walk;
	size_t max_file_size; /* bytes; 0 = no limit */
	int jobs;             /* phase-1 threads; <= 0 = number of cores */
	const char *query_dir; /* NULL = embedded queries */
	const char *cache_dir; /* summaries cache folder; NULL = no cache */
	int cache_at_root;     /* cache_dir NULL: the language server makes it at the project root */
	/* site-packages of the installed environment whose packages calls are followed into
	 * (env.h); NULL = the project alone */
	const char *python_env;
	struct engine_opts engine;
	/* Called from worker threads after each file of phase 1 (done of total), and once with
	 * done == total + 1 when phase 1 is over; NULL for none. Must be thread-safe. */
	void (*progress)(size_t done, size_t total, void *arg);
	void *progress_arg;
	/* --stdin-filename: this file's text comes from memory (an editor buffer), and only its
	 * findings are reported; the rest of the scan is its project. NULL for none. */
	const char *stdin_path;
	const char *stdin_text;
	size_t stdin_len;
};

/* Where the time went (seconds; phase-1 figures are summed over threads). */
struct scan_stats {
	size_t files, bytes;
	size_t library_files, library_packages; /* of files: the installed packages followed */
	size_t summary_bytes; /* memory held by all module summaries before phase 2 */
	size_t cache_hits;
	size_t deepened; /* shallow summaries replaced by full ones because async code reaches them */
	int replayed;    /* phase 2's result came from the cache (nothing it depends on changed) */
	double deepen;   /* seconds spent on that (inside phase 2's wall time) */
	double walk, parse, extract, phase1_wall, index, engine, total;
};

/* Scans `paths` into `r` (sorted, deduplicated). Per-file problems are report errors.
 * Returns 0, or -1 on an internal error such as a query that does not compile (d says why). */
int scan_run(const char *const *paths, size_t n_paths, const struct scan_opts *o, struct report *r,
	     struct diag *d);
/* A workspace keeps every module summary of a project in memory, so that an editor's change
 * re-summarizes one file and phase 2 runs again on the rest as it was. */
typedef struct workspace workspace;
/* Walks and summarizes (phase 1); per-file problems go to `r`'s errors. NULL with d set on an
 * internal error. */
workspace *ws_open(const char *const *paths, size_t n_paths, const struct scan_opts *o,
		   struct report *r, struct diag *d);
/* Replaces (or adds) the summary of `path` with one of `text`. 0, or -1 with d set. */
int ws_set_text(workspace *ws, const char *path, const char *text, size_t len, struct diag *d);
/* The summary of `path`, or NULL. */
const struct summary *ws_summary(const workspace *ws, const char *path);
/* Phase 2 on the current summaries: findings into `r`, sorted, fingerprinted; only those of
 * `only_path` when it is non-NULL. */
void ws_check(workspace *ws, const char *only_path, struct report *r);
/* The same, with `only_path`'s current text (for its source lines); findings carry
 * `only_path` as their path. */
void ws_check_text(workspace *ws, const char *only_path, const char *text, size_t len, struct report *r);
const struct scan_stats *ws_stats(const workspace *ws);
struct effort;
/* The effort analysis: finds the views, analyzes each sync view as if it were async, and
 * fills `e`'s views (names, URLs, apps, handlers, frameworks), sync-only middleware and
 * imported sync libraries; the findings go to `r` for effort_compute(). 0 on success. */
int ws_effort(workspace *ws, struct effort *e, struct report *r);
void ws_close(workspace *ws);

/* The same, filling `st` when non-NULL. */
int scan_run_stats(const char *const *paths, size_t n_paths, const struct scan_opts *o,
		   struct report *r, struct diag *d, struct scan_stats *st);

#endif
