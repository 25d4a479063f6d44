/* engine: phase 2's rules. Walks every scope of every summary in source order with a light
 * local type guess (Model class, Manager, QuerySet, instance, external object), classifies
 * each event and reports those in async context as findings. */
#ifndef DJASYNC_ENGINE_H
#define DJASYNC_ENGINE_H

#include "facts.h"
#include "findings.h"
#include "index.h"

#include <stdint.h>

struct engine_opts {
	int django_version;         /* major*100+minor: picks the suggestion */
	enum confidence min_confidence;
	int max_depth; /* longest helper chain reported (hops); chains through helpers: DJA501 */
	int no_follow; /* do not follow calls into sync helpers */
	/* from the configuration: calls that block (rule DJA390, with their suggestion), calls
	 * that are safe (never reported, not followed), and sync functions whose bodies run on the
	 * event loop; all by qualified name ("myapp.clients.fetch", "app.views.Hook.run") */
	const char *const *extra_names;
	const char *const *extra_fixes;
	size_t n_extra;
	const char *const *safe_calls;
	size_t n_safe;
	const char *const *async_roots;
	size_t n_roots;
	/* [sum][scope] flags of more sync defs to treat as async roots (the effort estimate asks
	 * what a sync view would meet once async), or NULL */
	uint8_t *const *root_flags;
	const size_t *root_flags_len; /* entries in each root_flags[i] */
	/* with an installed environment (env.h): the summaries from n_project on are its files,
	 * under library_root; they are followed into, but settings, views and middleware are the
	 * project's only. n_project 0 = every summary is the project's. */
	size_t n_project;
	const char *library_root;
	/* the project's views when the caller has them already (ws_effort), else NULL: the
	 * engine makes them if it needs them (DJA223) */
	const struct view_list *views;
};

/* A view reached from the URLconfs (or view-like but unrouted). */
enum view_kind { VIEW_FUNCTION, VIEW_CLASS, VIEW_NINJA };
struct view {
	char *pattern;  /* "books/<int:pk>/", with the include() prefixes */
	enum view_kind kind;
	int sum, scope; /* the function (the class scope for VIEW_CLASS) */
	int cls;        /* VIEW_CLASS: the project class, else -1 */
	int routed;
};
struct view_list {
	struct view *items;
	size_t len, cap;
	/* seen but not Django views: async functions taking another framework's request
	 * (kind VIEW_FUNCTION, routed 0) */
	struct view *others;
	size_t n_others, cap_others;
};

/* The project's views: URLconfs (path, re_path, url, include followed across files,
 * View.as_view(), DRF routers' register, django-ninja api.urls) from ROOT_URLCONF or every
 * urls module nobody includes; then view-like functions no URLconf reaches (routed = 0). */
void engine_views(djindex *ix, struct summary *const *sums, size_t n, struct view_list *out);
void view_list_free(struct view_list *v);
/* settings.MIDDLEWARE entries that are project classes without async support. */
struct middleware_ref {
	const char *name; /* "shop.middleware.AuditMiddleware" (owned by the summary) */
	int sum;          /* the settings module */
	int32_t ex;       /* the string in its MIDDLEWARE list */
};
size_t engine_sync_middleware(djindex *ix, struct summary *const *sums, size_t n, struct middleware_ref *out,
			      size_t max);

/* The handler methods (get, post, ...) of a class-based view: up to `max` (sum, scope) pairs. */
size_t engine_view_handlers(djindex *ix, int cls, int *sums_out, int *scopes_out, size_t max);

/* Phase 1 on demand: out[k] = the full summary of sums[which[k]], summarized shallowly, for k
 * < n (the files of one round, which the callee may summarize in parallel). The engine puts
 * each in sums[which[k]]; the old one must stay alive until the index is freed (the index keeps
 * pointers into its strings). out[k] NULL when the file cannot be read any more. */
struct engine_deepen {
	void (*fn)(void *arg, const int *which, size_t n, struct summary **out);
	void *arg;
};

/* Adds the findings of summaries `sums` to `r` (unsorted). Shallow summaries of files that
 * async code reaches are replaced through `dp` (NULL: they stay shallow). */
void engine_run(djindex *ix, struct summary **sums, size_t n, const struct engine_opts *o,
		const struct engine_deepen *dp, struct report *r);

#endif
