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

static void trail_add(struct effort_view *v, const char *path, int line, const char *rule, int cls, double minutes,
		      const char *what)
{
	v->trail = xrealloc(v->trail, (v->n_trail + 1) * sizeof *v->trail);
	v->trail[v->n_trail++] = (struct effort_event){xstrdup(path), line, rule, cls, minutes, xstrdup(what ? what : "")};
}

/* Most costly first, then by place. */
static int cmp_trail(const void *pa, const void *pb)
{
	const struct effort_event *a = pa, *b = pb;
	if (a->minutes != b->minutes)
		return a->minutes > b->minutes ? -1 : 1;
	int c = strcmp(a->path, b->path);
	return c ? c : a->line - b->line;
}

static struct effort_framework *project_framework(struct effort *e, const struct effort_view *v)
{
	const char *name = v->framework_name ? v->framework_name : "framework";
	for (size_t i = 0; i < e->n_frameworks; i++)
		if (strcmp(e->frameworks[i].name, name) == 0)
			return &e->frameworks[i];
	e->frameworks = xrealloc(e->frameworks, (e->n_frameworks + 1) * sizeof *e->frameworks);
	e->frameworks[e->n_frameworks] =
		(struct effort_framework){name, v->framework_fix ? v->framework_fix : "an async rewrite", 0, 0};
	return &e->frameworks[e->n_frameworks++];
}

static int only_mechanical(const struct effort_view *v)
{
	return !v->framework && !v->events[EC_WRAP] && !v->events[EC_RELATION] && !v->events[EC_FRAMEWORK] &&
	       !v->events[EC_LIBRARY];
}

int effort_safe_now(const struct effort_view *v)
{
	return v->is_async && v->findings == 0 && !v->framework;
}

int effort_safe_after(const struct effort_view *v)
{
	return effort_safe_now(v) || only_mechanical(v);
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
			enum effort_class cls = classify(f, &lib);
			ev->events[cls]++;
			ev->findings++;
			trail_add(ev, f->path, f->line, f->id, (int)cls, m->per_event[cls], f->message);
			if (lib) {
				view_add_library(ev, lib);
				e->library_minutes += m->per_event[cls];
			}
		}
	}
	int any_counted = 0; /* else the view-like functions are all there is: count them */
	for (size_t v = 0; v < e->n_views; v++)
		any_counted |= e->views[v].routed || e->views[v].by_class;
	e->functions_counted = !any_counted;
	for (size_t v = 0; v < e->n_views; v++) {
		struct effort_view *ev = &e->views[v];
		if (ev->framework) {
			ev->events[EC_FRAMEWORK]++;
			trail_add(ev, ev->path, ev->line, NULL, EC_FRAMEWORK, m->per_event[EC_FRAMEWORK], ev->framework);
			struct effort_framework *fw = project_framework(e, ev);
			fw->views++;
			fw->minutes += m->per_event[EC_FRAMEWORK];
			e->framework_minutes += m->per_event[EC_FRAMEWORK];
		}
		if (!ev->is_async)
			trail_add(ev, ev->path, ev->line, NULL, -1, m->convert_view, "make the view async");
		if (ev->n_trail)
			qsort(ev->trail, ev->n_trail, sizeof *ev->trail, cmp_trail);
		double min = ev->is_async ? 0 : m->convert_view;
		for (int c = 0; c < EC_COUNT; c++)
			min += ev->events[c] * m->per_event[c];
		ev->minutes = min;
		e->routed += ev->routed != 0;
		e->by_class += ev->by_class != 0;
		e->by_function += !ev->routed && !ev->by_class;
		if (!ev->routed && !ev->by_class && any_counted)
			continue; /* listed, not counted: in no app's figures, not in the estimate */
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
		int safe = effort_safe_now(ev);
		int after = effort_safe_after(ev);
		app->safe_now += safe;
		app->safe_after += after;
		e->counted++;
		e->async_views += ev->is_async;
		e->safe_now += safe;
		e->safe_after += after;
	}
	e->minutes = 0;
	for (size_t a = 0; a < e->n_apps; a++) {
		if (e->apps[a].minutes > 0)
			e->apps[a].minutes += m->per_app;
		e->minutes += e->apps[a].minutes;
	}
	for (size_t l = 0; l < e->n_libs; l++)
		if (e->libs[l].views) {
			e->minutes += m->library_port;
			e->library_minutes += m->library_port;
		}
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
		for (size_t k = 0; k < ev->n_trail; k++) {
			free(ev->trail[k].path);
			free(ev->trail[k].what);
		}
		free(ev->trail);
	}
	free(e->frameworks);
	for (size_t i = 0; i < e->n_others; i++)
		free(e->others[i]);
	free(e->others);
	for (size_t i = 0; i < e->n_past; i++) {
		struct effort_past *p = &e->past[i];
		free(p->path);
		for (size_t k = 0; k < p->names.len; k++)
			free(p->names.items[k]);
		for (size_t k = 0; k < p->safe_names.len; k++)
			free(p->safe_names.items[k]);
		for (size_t k = 0; k < p->blocked_names.len; k++)
			free(p->blocked_names.items[k]);
		VEC_FREE(p->names);
		VEC_FREE(p->safe_names);
		VEC_FREE(p->blocked_names);
	}
	free(e->past);
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
double effort_hours(double minutes)
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
const struct effort_view **effort_work_order(const struct effort *e, size_t *n)
{
	const struct effort_view **o = xcalloc(e->n_views ? e->n_views : 1, sizeof *o);
	*n = 0;
	for (size_t v = 0; v < e->n_views; v++)
		if ((e->views[v].routed || e->views[v].by_class) && (e->views[v].minutes > 0 || e->views[v].framework))
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

void effort_inventory_line(struct strbuf *b, const struct effort *e)
{
	sb_printf(b, "Views: %zu found by route, %zu by class only (no URLconf reaches them: registered at run time?)",
		  e->routed, e->by_class);
	if (e->by_function)
		sb_printf(b, "; %zu view-like function%s %s", e->by_function, e->by_function == 1 ? "" : "s",
			  e->functions_counted ? "(no URLconf found: counted)" : "listed, not counted");
}

const char *effort_found_by(const struct effort_view *v)
{
	return v->routed ? "route" : v->by_class ? "class" : "function";
}

const char *effort_event_class_name(int cls)
{
	return cls < 0 ? "convert" : effort_class_names[cls];
}

/* "      shop/views.py:8 DJA101 mechanical 5 min: `Book.objects.get()`", in 80 columns: the
 * message's call when it starts with one, else the message without its "in async function
 * `...`" tail, cut to fit. */
static void trail_line(struct strbuf *b, const struct effort_event *t)
{
	char *path = text_safe(t->path);
	size_t start = b->len;
	sb_printf(b, "      %s:%d %s %s %.0f min", path, t->line, t->rule ? t->rule : "-", effort_event_class_name(t->cls),
		  t->minutes);
	free(path);
	const char *what = t->what, *tail = strstr(what, " in async function `");
	int len = tail ? (int)(tail - what) : (int)strlen(what);
	const char *tick = what[0] == '`' ? strchr(what + 1, '`') : NULL;
	if (tick) /* the call itself: `Review.objects.filter(...).count()` */
		len = (int)(tick - what) + 1;
	int room = 80 - (int)(b->len - start) - 2;
	if (room >= 20)
		sb_printf(b, ": %.*s%s", len > room ? room - 3 : len, what, len > room ? "..." : "");
	sb_putc(b, '\n');
}

double effort_share(double part, double whole)
{
	return whole > 0 ? part / whole : 0;
}

/* How much of the estimate is framework and library work, and what removes it. */
static void share_lines(struct strbuf *b, const struct effort *e, const char *indent)
{
	if (e->framework_minutes > 0) {
		sb_printf(b, "%sframework work     %.0f min (%.0f%% of the estimate)\n", indent, e->framework_minutes,
			  effort_share(e->framework_minutes, e->minutes) * 100);
		for (size_t i = 0; i < e->n_frameworks; i++)
			sb_printf(b, "%s  %s: %zu view%s, %.0f min; removed by %s\n", indent, e->frameworks[i].name,
				  e->frameworks[i].views, e->frameworks[i].views == 1 ? "" : "s", e->frameworks[i].minutes,
				  e->frameworks[i].fix);
	}
	if (e->library_minutes > 0) {
		sb_printf(b, "%slibrary work       %.0f min (%.0f%% of the estimate)\n", indent, e->library_minutes,
			  effort_share(e->library_minutes, e->minutes) * 100);
		for (size_t l = 0; l < e->n_libs; l++)
			if (e->libs[l].views)
				sb_printf(b, "%s  %s: %zu view%s; removed by %s\n", indent, e->libs[l].name, e->libs[l].views,
					  e->libs[l].views == 1 ? "" : "s", e->libs[l].replacement);
	}
}

void out_effort_text(struct strbuf *b, const struct effort *e, const struct out_opts *o)
{
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
	double lo = effort_hours(e->minutes * e->model.low), hi = effort_hours(e->minutes * e->model.high);
	sb_printf(b, "%sMigration effort%s: %zu views (%zu async) in %zu app%s; Django %s\n", bold, reset, e->counted,
		  e->async_views, e->n_apps, e->n_apps == 1 ? "" : "s", e->django_version);
	effort_inventory_line(b, e);
	sb_puts(b, "\n");
	if (e->n_others) {
		char *first = text_safe(e->others[0]);
		sb_printf(b, "Also seen, not Django views: %zu async handler%s of another framework (%s%s)\n", e->n_others,
			  e->n_others == 1 ? "" : "s", first, e->n_others > 1 ? ", ..." : "");
		free(first);
	}
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		sb_printf(b, "\n%s%-30s%s %3zu views %3zu async   est. %g-%g h\n", bold, app->name, reset, app->views,
			  app->async_views, effort_hours(app->minutes * e->model.low), effort_hours(app->minutes * e->model.high));
		sb_printf(b, "  %-28s %-5s %4s %4s %3s %3s %3s %5s\n", "view", "kind", "mech", "wrap", "rel", "fw",
			  "lib", "min");
		for (size_t v = 0; v < e->n_views; v++) {
			const struct effort_view *ev = &e->views[v];
			if (strcmp(ev->app, app->name) != 0)
				continue;
			char name[29];
			snprintf(name, sizeof name, "%s%s", short_name(ev), ev->routed ? "" : ev->by_class ? "+" : "*");
			sb_printf(b, "  %-28s %-5s %4d %4d %3d %3d %3d %5.0f ", name, ev->is_async ? "async" : "sync",
				  ev->events[EC_MECHANICAL], ev->events[EC_WRAP], ev->events[EC_RELATION],
				  ev->events[EC_FRAMEWORK], ev->events[EC_LIBRARY], ev->minutes);
			int n = (int)(ev->minutes / 10.0 + 0.5);
			for (int i = 0; i < n && i < 10; i++)
				sb_putc(b, '#');
			sb_putc(b, '\n');
		}
	}
	size_t denom = e->counted;
	double now = denom ? (double)e->safe_now / (double)denom : 0, after = denom ? (double)e->safe_after / (double)denom : 0;
	sb_printf(b, "\n%sProject%s\n  async-safe today   %3zu/%-3zu %3.0f%% ", bold, reset, e->safe_now, denom, now * 100);
	bar(b, now, 30);
	sb_printf(b, "\n  after mechanical   %3zu/%-3zu %3.0f%% ", e->safe_after, denom, after * 100);
	bar(b, after, 30);
	sb_printf(b, "\n  estimate           %g-%g h (%.0f min at the model's rates)\n", lo, hi, e->minutes);
	share_lines(b, e, "  ");
	effort_compare_text(b, e);
	size_t n;
	const struct effort_view **order = effort_work_order(e, &n);
	if (n) {
		sb_printf(b, "\n%sOrder of work%s (cheapest first, blocked last)\n", bold, reset);
		for (size_t i = 0; i < n && i < 20; i++) {
			sb_printf(b, "  %2zu. %-48.48s %5.0f min%s\n", i + 1, order[i]->name, order[i]->minutes,
				  order[i]->framework || order[i]->n_libraries ? "  blocked" : "");
			for (size_t k = 0; i < 10 && k < order[i]->n_trail && k < 3; k++) /* its top events */
				trail_line(b, &order[i]->trail[k]);
		}
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
	if (e->by_class)
		sb_printf(b, "\n+ %zu view class%s no URLconf reaches (a router or registry may add them at run time)\n",
			  e->by_class, e->by_class == 1 ? "" : "es");
	if (e->by_function)
		sb_printf(b, "%s* %zu view-like function%s no URLconf reaches (%s)\n", e->by_class ? "" : "\n",
			  e->by_function, e->by_function == 1 ? "" : "s",
			  e->functions_counted ? "no URLconf found: counted in readiness" : "listed, not counted in readiness");
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
	size_t denom = e->counted;
	cJSON *proj = cJSON_AddObjectToObject(ef, "project");
	cJSON_AddNumberToObject(proj, "views", (double)e->counted);
	cJSON_AddNumberToObject(proj, "views_by_route", (double)e->routed);
	cJSON_AddNumberToObject(proj, "views_by_class_only", (double)e->by_class);
	cJSON_AddNumberToObject(proj, "view_functions", (double)e->by_function);
	cJSON_AddBoolToObject(proj, "view_functions_counted", e->functions_counted);
	cJSON *oth = cJSON_AddArrayToObject(proj, "other_framework_handlers");
	for (size_t i = 0; i < e->n_others; i++)
		cJSON_AddItemToArray(oth, cJSON_CreateString(e->others[i]));
	cJSON_AddNumberToObject(proj, "async_views", (double)e->async_views);
	cJSON_AddNumberToObject(proj, "async_safe_now", (double)e->safe_now);
	cJSON_AddNumberToObject(proj, "async_safe_after_mechanical", (double)e->safe_after);
	cJSON_AddItemToObject(proj, "readiness_now", num(denom ? (double)e->safe_now / (double)denom : 0));
	cJSON_AddItemToObject(proj, "readiness_after_mechanical", num(denom ? (double)e->safe_after / (double)denom : 0));
	cJSON_AddItemToObject(proj, "minutes", num(e->minutes));
	cJSON_AddItemToObject(proj, "hours_low", num(effort_hours(e->minutes * e->model.low)));
	cJSON_AddItemToObject(proj, "hours_high", num(effort_hours(e->minutes * e->model.high)));
	cJSON_AddItemToObject(proj, "framework_minutes", num(e->framework_minutes));
	cJSON_AddItemToObject(proj, "framework_share", num(effort_share(e->framework_minutes, e->minutes)));
	cJSON_AddItemToObject(proj, "library_minutes", num(e->library_minutes));
	cJSON_AddItemToObject(proj, "library_share", num(effort_share(e->library_minutes, e->minutes)));
	cJSON *fws = cJSON_AddArrayToObject(proj, "frameworks");
	for (size_t i = 0; i < e->n_frameworks; i++) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", e->frameworks[i].name);
		cJSON_AddStringToObject(j, "removed_by", e->frameworks[i].fix);
		cJSON_AddNumberToObject(j, "views", (double)e->frameworks[i].views);
		cJSON_AddItemToObject(j, "minutes", num(e->frameworks[i].minutes));
		cJSON_AddItemToArray(fws, j);
	}
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
		cJSON_AddItemToObject(j, "hours_low", num(effort_hours(app->minutes * e->model.low)));
		cJSON_AddItemToObject(j, "hours_high", num(effort_hours(app->minutes * e->model.high)));
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
		cJSON_AddStringToObject(j, "found_by", effort_found_by(ev));
		cJSON_AddStringToObject(j, "kind", ev->is_async ? "async" : "sync");
		cJSON_AddStringToObject(j, "app", ev->app);
		cJSON *evs = cJSON_AddObjectToObject(j, "events");
		for (int c = 0; c < EC_COUNT; c++)
			cJSON_AddNumberToObject(evs, effort_class_names[c], ev->events[c]);
		cJSON_AddNumberToObject(j, "open_findings", ev->findings);
		cJSON_AddBoolToObject(j, "async_safe_now", effort_safe_now(ev));
		cJSON_AddItemToObject(j, "minutes", num(ev->minutes));
		if (ev->framework)
			cJSON_AddStringToObject(j, "framework", ev->framework);
		else
			cJSON_AddNullToObject(j, "framework");
		cJSON *vl = cJSON_AddArrayToObject(j, "libraries");
		for (size_t l = 0; l < ev->n_libraries; l++)
			cJSON_AddItemToArray(vl, cJSON_CreateString(ev->libraries[l]));
		cJSON *tr = cJSON_AddArrayToObject(j, "trail");
		for (size_t k = 0; k < ev->n_trail; k++) {
			const struct effort_event *t = &ev->trail[k];
			cJSON *x = cJSON_CreateObject();
			json_add_path(x, "path", t->path);
			cJSON_AddNumberToObject(x, "line", t->line);
			if (t->rule)
				cJSON_AddStringToObject(x, "rule", t->rule);
			else
				cJSON_AddNullToObject(x, "rule");
			cJSON_AddStringToObject(x, "class", effort_event_class_name(t->cls));
			cJSON_AddItemToObject(x, "minutes", num(t->minutes));
			cJSON_AddStringToObject(x, "what", t->what);
			cJSON_AddItemToArray(tr, x);
		}
		cJSON_AddItemToArray(views, j);
	}
	effort_compare_json(ef, e);
	size_t n;
	const struct effort_view **order = effort_work_order(e, &n);
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
	size_t denom = e->counted;
	sb_printf(b, "## djasync: async migration effort\n\n");
	sb_printf(b, "%zu views (%zu async) in %zu app%s, Django %s. **Estimate: %g-%g h.** "
		  "Async-safe today: %zu/%zu; after the mechanical steps: %zu/%zu.\n\n",
		  e->counted, e->async_views, e->n_apps, e->n_apps == 1 ? "" : "s", e->django_version,
		  effort_hours(e->minutes * e->model.low), effort_hours(e->minutes * e->model.high), e->safe_now, denom, e->safe_after, denom);
	effort_inventory_line(b, e);
	sb_puts(b, ".");
	if (e->n_others) {
		char *first = text_safe(e->others[0]);
		sb_printf(b, " Also seen, not Django views: %zu async handler%s of another framework (`%s`%s).", e->n_others,
			  e->n_others == 1 ? "" : "s", first, e->n_others > 1 ? ", ..." : "");
		free(first);
	}
	sb_puts(b, "\n\n");
	if (e->framework_minutes > 0 || e->library_minutes > 0) {
		share_lines(b, e, "- ");
		sb_puts(b, "\n");
	}
	effort_compare_markdown(b, e);
	sb_puts(b, "| app | views | async | safe now | safe after mechanical | estimate |\n|---|---|---|---|---|---|\n");
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		sb_printf(b, "| %s | %zu | %zu | %zu | %zu | %g-%g h |\n", app->name, app->views, app->async_views,
			  app->safe_now, app->safe_after, effort_hours(app->minutes * e->model.low), effort_hours(app->minutes * e->model.high));
	}
	sb_puts(b, "\n| view | url | kind | mechanical | wrap | relation | framework | library | minutes |\n"
		   "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t v = 0; v < e->n_views; v++) {
		const struct effort_view *ev = &e->views[v];
		sb_printf(b, "| `%s` | `%s` | %s | %d | %d | %d | %d | %d | %.0f |\n", ev->name,
			  ev->routed ? ev->url : ev->by_class ? "(class only)" : "(not routed)",
			  ev->is_async ? "async" : "sync", ev->events[EC_MECHANICAL], ev->events[EC_WRAP],
			  ev->events[EC_RELATION], ev->events[EC_FRAMEWORK], ev->events[EC_LIBRARY], ev->minutes);
	}
	size_t n;
	const struct effort_view **order = effort_work_order(e, &n);
	if (n) {
		sb_puts(b, "\n**Order of work** (cheapest first, blocked last):\n\n");
		for (size_t i = 0; i < n; i++) {
			sb_printf(b, "%zu. `%s` (%.0f min)%s\n", i + 1, order[i]->name, order[i]->minutes,
				  order[i]->framework || order[i]->n_libraries ? " - blocked" : "");
			for (size_t k = 0; k < order[i]->n_trail; k++) { /* what the minutes are */
				const struct effort_event *t = &order[i]->trail[k];
				char *what = text_safe(t->what), *path = text_safe(t->path); /* one line each */
				sb_printf(b, "   - `%s:%d` %s%s%s, %.0f min: %s\n", path, t->line, t->rule ? t->rule : "",
					  t->rule ? " " : "", effort_event_class_name(t->cls), t->minutes, what);
				free(what);
				free(path);
			}
		}
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
