/* effort_compare: `djasync effort --compare OLD.json`, what changed since a saved report: views
 * made async-safe, minutes removed, new blockers, views added and removed (the burn-down a team
 * reviews each sprint); several saved reports make a series the HTML draws. A saved report is
 * read by view name; a view is async-safe when it is async, has no open finding and no
 * framework (the same test as effort_safe_now, so reports of older versions read the same). */
#include "effort.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has(const void *vec_items, size_t len, const char *name)
{
	char *const *items = vec_items;
	for (size_t i = 0; i < len; i++)
		if (strcmp(items[i], name) == 0)
			return 1;
	return 0;
}

static int view_blocked(const cJSON *v)
{
	const cJSON *fw = cJSON_GetObjectItemCaseSensitive(v, "framework");
	const cJSON *libs = cJSON_GetObjectItemCaseSensitive(v, "libraries");
	return cJSON_IsString(fw) || (cJSON_IsArray(libs) && cJSON_GetArraySize(libs) > 0);
}

int effort_past_load(struct effort *e, const char *path, struct diag *d)
{
	char *text = read_file(path, NULL);
	if (!text) {
		diag_set(d, "--compare %s: cannot read it: %s", path, io_strerror());
		return -1;
	}
	cJSON *doc = cJSON_Parse(text);
	free(text);
	cJSON *ef = doc ? cJSON_GetObjectItemCaseSensitive(doc, "effort") : NULL;
	cJSON *proj = ef ? cJSON_GetObjectItemCaseSensitive(ef, "project") : NULL;
	cJSON *views = ef ? cJSON_GetObjectItemCaseSensitive(ef, "views") : NULL;
	cJSON *minutes = proj ? cJSON_GetObjectItemCaseSensitive(proj, "minutes") : NULL;
	if (!cJSON_IsArray(views) || !cJSON_IsNumber(minutes)) {
		diag_set(d, "--compare %s: not a saved effort report (make one with `djasync effort --format json -o "
			    "FILE`)", path);
		cJSON_Delete(doc);
		return -1;
	}
	e->past = xrealloc(e->past, (e->n_past + 1) * sizeof *e->past);
	struct effort_past *p = &e->past[e->n_past++];
	memset(p, 0, sizeof *p);
	p->path = xstrdup(path);
	p->minutes = minutes->valuedouble;
	const cJSON *v;
	cJSON_ArrayForEach(v, views)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
		const cJSON *kind = cJSON_GetObjectItemCaseSensitive(v, "kind");
		const cJSON *open = cJSON_GetObjectItemCaseSensitive(v, "open_findings");
		const cJSON *found = cJSON_GetObjectItemCaseSensitive(v, "found_by");
		const cJSON *routed = cJSON_GetObjectItemCaseSensitive(v, "routed");
		if (!cJSON_IsString(name))
			continue;
		/* counted as today: routed or by class (reports before found_by: routed) */
		int counted = cJSON_IsString(found) ? strcmp(found->valuestring, "function") != 0 : cJSON_IsTrue(routed);
		if (!counted)
			continue;
		char *n = xstrdup(name->valuestring);
		VEC_PUSH(p->names, n);
		p->views++;
		int safe = cJSON_IsString(kind) && strcmp(kind->valuestring, "async") == 0 && cJSON_IsNumber(open) &&
			   open->valueint == 0 && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "framework"));
		if (safe) {
			char *s = xstrdup(name->valuestring);
			VEC_PUSH(p->safe_names, s);
			p->safe++;
		}
		if (view_blocked(v)) {
			char *s = xstrdup(name->valuestring);
			VEC_PUSH(p->blocked_names, s);
		}
	}
	cJSON_Delete(doc);
	return 0;
}

static int counted(const struct effort_view *v)
{
	return v->routed || v->by_class;
}

static int blocked(const struct effort_view *v)
{
	return v->framework || v->n_libraries;
}

/* The changes against the last saved report, as callbacks per item. */
struct delta {
	const struct effort_past *p;
	double removed; /* minutes: before - now */
	VEC(const struct effort_view *) made_safe, new_blockers, added;
	VEC(const char *) gone;
};

static void delta_make(const struct effort *e, struct delta *dl)
{
	memset(dl, 0, sizeof *dl);
	dl->p = &e->past[e->n_past - 1];
	dl->removed = dl->p->minutes - e->minutes;
	for (size_t i = 0; i < e->n_views; i++) {
		const struct effort_view *v = &e->views[i];
		if (!counted(v))
			continue;
		int was = has(dl->p->names.items, dl->p->names.len, v->name);
		if (!was)
			VEC_PUSH(dl->added, v);
		if (was && effort_safe_now(v) && !has(dl->p->safe_names.items, dl->p->safe_names.len, v->name))
			VEC_PUSH(dl->made_safe, v);
		if (blocked(v) && !has(dl->p->blocked_names.items, dl->p->blocked_names.len, v->name))
			VEC_PUSH(dl->new_blockers, v);
	}
	for (size_t k = 0; k < dl->p->names.len; k++) {
		int still = 0;
		for (size_t i = 0; i < e->n_views && !still; i++)
			still = counted(&e->views[i]) && strcmp(e->views[i].name, dl->p->names.items[k]) == 0;
		if (!still)
			VEC_PUSH(dl->gone, dl->p->names.items[k]);
	}
}

static void delta_free(struct delta *dl)
{
	VEC_FREE(dl->made_safe);
	VEC_FREE(dl->new_blockers);
	VEC_FREE(dl->added);
	VEC_FREE(dl->gone);
}

static const char *blocker_of(const struct effort_view *v)
{
	return v->framework_name ? v->framework_name : v->n_libraries ? v->libraries[0] : "";
}

/* The changes, one per line, each `lead` first and its view name between `q`s (text, Markdown). */
static void put_changes(struct strbuf *b, const struct delta *dl, const char *lead, const char *q)
{
	for (size_t i = 0; i < dl->made_safe.len; i++)
		sb_printf(b, "%smade async-safe: %s%s%s\n", lead, q, dl->made_safe.items[i]->name, q);
	for (size_t i = 0; i < dl->new_blockers.len; i++)
		sb_printf(b, "%snew blocker: %s%s%s (%s)\n", lead, q, dl->new_blockers.items[i]->name, q,
			  blocker_of(dl->new_blockers.items[i]));
	for (size_t i = 0; i < dl->added.len; i++)
		sb_printf(b, "%snew view: %s%s%s\n", lead, q, dl->added.items[i]->name, q);
	for (size_t i = 0; i < dl->gone.len; i++)
		sb_printf(b, "%sview gone: %s%s%s\n", lead, q, dl->gone.items[i], q);
}

void effort_compare_text(struct strbuf *b, const struct effort *e)
{
	if (!e->n_past)
		return;
	struct delta dl;
	delta_make(e, &dl);
	char *path = text_safe(dl.p->path);
	sb_printf(b, "\nSince %s\n", path);
	free(path);
	sb_printf(b, "  estimate           %.0f -> %.0f min (%s%.0f)\n", dl.p->minutes, e->minutes,
		  dl.removed >= 0 ? "-" : "+", dl.removed >= 0 ? dl.removed : -dl.removed);
	sb_printf(b, "  async-safe views   %zu -> %zu\n", dl.p->safe, e->safe_now);
	put_changes(b, &dl, "    ", "");
	delta_free(&dl);
}

void effort_compare_markdown(struct strbuf *b, const struct effort *e)
{
	if (!e->n_past)
		return;
	struct delta dl;
	delta_make(e, &dl);
	char *path = text_safe(dl.p->path);
	sb_printf(b, "\n**Since `%s`:** estimate %.0f -> %.0f min (%s%.0f); async-safe views %zu -> %zu.\n\n", path,
		  dl.p->minutes, e->minutes, dl.removed >= 0 ? "-" : "+", dl.removed >= 0 ? dl.removed : -dl.removed,
		  dl.p->safe, e->safe_now);
	free(path);
	put_changes(b, &dl, "- ", "`");
	delta_free(&dl);
}

void effort_compare_json(cJSON *ef, const struct effort *e)
{
	if (!e->n_past)
		return;
	struct delta dl;
	delta_make(e, &dl);
	cJSON *c = cJSON_AddObjectToObject(ef, "compare");
	json_add_path(c, "against", dl.p->path);
	cJSON_AddNumberToObject(c, "minutes_before", dl.p->minutes);
	cJSON_AddNumberToObject(c, "minutes_now", e->minutes);
	cJSON_AddNumberToObject(c, "minutes_removed", dl.removed);
	cJSON_AddNumberToObject(c, "async_safe_before", (double)dl.p->safe);
	cJSON_AddNumberToObject(c, "async_safe_now", (double)e->safe_now);
	cJSON *a = cJSON_AddArrayToObject(c, "made_async_safe");
	for (size_t i = 0; i < dl.made_safe.len; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(dl.made_safe.items[i]->name));
	a = cJSON_AddArrayToObject(c, "new_blockers");
	for (size_t i = 0; i < dl.new_blockers.len; i++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "view", dl.new_blockers.items[i]->name);
		cJSON_AddStringToObject(x, "blocker", blocker_of(dl.new_blockers.items[i]));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(c, "views_added");
	for (size_t i = 0; i < dl.added.len; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(dl.added.items[i]->name));
	a = cJSON_AddArrayToObject(c, "views_gone");
	for (size_t i = 0; i < dl.gone.len; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(dl.gone.items[i]));
	a = cJSON_AddArrayToObject(c, "series");
	for (size_t i = 0; i <= e->n_past; i++) {
		cJSON *x = cJSON_CreateObject();
		if (i < e->n_past)
			json_add_path(x, "report", e->past[i].path);
		else
			cJSON_AddNullToObject(x, "report"); /* this scan */
		cJSON_AddNumberToObject(x, "minutes", i < e->n_past ? e->past[i].minutes : e->minutes);
		cJSON_AddNumberToObject(x, "async_safe", (double)(i < e->n_past ? e->past[i].safe : e->safe_now));
		cJSON_AddNumberToObject(x, "views", (double)(i < e->n_past ? e->past[i].views : e->counted));
		cJSON_AddItemToArray(a, x);
	}
	delta_free(&dl);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The burn-down: minutes left at each saved report and now, as an inline SVG line, and the
 * same figures as a table (what a screen reader and a printout get). */
static void burn_down(struct strbuf *b, const struct effort *e)
{
	size_t n = e->n_past + 1;
	double most = e->minutes;
	for (size_t i = 0; i < e->n_past; i++)
		most = e->past[i].minutes > most ? e->past[i].minutes : most;
	const int w = 640, h = 220, left = 60, right = 20, top = 20, bottom = 50;
	sb_printf(b, "<svg id=\"burndown\" viewBox=\"0 0 %d %d\" width=\"100%%\" style=\"max-width:%dpx\" role=\"img\" "
		     "aria-labelledby=\"burndown-t\"><title id=\"burndown-t\">Minutes left at each saved report and now"
		     "</title>", w, h, w);
	sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#777\"/>", left, h - bottom, w - right,
		  h - bottom);
	sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#777\"/>", left, top, left, h - bottom);
	sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>", left - 6, top + 4, most);
	sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", left - 6, h - bottom + 4);
	struct strbuf pts = {0};
	for (size_t i = 0; i < n; i++) {
		double m = i < e->n_past ? e->past[i].minutes : e->minutes;
		double x = left + (n > 1 ? (double)i * (w - left - right) / (double)(n - 1) : (w - left - right) / 2.0);
		double y = top + (most > 0 ? (1 - m / most) : 1) * (h - top - bottom);
		sb_printf(&pts, "%s%.1f,%.1f", i ? " " : "", x, y);
		sb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#8a4b08\"/>", x, y);
		sb_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, h - bottom + 18);
		html_put(b, i < e->n_past ? base_name(e->past[i].path) : "now");
		sb_printf(b, "</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>", x, y - 8, m);
	}
	sb_printf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#8a4b08\" stroke-width=\"2\"/></svg>", sb_str(&pts));
	sb_free(&pts);
	sb_puts(b, "<div class=\"wrap\"><table id=\"series\"><thead><tr><th scope=\"col\">Report</th>"
		   "<th scope=\"col\" class=\"n\">Minutes</th><th scope=\"col\" class=\"n\">Async-safe views</th>"
		   "<th scope=\"col\" class=\"n\">Views</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		sb_puts(b, "<tr><th scope=\"row\">");
		html_put(b, i < e->n_past ? e->past[i].path : "now");
		sb_printf(b, "</th><td class=\"n\">%.0f</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>",
			  i < e->n_past ? e->past[i].minutes : e->minutes, i < e->n_past ? e->past[i].safe : e->safe_now,
			  i < e->n_past ? e->past[i].views : e->counted);
	}
	sb_puts(b, "</tbody></table></div>");
}

void effort_compare_html(struct strbuf *b, const struct effort *e)
{
	if (!e->n_past)
		return;
	struct delta dl;
	delta_make(e, &dl);
	sb_puts(b, "<section aria-labelledby=\"h-progress\"><h2 id=\"h-progress\">Progress</h2><p>Since <code>");
	html_put(b, dl.p->path);
	sb_printf(b, "</code>: estimate %.0f &rarr; %.0f min (%s%.0f); async-safe views %zu &rarr; %zu.</p>",
		  dl.p->minutes, e->minutes, dl.removed >= 0 ? "&minus;" : "+", dl.removed >= 0 ? dl.removed : -dl.removed,
		  dl.p->safe, e->safe_now);
	sb_puts(b, "<ul id=\"changes\">");
	for (size_t i = 0; i < dl.made_safe.len; i++) {
		sb_puts(b, "<li>made async-safe: <code>");
		html_put(b, dl.made_safe.items[i]->name);
		sb_puts(b, "</code></li>");
	}
	for (size_t i = 0; i < dl.new_blockers.len; i++) {
		sb_puts(b, "<li class=\"blocked\">new blocker: <code>");
		html_put(b, dl.new_blockers.items[i]->name);
		sb_puts(b, "</code> (");
		html_put(b, blocker_of(dl.new_blockers.items[i]));
		sb_puts(b, ")</li>");
	}
	for (size_t i = 0; i < dl.added.len; i++) {
		sb_puts(b, "<li>new view: <code>");
		html_put(b, dl.added.items[i]->name);
		sb_puts(b, "</code></li>");
	}
	for (size_t i = 0; i < dl.gone.len; i++) {
		sb_puts(b, "<li>view gone: <code>");
		html_put(b, dl.gone.items[i]);
		sb_puts(b, "</code></li>");
	}
	sb_puts(b, "</ul>");
	burn_down(b, e);
	sb_puts(b, "</section>\n");
	delta_free(&dl);
}
