/* scan_private: what the files of the scan module share (scan.c: phase 1's pool and the
 * workspace; effort_scan.c: the effort estimate's analysis). Not for other modules. */
#ifndef DJASYNC_SCAN_PRIVATE_H
#define DJASYNC_SCAN_PRIVATE_H

#include "cache.h"
#include "dirfacts.h"
#include "engine.h"
#include "facts.h"
#include "index.h"
#include "scan.h"

/* On-demand full summaries in phase 2 (engine_deepen's callback argument). */
struct deepen {
	struct summary **sums;
	const struct cache_key *keys;  /* phase 1's content keys of sums[0..n_keys) */
	size_t n_keys;
	struct report *r;              /* where a file that changed during the scan is named, or NULL */
	VEC(struct summary *) retired; /* the index still points into these */
	facts_ctx *fc;                 /* the first thread's, handed back to the workspace */
	VEC(facts_ctx *) more_fc;      /* the other threads' */
	cache *cache;
	const struct scan_opts *o;
	size_t count;
	double seconds;
};


struct workspace {
	struct scan_opts o;
	cache *cache;
	facts_ctx *fc; /* for ws_set_text and on-demand full summaries; made lazily */
	VEC(struct summary *) sums; /* the project's files, then the environment's (n_project on) */
	VEC(struct cache_key) keys; /* content keys of sums, for the replay key */
	size_t n_project;
	int keys_valid;             /* 0 once a summary came from an editor buffer */
	dirfacts *dirs;             /* folder facts of the sums' folders, read before phase 2 */
	struct scan_stats st;
};


/* The folder facts phase 2 asks about, read now for every summary (see dirfacts.h). */
const dirfacts *ws_dirfacts(workspace *ws);
/* engine_deepen's callback: full summaries of the shallow files `which`, checked against what
 * phase 1 read (out[k] NULL when changed or unreadable). */
void deepen_files(void *arg, const int *which, size_t n, struct summary **out);
/* Frees the summaries phase 2 retired: after the index that points into them. */
void deepen_done(struct deepen *dp);
/* Phase 2's rules over the workspace, with eo (effort: root flags), findings into r. */
struct deepen run_rules(workspace *ws, djindex *ix, const struct engine_opts *eo, struct report *r);

#endif
