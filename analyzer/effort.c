/* effort: classifies each view's blocking events, prices them with the cost model and sums
 * per view, app and project; prints the plan as text (80 columns), JSON and Markdown. The
 * analysis itself (which views, which events) is ws_effort()'s, in scan.c. */
#include "effort.h"
#include "output.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const effort_class_names[] = {"mechanical", "wrap", "relation", "framework", "library", NULL};

static const struct {
	const char *name;
	size_t offset; /* into struct effort_model */
} model_keys[] = {
	{"convert-view", offsetof(struct effort_model, convert_view)},
	{"mechanical", offsetof(struct effort_model, per_event) + EC_MECHANICAL * sizeof(double)},
	{"wrap", offsetof(struct effort_model, per_event) + EC_WRAP * sizeof(double)},
	{"relation", offsetof(struct effort_model, per_event) + EC_RELATION * sizeof(double)},
	{"framework", offsetof(struct effort_model, per_event) + EC_FRAMEWORK * sizeof(double)},
	{"library", offsetof(struct effort_model, per_event) + EC_LIBRARY * sizeof(double)},
	{"library-port", offsetof(struct effort_model, library_port)},
	{"per-app", offsetof(struct effort_model, per_app)},
	{"per-middleware", offsetof(struct effort_model, per_middleware)},
	{"low", offsetof(struct effort_model, low)},
	{"high", offsetof(struct effort_model, high)},
	{NULL, 0},
};

void effort_model_default(struct effort_model *m)
{
	*m = (struct effort_model){.convert_view = 10, .per_app = 30, .per_middleware = 30,
				   .library_port = 120, .low = 0.7, .high = 1.6};
	m->per_event[EC_MECHANICAL] = 5;
	m->per_event[EC_WRAP] = 15;
	m->per_event[EC_RELATION] = 10;
	m->per_event[EC_FRAMEWORK] = 120;
	m->per_event[EC_LIBRARY] = 10;
}

int effort_model_set(struct effort_model *m, const char *name, double value)
{
	for (size_t i = 0; model_keys[i].name; i++)
		if (strcmp(model_keys[i].name, name) == 0) {
			*(double *)((char *)m + model_keys[i].offset) = value;
			return 0;
		}
	return -1;
}

/* The class of a finding's fix: its client library's port, else by the rule of the blocking
 * line (a chain wraps its helper, whatever it ends in, unless it ends in a lazy relation). */
static enum effort_class classify(const struct finding *f, const char **lib)
{
	const struct rule *cause = f->cause ? f->cause : f->rule;
	*lib = f->library;
	if (f->library)
		return EC_LIBRARY;
	if (cause && cause->effort == EC_RELATION)
		return EC_RELATION; /* select_related / prefetch_related on the query */
	if (!cause || cause != f->rule || cause->effort != EC_MECHANICAL)
		return EC_WRAP;
	return f->twin ? EC_MECHANICAL : EC_WRAP; /* the async twin at the target version */
}

static void view_add_library(struct effort_view *v, const char *lib)
{
	for (size_t i = 0; i < v->n_libraries; i++)
		if (strcmp(v->libraries[i], lib) == 0)
			return;
	v->libraries = xrealloc(v->libraries, (v->n_libraries + 1) * sizeof *v->libraries);
	v->libraries[v->n_libraries++] = xstrdup(lib);
}

static struct effort_library *project_library(struct effort *e, const char *lib)
{
	for (size_t i = 0; i < e->n_libs; i++)
		if (strcmp(e->libs[i].name, lib) == 0)
			return &e->libs[i];
	e->libs = xrealloc(e->libs, (e->n_libs + 1) * sizeof *e->libs);
	e->libs[e->n_libs] = (struct effort_library){xstrdup(lib), xstrdup(library_replacement(lib)), 0};
	return &e->libs[e->n_libs++];
}

static int only_mechanical(const struct effort_view *v)
{
	return !v->framework && !v->events[EC_WRAP] && !v->events[EC_RELATION] && !v->events[EC_FRAMEWORK] &&
	       !v->events[EC_LIBRARY];
}

void effort_compute(struct effort *e, const struct report *r)
{
	const struct effort_model *m = &e->model;
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		for (size_t v = 0; v < e->n_views; v++) {
			struct effort_view *ev = &e->views[v];
			int mine = 0;
			for (size_t k = 0; k < ev->n_fns && !mine; k++)
				mine = f->function && strcmp(ev->fn_names[k], f->function) == 0 &&
				       strcmp(ev->fn_paths[k], f->path) == 0;
			if (!mine)
				continue;
			const char *lib;
			ev->events[classify(f, &lib)]++;
			ev->findings++;
			if (lib)
				view_add_library(ev, lib);
		}
	}
	for (size_t v = 0; v < e->n_views; v++) {
		struct effort_view *ev = &e->views[v];
		if (ev->framework)
			ev->events[EC_FRAMEWORK]++;
		double min = ev->is_async ? 0 : m->convert_view;
		for (int c = 0; c < EC_COUNT; c++)
			min += ev->events[c] * m->per_event[c];
		ev->minutes = min;
		for (size_t l = 0; l < ev->n_libraries; l++)
			project_library(e, ev->libraries[l])->views++;
		/* apps */
		struct effort_app *app = NULL;
		for (size_t a = 0; a < e->n_apps && !app; a++)
			if (strcmp(e->apps[a].name, ev->app) == 0)
				app = &e->apps[a];
		if (!app) {
			e->apps = xrealloc(e->apps, (e->n_apps + 1) * sizeof *e->apps);
			app = &e->apps[e->n_apps++];
			*app = (struct effort_app){xstrdup(ev->app), NULL, 0, 0, 0, 0, 0};
		}
		app->views++;
		app->async_views += ev->is_async;
		app->minutes += ev->minutes;
		int safe = ev->is_async && ev->findings == 0 && !ev->framework;
		int after = safe || only_mechanical(ev);
		app->safe_now += safe;
		app->safe_after += after;
		if (ev->routed) {
			e->routed++;
			e->async_views += ev->is_async;
			e->safe_now += safe;
			e->safe_after += after;
		}
	}
	e->minutes = 0;
	for (size_t a = 0; a < e->n_apps; a++) {
		if (e->apps[a].minutes > 0)
			e->apps[a].minutes += m->per_app;
		e->minutes += e->apps[a].minutes;
	}
	for (size_t l = 0; l < e->n_libs; l++)
		if (e->libs[l].views)
			e->minutes += m->library_port;
	e->minutes += (double)e->n_middleware * m->per_middleware;
}

void effort_free(struct effort *e)
{
	for (size_t v = 0; v < e->n_views; v++) {
		struct effort_view *ev = &e->views[v];
		free(ev->name);
		free(ev->path);
		free(ev->url);
		free(ev->app);
		free(ev->framework);
		for (size_t l = 0; l < ev->n_libraries; l++)
			free(ev->libraries[l]);
		free(ev->libraries);
		for (size_t k = 0; k < ev->n_fns; k++) {
			free(ev->fn_paths[k]);
			free(ev->fn_names[k]);
		}
		free(ev->fn_paths);
		free(ev->fn_names);
	}
	free(e->views);
	for (size_t a = 0; a < e->n_apps; a++) {
		free(e->apps[a].name);
		free(e->apps[a].dir);
	}
	free(e->apps);
	for (size_t l = 0; l < e->n_libs; l++) {
		free(e->libs[l].name);
		free(e->libs[l].replacement);
	}
	free(e->libs);
	for (size_t i = 0; i < e->n_middleware; i++)
		free(e->middleware[i]);
	free(e->middleware);
	memset(e, 0, sizeof *e);
}

/* Hours, to the half hour: a range, not false precision. */
static double hours(double minutes)
{
	return round(minutes / 30.0) / 2.0;
}

static int cmp_order(const void *pa, const void *pb)
{
	const struct effort_view *a = *(const struct effort_view *const *)pa, *b = *(const struct effort_view *const *)pb;
	int ba = a->framework || a->n_libraries, bb = b->framework || b->n_libraries;
	if (ba != bb)
		return ba - bb;
	if (a->minutes != b->minutes)
		return a->minutes < b->minutes ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Views in the order to convert them: no blocker first, cheapest first. Caller frees. */
static const struct effort_view **work_order(const struct effort *e, size_t *n)
{
	const struct effort_view **o = xcalloc(e->n_views ? e->n_views : 1, sizeof *o);
	*n = 0;
	for (size_t v = 0; v < e->n_views; v++)
		if (e->views[v].routed && (e->views[v].minutes > 0 || e->views[v].framework))
			o[(*n)++] = &e->views[v];
	qsort(o, *n, sizeof *o, cmp_order);
	return o;
}

static void bar(struct strbuf *b, double share, int width)
{
	int full = (int)(share * width + 0.5);
	sb_putc(b, '[');
	for (int i = 0; i < width; i++)
		sb_putc(b, i < full ? '#' : '.');
	sb_putc(b, ']');
}

static const char *short_name(const struct effort_view *v)
{
	/* the part after the module: book_detail, AuthorBooksView */
	const char *p = strstr(v->name, ".views.");
	return p ? p + 7 : v->name;
}

void out_effort_text(struct strbuf *b, const struct effort *e, const struct out_opts *o)
{
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
	double lo = hours(e->minutes * e->model.low), hi = hours(e->minutes * e->model.high);
	sb_printf(b, "%sMigration effort%s: %zu views (%zu routed, %zu async) in %zu app%s; Django %s\n", bold, reset,
		  e->n_views, e->routed, e->async_views, e->n_apps, e->n_apps == 1 ? "" : "s", e->django_version);
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		sb_printf(b, "\n%s%-30s%s %3zu views %3zu async   est. %g-%g h\n", bold, app->name, reset, app->views,
			  app->async_views, hours(app->minutes * e->model.low), hours(app->minutes * e->model.high));
		sb_printf(b, "  %-28s %-5s %4s %4s %3s %3s %3s %5s\n", "view", "kind", "mech", "wrap", "rel", "fw",
			  "lib", "min");
		for (size_t v = 0; v < e->n_views; v++) {
			const struct effort_view *ev = &e->views[v];
			if (strcmp(ev->app, app->name) != 0)
				continue;
			char name[29];
			snprintf(name, sizeof name, "%s%s", short_name(ev), ev->routed ? "" : "*");
			sb_printf(b, "  %-28s %-5s %4d %4d %3d %3d %3d %5.0f ", name, ev->is_async ? "async" : "sync",
				  ev->events[EC_MECHANICAL], ev->events[EC_WRAP], ev->events[EC_RELATION],
				  ev->events[EC_FRAMEWORK], ev->events[EC_LIBRARY], ev->minutes);
			int n = (int)(ev->minutes / 10.0 + 0.5);
			for (int i = 0; i < n && i < 10; i++)
				sb_putc(b, '#');
			sb_putc(b, '\n');
		}
	}
	size_t denom = e->routed ? e->routed : e->n_views;
	double now = denom ? (double)e->safe_now / (double)denom : 0, after = denom ? (double)e->safe_after / (double)denom : 0;
	sb_printf(b, "\n%sProject%s\n  async-safe today   %3zu/%-3zu %3.0f%% ", bold, reset, e->safe_now, denom, now * 100);
	bar(b, now, 30);
	sb_printf(b, "\n  after mechanical   %3zu/%-3zu %3.0f%% ", e->safe_after, denom, after * 100);
	bar(b, after, 30);
	sb_printf(b, "\n  estimate           %g-%g h (%.0f min at the model's rates)\n", lo, hi, e->minutes);
	size_t n;
	const struct effort_view **order = work_order(e, &n);
	if (n) {
		sb_printf(b, "\n%sOrder of work%s (cheapest first, blocked last)\n", bold, reset);
		for (size_t i = 0; i < n && i < 20; i++)
			sb_printf(b, "  %2zu. %-48.48s %5.0f min%s\n", i + 1, order[i]->name, order[i]->minutes,
				  order[i]->framework || order[i]->n_libraries ? "  blocked" : "");
		if (n > 20)
			sb_printf(b, "  ... %zu more in the JSON report\n", n - 20);
	}
	free(order);
	int any = 0;
	for (size_t v = 0; v < e->n_views; v++)
		if (e->views[v].framework) {
			if (!any++)
				sb_printf(b, "\n%sBlockers%s\n", bold, reset);
			sb_printf(b, "  - %s: %s\n", e->views[v].name, e->views[v].framework);
		}
	for (size_t l = 0; l < e->n_libs; l++)
		if (e->libs[l].views) {
			if (!any++)
				sb_printf(b, "\n%sBlockers%s\n", bold, reset);
			sb_printf(b, "  - %s (%zu view%s): replace with %s\n", e->libs[l].name, e->libs[l].views,
				  e->libs[l].views == 1 ? "" : "s", e->libs[l].replacement);
		}
	for (size_t i = 0; i < e->n_middleware; i++) {
		if (!any++)
			sb_printf(b, "\n%sBlockers%s\n", bold, reset);
		sb_printf(b, "  - %s: sync-only middleware; every request pays a thread hop (make it async-capable)\n",
			  e->middleware[i]);
	}
	int unrouted = 0;
	for (size_t v = 0; v < e->n_views; v++)
		unrouted += !e->views[v].routed;
	if (unrouted)
		sb_printf(b, "\n* %d view-like function%s no URLconf reaches (listed, not counted in readiness)\n",
			  unrouted, unrouted == 1 ? "" : "s");
}

static cJSON *num(double v)
{
	return cJSON_CreateNumber(round(v * 100) / 100);
}

void out_effort_json(struct strbuf *b, const struct effort *e, const struct out_opts *o)
{
	(void)o;
	cJSON *root = out_json_head(e->django_version, e->django_version_from);
	cJSON *ef = cJSON_AddObjectToObject(root, "effort");
	cJSON *model = cJSON_AddObjectToObject(ef, "model");
	for (size_t i = 0; model_keys[i].name; i++)
		cJSON_AddItemToObject(model, model_keys[i].name,
				      num(*(const double *)((const char *)&e->model + model_keys[i].offset)));
	size_t denom = e->routed ? e->routed : e->n_views;
	cJSON *proj = cJSON_AddObjectToObject(ef, "project");
	cJSON_AddNumberToObject(proj, "views", (double)e->n_views);
	cJSON_AddNumberToObject(proj, "routed_views", (double)e->routed);
	cJSON_AddNumberToObject(proj, "async_views", (double)e->async_views);
	cJSON_AddNumberToObject(proj, "async_safe_now", (double)e->safe_now);
	cJSON_AddNumberToObject(proj, "async_safe_after_mechanical", (double)e->safe_after);
	cJSON_AddItemToObject(proj, "readiness_now", num(denom ? (double)e->safe_now / (double)denom : 0));
	cJSON_AddItemToObject(proj, "readiness_after_mechanical", num(denom ? (double)e->safe_after / (double)denom : 0));
	cJSON_AddItemToObject(proj, "minutes", num(e->minutes));
	cJSON_AddItemToObject(proj, "hours_low", num(hours(e->minutes * e->model.low)));
	cJSON_AddItemToObject(proj, "hours_high", num(hours(e->minutes * e->model.high)));
	cJSON *libs = cJSON_AddArrayToObject(proj, "libraries");
	for (size_t l = 0; l < e->n_libs; l++) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", e->libs[l].name);
		cJSON_AddStringToObject(j, "replacement", e->libs[l].replacement);
		cJSON_AddNumberToObject(j, "views", (double)e->libs[l].views);
		cJSON_AddItemToArray(libs, j);
	}
	cJSON *mw = cJSON_AddArrayToObject(proj, "sync_middleware");
	for (size_t i = 0; i < e->n_middleware; i++)
		cJSON_AddItemToArray(mw, cJSON_CreateString(e->middleware[i]));
	cJSON *apps = cJSON_AddArrayToObject(ef, "apps");
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", app->name);
		cJSON_AddNumberToObject(j, "views", (double)app->views);
		cJSON_AddNumberToObject(j, "async_views", (double)app->async_views);
		cJSON_AddNumberToObject(j, "async_safe_now", (double)app->safe_now);
		cJSON_AddNumberToObject(j, "async_safe_after_mechanical", (double)app->safe_after);
		cJSON_AddItemToObject(j, "minutes", num(app->minutes));
		cJSON_AddItemToObject(j, "hours_low", num(hours(app->minutes * e->model.low)));
		cJSON_AddItemToObject(j, "hours_high", num(hours(app->minutes * e->model.high)));
		cJSON_AddItemToArray(apps, j);
	}
	cJSON *views = cJSON_AddArrayToObject(ef, "views");
	for (size_t v = 0; v < e->n_views; v++) {
		const struct effort_view *ev = &e->views[v];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", ev->name);
		json_add_path(j, "path", ev->path);
		cJSON_AddNumberToObject(j, "line", ev->line);
		cJSON_AddStringToObject(j, "url", ev->url);
		cJSON_AddBoolToObject(j, "routed", ev->routed);
		cJSON_AddStringToObject(j, "kind", ev->is_async ? "async" : "sync");
		cJSON_AddStringToObject(j, "app", ev->app);
		cJSON *evs = cJSON_AddObjectToObject(j, "events");
		for (int c = 0; c < EC_COUNT; c++)
			cJSON_AddNumberToObject(evs, effort_class_names[c], ev->events[c]);
		cJSON_AddNumberToObject(j, "open_findings", ev->findings);
		cJSON_AddItemToObject(j, "minutes", num(ev->minutes));
		if (ev->framework)
			cJSON_AddStringToObject(j, "framework", ev->framework);
		else
			cJSON_AddNullToObject(j, "framework");
		cJSON *vl = cJSON_AddArrayToObject(j, "libraries");
		for (size_t l = 0; l < ev->n_libraries; l++)
			cJSON_AddItemToArray(vl, cJSON_CreateString(ev->libraries[l]));
		cJSON_AddItemToArray(views, j);
	}
	size_t n;
	const struct effort_view **order = work_order(e, &n);
	cJSON *ord = cJSON_AddArrayToObject(ef, "order");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(ord, cJSON_CreateString(order[i]->name));
	free(order);
	char *text = cJSON_Print(root);
	json_fix_utf8(&text);
	sb_puts(b, text);
	sb_putc(b, '\n');
	free(text);
	cJSON_Delete(root);
}

void out_effort_markdown(struct strbuf *b, const struct effort *e, const struct out_opts *o)
{
	(void)o;
	size_t denom = e->routed ? e->routed : e->n_views;
	sb_printf(b, "## djasync: async migration effort\n\n");
	sb_printf(b, "%zu views (%zu routed, %zu async) in %zu apps, Django %s. **Estimate: %g-%g h.** "
		  "Async-safe today: %zu/%zu; after the mechanical steps: %zu/%zu.\n\n",
		  e->n_views, e->routed, e->async_views, e->n_apps, e->django_version,
		  hours(e->minutes * e->model.low), hours(e->minutes * e->model.high), e->safe_now, denom, e->safe_after, denom);
	sb_puts(b, "| app | views | async | safe now | safe after mechanical | estimate |\n|---|---|---|---|---|---|\n");
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		sb_printf(b, "| %s | %zu | %zu | %zu | %zu | %g-%g h |\n", app->name, app->views, app->async_views,
			  app->safe_now, app->safe_after, hours(app->minutes * e->model.low), hours(app->minutes * e->model.high));
	}
	sb_puts(b, "\n| view | url | kind | mechanical | wrap | relation | framework | library | minutes |\n"
		   "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t v = 0; v < e->n_views; v++) {
		const struct effort_view *ev = &e->views[v];
		sb_printf(b, "| `%s` | `%s` | %s | %d | %d | %d | %d | %d | %.0f |\n", ev->name, ev->routed ? ev->url : "(not routed)",
			  ev->is_async ? "async" : "sync", ev->events[EC_MECHANICAL], ev->events[EC_WRAP],
			  ev->events[EC_RELATION], ev->events[EC_FRAMEWORK], ev->events[EC_LIBRARY], ev->minutes);
	}
	size_t n;
	const struct effort_view **order = work_order(e, &n);
	if (n) {
		sb_puts(b, "\n**Order of work** (cheapest first, blocked last):\n\n");
		for (size_t i = 0; i < n; i++)
			sb_printf(b, "%zu. `%s` (%.0f min)%s\n", i + 1, order[i]->name, order[i]->minutes,
				  order[i]->framework || order[i]->n_libraries ? " - blocked" : "");
	}
	free(order);
	int any = 0;
	for (size_t v = 0; v < e->n_views; v++)
		if (e->views[v].framework)
			sb_printf(b, "%s- `%s`: %s\n", any++ ? "" : "\n**Blockers:**\n\n", e->views[v].name, e->views[v].framework);
	for (size_t l = 0; l < e->n_libs; l++)
		if (e->libs[l].views)
			sb_printf(b, "%s- `%s` (%zu views): replace with %s\n", any++ ? "" : "\n**Blockers:**\n\n",
				  e->libs[l].name, e->libs[l].views, e->libs[l].replacement);
	for (size_t i = 0; i < e->n_middleware; i++)
		sb_printf(b, "%s- `%s`: sync-only middleware\n", any++ ? "" : "\n**Blockers:**\n\n", e->middleware[i]);
}
