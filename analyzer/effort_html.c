/* effort_html: `djasync effort --format html`, one self-contained page a team lead can look at:
 * readiness now and after the mechanical steps per app (bars), the estimate per app with its
 * range, the cost split by event class, the views in the order of work (a table to sort and
 * filter, each view expandable to its events with file:line), the blockers and, with
 * --compare, the burn-down. No network, no external file: inline CSS and a small inline script
 * that only adds sorting and filtering; everything is readable without it (the table is in the
 * order of work, <details> expand natively). */
#include "effort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text for HTML: & < > " ' as entities, control characters and bytes that are not UTF-8 as
 * text_safe's \xNN escapes. */
void html_put(struct strbuf *b, const char *s)
{
	char *safe = text_safe(s ? s : "");
	for (const char *p = safe; *p; p++) {
		switch (*p) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&#39;"); break;
		default: sb_putc(b, *p);
		}
	}
	free(safe);
}

static const char style[] =
	"*{box-sizing:border-box}"
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;"
	"margin:0;padding:0 1rem 2rem;max-width:76rem;margin-inline:auto}"
	"h1{font-size:1.6rem;margin:1.2rem 0 .2rem}h2{font-size:1.2rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #ccc}"
	".meta{color:#444;margin:0}"
	".figures{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0;padding:0}"
	".figures div{border:1px solid #bbb;border-radius:6px;padding:.4rem .8rem;min-width:9rem}"
	".figures dt{font-size:.8rem;color:#444}.figures dd{margin:0;font-size:1.25rem;font-weight:600}"
	".wrap{overflow-x:auto}"
	"table{border-collapse:collapse;width:100%;font-size:.92rem}"
	"th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}"
	"th{background:#f2f2f2}th[scope=row]{background:none}p,li,caption{overflow-wrap:anywhere}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:#0b4f9c}"
	"th button:focus-visible,summary:focus-visible,input:focus-visible{outline:2px solid #0b4f9c;outline-offset:2px}"
	".bar{display:inline-block;width:8rem;height:.8rem;background:#e4e4e4;border:1px solid #777;"
	"vertical-align:middle;margin-right:.4rem}"
	".bar span{display:block;height:100%;background:#1f5fa8}.bar.after span{background:#2e6b30}"
	".bar.cost span{background:#8a4b08}"
	"details summary{cursor:pointer;color:#0b4f9c;word-break:break-all}"
	"details ul{margin:.3rem 0 .3rem 1rem;padding:0}details li{margin:.15rem 0;word-break:break-word}"
	"code{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f4f4f4;padding:0 .2rem}"
	".blocked{color:#8a1c1c;font-weight:600}"
	"label{font-weight:600;margin-right:.5rem}input[type=search]{font:inherit;padding:.25rem .4rem;width:16rem;"
	"max-width:100%;border:1px solid #777;border-radius:4px}"
	"svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}"
	"@media (max-width:600px){body{font-size:14px;padding:0 .5rem 1rem}.figures div{min-width:44%}"
	".bar{width:4.5rem}th,td{padding:.25rem .3rem}.opt{display:none}}"
	"@media print{#filters{display:none}th button{color:#1a1a1a}a{color:#1a1a1a}body{max-width:none}}";

/* Sorting (click a column's button; again for the reverse) and filtering (the view, app or
 * blocker contains the text), added by the script so that the page without it shows no
 * control that does nothing. */
static const char script[] =
	"(function(){var t=document.getElementById('views');if(!t)return;var tb=t.tBodies[0];"
	"var f=document.getElementById('filters');f.hidden=false;var q=document.getElementById('filter');"
	"q.addEventListener('input',function(){var s=q.value.toLowerCase();"
	"Array.prototype.forEach.call(tb.rows,function(r){r.hidden=s&&r.getAttribute('data-text').indexOf(s)<0;});});"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){var key=th.getAttribute('data-key');"
	"if(!key)return;var b=document.createElement('button');b.type='button';b.textContent=th.textContent;"
	"th.textContent='';th.appendChild(b);b.addEventListener('click',function(){"
	"var asc=th.getAttribute('aria-sort')!=='ascending';"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(c){c.removeAttribute('aria-sort');});"
	"th.setAttribute('aria-sort',asc?'ascending':'descending');var num=th.classList.contains('n');"
	"var rows=Array.prototype.slice.call(tb.rows);rows.sort(function(x,y){"
	"var a=x.getAttribute('data-'+key),c=y.getAttribute('data-'+key);"
	"var d=num?(parseFloat(a)-parseFloat(c)):a.localeCompare(c);"
	"if(d===0)d=parseFloat(x.getAttribute('data-order'))-parseFloat(y.getAttribute('data-order'));"
	"return asc?d:-d;});rows.forEach(function(r){tb.appendChild(r);});});});})();";

static void bar(struct strbuf *b, const char *cls, double share, const char *label)
{
	int pct = (int)(share * 100 + 0.5);
	sb_printf(b, "<span class=\"bar%s%s\" role=\"img\" aria-label=\"", cls[0] ? " " : "", cls);
	html_put(b, label);
	sb_printf(b, "\"><span style=\"width:%d%%\"></span></span>", pct > 100 ? 100 : pct < 0 ? 0 : pct);
}

static void figure(struct strbuf *b, const char *name, const char *value)
{
	sb_puts(b, "<div><dt>");
	html_put(b, name);
	sb_puts(b, "</dt><dd>");
	html_put(b, value);
	sb_puts(b, "</dd></div>");
}

static void summary(struct strbuf *b, const struct effort *e)
{
	char v[96];
	sb_puts(b, "<section aria-labelledby=\"h-summary\"><h2 id=\"h-summary\">Summary</h2><dl class=\"figures\">");
	snprintf(v, sizeof v, "%zu", e->counted);
	figure(b, "Views", v);
	snprintf(v, sizeof v, "%zu", e->async_views);
	figure(b, "Async today", v);
	snprintf(v, sizeof v, "%g-%g h", effort_hours(e->minutes * e->model.low), effort_hours(e->minutes * e->model.high));
	figure(b, "Estimate", v);
	snprintf(v, sizeof v, "%zu / %zu", e->safe_now, e->counted);
	figure(b, "Async-safe today", v);
	snprintf(v, sizeof v, "%zu / %zu", e->safe_after, e->counted);
	figure(b, "After mechanical steps", v);
	snprintf(v, sizeof v, "%zu", e->n_apps);
	figure(b, "Apps", v);
	sb_puts(b, "</dl><p id=\"inventory\">");
	struct strbuf line = {0};
	effort_inventory_line(&line, e);
	html_put(b, sb_str(&line));
	sb_free(&line);
	sb_puts(b, ".</p>");
	if (e->n_others) {
		sb_printf(b, "<p id=\"others\">Also seen, not Django views: %zu async handler%s of another framework: ",
			  e->n_others, e->n_others == 1 ? "" : "s");
		for (size_t i = 0; i < e->n_others && i < 5; i++) {
			sb_puts(b, i ? ", <code>" : "<code>");
			html_put(b, e->others[i]);
			sb_puts(b, "</code>");
		}
		sb_puts(b, e->n_others > 5 ? ", ...</p>" : "</p>");
	}
	if (e->framework_minutes > 0 || e->library_minutes > 0) {
		sb_puts(b, "<ul>");
		if (e->framework_minutes > 0) {
			sb_printf(b, "<li><strong>Framework work: %.0f min (%.0f%% of the estimate)</strong><ul>",
				  e->framework_minutes, effort_share(e->framework_minutes, e->minutes) * 100);
			for (size_t i = 0; i < e->n_frameworks; i++) {
				sb_puts(b, "<li>");
				html_put(b, e->frameworks[i].name);
				sb_printf(b, ": %zu view%s, %.0f min; removed by ", e->frameworks[i].views,
					  e->frameworks[i].views == 1 ? "" : "s", e->frameworks[i].minutes);
				html_put(b, e->frameworks[i].fix);
				sb_puts(b, "</li>");
			}
			sb_puts(b, "</ul></li>");
		}
		if (e->library_minutes > 0) {
			sb_printf(b, "<li><strong>Library work: %.0f min (%.0f%% of the estimate)</strong><ul>",
				  e->library_minutes, effort_share(e->library_minutes, e->minutes) * 100);
			for (size_t l = 0; l < e->n_libs; l++) {
				if (!e->libs[l].views)
					continue;
				sb_puts(b, "<li>");
				html_put(b, e->libs[l].name);
				sb_printf(b, ": %zu view%s; removed by ", e->libs[l].views, e->libs[l].views == 1 ? "" : "s");
				html_put(b, e->libs[l].replacement);
				sb_puts(b, "</li>");
			}
			sb_puts(b, "</ul></li>");
		}
		sb_puts(b, "</ul>");
	}
	sb_puts(b, "</section>\n");
}

static void apps_table(struct strbuf *b, const struct effort *e)
{
	double most = 0;
	for (size_t a = 0; a < e->n_apps; a++)
		most = e->apps[a].minutes > most ? e->apps[a].minutes : most;
	sb_puts(b, "<section aria-labelledby=\"h-apps\"><h2 id=\"h-apps\">Apps</h2><p class=\"meta\">Readiness: the share "
		   "of an app's views that are async-safe today and once the mechanical steps are done.</p>"
		   "<div class=\"wrap\"><table id=\"apps\"><thead><tr><th scope=\"col\">App</th>"
		   "<th scope=\"col\" class=\"n\">Views</th><th scope=\"col\" class=\"n opt\">Async</th>"
		   "<th scope=\"col\">Async-safe today</th><th scope=\"col\">After mechanical</th>"
		   "<th scope=\"col\">Estimate</th></tr></thead><tbody>");
	for (size_t a = 0; a < e->n_apps; a++) {
		const struct effort_app *app = &e->apps[a];
		char label[160];
		sb_puts(b, "<tr><th scope=\"row\">");
		html_put(b, app->name);
		sb_printf(b, "</th><td class=\"n\">%zu</td><td class=\"n opt\">%zu</td><td>", app->views, app->async_views);
		double now = effort_share((double)app->safe_now, (double)app->views);
		double after = effort_share((double)app->safe_after, (double)app->views);
		snprintf(label, sizeof label, "%zu of %zu views async-safe today", app->safe_now, app->views);
		bar(b, "", now, label);
		sb_printf(b, "%zu/%zu</td><td>", app->safe_now, app->views);
		snprintf(label, sizeof label, "%zu of %zu views async-safe after the mechanical steps", app->safe_after,
			 app->views);
		bar(b, "after", after, label);
		sb_printf(b, "%zu/%zu</td><td>", app->safe_after, app->views);
		snprintf(label, sizeof label, "%.0f minutes", app->minutes);
		bar(b, "cost", effort_share(app->minutes, most), label);
		sb_printf(b, "%g-%g h</td></tr>", effort_hours(app->minutes * e->model.low),
			  effort_hours(app->minutes * e->model.high));
	}
	sb_puts(b, "</tbody></table></div></section>\n");
}

/* Where the minutes go: each event class, the conversions, the per-app reviews, the library
 * ports and the middleware. */
static void cost_split(struct strbuf *b, const struct effort *e)
{
	double by[EC_COUNT] = {0}, convert = 0, apps = 0, ports = 0;
	int n_ev[EC_COUNT] = {0}, n_convert = 0;
	size_t n_apps = 0, n_ports = 0;
	for (size_t v = 0; v < e->n_views; v++) {
		const struct effort_view *ev = &e->views[v];
		for (int c = 0; c < EC_COUNT; c++) {
			n_ev[c] += ev->events[c];
			by[c] += ev->events[c] * e->model.per_event[c];
		}
		if (!ev->is_async && ev->minutes > 0) {
			n_convert++;
			convert += e->model.convert_view;
		}
	}
	for (size_t a = 0; a < e->n_apps; a++)
		if (e->apps[a].minutes > 0)
			n_apps++;
	apps = (double)n_apps * e->model.per_app;
	for (size_t l = 0; l < e->n_libs; l++)
		n_ports += e->libs[l].views > 0;
	ports = (double)n_ports * e->model.library_port;
	sb_puts(b, "<section aria-labelledby=\"h-cost\"><h2 id=\"h-cost\">Cost by event class</h2><div class=\"wrap\">"
		   "<table id=\"cost\"><thead><tr><th scope=\"col\">Class</th><th scope=\"col\" class=\"n\">Events</th>"
		   "<th scope=\"col\" class=\"n\">Minutes</th><th scope=\"col\">Share</th></tr></thead><tbody>");
	struct cost_row {
		const char *name;
		size_t n;
		double min;
	} rows[EC_COUNT + 4];
	size_t nr = 0;
	for (int c = 0; c < EC_COUNT; c++)
		rows[nr++] = (struct cost_row){effort_class_names[c], (size_t)n_ev[c], by[c]};
	rows[nr++] = (struct cost_row){"convert (sync views made async)", (size_t)n_convert, convert};
	rows[nr++] = (struct cost_row){"per-app review", n_apps, apps};
	rows[nr++] = (struct cost_row){"library ports", n_ports, ports};
	rows[nr++] = (struct cost_row){"sync middleware", e->n_middleware, (double)e->n_middleware * e->model.per_middleware};
	for (size_t i = 0; i < nr; i++) {
		char label[96];
		double s = effort_share(rows[i].min, e->minutes);
		snprintf(label, sizeof label, "%.0f%% of the estimate", s * 100);
		sb_puts(b, "<tr><th scope=\"row\">");
		html_put(b, rows[i].name);
		sb_printf(b, "</th><td class=\"n\">%zu</td><td class=\"n\">%.0f</td><td>", rows[i].n, rows[i].min);
		bar(b, "cost", s, label);
		sb_printf(b, "%.0f%%</td></tr>", s * 100);
	}
	sb_puts(b, "</tbody></table></div></section>\n");
}

/* data-text: what the filter matches (lower case). */
static void row_text(struct strbuf *b, const struct effort_view *v)
{
	struct strbuf t = {0};
	sb_printf(&t, "%s %s %s %s", v->name, v->app, v->framework ? v->framework : "", v->url);
	for (size_t l = 0; l < v->n_libraries; l++)
		sb_printf(&t, " %s", v->libraries[l]);
	for (char *p = t.s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	html_put(b, sb_str(&t));
	sb_free(&t);
}

static void views_table(struct strbuf *b, const struct effort *e)
{
	size_t n;
	const struct effort_view **order = effort_work_order(e, &n);
	sb_puts(b, "<section aria-labelledby=\"h-views\"><h2 id=\"h-views\">Order of work</h2>"
		   "<p class=\"meta\">Views with no blocker first, cheapest first; blocked views last. Open a view for "
		   "the events its minutes are made of.</p>"
		   "<p id=\"filters\" hidden><label for=\"filter\">Filter views</label>"
		   "<input id=\"filter\" type=\"search\" placeholder=\"view, app, blocker\"></p>"
		   "<div class=\"wrap\"><table id=\"views\"><thead><tr>"
		   "<th scope=\"col\" class=\"n\" data-key=\"order\">#</th><th scope=\"col\" data-key=\"name\">View</th>"
		   "<th scope=\"col\" data-key=\"app\">App</th><th scope=\"col\" class=\"opt\" data-key=\"kind\">Kind</th>"
		   "<th scope=\"col\" class=\"opt\" data-key=\"found\">Found by</th>"
		   "<th scope=\"col\" class=\"n\" data-key=\"minutes\">Minutes</th>"
		   "<th scope=\"col\" data-key=\"blocker\">Blocker</th></tr></thead><tbody>");
	/* every view: those in the order of work first, in its order, then the rest */
	const struct effort_view **all = xcalloc(e->n_views ? e->n_views : 1, sizeof *all);
	size_t na = 0;
	for (size_t i = 0; i < n; i++)
		all[na++] = order[i];
	for (size_t v = 0; v < e->n_views; v++) {
		int in = 0;
		for (size_t i = 0; i < n && !in; i++)
			in = order[i] == &e->views[v];
		if (!in)
			all[na++] = &e->views[v];
	}
	for (size_t i = 0; i < na; i++) {
		const struct effort_view *v = all[i];
		const char *blocker = v->framework_name ? v->framework_name : v->n_libraries ? v->libraries[0] : "";
		sb_printf(b, "<tr data-order=\"%zu\" data-minutes=\"%.0f\" data-name=\"", i + 1, v->minutes);
		html_put(b, v->name);
		sb_puts(b, "\" data-app=\"");
		html_put(b, v->app);
		sb_printf(b, "\" data-kind=\"%s\" data-found=\"%s\" data-blocker=\"", v->is_async ? "async" : "sync",
			  effort_found_by(v));
		html_put(b, blocker);
		sb_puts(b, "\" data-text=\"");
		row_text(b, v);
		if (i < n)
			sb_printf(b, "\"><td class=\"n\">%zu</td><td><details><summary>", i + 1);
		else /* nothing to do: after the order of work */
			sb_puts(b, "\"><td class=\"n\">-</td><td><details><summary>");
		html_put(b, v->name);
		sb_puts(b, "</summary><ul>");
		sb_puts(b, "<li><code>");
		html_put(b, v->path);
		sb_printf(b, ":%d</code> ", v->line);
		if (v->routed) {
			sb_puts(b, "routed at <code>");
			html_put(b, v->url[0] ? v->url : "/");
			sb_puts(b, "</code>");
		} else {
			sb_puts(b, v->by_class ? "no URLconf reaches it (registered at run time?)" : "view-like, not routed");
		}
		sb_puts(b, "</li>");
		for (size_t k = 0; k < v->n_trail; k++) {
			const struct effort_event *t = &v->trail[k];
			sb_puts(b, "<li class=\"event\"><code>");
			html_put(b, t->path);
			sb_printf(b, ":%d</code> %s%s%s, %.0f min: ", t->line, t->rule ? t->rule : "", t->rule ? " " : "",
				  effort_event_class_name(t->cls), t->minutes);
			html_put(b, t->what);
			sb_puts(b, "</li>");
		}
		if (!v->n_trail)
			sb_puts(b, "<li>nothing to do: async-safe</li>");
		sb_puts(b, "</ul></details></td><td>");
		html_put(b, v->app);
		sb_printf(b, "</td><td class=\"opt\">%s</td><td class=\"opt\">%s</td><td class=\"n\">%.0f</td><td%s>",
			  v->is_async ? "async" : "sync", effort_found_by(v), v->minutes, blocker[0] ? " class=\"blocked\"" : "");
		html_put(b, blocker);
		sb_puts(b, "</td></tr>\n");
	}
	free(all);
	free(order);
	sb_puts(b, "</tbody></table></div></section>\n");
}

static void blockers(struct strbuf *b, const struct effort *e)
{
	int any = 0;
	for (size_t v = 0; v < e->n_views; v++) {
		if (!e->views[v].framework)
			continue;
		if (!any++)
			sb_puts(b, "<section aria-labelledby=\"h-blockers\"><h2 id=\"h-blockers\">Blockers</h2><ul id=\"blockers\">");
		sb_puts(b, "<li><code>");
		html_put(b, e->views[v].name);
		sb_puts(b, "</code>: ");
		html_put(b, e->views[v].framework);
		sb_puts(b, "</li>");
	}
	for (size_t l = 0; l < e->n_libs; l++) {
		if (!e->libs[l].views)
			continue;
		if (!any++)
			sb_puts(b, "<section aria-labelledby=\"h-blockers\"><h2 id=\"h-blockers\">Blockers</h2><ul id=\"blockers\">");
		sb_puts(b, "<li><code>");
		html_put(b, e->libs[l].name);
		sb_printf(b, "</code> (%zu view%s): replace with ", e->libs[l].views, e->libs[l].views == 1 ? "" : "s");
		html_put(b, e->libs[l].replacement);
		sb_puts(b, "</li>");
	}
	for (size_t i = 0; i < e->n_middleware; i++) {
		if (!any++)
			sb_puts(b, "<section aria-labelledby=\"h-blockers\"><h2 id=\"h-blockers\">Blockers</h2><ul id=\"blockers\">");
		sb_puts(b, "<li><code>");
		html_put(b, e->middleware[i]);
		sb_puts(b, "</code>: sync-only middleware; every request pays a thread hop (make it async-capable)</li>");
	}
	if (any)
		sb_puts(b, "</ul></section>\n");
}

void out_effort_html(struct strbuf *b, const struct effort *e, const struct out_opts *o)
{
	(void)o;
	sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		   "<title>djasync: async migration effort</title><style>");
	sb_puts(b, style);
	sb_puts(b, "</style></head>\n<body><header><h1>Async migration effort</h1><p class=\"meta\">djasync "
		   DJASYNC_VERSION ", Django ");
	html_put(b, e->django_version);
	if (e->django_version_from) {
		sb_puts(b, " (from ");
		html_put(b, e->django_version_from);
		sb_puts(b, ")");
	}
	sb_printf(b, "; cost model: %g min per view conversion, %g per mechanical step, %g per wrap, %g per relation, "
		     "%g per framework port, %g per library call site, %g per library port, %g per app; range x%g to x%g."
		     "</p></header>\n<main>\n",
		  e->model.convert_view, e->model.per_event[EC_MECHANICAL], e->model.per_event[EC_WRAP],
		  e->model.per_event[EC_RELATION], e->model.per_event[EC_FRAMEWORK], e->model.per_event[EC_LIBRARY],
		  e->model.library_port, e->model.per_app, e->model.low, e->model.high);
	summary(b, e);
	effort_compare_html(b, e);
	apps_table(b, e);
	cost_split(b, e);
	views_table(b, e);
	blockers(b, e);
	sb_puts(b, "</main>\n<script>");
	sb_puts(b, script);
	sb_puts(b, "</script>\n</body></html>\n");
}
