/* scan: the workspace and the orchestration of the two phases: phase 1 over the project's
 * files and then the environment's (pool.c runs it on threads), phase 2 once on the summaries,
 * with on-demand full summaries, suppressions, the replay record and source lines. */
#include "scan.h"
#include "env.h"
#include "replay.h"
#include "cache.h"
#include "facts.h"
#include "index.h"
#include "query.h"
#include "source.h"
#include "rules.h"
#include "walk.h"
#include "phase2_id.h"
#include "scan_private.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>


static void add_syntax_error(struct report *r, const char *path, const struct summary *s)
{
	const struct rule *rule = rule_find("DJA001");
	struct finding f = {
		.rule = rule, .cause = rule, .id = rule->id, .slug = rule->slug, .severity = rule->severity,
		.confidence = CONF_HIGH, .path = xstrdup(path), .line = s->syntax_error_line,
		.column = s->syntax_error_col, .end_line = s->syntax_error_line,
		.end_column = s->syntax_error_col + 1,
		.message = xstrdup("syntax error: the file does not parse from here; the rest of it is "
				   "analyzed, findings in the part that does not parse may be missing"),
		.suggestion = xstrdup("fix the syntax (run `python3 -m py_compile` on the file for "
				      "Python's own message)"),
	};
	report_add_finding(r, f);
}

struct supp_ctx {
	struct summary **sums;
	struct strmap by_path;
	uint32_t **used; /* per file, per suppression: a bit per code of its list that silenced one */
};

/* The position of `id` in the comma-separated `codes`, or -1. */
static int code_index(const char *codes, const char *id)
{
	size_t n = strlen(id);
	int k = 0;
	for (const char *p = codes; *p; k++) {
		if (strncmp(p, id, n) == 0 && (p[n] == 0 || p[n] == ','))
			return k;
		const char *comma = strchr(p, ',');
		if (!comma)
			break;
		p = comma + 1;
	}
	return -1;
}

/* `# noqa`, `# noqa: DJA101`, `# djasync: ignore[DJA101]` on the finding's line, or
 * `# djasync: skip-file` anywhere in its file. Marks the code that silenced it as used. */
static int not_suppressed(const struct finding *f, void *arg)
{
	struct supp_ctx *sc = arg;
	int64_t i = strmap_get(&sc->by_path, f->path, -1);
	if (i < 0)
		return 1;
	const struct summary *s = sc->sums[i];
	if (s->skip_file)
		return 0;
	for (size_t k = 0; k < s->supp.len; k++) {
		const struct suppression *sp = &s->supp.items[k];
		if (sp->line != f->line)
			continue;
		if (sp->codes == 0)
			return 0;
		int j = code_index(summary_str(s, sp->codes), f->id);
		if (j >= 0) {
			if (j < 32)
				sc->used[i][k] |= 1u << j;
			return 0;
		}
	}
	return 1;
}

/* DJA002: the codes of file i's suppression comments that silenced nothing. */
static void unused_codes(struct supp_ctx *sc, size_t i, struct report *r)
{
	const struct summary *s = sc->sums[i];
	for (size_t k = 0; k < s->supp.len && !s->skip_file && !s->syntax_error_line; k++) {
		const struct suppression *sp = &s->supp.items[k];
		if (sp->codes == 0)
			continue;
		struct strbuf what = {0};
		const char *p = summary_str(s, sp->codes);
		int n_unused = 0;
		for (int j = 0; *p; j++) {
			size_t len = strcspn(p, ",");
			char *code = xstrndup(p, len);
			const struct rule *known = rule_find(code);
			if (j >= 32 || !(sc->used[i][k] & (1u << j))) {
				sb_printf(&what, "%s`%s` (%s)", n_unused ? ", " : "", code,
					  known ? "no such finding on this line" : "no such rule");
				n_unused++;
			}
			free(code);
			p += len;
			if (*p == ',')
				p++;
		}
		if (n_unused) {
			const struct rule *rule = rule_find("DJA002");
			struct finding f = {
				.rule = rule, .cause = rule, .id = rule->id, .slug = rule->slug,
				.severity = rule->severity, .confidence = CONF_HIGH, .path = xstrdup(s->path),
				.line = sp->sp.line, .column = sp->sp.col, .end_line = sp->sp.end_line,
				.end_column = sp->sp.end_col,
				.message = xasprintf("unused suppression code%s: %s", n_unused == 1 ? "" : "s", sb_str(&what)),
				.suggestion = xstrdup("remove the code (or the comment); a finding is silenced on "
						      "the first line of its statement"),
			};
			report_add_finding(r, f);
		}
		sb_free(&what);
	}
}

/* Moves the findings that comments silence to r->suppressed; then reports, for the project's
 * files (the first n_project), the comments' codes that silenced nothing (DJA002). */
static void apply_suppressions(struct summary **sums, size_t n, size_t n_project, struct report *r)
{
	struct supp_ctx sc = {.sums = sums, .used = xcalloc(n + 1, sizeof *sc.used)};
	for (size_t i = 0; i < n; i++) {
		strmap_put(&sc.by_path, sums[i]->path, (int64_t)i);
		sc.used[i] = xcalloc(sums[i]->supp.len + 1, sizeof **sc.used);
	}
	report_filter(r, not_suppressed, &sc, 1);
	for (size_t i = 0; i < n_project && i < n; i++)
		unused_codes(&sc, i, r);
	for (size_t i = 0; i < n; i++)
		free(sc.used[i]);
	free(sc.used);
	strmap_free(&sc.by_path);
}

/* Phase 1 on demand, during phase 2: full summaries of files summarized shallowly, in batches
 * summarized on as many threads as phase 1 had. */
/* The full summary of file i, from the cache or parsed with *fc (made when first needed);
 * NULL when it cannot be read any more, or when its bytes are no longer those phase 1 read
 * (changed during the scan: mixing the two versions would pair scopes that do not match, so
 * the shallow summary stays). */
static struct summary *summarize_full(const struct deepen *dp, int i, facts_ctx **fc, uint8_t *changed)
{
	const char *path = dp->sums[i]->path;
#ifdef DJASYNC_FAULTS
	/* fault injection (build/djasync-faults, tests only): the file named by the variable is
	 * rewritten with fewer scopes now, between phase 1 and this read, as an editor or a
	 * checkout could */
	const char *victim = getenv("DJASYNC_FAULT_REWRITE");
	if (victim && str_has_suffix(path, victim)) {
		FILE *f = fopen(path, "w");
		if (f) {
			fputs("x = 1\n", f);
			fclose(f);
		}
	}
#endif
	struct source src;
	struct diag d = {{0}};
	if (source_load(&src, path, dp->o->max_file_size, &d) != 0)
		return NULL;
	struct cache_key key = cache_key_of(src.buf, src.len);
	if ((size_t)i < dp->n_keys) { /* (a file added from an editor buffer has none: it is full) */
		struct cache_key was = dp->keys[i];
		was.b ^= SHALLOW_KEY;
		if (was.a != key.a || was.b != key.b || was.len != key.len) {
			source_free(&src);
			*changed = 1;
			return NULL;
		}
	}
	struct summary *s = NULL;
	if (dp->cache)
		s = cache_load(dp->cache, key, path);
	if (!s) {
		if (!*fc)
			*fc = facts_ctx_new(dp->o->query_dir, &d);
		if (*fc) {
			s = facts_extract(*fc, path, &src);
			if (dp->cache)
				cache_store(dp->cache, key, s);
		}
	}
	source_free(&src);
	return s;
}

struct deepen_job {
	const struct deepen *dp;
	const int *which;
	struct summary **out;
	uint8_t *changed; /* per file: it changed since phase 1 read it */
	size_t n;
	atomic_size_t next;
};

struct deepen_thread {
	struct deepen_job *job;
	facts_ctx **fc;
};

static void *deepen_worker(void *arg)
{
	struct deepen_thread *t = arg;
	struct deepen_job *j = t->job;
	for (size_t k; (k = atomic_fetch_add(&j->next, 1)) < j->n;)
		j->out[k] = summarize_full(j->dp, j->which[k], t->fc, &j->changed[k]);
	return NULL;
}

void deepen_files(void *arg, const int *which, size_t n, struct summary **out)
{
	struct deepen *dp = arg;
	double t0 = scan_now();
	int jobs = threads_for(dp->o, n);
	while (dp->more_fc.len < (size_t)jobs - 1)
		VEC_PUSH(dp->more_fc, NULL);
	struct deepen_job job = {.dp = dp, .which = which, .out = out, .n = n, .changed = xcalloc(n ? n : 1, 1)};
	struct deepen_thread *th = xcalloc((size_t)jobs, sizeof *th);
	pthread_t *tid = xcalloc((size_t)jobs, sizeof *tid);
	int started = 0;
	for (int t = 0; t < jobs; t++)
		th[t] = (struct deepen_thread){&job, t == 0 ? &dp->fc : &dp->more_fc.items[t - 1]};
	for (int t = 1; t < jobs; t++) /* this thread is the first worker */
		if (pthread_create(&tid[t], NULL, deepen_worker, &th[t]) == 0)
			started = t;
		else
			break;
	deepen_worker(&th[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	free(th);
	for (size_t k = 0; k < n; k++) {
		if (out[k] && !summary_upgrade_ok(dp->sums[which[k]], out[k])) {
			/* the same bytes gave scopes that do not match: a bug, never a mixed index */
			summary_free(out[k]);
			out[k] = NULL;
			if (dp->r)
				report_add_error(dp->r, dp->sums[which[k]]->path, 0,
						 "internal error: its full summary does not match its shallow one: function bodies not followed");
		}
		if (job.changed[k] && dp->r)
			report_add_error(dp->r, dp->sums[which[k]]->path, 0,
					 "changed during the scan: analyzed as first read, its function bodies not followed");
	}
	free(job.changed);
	for (size_t k = 0; k < n; k++)
		if (out[k]) {
			VEC_PUSH(dp->retired, dp->sums[which[k]]);
			dp->count++;
		}
	dp->seconds += scan_now() - t0;
}

void deepen_done(struct deepen *dp)
{
	for (size_t i = 0; i < dp->retired.len; i++)
		summary_free(dp->retired.items[i]);
	VEC_FREE(dp->retired);
	for (size_t i = 0; i < dp->more_fc.len; i++)
		facts_ctx_free(dp->more_fc.items[i]);
	VEC_FREE(dp->more_fc);
}

int scan_run(const char *const *paths, size_t n_paths, const struct scan_opts *o, struct report *r,
	     struct diag *d)
{
	return scan_run_stats(paths, n_paths, o, r, d, NULL);
}

/* The folder facts phase 2 asks about, for every summary (folders already read are not read
 * again): the last disk access before the index is built, as phase 2 reads nothing itself. */
const dirfacts *ws_dirfacts(workspace *ws)
{
	if (!ws->dirs)
		ws->dirs = dirfacts_new();
	for (size_t i = 0; i < ws->sums.len; i++)
		dirfacts_add(ws->dirs, ws->sums.items[i]->path);
	return ws->dirs;
}

/* What names a scan's cache pack: its roots, as absolute paths. */
static uint64_t scan_scope(const char *const *paths, size_t n_paths)
{
	uint64_t h = 0;
	for (size_t i = 0; i < n_paths; i++) {
		char abs[PATH_MAX];
		const char *p = realpath(paths[i], abs) ? abs : paths[i];
		h = (h * 31) ^ cache_hash_str(p, strlen(p) + 1);
	}
	return h;
}

/* Phase 1 over `files`: their summaries appended to the workspace. Problems are report errors
 * for the project's files; the environment's (`library`) are not the project's business. */
static int phase1(workspace *ws, struct pool *pp, const struct file_list *files, int library,
		  const struct cache_key *known, struct report *r, struct diag *d)
{
	const struct scan_opts *o = &ws->o;
	struct pool p = {.files = files, .o = o, .lock = PTHREAD_MUTEX_INITIALIZER, .cache = ws->cache,
			 .known = known};
	pool_run(&p);
	if (o->progress && !library)
		o->progress(files->len + 1, files->len, o->progress_arg);
	int failed = atomic_load(&p.failed);
	if (failed)
		*d = p.d;
	for (size_t i = 0; i < files->len; i++) {
		if (p.slots[i].error && !library)
			report_add_error(r, files->paths[i], 0, "%s", p.slots[i].error);
		if (p.slots[i].note && !library)
			report_add_error(r, files->paths[i], 0, "%s", p.slots[i].note);
		if (p.slots[i].sum) {
			const struct summary *su = p.slots[i].sum;
			ws->st.summary_bytes += su->ex.cap * sizeof *su->ex.items + su->ev.cap * sizeof *su->ev.items +
						su->scopes.cap * sizeof *su->scopes.items +
						su->imports.cap * sizeof *su->imports.items + su->strs_cap;
			VEC_PUSH(ws->sums, p.slots[i].sum);
			VEC_PUSH(ws->keys, p.slots[i].key);
		}
		free(p.slots[i].error);
		free(p.slots[i].note);
	}
	free(p.slots);
	free(p.order);
	pp->bytes += p.bytes;
	pp->parse += p.parse;
	pp->extract += p.extract;
	pp->cache_hits += atomic_load(&p.cache_hits);
	return failed ? -1 : 0;
}

/* Whether top-level name `top` is one of the project's own (a folder or module it scans). */
static int project_top(const workspace *ws, const char *top)
{
	size_t n = strlen(top);
	for (size_t i = 0; i < ws->n_project; i++) {
		const char *p = ws->sums.items[i]->path;
		for (const char *q = p; (q = strstr(q, top)) != NULL; q++)
			if ((q == p || q[-1] == '/') && (q[n] == '/' || strcmp(q + n, ".py") == 0))
				return 1;
	}
	return 0;
}

/* The folder a relative import of `qual` (leading dots) in `path` starts from, or NULL when
 * it leaves `site`. */
static char *relative_base(const char *path, const char *qual, size_t site_len)
{
	char *dir = xstrdup(path);
	for (const char *q = qual; *q == '.'; q++) {
		char *slash = strrchr(dir, '/');
		if (!slash || (size_t)(slash - dir) < site_len) {
			free(dir);
			return NULL;
		}
		*slash = 0;
	}
	return dir;
}

/* Whether imports of top-level name `top` are read from the environment; `tops` remembers
 * (0 no, 1 yes, 2 yes and files were read). */
static int64_t follows_top(const workspace *ws, struct strmap *tops, const char *top)
{
	int64_t follow = strmap_get(tops, top, -1);
	if (follow < 0) {
		follow = env_follows(top) && !project_top(ws, top);
		strmap_put(tops, xstrdup(top), follow);
	}
	return follow;
}

/* The top-level name of dotted `q` in `top` (128 bytes); 0 when it has none or is too long. */
static int top_of(const char *q, char *top)
{
	size_t n = strcspn(q, ".");
	if (n == 0 || n >= 128)
		return 0;
	memcpy(top, q, n);
	top[n] = 0;
	return 1;
}

/* The environment's modules the scanned code imports, then the modules those import at their
 * top level, until no new one is found (at most MAX_ENV_FILES files). A module, not its whole
 * package: `import yaml` reads yaml/__init__.py and what it imports, not every file in yaml/. */
#define MAX_ENV_FILES 20000
static int env_rounds(workspace *ws, struct pool *pp, struct strmap *tops, struct report *r,
		      struct diag *d)
{
	const char *site = ws->o.python_env;
	size_t site_len = strlen(site);
	struct env_seen seen = {0};
	size_t from = 0, total = 0;
	int rc = 0;
	while (rc == 0 && from < ws->sums.len && total < MAX_ENV_FILES) {
		struct file_list files = {0};
		size_t to = ws->sums.len;
		for (size_t i = from; i < to; i++) {
			const struct summary *s = ws->sums.items[i];
			int library = i >= ws->n_project;
			for (size_t k = 0; k < s->imports.len; k++) {
				const struct import *im = &s->imports.items[k];
				const char *q = summary_str(s, im->qual);
				if (!q || !q[0] || (library && im->scope >= 0))
					continue; /* a library's imports inside functions are mostly optional */
				if (q[0] == '.') {
					char *base = library ? relative_base(s->path, q, site_len) : NULL;
					if (base)
						total += env_module_files(base, site_len, q + strspn(q, "."), &seen, &files);
					free(base);
					continue;
				}
				char top[128];
				if (!top_of(q, top) || !follows_top(ws, tops, top))
					continue;
				size_t got = env_module_files(site, site_len, q, &seen, &files);
				total += got;
				if (got)
					strmap_set(tops, top, 2);
			}
		}
		from = to;
		if (!files.len)
			break;
		file_list_sort(&files);
		rc = phase1(ws, pp, &files, 1, NULL, r, d);
		file_list_free(&files);
	}
	env_seen_free(&seen);
	return rc;
}

/* What the environment's file list depends on: the folder, its installed distributions (names
 * with versions, and the folder's change time, which installs and removals move) and the
 * project's imports of followed packages. */
static uint64_t env_key(const workspace *ws, struct strmap *tops)
{
	const char *site = ws->o.python_env;
	uint64_t h = cache_hash_str(site, strlen(site) + 1);
	struct stat st;
	if (stat(site, &st) == 0)
		h = h * 31 ^ (uint64_t)st.st_mtim.tv_sec * 1000000007u ^ (uint64_t)st.st_mtim.tv_nsec;
	struct file_list dists = {0};
	DIR *dir = opendir(site);
	for (struct dirent *e; dir && (e = readdir(dir)) != NULL;)
		if (str_has_suffix(e->d_name, ".dist-info") || str_has_suffix(e->d_name, ".egg-info"))
			file_list_push(&dists, xstrdup(e->d_name));
	if (dir)
		closedir(dir);
	file_list_sort(&dists);
	for (size_t i = 0; i < dists.len; i++)
		h = h * 31 ^ cache_hash_str(dists.paths[i], strlen(dists.paths[i]) + 1);
	file_list_free(&dists);
	for (size_t i = 0; i < ws->n_project; i++) {
		const struct summary *s = ws->sums.items[i];
		for (size_t k = 0; k < s->imports.len; k++) {
			const char *q = summary_str(s, s->imports.items[k].qual);
			char top[128];
			if (q && q[0] != '.' && top_of(q, top) && follows_top(ws, tops, top))
				h = h * 31 ^ cache_hash_str(q, strlen(q) + 1);
		}
	}
	return h ? h : 1;
}

/* The "env" record: key, packages read, then per file its content key and path. */
struct key_vec {
	struct cache_key *items;
	size_t len, cap;
};
#define ENV_MAGIC 0x31564e454a44ull /* "DJENV1" */
static int env_manifest_load(workspace *ws, uint64_t key, struct file_list *files,
			     struct key_vec *keys, size_t *packages)
{
	size_t len = 0;
	char *buf = cache_blob_load(ws->cache, "env", &len);
	uint64_t head[4];
	int ok = buf && len >= sizeof head;
	if (ok)
		memcpy(head, buf, sizeof head);
	ok = ok && head[0] == ENV_MAGIC && head[1] == key;
	size_t at = sizeof head;
	for (uint64_t i = 0; ok && i < head[3]; i++) {
		struct cache_key k;
		uint32_t n;
		ok = len - at >= sizeof k + sizeof n;
		if (!ok)
			break;
		memcpy(&k, buf + at, sizeof k);
		memcpy(&n, buf + at + sizeof k, sizeof n);
		at += sizeof k + sizeof n;
		ok = len - at >= n && n > 0;
		if (!ok)
			break;
		file_list_push(files, xstrndup(buf + at, n));
		VEC_PUSH(*keys, k);
		at += n;
	}
	ok = ok && at == len;
	if (ok)
		*packages = head[2];
	free(buf);
	return ok;
}

static void env_manifest_store(workspace *ws, uint64_t key)
{
	uint64_t head[4] = {ENV_MAGIC, key, ws->st.library_packages, ws->sums.len - ws->n_project};
	size_t len = sizeof head;
	for (size_t i = ws->n_project; i < ws->sums.len; i++)
		len += sizeof(struct cache_key) + sizeof(uint32_t) + strlen(ws->sums.items[i]->path);
	char *buf = xcalloc(1, len), *at = buf;
	memcpy(at, head, sizeof head);
	at += sizeof head;
	for (size_t i = ws->n_project; i < ws->sums.len; i++) {
		const char *path = ws->sums.items[i]->path;
		uint32_t n = (uint32_t)strlen(path);
		memcpy(at, &ws->keys.items[i], sizeof ws->keys.items[i]);
		memcpy(at + sizeof ws->keys.items[i], &n, sizeof n);
		memcpy(at + sizeof ws->keys.items[i] + sizeof n, path, n);
		at += sizeof ws->keys.items[i] + sizeof n + n;
	}
	cache_blob_store(ws->cache, "env", buf, len);
	free(buf);
}

/* The environment's files: from the cache's record when the environment and the project's
 * imports of it are as they were (no file of it read: its summaries are found by the keys
 * recorded), else found round by round, and recorded. */
static int phase1_env(workspace *ws, struct pool *pp, struct report *r, struct diag *d)
{
	struct strmap tops = {0};
	uint64_t key = ws->cache ? env_key(ws, &tops) : 0;
	struct file_list files = {0};
	struct key_vec keys = {0};
	size_t packages = 0;
	int rc;
	if (key && env_manifest_load(ws, key, &files, &keys, &packages)) {
		rc = phase1(ws, pp, &files, 1, keys.items, r, d);
		ws->st.library_packages = packages;
	} else {
		rc = env_rounds(ws, pp, &tops, r, d);
		ws->st.library_packages = 0;
		for (size_t i = 0; i < tops.cap; i++)
			ws->st.library_packages += tops.keys[i] && tops.vals[i] == 2;
		if (rc == 0 && key)
			env_manifest_store(ws, key);
	}
	file_list_free(&files);
	VEC_FREE(keys);
	for (size_t i = 0; i < tops.cap; i++)
		free((char *)tops.keys[i]);
	strmap_free(&tops);
	return rc;
}

workspace *ws_open(const char *const *paths, size_t n_paths, const struct scan_opts *o,
		   struct report *r, struct diag *d)
{
	workspace *ws = xcalloc(1, sizeof *ws);
	ws->o = *o;
	struct scan_stats *st = &ws->st;
	double t0 = scan_now();
	struct file_list files = {0};
	walk_collect(paths, n_paths, &o->walk, &files, r);
	double t1 = scan_now();
	if (o->cache_dir && walk_git_tracks(o->cache_dir)) {
		/* a cache the repository ships is the repository's word: never used (nor written) */
		report_add_error(r, o->cache_dir, 0, "the cache folder is tracked by git: not used "
			"(remove it from the repository: git rm -r --cached; djasync clean)");
	} else if (o->cache_dir) {
		/* keyed by the facts query too: summaries made by another query are foreign */
		char *qt = query_source("python/facts.scm", o->query_dir);
		if (qt)
			ws->cache = cache_open(o->cache_dir, cache_hash_str(qt, strlen(qt)));
		free(qt);
		if (ws->cache)
			cache_use_pack(ws->cache, scan_scope(paths, n_paths));
	}
	ws->keys_valid = ws->cache != NULL;
	struct pool totals = {0};
	int failed = phase1(ws, &totals, &files, 0, NULL, r, d) != 0;
	ws->n_project = ws->sums.len;
	if (!failed && o->python_env)
		failed = phase1_env(ws, &totals, r, d) != 0;
	ws->o.engine.n_project = ws->n_project;
	ws->o.engine.library_root = o->python_env;
	double t2 = scan_now();
	file_list_free(&files);
	st->files = ws->sums.len;
	st->library_files = ws->sums.len - ws->n_project;
	st->bytes = totals.bytes;
	st->cache_hits = atomic_load(&totals.cache_hits);
	st->walk = t1 - t0;
	st->parse = totals.parse;
	st->extract = totals.extract;
	st->phase1_wall = t2 - t1;
	if (failed) {
		ws_close(ws);
		return NULL;
	}
	return ws;
}

static int same_file(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	char ra[PATH_MAX], rb[PATH_MAX];
	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

int ws_set_text(workspace *ws, const char *path, const char *text, size_t len, struct diag *d)
{
	if (!ws->fc && !(ws->fc = facts_ctx_new(ws->o.query_dir, d)))
		return -1;
	struct source src;
	source_from_text(&src, text, len);
	size_t i = 0;
	while (i < ws->sums.len && !same_file(ws->sums.items[i]->path, path))
		i++;
	struct summary *s = facts_extract(ws->fc, i < ws->sums.len ? ws->sums.items[i]->path : path, &src);
	source_free(&src);
	ws->keys_valid = 0;
	if (i < ws->sums.len) {
		summary_free(ws->sums.items[i]);
		ws->sums.items[i] = s;
		if (i < ws->keys.len) /* not the bytes phase 1 read: no key (source lines, deepen) */
			ws->keys.items[i] = (struct cache_key){0};
	} else {
		/* a new project file: before the environment's */
		VEC_PUSH(ws->sums, s);
		memmove(ws->sums.items + ws->n_project + 1, ws->sums.items + ws->n_project,
			(ws->sums.len - 1 - ws->n_project) * sizeof *ws->sums.items);
		ws->sums.items[ws->n_project] = s;
		if (ws->keys.len > ws->n_project) { /* the keys stay parallel: the new file has a zero one */
			struct cache_key none = {0};
			VEC_PUSH(ws->keys, none);
			memmove(ws->keys.items + ws->n_project + 1, ws->keys.items + ws->n_project,
				(ws->keys.len - 1 - ws->n_project) * sizeof *ws->keys.items);
			ws->keys.items[ws->n_project] = none;
		}
		ws->o.engine.n_project = ++ws->n_project;
	}
	return 0;
}

const struct summary *ws_summary(const workspace *ws, const char *path)
{
	for (size_t i = 0; i < ws->sums.len; i++)
		if (same_file(ws->sums.items[i]->path, path))
			return ws->sums.items[i];
	return NULL;
}

static int only_this(const struct finding *f, void *arg)
{
	return same_file(f->path, arg);
}

/* Everything phase 2's result depends on: djasync, its summary code (the cache's salt) and
 * the rest of its code (DJASYNC_PHASE2_ID),
 * the engine options, and every file's path and content, in order. */
static struct replay_key replay_key_of(const workspace *ws)
{
	const struct engine_opts *eo = &ws->o.engine;
	struct strbuf b = {0};
	sb_printf(&b, "%llu|%s|%d|%d|%d|%d", (unsigned long long)cache_salt(ws->cache), DJASYNC_PHASE2_ID,
		  eo->django_version, (int)eo->min_confidence, eo->max_depth, eo->no_follow);
	for (size_t i = 0; i < eo->n_extra; i++)
		sb_printf(&b, "|x%s=%s", eo->extra_names[i], eo->extra_fixes && eo->extra_fixes[i] ? eo->extra_fixes[i] : "");
	for (size_t i = 0; i < eo->n_safe; i++)
		sb_printf(&b, "|s%s", eo->safe_calls[i]);
	for (size_t i = 0; i < eo->n_roots; i++)
		sb_printf(&b, "|r%s", eo->async_roots[i]);
	for (size_t i = 0; i < ws->sums.len; i++) {
		const struct cache_key *k = &ws->keys.items[i];
		sb_printf(&b, "|%s", ws->sums.items[i]->path);
		sb_add(&b, "", 1);
		sb_add(&b, (const char *)k, sizeof *k);
	}
	struct cache_key h = cache_key_of(b.s, b.len);
	sb_free(&b);
	return (struct replay_key){h.a, h.b ^ h.len};
}

/* Phase 2's rules on the workspace: the engine (summarizing reached files in full on demand),
 * then the suppression comments. The files summarized anew replace their shallow summaries. */
/* A finding in the environment's code: the project reports it only through a chain. */
static int in_project(const struct finding *f, void *arg)
{
	return !env_holds(arg, f->path);
}

struct deepen run_rules(workspace *ws, djindex *ix, const struct engine_opts *eo, struct report *r)
{
	struct deepen dp = {.sums = ws->sums.items, .keys = ws->keys.items, .n_keys = ws->keys.len, .r = r,
			    .cache = ws->cache, .o = &ws->o, .fc = ws->fc};
	struct engine_deepen ed = {deepen_files, &dp};
	engine_run(ix, ws->sums.items, ws->sums.len, eo, &ed, r);
	if (ws->o.python_env)
		report_filter(r, in_project, (void *)ws->o.python_env, 0);
	apply_suppressions(ws->sums.items, ws->sums.len, ws->n_project, r);
	deepen_done(&dp);
	ws->fc = dp.fc;
	return dp;
}

void ws_check(workspace *ws, const char *only_path, struct report *r)
{
	ws_check_text(ws, only_path, NULL, 0, r);
}

struct read_check {
	const workspace *ws;
	const struct strmap *at;
	VEC(const char *) changed; /* paths whose bytes are not phase 1's any more */
};

/* Whether `buf` is what phase 1 read for `path` (its content key, shallow or full). */
static int as_read(const char *path, const char *buf, size_t len, void *arg)
{
	const struct read_check *rc = arg;
	int64_t i = strmap_get(rc->at, path, -1);
	if (i < 0)
		return 0; /* a file phase 1 did not key (an editor buffer's): its lines came from the buffer */
	struct cache_key was = rc->ws->keys.items[i], now = cache_key_of(buf, len);
	int same = was.a == now.a && was.len == now.len && (was.b == now.b || (was.b ^ SHALLOW_KEY) == now.b);
	if (!same && (was.a || was.b || was.len)) /* (a zero key: a file an editor buffer added) */
		VEC_PUSH(((struct read_check *)arg)->changed, path);
	return same;
}

void ws_check_text(workspace *ws, const char *only_path, const char *text, size_t len, struct report *r)
{
	struct scan_stats *st = &ws->st;
	struct summary **sums = ws->sums.items;
	size_t n = ws->sums.len;
	r->files_scanned = ws->n_project;
	double t3 = scan_now(), t4 = t3;
	/* an unchanged scan replays phase 2's result from the cache */
	int replayable = ws->cache && ws->keys_valid && !only_path && !ws->o.engine.root_flags;
	struct replay_key rk = replayable ? replay_key_of(ws) : (struct replay_key){0, 0};
	char *saved = NULL;
	size_t saved_len = 0, first_error = r->n_errors;
	st->replayed = 0;
	if (replayable && (saved = cache_blob_load(ws->cache, "replay", &saved_len)) != NULL)
		st->replayed = replay_load(saved, saved_len, rk, r) == 0;
	free(saved);
	struct deepen dp = {0};
	if (!st->replayed) {
		djindex *ix = index_build(sums, n, ws_dirfacts(ws));
		t4 = scan_now();
		dp = run_rules(ws, ix, &ws->o.engine, r);
		index_free(ix);
		if (replayable) {
			replay_save(r, first_error, rk, &saved, &saved_len);
			cache_blob_store(ws->cache, "replay", saved, saved_len);
			free(saved);
		}
	}
	/* after the replay record is made: phase 1 finds syntax errors, phase 2 does not repeat them */
	for (size_t i = 0; i < ws->n_project; i++)
		if (sums[i]->syntax_error_line)
			add_syntax_error(r, sums[i]->path, sums[i]);
	double t5 = scan_now();
	if (only_path)
		report_filter(r, only_this, (void *)only_path, 0);
	report_sort(r);
	if (only_path && text) {
		/* the buffer's lines, not the file on disk; report the path as the caller named it */
		for (size_t i = 0; i < r->n_findings; i++)
			if (strcmp(r->findings[i].path, only_path) != 0) {
				free(r->findings[i].path);
				r->findings[i].path = xstrdup(only_path);
			}
		report_source_lines_from(r, only_path, text, len);
	}
#ifdef DJASYNC_FAULTS
	/* fault injection (tests only): the file named is rewritten after the rules ran, before its
	 * source lines are read */
	const char *late = getenv("DJASYNC_FAULT_REWRITE_LATE");
	for (size_t i = 0; late && i < n; i++)
		if (str_has_suffix(sums[i]->path, late)) {
			FILE *f = fopen(sums[i]->path, "w");
			if (f) {
				fputs("x = 1\n", f);
				fclose(f);
			}
		}
#endif
	struct strmap at = {0}; /* path -> index in sums, for the phase-1 keys */
	for (size_t i = 0; i < ws->keys.len && i < n; i++)
		strmap_put(&at, sums[i]->path, (int64_t)i);
	struct read_check rc = {ws, &at, {0}};
	report_load_source_lines(r, as_read, &rc);
	for (size_t i = 0; i < rc.changed.len; i++)
		report_add_error(r, rc.changed.items[i], 0, "changed during the scan: its findings are shown without source lines");
	if (rc.changed.len)
		report_sort(r);
	VEC_FREE(rc.changed);
	strmap_free(&at);
	report_fingerprint(r);
	st->deepened = dp.count;
	st->deepen = dp.seconds;
	st->index = t4 - t3;
	st->engine = t5 - t4;
}

const struct scan_stats *ws_stats(const workspace *ws)
{
	return &ws->st;
}

void ws_close(workspace *ws)
{
	if (!ws)
		return;
	for (size_t i = 0; i < ws->sums.len; i++)
		summary_free(ws->sums.items[i]);
	VEC_FREE(ws->sums);
	VEC_FREE(ws->keys);
	dirfacts_free(ws->dirs);
	facts_ctx_free(ws->fc);
	cache_close(ws->cache);
	free(ws);
}

int scan_run_stats(const char *const *paths, size_t n_paths, const struct scan_opts *o,
		   struct report *r, struct diag *d, struct scan_stats *st)
{
	double t0 = scan_now();
	workspace *ws = ws_open(paths, n_paths, o, r, d);
	if (!ws)
		return -1;
	if (o->stdin_path) {
		if (ws_set_text(ws, o->stdin_path, o->stdin_text, o->stdin_len, d) != 0) {
			ws_close(ws);
			return -1;
		}
	}
	ws_check_text(ws, o->stdin_path, o->stdin_text, o->stdin_len, r);
	if (st) {
		*st = ws->st;
		st->total = scan_now() - t0;
	}
	ws_close(ws);
	return 0;
}
