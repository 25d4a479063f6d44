/* pool: phase 1 on worker threads. Each job summarizes one file (from the cache, else parsed:
 * a skeleton for files without `async`) into its own slot, so the result does not depend on the
 * thread count; the largest files go first so that the threads end together. */
#include "cache.h"
#include "facts.h"
#include "scan_private.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double scan_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static facts_ctx *worker_ctx(struct pool *p, facts_ctx **fc);

/* Lines longer than this make a file skipped, with a note (phase1_file). */
#define MAX_LINE_BYTES (1 << 20)

/* The longest line of buf (bytes, without its newline), and its 1-based number in *at. */
static size_t longest_line(const char *buf, size_t len, int *at)
{
	size_t best = 0;
	int line = 1;
	for (const char *p = buf, *end = buf + len; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n > best) {
			best = n;
			*at = line;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return best;
}



static void phase1_file(facts_ctx **fc, struct pool *p, size_t i)
{
	const char *path = p->files->paths[i];
	if (p->known && p->cache) { /* an installed package's file, trusted while its version is */
		struct summary *known = cache_load(p->cache, p->known[i], path);
		if (known) {
			atomic_fetch_add(&p->cache_hits, 1);
			p->slots[i].key = p->known[i];
			p->slots[i].sum = known;
			return;
		}
	}
	struct source src;
	struct diag d = {{0}};
	int rc = source_load(&src, path, p->o->max_file_size, &d);
	if (rc != 0) {
		p->slots[i].error = xstrdup(d.msg);
		return;
	}
	int long_at = 0;
	size_t long_len = longest_line(src.buf, src.len, &long_at);
	if (long_len > MAX_LINE_BYTES) {
		/* generated data (a minified table, an embedded blob): parsing it costs memory
		 * quadratic in the line, and it holds no handler */
		p->slots[i].error = xasprintf("line %d is %.1f MB long (over %d MB: generated data?): skipped",
					      long_at, (double)long_len / (1024.0 * 1024.0), MAX_LINE_BYTES >> 20);
		source_free(&src);
		return;
	}
	struct cache_key key = {0};
	struct summary *s = NULL;
	int shallow = !facts_wants_full(&src);
	/* always: the cache's key, and what an on-demand full summary checks the file against */
	key = cache_key_of(src.buf, src.len);
	key.b ^= shallow ? SHALLOW_KEY : 0;
	if (p->cache) {
		s = cache_load(p->cache, key, path);
		if (s)
			atomic_fetch_add(&p->cache_hits, 1);
	}
	if (!s) {
		if (!worker_ctx(p, fc)) {
			source_free(&src);
			return;
		}
		s = facts_extract_mode(*fc, path, &src, shallow ? FACTS_SHALLOW : FACTS_FULL);
		if (p->cache)
			cache_store(p->cache, key, s);
	}
	source_free(&src);
	p->slots[i].key = key;
	if (s->invalid_utf8_line && !s->syntax_error_line) /* a syntax error is a finding (DJA001) */
		p->slots[i].note = xasprintf("invalid UTF-8 at line %d: analyzed anyway", s->invalid_utf8_line);
	p->slots[i].sum = s;
}

/* The file's first syntax error, as a finding of its own rule. */
/* A worker compiles the facts query only when it meets a file the cache does not have. */
static facts_ctx *worker_ctx(struct pool *p, facts_ctx **fc)
{
	if (*fc || atomic_load(&p->failed))
		return *fc;
	struct diag d = {{0}};
	*fc = facts_ctx_new(p->o->query_dir, &d);
	if (!*fc && atomic_exchange(&p->failed, 1) == 0)
		p->d = d;
	return *fc;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	facts_ctx *fc = NULL;
	if (!p->cache && !worker_ctx(p, &fc))
		return NULL;
	for (;;) {
		size_t k = atomic_fetch_add(&p->next, 1);
		if (k >= p->files->len || atomic_load(&p->failed))
			break;
		phase1_file(&fc, p, p->order[k]);
		size_t done = atomic_fetch_add(&p->done, 1) + 1;
		if (p->o->progress)
			p->o->progress(done, p->files->len, p->o->progress_arg);
	}
	if (!fc)
		return NULL;
	double parse, extract;
	size_t bytes;
	facts_ctx_times(fc, &parse, &extract, &bytes);
	pthread_mutex_lock(&p->lock);
	p->parse += parse;
	p->extract += extract;
	p->bytes += bytes;
	pthread_mutex_unlock(&p->lock);
	facts_ctx_free(fc);
	return NULL;
}

static int cmp_size_desc(const void *a, const void *b)
{
	const struct {
		off_t size;
		size_t i;
	} *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

int threads_for(const struct scan_opts *o, size_t work)
{
	int jobs = o->jobs > 0 ? o->jobs : default_jobs();
	if ((size_t)jobs > work)
		jobs = work ? (int)work : 1;
	return jobs;
}


void pool_run(struct pool *p)
{
	const struct file_list *files = p->files;
	p->slots = xcalloc(files->len ? files->len : 1, sizeof *p->slots);
	int jobs = threads_for(p->o, files->len);
	struct sized {
		off_t size;
		size_t i;
	} *by_size = xcalloc(files->len ? files->len : 1, sizeof *by_size);
	for (size_t i = 0; i < files->len; i++) {
		struct stat fst; /* one thread takes the files in any order: spare it the stats */
		by_size[i] = (struct sized){jobs > 1 && stat(files->paths[i], &fst) == 0 ? fst.st_size : 0, i};
	}
	qsort(by_size, files->len, sizeof *by_size, cmp_size_desc);
	p->order = xcalloc(files->len ? files->len : 1, sizeof *p->order);
	for (size_t i = 0; i < files->len; i++)
		p->order[i] = by_size[i].i;
	free(by_size);
	if (jobs <= 1) {
		worker(p);
		return;
	}
	pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, p) == 0)
			started++;
		else
			break;
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (started == 0)
		worker(p);
}
