/* effort_scan: the analysis behind `djasync effort` over a workspace: the view inventory,
 * each view's handlers analyzed as async roots (sync ones as if they were async), its app
 * folder, its framework (what keeps a class view sync), sync middleware and the sync libraries
 * the project imports. effort.c prices what this finds. */
#include "apps.h"
#include "effort.h"
#include "scan_private.h"

#include <stdlib.h>
#include <string.h>

static const char *const library_table[][2] = {
	{"requests", "httpx.AsyncClient (or aiohttp)"},
	{"redis", "redis.asyncio"},
	{"psycopg2", "psycopg 3 (async connections)"},
	{"boto3", "aioboto3"},
	{"botocore", "aiobotocore"},
	{"pymongo", "motor"},
	{"smtplib", "aiosmtplib"},
	{"elasticsearch", "elasticsearch's AsyncElasticsearch"},
	{NULL, NULL},
};

/* The class view's framework: what keeps it sync whatever its methods do; its family's name
 * and fix to *name / *fix. */
static char *framework_of(djindex *ix, int cls, const char **name, const char **fix)
{
	const char *bases[16];
	size_t nb = index_external_bases(ix, cls, bases, 16);
	for (size_t i = 0; i < nb; i++) {
		const char *b = bases[i], *last = strrchr(b, '.');
		last = last ? last + 1 : b;
		if (str_has_prefix(b, "rest_framework")) { /* DRF and its extensions (simplejwt, ...) */
			*name = "DRF";
			*fix = "adrf's async APIView / ViewSet / generics (or django-ninja)";
			return xasprintf("DRF %s is sync-only: port it to adrf (async APIView/ViewSet) or django-ninja", last);
		}
		if (str_has_prefix(b, "django.views.generic.") && strcmp(last, "View") != 0 &&
		    strcmp(last, "RedirectView") != 0) {
			*name = "Django generic views";
			*fix = "a View with async handlers (Django has no async generic views)";
			return xasprintf("Django's generic %s has no async version: write a View with async handlers", last);
		}
		if (str_has_prefix(b, "django_filters.views.")) {
			*name = "django-filter views";
			*fix = "a View with async handlers filtering with django-filter's FilterSet";
			return xasprintf("django-filter's %s is a sync generic list view: write a View with async handlers",
					 last);
		}
	}
	return NULL;
}

static void sync_middleware(djindex *ix, struct summary **sums, size_t n, struct effort *e)
{
	struct middleware_ref mw[64];
	size_t nm = engine_sync_middleware(ix, sums, n, mw, 64);
	for (size_t i = 0; i < nm; i++) {
		e->middleware = xrealloc(e->middleware, (e->n_middleware + 1) * sizeof *e->middleware);
		e->middleware[e->n_middleware++] = xstrdup(mw[i].name);
	}
}

struct scope_ref {
	int sum, scope;
};

int ws_effort(workspace *ws, struct effort *e, struct report *r)
{
	struct summary **sums = ws->sums.items;
	size_t n = ws->sums.len;
	r->files_scanned = ws->n_project;
	djindex *ix = index_build(sums, n, ws_dirfacts(ws));
	struct view_list views = {0};
	engine_views(ix, sums, ws->n_project, &views);
	app_table *apps = apps_read(ix, sums, ws->n_project);
	/* the handlers to analyze as roots, as (sum, scope) pairs: the flags are made once the
	 * files holding them are summarized in full (more scopes; theirs keep their index) */
	VEC(struct scope_ref) roots = {0};
	e->views = xcalloc(views.len ? views.len : 1, sizeof *e->views);
	for (size_t v = 0; v < views.len; v++) {
		const struct view *vw = &views.items[v];
		int again = 0; /* one view routed twice (two patterns) is one view to convert */
		for (size_t u = 0; u < v && !again; u++)
			again = views.items[u].kind == vw->kind && views.items[u].sum == vw->sum &&
				views.items[u].scope == vw->scope;
		if (again)
			continue;
		struct effort_view *ev = &e->views[e->n_views++];
		const struct summary *s = sums[vw->sum];
		const struct scope *sc = &s->scopes.items[vw->scope];
		ev->name = xasprintf("%s.%s", index_import_name(ix, vw->sum), summary_str(s, sc->qualname));
		ev->path = xstrdup(s->path);
		ev->line = sc->sp.line;
		ev->url = xstrdup(vw->pattern);
		ev->routed = vw->routed;
		ev->by_class = !vw->routed && vw->kind == VIEW_CLASS;
		const char *label = apps_label_of(apps, s->path);
		if (label) {
			ev->app = xstrdup(label);
		} else if (apps_count(apps)) {
			ev->app = xstrdup("(project)"); /* outside every app the project declares */
		} else { /* none declared: the folder of its models.py / apps.py */
			char *dir = dirfacts_app_dir(ws->dirs, s->path);
			ev->app = dir ? xstrdup(strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir) : xstrdup("(project)");
			free(dir);
		}
		int hs[16], hc[16];
		size_t nh = 0;
		if (vw->kind == VIEW_CLASS) {
			nh = engine_view_handlers(ix, vw->cls, hs, hc, 16);
			ev->framework = framework_of(ix, vw->cls, &ev->framework_name, &ev->framework_fix);
		} else {
			hs[0] = vw->sum;
			hc[0] = vw->scope;
			nh = 1;
		}
		ev->is_async = nh > 0;
		ev->fn_paths = xcalloc(nh + 1, sizeof *ev->fn_paths);
		ev->fn_names = xcalloc(nh + 1, sizeof *ev->fn_names);
		if (vw->kind == VIEW_CLASS) { /* the class's own findings (DJA224's access mixin, DJA220) */
			ev->fn_paths[ev->n_fns] = xstrdup(s->path);
			ev->fn_names[ev->n_fns++] = xstrdup(summary_str(s, sc->qualname));
		}
		for (size_t h = 0; h < nh; h++) {
			const struct scope *hsc = &sums[hs[h]]->scopes.items[hc[h]];
			ev->fn_paths[ev->n_fns] = xstrdup(sums[hs[h]]->path);
			ev->fn_names[ev->n_fns++] = xstrdup(summary_str(sums[hs[h]], hsc->qualname));
			if (hsc->kind != SC_ASYNC_FUNCTION) {
				ev->is_async = 0;
				struct scope_ref rp = {hs[h], hc[h]};
				VEC_PUSH(roots, rp); /* analyzed as if it were async */
			}
		}
		if (ev->framework)
			ev->is_async = 0;
	}
	apps_free(apps);
	e->others = xcalloc(views.n_others + 1, sizeof *e->others);
	for (size_t k = 0; k < views.n_others; k++) {
		const struct summary *s = sums[views.others[k].sum];
		const struct scope *sc = &s->scopes.items[views.others[k].scope];
		e->others[e->n_others++] = xasprintf("%s:%d %s", s->path, sc->sp.line, summary_str(s, sc->qualname));
	}
	sync_middleware(ix, sums, ws->n_project, e);
	/* sync libraries the project imports */
	for (size_t i = 0; i < ws->n_project; i++)
		for (size_t k = 0; k < sums[i]->imports.len; k++) {
			const char *q = summary_str(sums[i], sums[i]->imports.items[k].qual);
			for (size_t t = 0; library_table[t][0]; t++) {
				size_t len = strlen(library_table[t][0]);
				if (strncmp(q, library_table[t][0], len) != 0 || (q[len] && q[len] != '.') ||
				    str_has_prefix(q, "redis.asyncio"))
					continue;
				int dup = 0;
				for (size_t l = 0; l < e->n_libs; l++)
					dup |= strcmp(e->libs[l].name, library_table[t][0]) == 0;
				if (!dup) {
					e->libs = xrealloc(e->libs, (e->n_libs + 1) * sizeof *e->libs);
					e->libs[e->n_libs++] = (struct effort_library){xstrdup(library_table[t][0]),
										       xstrdup(library_table[t][1]), 0};
				}
			}
		}
	/* a view in a file without `async` has a shallow summary: its body is needed now */
	struct deepen full = {.sums = sums, .keys = ws->keys.items, .n_keys = ws->keys.len, .r = r,
			      .cache = ws->cache, .o = &ws->o, .fc = ws->fc};
	uint8_t *wanted = xcalloc(n ? n : 1, 1);
	VEC(int) which = {0};
	for (size_t r2 = 0; r2 < roots.len; r2++) {
		int i = roots.items[r2].sum;
		if (sums[i]->shallow && !wanted[i]) {
			wanted[i] = 1;
			VEC_PUSH(which, i);
		}
	}
	struct summary **got = xcalloc(which.len ? which.len : 1, sizeof *got);
	deepen_files(&full, which.items, which.len, got);
	for (size_t k = 0; k < which.len; k++)
		if (got[k])
			summary_upgrade(&sums[which.items[k]], got[k]); /* deepen_files checked it */
	free(got);
	free(wanted);
	VEC_FREE(which);
	ws->fc = full.fc;
	uint8_t **flags = xcalloc(n ? n : 1, sizeof *flags);
	size_t *flags_len = xcalloc(n ? n : 1, sizeof *flags_len);
	for (size_t i = 0; i < n; i++) {
		flags_len[i] = sums[i]->scopes.len;
		flags[i] = xcalloc(sums[i]->scopes.len ? sums[i]->scopes.len : 1, 1);
	}
	for (size_t r2 = 0; r2 < roots.len; r2++)
		if ((size_t)roots.items[r2].scope < flags_len[roots.items[r2].sum]) /* (a full summary keeps them) */
			flags[roots.items[r2].sum][roots.items[r2].scope] = 1;
	VEC_FREE(roots);
	struct engine_opts eo = ws->o.engine;
	eo.root_flags = flags;
	eo.root_flags_len = flags_len;
	eo.views = &views; /* DJA223's inventory: the same, made once */
	run_rules(ws, ix, &eo, r);
	index_free(ix);
	deepen_done(&full); /* after the index, which points into the summaries it retires */
	report_sort(r);
	for (size_t i = 0; i < n; i++)
		free(flags[i]);
	free(flags);
	free(flags_len);
	view_list_free(&views);
	return 0;
}
