/* rules/hooks: the sync hooks a framework runs on the event loop for async code (DJA502; its row
 * is in chains.c). Each hook found here is an edge of the call graph (eng_hook) from the async
 * function to the project's hook method; the chain propagation decides whether it blocks.
 *  - django-ninja: an async operation's `auth=` (on the decorator, or on the Router / NinjaAPI
 *    of the same module it is registered on) and `throttle=`. AsyncOperation awaits an auth
 *    that is async (`async def authenticate`) and calls a sync one, and every throttle, as is.
 *  - strawberry: `permission_classes=[...]` and `PermissionExtension(permissions=[...])` of an
 *    async resolver: a sync `has_permission()` is called on the event loop.
 *  - DRF / adrf: `self.check_permissions()`, `check_object_permissions()` and `check_throttles()`
 *    written in a handler run the view's permission or throttle classes' methods in place. */
#include "check.h"
#include "index.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HOOKS 16

static const char *const ninja_verbs[] = {
	"get", "post", "put", "patch", "delete", "api_operation", "head", "options", NULL,
};

/* The cache-backed rate throttles frameworks ship: each request reads and writes Django's cache. */
static const char *const cache_throttles[] = {
	"ninja.throttling.AnonRateThrottle", "ninja.throttling.AuthRateThrottle", "ninja.throttling.UserRateThrottle",
	"rest_framework.throttling.AnonRateThrottle", "rest_framework.throttling.UserRateThrottle",
	"rest_framework.throttling.ScopedRateThrottle", "rest_framework.throttling.SimpleRateThrottle", NULL,
};

static const char *class_name(struct ctx *c, int cls)
{
	const struct class_info *ci = index_class(c->ix, cls);
	const struct summary *s = index_summary(c->ix, ci->sum);
	return summary_str(s, s->scopes.items[ci->scope].name);
}

/* The throttle a type is, when it keeps its counts in Django's cache: a framework's rate
 * throttle, or a project class deriving from one without its own allow_request(). NULL else. */
static const char *cache_throttle(struct ctx *c, struct type t)
{
	if ((t.kind == T_EXTERNAL || t.kind == T_EXT_INSTANCE) && t.qual && str_in(t.qual, cache_throttles) >= 0)
		return strrchr(t.qual, '.') + 1;
	if ((t.kind == T_CLASS || t.kind == T_OBJECT) && t.cls >= 0) {
		int sum;
		if (index_method(c->ix, t.cls, "allow_request", &sum) >= 0)
			return NULL;
		const char *bases[16];
		size_t nb = index_external_bases(c->ix, t.cls, bases, 16);
		for (size_t i = 0; i < nb; i++)
			if (str_in(bases[i], cache_throttles) >= 0)
				return class_name(c, t.cls);
	}
	return NULL;
}

/* A throttle that reads and writes the cache on the event loop, unless the settings say the
 * default cache is in memory. */
static void report_cache_throttle(struct ctx *c, const struct event *ev, int fn, const struct span *sp,
				  const char *name, const char *runner, const char *fix)
{
	if (ty_memory_backend(c, "DJA203", -1))
		return;
	char *what = xasprintf("`%s.allow_request()`", name);
	char *core = xasprintf("%s %s on the event loop, which reads and writes Django's cache synchronously", runner, what);
	if (ev) {
		eng_emit(c, ev, sp, "DJA502", CONF_HIGH, no_fix, what, core, xstrdup(fix));
	} else {
		char *msg = xasprintf("%s, for async function `%s`", core, S(c, c->s->scopes.items[fn].qualname));
		free(core);
		eng_emit_structural(c, sp, fn, "DJA502", msg, xstrdup(fix));
	}
	free(what);
}

/* The hook method of one item of `auth=`, `throttle=` or a permission list, as an edge. */
static void hook_item(struct ctx *c, int fn, const struct span *sp, struct type t, const char *method,
		      const char *runner, const char *fix)
{
	if (t.kind == T_FUNCTION && !method) { /* auth=my_function */
		const struct summary *s = index_summary(c->ix, t.sum);
		eng_hook(c, fn, sp, t.sum, t.aux, t.conf, summary_str(s, s->scopes.items[t.aux].qualname), runner, fix);
		return;
	}
	if ((t.kind != T_OBJECT && t.kind != T_CLASS) || t.cls < 0)
		return;
	const char *m = method ? method : "__call__";
	int sum, scope = index_method(c->ix, t.cls, m, &sum);
	if (scope < 0)
		return;
	char *callee = xasprintf("%s.%s", class_name(c, t.cls), m);
	eng_hook(c, fn, sp, sum, scope, t.conf, callee, runner, fix);
	free(callee);
}

/* The value of keyword argument `name` of call `call`, or -1 (also for `name=None`). */
static int32_t kwarg(struct ctx *c, int32_t call, const char *name)
{
	for (int32_t a = call >= 0 && X(c, call)->kind == EX_CALL ? X(c, call)->args : -1; a >= 0; a = X(c, a)->next)
		if (X(c, a)->kind == EX_KWARG && strcmp(S(c, X(c, a)->str), name) == 0)
			return X(c, a)->a;
	return -1;
}

static int has_kwarg(struct ctx *c, int32_t call, const char *name)
{
	for (int32_t a = call >= 0 && X(c, call)->kind == EX_CALL ? X(c, call)->args : -1; a >= 0; a = X(c, a)->next)
		if (X(c, a)->kind == EX_KWARG && strcmp(S(c, X(c, a)->str), name) == 0)
			return 1;
	return 0;
}

/* Each item of a list or tuple expression, or the expression itself. */
static int items(struct ctx *c, int32_t v, int32_t *out, int max)
{
	if (v < 0)
		return 0;
	int list = X(c, v)->kind == EX_LIST || X(c, v)->kind == EX_TUPLE, n = 0;
	for (int32_t e = list ? X(c, v)->args : v; e >= 0 && n < max; e = list ? X(c, e)->next : -1)
		out[n++] = e;
	return n;
}

/* ninja's auth= and throttle= values (`scope` is where they are written: -1 for a module-level
 * Router / NinjaAPI) for async operation `fn`. They are written in `ec`'s module (c's, or the
 * module of the NinjaAPI that mounts the router: then the finding is at `at`, the operation,
 * and `where` names the item's place). */
static void ninja_hooks_in(struct ctx *c, struct ctx *ec, int fn, int scope, int32_t call, const struct span *at,
			   const char *where, int want_auth, int want_throttle)
{
	int32_t it[MAX_HOOKS];
	int n = want_auth ? items(ec, kwarg(ec, call, "auth"), it, MAX_HOOKS) : 0;
	char *auth_runner = xasprintf("ninja runs the sync auth%s", where ? where : "");
	char *thr_runner = xasprintf("ninja runs the throttle%s", where ? where : "");
	for (int i = 0; i < n; i++) {
		struct type t = ty_eval(ec, scope, it[i], 0);
		int ninja_auth = (t.kind == T_OBJECT || t.kind == T_CLASS) && ty_has_external_base(c, t.cls, "ninja.security", NULL);
		hook_item(c, fn, at ? at : &X(ec, it[i])->sp, t, ninja_auth ? "authenticate" : t.kind == T_FUNCTION ? NULL : "__call__",
			  auth_runner, "declare it `async def`: ninja awaits an async auth in async operations");
	}
	n = want_throttle ? items(ec, kwarg(ec, call, "throttle"), it, MAX_HOOKS) : 0;
	for (int i = 0; i < n; i++) {
		struct type t = ty_eval(ec, scope, it[i], 0);
		static const char fix[] = "ninja runs throttles synchronously: keep the counts in memory, or throttle in an "
					  "async middleware";
		const char *cached = cache_throttle(ec, t);
		if (cached)
			report_cache_throttle(c, NULL, fn, at ? at : &X(ec, it[i])->sp, cached, thr_runner, fix);
		else
			hook_item(c, fn, at ? at : &X(ec, it[i])->sp, t, "allow_request", thr_runner, fix);
	}
	free(auth_runner);
	free(thr_runner);
}

static void ninja_hooks(struct ctx *c, int fn, int scope, int32_t call, int want_auth, int want_throttle)
{
	ninja_hooks_in(c, c, fn, scope, call, NULL, NULL, want_auth, want_throttle);
}

/* The module-level assignment of `name` whose value is a call (`private = Router(auth=...)`). */
static int32_t module_call(struct ctx *c, const char *name)
{
	for (size_t k = 0; k < c->s->ev.len; k++) {
		const struct event *ev = &c->s->ev.items[k];
		if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 && X(c, ev->target)->kind == EX_NAME &&
		    strcmp(S(c, X(c, ev->target)->str), name) == 0 && ev->ex >= 0 && X(c, ev->ex)->kind == EX_CALL)
			return ev->ex;
	}
	return -1;
}

/* `@router.get(...)` on async def `fn`: the decorator's call, and the router's name, or -1. */
static int32_t ninja_operation(struct ctx *c, int fn, int32_t d, const char **router)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	if (X(c, d)->kind != EX_CALL || X(c, X(c, d)->a)->kind != EX_ATTR)
		return -1;
	const struct ex *dx = X(c, X(c, d)->a);
	if (str_in(S(c, dx->str), ninja_verbs) < 0)
		return -1;
	struct type o = ty_eval(c, sc->parent, dx->a, 0);
	if ((o.kind != T_EXT_INSTANCE && o.kind != T_EXTERNAL) || !o.qual || !str_has_prefix(o.qual, "ninja."))
		return -1;
	*router = X(c, dx->a)->kind == EX_NAME ? S(c, X(c, dx->a)->str) : NULL;
	return d;
}

/* Whether an async operation before `fn` in the file takes `router`'s own auth= (or throttle=):
 * the router's hook is reported once, for the first. */
static int router_seen(struct ctx *c, int fn, const char *router, const char *kw)
{
	for (int k = 0; k < fn; k++) {
		if (c->s->scopes.items[k].kind != SC_ASYNC_FUNCTION)
			continue;
		for (int32_t d = c->s->scopes.items[k].decorators; d >= 0; d = X(c, d)->next) {
			const char *r = NULL;
			if (ninja_operation(c, k, d, &r) >= 0 && r && strcmp(r, router) == 0 && !has_kwarg(c, d, kw))
				return 1;
		}
	}
	return 0;
}

static void strawberry_hooks(struct ctx *c, int fn, int32_t call)
{
	static const char runner[] = "strawberry runs the sync permission check";
	static const char fix[] = "declare `async def has_permission(...)`: strawberry awaits it for async resolvers";
	int scope = c->s->scopes.items[fn].parent;
	int32_t it[MAX_HOOKS];
	int n = items(c, kwarg(c, call, "permission_classes"), it, MAX_HOOKS);
	for (int i = 0; i < n; i++)
		hook_item(c, fn, &X(c, it[i])->sp, ty_eval(c, scope, it[i], 0), "has_permission", runner, fix);
	/* extensions=[PermissionExtension(permissions=[IsMember()])] */
	int32_t ext[MAX_HOOKS];
	int ne = items(c, kwarg(c, call, "extensions"), ext, MAX_HOOKS);
	for (int j = 0; j < ne; j++) {
		struct type t = ty_eval(c, scope, ext[j], 0);
		if (!t.qual || !str_has_prefix(t.qual, "strawberry.") || !strstr(t.qual, "PermissionExtension"))
			continue;
		n = items(c, kwarg(c, ext[j], "permissions"), it, MAX_HOOKS);
		for (int i = 0; i < n; i++)
			hook_item(c, fn, &X(c, it[i])->sp, ty_eval(c, scope, it[i], 0), "has_permission", runner, fix);
	}
}

/* --- request.user after ninja's auth (DJA209) --------------------------------------------- */

/* Installed auths that assign `request.user` before the operation runs (django-ninja-jwt's
 * jwt_authenticate: `request.user = user`). */
static const char *const user_setting_auths[] = {
	"ninja_jwt.authentication.JWTAuth", "ninja_jwt.authentication.AsyncJWTAuth",
	"ninja_jwt.authentication.JWTTokenUserAuth", "ninja_jwt.authentication.AsyncJWTTokenUserAuth",
	"ninja_jwt.authentication.JWTStatelessUserAuthentication", NULL,
};

/* Whether method `name` of project class `cls` (or a `self.<m>(request, ...)` it hands the
 * request to) assigns `request.user = ...`. */
static int method_sets_user(struct ctx *c, int cls, const char *name, int depth)
{
	int msum = -1;
	int m = depth <= 3 ? index_method(c->ix, cls, name, &msum) : -1;
	if (m < 0)
		return 0;
	const struct summary *s = ty_ensure_full(c, msum);
	int32_t p = s->scopes.items[m].params;
	if (p < 0 || (p = s->ex.items[p].next) < 0 || s->ex.items[p].kind != EX_NAME)
		return 0; /* (self, request, ...) */
	const char *req = summary_str(s, s->ex.items[p].str);
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->scope != m)
			continue;
		if (ev->kind == EV_ASSIGN && ev->target >= 0) {
			const struct ex *t = &s->ex.items[ev->target];
			if (t->kind == EX_ATTR && strcmp(summary_str(s, t->str), "user") == 0 &&
			    s->ex.items[t->a].kind == EX_NAME && strcmp(summary_str(s, s->ex.items[t->a].str), req) == 0)
				return 1;
		}
		if (ev->kind != EV_CALL || ev->ex < 0)
			continue;
		const struct ex *call = &s->ex.items[ev->ex], *f = &s->ex.items[call->a];
		if (f->kind != EX_ATTR || s->ex.items[f->a].kind != EX_NAME ||
		    strcmp(summary_str(s, s->ex.items[f->a].str), "self") != 0)
			continue;
		int hands = 0;
		for (int32_t a = call->args; a >= 0 && !hands; a = s->ex.items[a].next)
			hands = s->ex.items[a].kind == EX_NAME && strcmp(summary_str(s, s->ex.items[a].str), req) == 0;
		if (hands && method_sets_user(c, cls, summary_str(s, f->str), depth + 1))
			return 1;
	}
	return 0;
}

/* Whether the auth= value `v` (an auth, or a list: ninja runs the first always) leaves
 * request.user loaded: ninja's django_auth reads it, the others above set it. */
static int auth_loads_user(struct ctx *c, int scope, int32_t v)
{
	int list = X(c, v)->kind == EX_LIST || X(c, v)->kind == EX_TUPLE;
	for (int32_t e = list ? X(c, v)->args : v; e >= 0; e = list ? X(c, e)->next : -1) {
		struct type t = ty_eval(c, scope, e, 0);
		if (t.kind == T_EXTERNAL && t.qual && str_has_prefix(t.qual, "ninja.") && strstr(t.qual, "django_auth"))
			return 1;
		if ((t.kind == T_EXTERNAL || t.kind == T_EXT_INSTANCE) && t.qual && str_in(t.qual, user_setting_auths) >= 0)
			return 1;
		if ((t.kind == T_OBJECT || t.kind == T_CLASS) && t.cls >= 0 &&
		    ty_has_external_base(c, t.cls, "ninja.", NULL) && method_sets_user(c, t.cls, "authenticate", 0))
			return 1;
	}
	return 0;
}

/* The auth= of call `call` (an operation's decorator, a Router(), a NinjaAPI()): 1 when it
 * loads request.user, 0 when it does not (auth=None: no auth), -1 when there is none. */
static int call_auth(struct ctx *c, int scope, int32_t call)
{
	int32_t v = call >= 0 ? kwarg(c, call, "auth") : -1;
	return v < 0 ? -1 : auth_loads_user(c, scope, v);
}

/* `router` of module c->sum, mounted with `<api>.add_router(prefix, router)` anywhere in the
 * project: the auth= of the NinjaAPI (or the outer Router, and so on up) that mounts it. */
static int is_add_router(const struct summary *s, const struct event *ev)
{
	if (ev->kind != EV_CALL || ev->scope != -1 || ev->ex < 0)
		return 0;
	const struct ex *f = &s->ex.items[s->ex.items[ev->ex].a];
	return f->kind == EX_ATTR && strcmp(summary_str(s, f->str), "add_router") == 0;
}

/* The modules that mount routers, found once per run (c->rm), or every module without one. */
static void find_mounts(struct ctx *c)
{
	if (!c->rm || c->rm->mounts_found)
		return;
	c->rm->mounts_found = 1;
	for (size_t i = 0; i < index_count(c->ix); i++) {
		const struct summary *s = index_summary(c->ix, (int)i);
		for (size_t k = 0; k < s->ev.len; k++)
			if (is_add_router(s, &s->ev.items[k])) {
				VEC_PUSH(c->rm->mounts, (int)i);
				break;
			}
	}
}

/* When module-level event `ev` of module `i` is `<outer>.add_router(prefix, router)` (or
 * `router=...`) mounting `router` of module `sum`: the mounting object's name, else NULL. */
static const char *mounts(struct ctx *c, int i, const struct event *ev, int sum, const char *router)
{
	const struct summary *s = index_summary(c->ix, i);
	if (!is_add_router(s, ev))
		return NULL;
	const struct ex *call = &s->ex.items[ev->ex], *f = &s->ex.items[call->a];
	if (call->args < 0 || s->ex.items[f->a].kind != EX_NAME)
		return NULL;
	int32_t r = s->ex.items[call->args].next; /* (prefix, router), or router=... */
	for (int32_t a = call->args; a >= 0; a = s->ex.items[a].next)
		if (s->ex.items[a].kind == EX_KWARG && strcmp(summary_str(s, s->ex.items[a].str), "router") == 0)
			r = s->ex.items[a].a;
	if (r < 0 || s->ex.items[r].kind != EX_NAME)
		return NULL; /* (a keyword in second place is not the router) */
	const char *name = summary_str(s, s->ex.items[r].str);
	struct sym y = index_resolve_name(c->ix, i, name);
	int same = i == sum ? strcmp(name, router) == 0
			    : y.kind == SYM_VAR && y.sum == sum && y.name && strcmp(y.name, router) == 0;
	return same ? summary_str(s, s->ex.items[f->a].str) : NULL;
}

static int mounted_auth(struct ctx *c, int sum, const char *router, int depth)
{
	find_mounts(c);
	size_t n = c->rm ? c->rm->mounts.len : index_count(c->ix);
	for (size_t m = 0; m < n && depth < 4; m++) {
		int i = c->rm ? c->rm->mounts.items[m] : (int)m;
		const struct summary *s = index_summary(c->ix, i);
		for (size_t k = 0; k < s->ev.len; k++) {
			const char *outer = mounts(c, i, &s->ev.items[k], sum, router);
			if (!outer)
				continue;
			struct ctx *sub = ty_sub_ctx(c->ix, i, c->o, c->method_depth + 1, 1);
			sub->rm = c->rm;
			sub->for_async = c->for_async;
			int got = call_auth(sub, -1, module_call(sub, outer));
			if (got < 0)
				got = mounted_auth(sub, i, outer, depth + 1); /* a Router mounted in turn */
			ty_sub_ctx_free(sub);
			if (got >= 0)
				return got;
		}
	}
	return -1;
}

/* The auth= and throttle= of the NinjaAPI (or outer Router) that mounts `router` of module
 * `sum` in another module, for async operation `fn` (its decorator at `at`): each such item
 * is reported once per run, at the first async operation that meets it. */
static void mounted_hooks(struct ctx *c, int fn, int sum, const char *router, const struct span *at, int want_auth,
			  int want_throttle, int depth)
{
	find_mounts(c);
	size_t n = c->rm ? c->rm->mounts.len : 0;
	for (size_t m = 0; m < n && depth < 4 && (want_auth || want_throttle); m++) {
		int i = c->rm->mounts.items[m];
		const struct summary *s = index_summary(c->ix, i);
		for (size_t k = 0; k < s->ev.len && (want_auth || want_throttle); k++) {
			const char *outer = i == c->sum ? NULL : mounts(c, i, &s->ev.items[k], sum, router);
			if (!outer)
				continue; /* (the same module's Router/NinjaAPI is check_framework_hooks' own case) */
			struct ctx *sub = ty_sub_ctx(c->ix, i, c->o, c->method_depth + 1, 1);
			sub->rm = c->rm;
			sub->for_async = 1;
			int32_t oc = module_call(sub, outer);
			int has_auth = want_auth && oc >= 0 && has_kwarg(sub, oc, "auth");
			int has_thr = want_throttle && oc >= 0 && has_kwarg(sub, oc, "throttle");
			if (has_auth || has_thr) {
				/* once per mounting call: the first async operation under it reports its items */
				int64_t key = ((int64_t)i << 32) | (uint32_t)oc;
				int seen = 0;
				for (size_t q = 0; q < c->rm->hooks_seen.len && !seen; q++)
					seen = c->rm->hooks_seen.items[q] == key;
				if (!seen) {
					VEC_PUSH(c->rm->hooks_seen, key);
					char *where = xasprintf(" of `%s` (%s:%d)", outer, s->path, s->ex.items[oc].sp.line);
					ninja_hooks_in(c, sub, fn, -1, oc, at, where, has_auth, has_thr);
					free(where);
				}
				want_auth &= !has_auth;
				want_throttle &= !has_thr;
			}
			if (want_auth || want_throttle) /* a Router mounted in turn */
				mounted_hooks(c, fn, i, outer, at, want_auth, want_throttle, depth + 1);
			ty_sub_ctx_free(sub);
			want_auth = want_throttle = 0; /* the first mount decides */
		}
	}
}

int ninja_auth_loads_user(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		const char *router = NULL;
		if (ninja_operation(c, fn, d, &router) < 0)
			continue;
		int got = call_auth(c, sc->parent, d); /* the operation's own auth= decides alone */
		if (got < 0 && router)
			got = call_auth(c, -1, module_call(c, router));
		if (got < 0 && router)
			got = mounted_auth(c, c->sum, router, 0);
		return got > 0;
	}
	return 0;
}

void check_framework_hooks(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	if (sc->kind != SC_ASYNC_FUNCTION)
		return;
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		const char *router = NULL;
		if (ninja_operation(c, fn, d, &router) >= 0) {
			ninja_hooks(c, fn, sc->parent, d, 1, 1);
			int32_t rc = router ? module_call(c, router) : -1;
			if (rc < 0)
				continue;
			if (!has_kwarg(c, d, "auth") || !has_kwarg(c, d, "throttle"))
				mounted_hooks(c, fn, c->sum, router, &X(c, d)->sp,
					      !has_kwarg(c, d, "auth") && !has_kwarg(c, rc, "auth"),
					      !has_kwarg(c, d, "throttle") && !has_kwarg(c, rc, "throttle"), 0);
			ninja_hooks(c, fn, -1, rc, !has_kwarg(c, d, "auth") && !router_seen(c, fn, router, "auth"),
				    !has_kwarg(c, d, "throttle") && !router_seen(c, fn, router, "throttle"));
			continue;
		}
		if (X(c, d)->kind != EX_CALL)
			continue;
		struct type t = ty_eval(c, sc->parent, X(c, d)->a, 0);
		if (t.kind == T_EXTERNAL && t.qual &&
		    (str_has_prefix(t.qual, "strawberry.") || str_has_prefix(t.qual, "strawberry_django.")))
			strawberry_hooks(c, fn, d);
	}
}

void check_permission_call(struct ctx *c, const struct event *ev)
{
	static const struct {
		const char *call, *list, *method;
	} checks[] = {
		{"check_permissions", "permission_classes", "has_permission"},
		{"check_object_permissions", "permission_classes", "has_object_permission"},
		{"check_throttles", "throttle_classes", "allow_request"},
	};
	const struct ex *f = X(c, X(c, ev->ex)->a);
	if ((ev->flags & EVF_AWAITED) || f->kind != EX_ATTR)
		return;
	size_t which = 0;
	while (which < sizeof checks / sizeof *checks && strcmp(S(c, f->str), checks[which].call) != 0)
		which++;
	if (which == sizeof checks / sizeof *checks)
		return;
	struct type view = ty_eval(c, ev->scope, f->a, 0);
	int sum;
	if (view.kind != T_OBJECT || view.cls < 0 ||
	    (!ty_has_external_base(c, view.cls, "rest_framework.", NULL) && !ty_has_external_base(c, view.cls, "adrf.", NULL)) ||
	    index_method(c->ix, view.cls, checks[which].call, &sum) >= 0)
		return;
	struct type cls[MAX_HOOKS];
	int n = ty_class_list(c, view.cls, checks[which].list, cls, MAX_HOOKS);
	char *runner = xasprintf("`self.%s()` runs", checks[which].call);
	char *fix = xasprintf("run the check in a worker thread: `await sync_to_async(self.%s)(...)`, or keep `%s()` "
			      "free of queries",
			      checks[which].call, checks[which].method);
	const struct span *sp = &X(c, ev->ex)->sp;
	const char *cached = NULL; /* one finding per call: a cache throttle is enough */
	for (int i = 0; i < n && which == 2 && !cached; i++)
		cached = cache_throttle(c, cls[i]);
	if (cached)
		report_cache_throttle(c, ev, -1, sp, cached, runner, fix);
	for (int i = 0; i < n && !cached; i++) {
		if (view.conf < cls[i].conf)
			cls[i].conf = view.conf;
		hook_item(c, ev->scope, sp, cls[i], checks[which].method, runner, fix);
	}
	free(runner);
	free(fix);
}
