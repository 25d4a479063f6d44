/* scan_private: what the files of the scan module share (pool.c: phase 1 on worker threads;
 * scan.c: the workspace and phase 2's orchestration; effort_scan.c: the effort estimate's
 * analysis). Not for other modules. */
#ifndef DJASYNC_SCAN_PRIVATE_H
#define DJASYNC_SCAN_PRIVATE_H

#include "cache.h"
#include "dirfacts.h"
#include "engine.h"
#include "facts.h"
#include "index.h"
#include "scan.h"

#include <pthread.h>
#include <stdatomic.h>

/* Phase 1's pool (pool.c): one slot per file, written only by the job that summarizes it. */
struct slot {
	struct summary *sum; /* NULL when the file could not be summarized */
	struct cache_key key; /* its content key (shallow summaries: b ^ SHALLOW_KEY) */
	char *error;         /* why, when it was skipped or failed */
	char *note;          /* a non-fatal remark (syntax error, invalid UTF-8) */
};

struct pool {
	const struct file_list *files;
	size_t *order; /* files by size, largest first: the last jobs are short, threads end together */
	const struct scan_opts *o;
	struct slot *slots;
	atomic_size_t next;
	struct diag d;
	atomic_int failed;
	cache *cache;          /* NULL: no cache */
	const struct cache_key *known; /* per file: its key as last seen, tried before reading it */
	atomic_size_t cache_hits;
	atomic_size_t done;
	pthread_mutex_t lock; /* guards the time sums below */
	double parse, extract;
	size_t bytes;
};

/* Shallow and full summaries of the same content are different cache entries. */
#define SHALLOW_KEY 0x5bd1e9955bd1e995ull

/* Summarizes p->files into p->slots on threads_for() threads, largest files first. */
void pool_run(struct pool *p);
/* Threads for `work` files: -j (default: the cores), never more than the files, at least 1. */
int threads_for(const struct scan_opts *o, size_t work);
/* The monotonic clock, in seconds. */
double scan_now(void);

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
