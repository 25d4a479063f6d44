/* effort: `djasync effort`, the estimate of what moving a project's views to async costs.
 * Each view's blocking events (direct and through helpers, found by analyzing sync views as if
 * they were async) are classified mechanical / wrap / relation / framework / library and priced
 * by a cost model kept as data; totals per view, app and project, as ranges. */
#ifndef DJASYNC_EFFORT_H
#define DJASYNC_EFFORT_H

#include <stddef.h>

#include "findings.h"
#include "output.h"
#include "rules.h"
#include "util.h"

extern const char *const effort_class_names[]; /* "mechanical", ... */

/* Minutes, and the range factors. Defaults documented in README; [tool.djasync.effort]
 * overrides them by name. */
struct effort_model {
	double convert_view; /* make a sync view async (signature, callers, tests) */
	double per_event[EC_COUNT];
	double per_app;      /* review, settings, deployment per app touched */
	double per_middleware;
	double library_port; /* once per sync library the views use (requests -> httpx) */
	double low, high;    /* the range: total x low .. total x high */
};
void effort_model_default(struct effort_model *m);
/* Sets one model entry by its configuration name ("mechanical", "convert-view", "low", ...);
 * 0, or -1 for an unknown name. */
int effort_model_set(struct effort_model *m, const char *name, double value);

/* One priced step of a view's conversion, where it is: a finding (rule set), the class's
 * framework (rule NULL, at the class) or the conversion of a sync view (rule NULL, at its def). */
struct effort_event {
	char *path;
	int line;
	const char *rule;   /* static: "DJA101", or NULL */
	int cls;            /* enum effort_class, or -1 for the conversion itself */
	double minutes;
	char *what;         /* the finding's message, the framework's note, "make it async" */
};

/* A sync-only framework family (DRF, Django's generic views): its views and minutes, and what
 * removes it. */
struct effort_framework {
	const char *name, *fix; /* static */
	size_t views;
	double minutes;
};

struct effort_view {
	char *name;      /* catalog.views.book_detail, catalog.views.AuthorBooksView */
	char *path;
	int line;
	char *url;       /* "" when no URLconf reaches it */
	int routed, is_async;
	int by_class;    /* a view class no URLconf reaches (registered at run time?) */
	char *app;       /* its Django app's label, or "(project)" */
	char *framework; /* what makes the class itself sync-only, or NULL */
	const char *framework_name, *framework_fix; /* static: "DRF", "adrf (...)" */
	int events[EC_COUNT];
	struct effort_event *trail; /* what its minutes are made of, most costly first */
	size_t n_trail;
	int findings;    /* open findings today (async views: debt to fix first) */
	double minutes;
	char **libraries; /* distinct sync libraries its events use */
	size_t n_libraries;
	/* the functions whose findings belong to this view (handlers of a class view) */
	char **fn_paths, **fn_names;
	size_t n_fns;
};

struct effort_app {
	char *name, *dir;
	size_t views, async_views, safe_now, safe_after;
	double minutes;
};

struct effort_library {
	char *name, *replacement;
	size_t views; /* views whose events use it */
};

/* A saved effort report (`djasync effort --format json -o FILE`), read for --compare. */
struct effort_past {
	char *path;
	double minutes;
	size_t views, safe;  /* counted views, async-safe ones */
	VEC(char *) safe_names;    /* its async-safe views */
	VEC(char *) names;         /* all its views */
	VEC(char *) blocked_names; /* views blocked by a framework or a library */
};

struct effort {
	struct effort_model model;
	struct effort_past *past; /* --compare, oldest first: the last one is what `now` is compared to */
	size_t n_past;
	struct effort_view *views;
	size_t n_views;
	struct effort_app *apps;
	size_t n_apps;
	struct effort_library *libs;
	size_t n_libs;
	char **middleware; /* sync-only project middleware in settings.MIDDLEWARE */
	size_t n_middleware;
	struct effort_framework *frameworks;
	size_t n_frameworks;
	/* seen, not Django views: async handlers of another framework ("site/asgi.py:8 handle_sse") */
	char **others;
	size_t n_others;
	/* views found by a URLconf, as view classes only, as view-like functions only; the
	 * readiness counts the first two (counted) */
	size_t routed, by_class, by_function, counted;
	int functions_counted; /* no view found by route or class: the functions are all there is */
	size_t async_views, safe_now, safe_after;
	double minutes;
	double framework_minutes, library_minutes; /* shares of minutes */
	const char *django_version, *django_version_from;
};

/* Fills views' events, minutes, apps, libraries and totals from the findings `r` of an
 * analysis in which every view was a root (see ws_views). */
void effort_compute(struct effort *e, const struct report *r);
void effort_free(struct effort *e);

/* Reads the saved report `path` into a new e->past entry: 0, or -1 with d set (the file named). */
int effort_past_load(struct effort *e, const char *path, struct diag *d);

/* The comparison with the last saved report (--compare), for each writer. */
void effort_compare_text(struct strbuf *b, const struct effort *e);
void effort_compare_markdown(struct strbuf *b, const struct effort *e);
struct cJSON;
void effort_compare_json(struct cJSON *effort_obj, const struct effort *e);
void effort_compare_html(struct strbuf *b, const struct effort *e);
/* Appends s as HTML text (effort_html.c): entities for & < > " ', text_safe's escapes. */
void html_put(struct strbuf *b, const char *s);

/* What the writers share. */
double effort_hours(double minutes);             /* to the half hour */
double effort_share(double part, double whole); /* 0 when whole is 0 */
/* The views in the order to convert them (no blocker first, cheapest first); caller frees. */
const struct effort_view **effort_work_order(const struct effort *e, size_t *n);
const char *effort_event_class_name(int cls);          /* "mechanical", ..., "convert" */
const char *effort_found_by(const struct effort_view *v); /* "route", "class", "function" */
/* "Views: 88 found by route, 174 by class only (...)[; 4 view-like functions ...]", no end. */
void effort_inventory_line(struct strbuf *b, const struct effort *e);
int effort_safe_now(const struct effort_view *v);      /* async, no open finding, no framework */
int effort_safe_after(const struct effort_view *v);    /* ... once the mechanical steps are done */

/* The report's writers, rows of formats.h's table (text uses o->color; the others ignore o). */
void out_effort_text(struct strbuf *b, const struct effort *e, const struct out_opts *o);
void out_effort_json(struct strbuf *b, const struct effort *e, const struct out_opts *o);
void out_effort_markdown(struct strbuf *b, const struct effort *e, const struct out_opts *o);
/* One self-contained HTML page (effort_html.c): no network, readable without JavaScript. */
void out_effort_html(struct strbuf *b, const struct effort *e, const struct out_opts *o);

#endif
