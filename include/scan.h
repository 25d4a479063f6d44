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
	struct engine_opts engine;
	/* Called from worker threads after each file of phase 1 (done of total), and once with
	 * done == total + 1 when phase 1 is over; NULL for none. Must be thread-safe. */
	void (*progress)(size_t done, size_t total, void *arg);
	void *progress_arg;
};

/* Where the time went (seconds; phase-1 figures are summed over threads). */
struct scan_stats {
	size_t files, bytes;
	size_t summary_bytes; /* memory held by all module summaries before phase 2 */
	size_t cache_hits;
	size_t deepened; /* shallow summaries replaced by full ones because async code reaches them */
	double deepen;   /* seconds spent on that (inside phase 2's wall time) */
	double walk, parse, extract, phase1_wall, index, engine, total;
};

/* Scans `paths` into `r` (sorted, deduplicated). Per-file problems are report errors.
 * Returns 0, or -1 on an internal error such as a query that does not compile (d says why). */
int scan_run(const char *const *paths, size_t n_paths, const struct scan_opts *o, struct report *r,
	     struct diag *d);
/* The same, filling `st` when non-NULL. */
int scan_run_stats(const char *const *paths, size_t n_paths, const struct scan_opts *o,
		   struct report *r, struct diag *d, struct scan_stats *st);

#endif
