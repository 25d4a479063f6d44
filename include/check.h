/* check: what a rule's check function may use to make findings (engine.c), and the checks that
 * live with their rules in analyzer/rules/<family>.c. The engine walks the summaries and calls
 * the checks; a check reads types (types.h) and reports through eng_emit / eng_emit_structural,
 * never anything else. */
#ifndef DJASYNC_CHECK_H
#define DJASYNC_CHECK_H

#include "types.h"

/* What the fix of a finding is, for the migration estimate: the async twin of the API at the
 * target version (a mechanical edit), and the client library the blocking call belongs to. */
struct fix {
	int twin;
	const char *library; /* static */
	const char *tmpl;    /* static: the twin's code ("await $R.aget($A)") when `twin`, or NULL */
};
extern const struct fix no_fix;

/* HTTP handler names of class-based views (get, post, ..., dispatch). */
extern const char *const eng_http_methods[];

/* A blocking event: a finding in async context, a remembered blocker in a sync def (chains).
 * `what` names the blocking code; `core` is the message without the function. Takes
 * ownership of core and suggestion. */
void eng_emit(struct ctx *c, const struct event *ev, const struct span *sp, const char *id, uint8_t conf,
	      struct fix fx, const char *what, char *core, char *suggestion);
/* A finding about the code's structure, reported wherever it is. Takes ownership of the texts. */
void eng_emit_structural(struct ctx *c, const struct span *sp, int fn, const char *id, char *message,
			 char *suggestion);
/* A framework runs the project's sync function `fn` of summary `sum` for the code of `scope` (an
 * async operation's ninja auth, a permission class of `self.check_permissions()`): an edge of
 * the call graph from `scope`, reported at `sp` by DJA502 when `fn` blocks. `callee` names it
 * ("TokenAuth.authenticate"), `runner` says who runs it ("ninja runs the auth"), `fix` how to
 * mend it. An async `fn` is awaited: no edge. */
void eng_hook(struct ctx *c, int scope, const struct span *sp, int sum, int fn, uint8_t conf, const char *callee,
	      const char *runner, const char *fix);
/* "5.1" for 501. Caller frees. */
char *eng_version_text(int v);
/* The source text of expression e, shortened (`Book.objects.filter(...).get()`). Caller frees. */
char *eng_render(const struct ctx *c, int32_t e);
/* The async def `scope` runs in (itself, or through nested lambdas and comprehensions), or -1
 * in sync code and in defs handed to a thread. */
int eng_async_function_of(const struct ctx *c, int scope);

/* --- the checks of calls (struct rule.check_call), one per family of tables ------------- */
/* rules/orm.c: the Django API table (DJA101, DJA102, DJA103/DJA104 by call, DJA106, DJA211). */
void check_api_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r);
/* rules/generic.c: the blocking-call tables (DJA2xx, DJA3xx, DJA390). */
void check_blocking_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r);
/* rules/django.c: DJA210's calls (first read per function, writes always), then as above. */
void check_session_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r);
/* rules/wrappers.c: DJA401-DJA403, the bridges misused. */
void check_bridge_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r);
/* rules/orm.c: a QuerySet evaluated by `how` (iteration, len(), a truth test, `in`, indexing):
 * DJA103/DJA104, or DJA107 when it came back unevaluated from sync_to_async. */
void orm_report_evaluation(struct ctx *c, const struct event *ev, int32_t qs_ex, uint8_t conf, const char *key,
			   const char *how);

/* --- checks in analyzer/rules/django.c: each judges one class, async def or event -------- */
/* DJA220: class BookView(View) with `def get` and `async def post`. */
void check_mixed_handlers(struct ctx *c, int cls_scope);
/* DJA224: class Dashboard(LoginRequiredMixin, View) with `async def get`. */
void check_access_mixin(struct ctx *c, int cls_scope);
/* DJA222: @login_required on an async def below Django 5.1 (and the other decorators). */
void check_decorator_versions(struct ctx *c, int fn);
/* DJA206: @transaction.atomic on an async def. */
void check_atomic_decorator(struct ctx *c, int fn);
/* DJA203: @cache_page(60) on an async def. */
void check_cache_page(struct ctx *c, int fn);
/* --- checks in analyzer/rules/hooks.c: the sync hooks frameworks run for async code (DJA502) - */
/* ninja's auth= / throttle= and strawberry's permission classes of async def `fn`. */
void check_framework_hooks(struct ctx *c, int fn);
/* `param.tags.all()` iterated in async function: `param` a parameter holding a model instance,
 * `tags` a related manager. Its callers decide (did they prefetch it?): recorded for
 * judge_param_reads, 1; 0 when this is not such an expression. */
int eng_defer_param_rows(struct ctx *c, const struct event *ev, int32_t qs_ex);
/* Whether ninja operation `fn`'s auth (its own, its Router's, or the NinjaAPI's that mounts the
 * router, across files) leaves request.user loaded before the body runs (DJA209). */
int ninja_auth_loads_user(struct ctx *c, int fn);
/* `self.check_permissions(request)` / `check_object_permissions` / `check_throttles` of a DRF or
 * adrf view, a call the project does not define: its permission or throttle classes' methods. */
void check_permission_call(struct ctx *c, const struct event *ev);
/* DJA221: os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true" and the like, anywhere. */
void check_unsafe_env(struct ctx *c, const struct event *ev);

#endif
