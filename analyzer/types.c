/* types: phase 2's type evaluation (see types.h). Pure: no finding is made here. */
#include "types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct type ty_unknown = {T_UNKNOWN, CONF_HIGH, -1, -1, -1, NULL, 0, NULL};

static struct type attr_of(struct ctx *c, struct type o, const char *m);

const struct scope_events *ty_scope_events(struct ret_memo *rm, const struct summary *s, int sum)
{
	struct scope_events *se = &rm->by_sum[sum];
	if (se->first)
		return se;
	size_t ns = s->scopes.len;
	se->first = xcalloc(ns + 2, sizeof *se->first);
	se->ev = xcalloc(s->ev.len ? s->ev.len : 1, sizeof *se->ev);
	for (size_t i = 0; i < s->ev.len; i++)
		if (s->ev.items[i].scope >= 0)
			se->first[(size_t)s->ev.items[i].scope + 1]++;
	for (size_t k = 0; k < ns; k++)
		se->first[k + 1] += se->first[k];
	size_t *fill = xcalloc(ns + 1, sizeof *fill);
	for (size_t i = 0; i < s->ev.len; i++) {
		int32_t k = s->ev.items[i].scope;
		if (k >= 0)
			se->ev[se->first[k] + fill[k]++] = (uint32_t)i;
	}
	free(fill);
	return se;
}

void ty_scope_events_drop(struct ret_memo *rm, int sum)
{
	free(rm->by_sum[sum].first);
	free(rm->by_sum[sum].ev);
	rm->by_sum[sum] = (struct scope_events){0};
}

struct type ty_mk(uint8_t kind, uint8_t conf, int cls, int aux)
{
	struct type t = {kind, conf, cls, aux, -1, NULL, 0, NULL};
	return t;
}

/* The same type, keeping which relations were fetched along. */
struct type ty_with_rel(struct type t, struct type from)
{
	t.rel = from.rel & (REL_USER | REL_OUTSIDE | REL_SCOPE_USER);
	t.sel = from.sel;
	return t;
}

/* Whether `sel` (see struct type) fetched relation `field`; `single`: a forward FK/O2O, which
 * select_related() without arguments follows. */
int ty_sel_covers(const char *sel, const char *field, int single)
{
	if (!sel)
		return 0;
	size_t n = strlen(field);
	for (const char *p = sel; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if ((len == 1 && *p == '*' && single) || (len == 1 && *p == '?') ||
		    (len >= n && strncmp(p, field, n) == 0 && (len == n || strncmp(p + n, "__", 2) == 0)))
			return 1;
		p += len + (end != NULL);
	}
	return 0;
}

/* The paths of `sel` below relation `field`: "author__publisher" gives "publisher". */
static const char *sel_below(djindex *ix, const char *sel, const char *field)
{
	if (!sel)
		return NULL;
	struct strbuf b = {0};
	size_t n = strlen(field);
	for (const char *p = sel; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 1 && (*p == '*' || *p == '?')) {
			if (b.len)
				sb_putc(&b, ',');
			sb_putc(&b, *p);
		} else if (len > n + 2 && strncmp(p, field, n) == 0 && strncmp(p + n, "__", 2) == 0) {
			if (b.len)
				sb_putc(&b, ',');
			for (size_t k = n + 2; k < len; k++)
				sb_putc(&b, p[k]);
		}
		p += len + (end != NULL);
	}
	const char *r = b.len ? index_intern(ix, b.s) : NULL;
	free(b.s);
	return r;
}



int ty_in_list(const char *q, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(q, list[i]) == 0)
			return (int)i;
	return -1;
}

/* --- names ----------------------------------------------------------------------------- */

static const char *const builtin_names[] = {
	"open", "input", "len", "list", "tuple", "set", "sorted", "frozenset", "bool", "print",
	"iter", "next", "any", "all", "sum", "enumerate", "reversed", "str", "repr", "super", "getattr", NULL,
};

/* post_save, pre_delete, request_started, ...: instances of django.dispatch.Signal. */
static int is_builtin_signal(const char *qual)
{
	static const char *const modules[] = {
		"django.db.models.signals.", "django.core.signals.", "django.test.signals.", NULL,
	};
	for (size_t i = 0; modules[i]; i++)
		if (str_has_prefix(qual, modules[i]) && !strchr(qual + strlen(modules[i]), '.'))
			return 1;
	return 0;
}

static struct type module_var_type(struct ctx *c, int sum, const char *name);

static struct type type_of_sym(struct ctx *c, struct sym y)
{
	struct type t = ty_unknown;
	switch (y.kind) {
	case SYM_EXTERNAL: {
		t.qual = y.qual;
		t.kind = T_EXTERNAL;
		if (is_builtin_signal(y.qual)) {
			t.kind = T_EXT_INSTANCE;
			t.qual = "django.dispatch.Signal";
		} else if (index_external_is_model(y.qual)) {
			t.kind = T_MODEL_CLASS;
			if (strcmp(y.qual, "django.contrib.auth.models.User") == 0)
				t.rel = REL_USER;
		} else {
			/* `from orders.models import Order` with orders/ outside the scan: a model by name */
			const char *dot = strrchr(y.qual, '.');
			if (dot && dot[1] >= 'A' && dot[1] <= 'Z' && !str_has_prefix(y.qual, "django.") &&
			    dot - y.qual >= 7 && (strncmp(dot - 7, ".models", 7) == 0 ||
						  (dot - y.qual == 6 && strncmp(y.qual, "models", 6) == 0))) {
				t.kind = T_MODEL_CLASS;
				t.conf = CONF_MEDIUM;
			}
		}
		break;
	}
	case SYM_MODULE:
		t.kind = T_MODULE;
		t.sum = y.sum;
		break;
	case SYM_CLASS: {
		const struct class_info *ci = index_class(c->ix, y.cls);
		t.cls = y.cls;
		t.kind = ci && ci->kind == CK_MODEL ? T_MODEL_CLASS : T_CLASS;
		if (ci && ci->heuristic)
			t.conf = CONF_MEDIUM;
		break;
	}
	case SYM_FUNCTION:
		t.kind = T_FUNCTION;
		t.sum = y.sum;
		t.aux = y.scope;
		break;
	case SYM_VAR:
		t = module_var_type(c, y.sum, y.name);
		break;
	default:
		break;
	}
	return t;
}

static struct env *env_of(struct ctx *c, int scope);

static void bind(struct ctx *c, int scope, const char *name, struct type t)
{
	struct env *en = env_of(c, scope);
	for (size_t i = 0; i < en->vars.len; i++)
		if (strcmp(en->vars.items[i].name, name) == 0) {
			en->vars.items[i].t = t;
			return;
		}
	struct binding b = {name, t};
	VEC_PUSH(en->vars, b);
}

static int has_decorator(struct ctx *c, const struct scope *sc, const char *name)
{
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		const struct ex *x = X(c, d);
		if (x->kind == EX_NAME && strcmp(S(c, x->str), name) == 0)
			return 1;
	}
	return 0;
}

/* The project class a method belongs to, or -1. */
int ty_owner_class(const struct ctx *c, int scope)
{
	const struct scope *sc = &c->s->scopes.items[scope];
	if (sc->parent < 0 || c->s->scopes.items[sc->parent].kind != SC_CLASS)
		return -1;
	return index_class_of_scope(c->ix, c->sum, sc->parent);
}

static struct type lookup(struct ctx *c, int scope, const char *name);

/* The value an annotation declares, evaluated in `scope`: `book: Book` (an instance handed in,
 * whose caller may have fetched its relations), `qs: QuerySet[Book]`, `Optional[Book]`,
 * `list[Book]`, `"Book"`, `p: Path`, `r: redis.Redis` (an instance of the external class),
 * `request: HttpRequest`, an instance of a project class. */
static struct type annotation_type(struct ctx *c, int scope, int32_t a, int depth)
{
	if (a < 0 || depth > 4)
		return ty_unknown;
	const struct ex *x = X(c, a);
	if (x->kind == EX_STRING) {
		/* "Book": a forward reference by name */
		const char *t = x->str ? S(c, x->str) : "";
		for (const char *p = t; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
				return ty_unknown;
		if (!*t)
			return ty_unknown;
		struct type n = lookup(c, scope, t);
		if (n.kind == T_UNKNOWN) {
			int cls = index_model_named(c->ix, t);
			if (cls >= 0)
				n = ty_mk(T_MODEL_CLASS, CONF_HIGH, cls, -1);
		}
		if (n.kind != T_MODEL_CLASS && n.kind != T_CLASS)
			return ty_unknown;
		struct type t2 = ty_mk(n.kind == T_MODEL_CLASS ? T_INSTANCE : T_OBJECT, n.conf, n.cls, -1);
		t2.rel = n.kind == T_MODEL_CLASS ? REL_OUTSIDE : 0;
		return t2;
	}
	if (x->kind == EX_SUBSCRIPT) {
		const struct ex *v = X(c, x->a);
		const char *name = v->kind == EX_NAME || v->kind == EX_ATTR ? S(c, v->str) : "";
		struct type inner = annotation_type(c, scope, x->args, depth + 1);
		if (strcmp(name, "Optional") == 0)
			return inner;
		if (strcmp(name, "Info") == 0) { /* strawberry.Info[Context, Root]: an Info, generic */
			struct type info = annotation_type(c, scope, x->a, depth + 1);
			if (info.kind == T_EXT_INSTANCE && info.qual && str_has_prefix(info.qual, "strawberry."))
				return info;
		}
		if (inner.kind != T_INSTANCE)
			return ty_unknown;
		if (strcmp(name, "QuerySet") == 0)
			return ty_with_rel(ty_mk(T_QUERYSET, inner.conf, inner.cls, -1), inner);
		if (strcmp(name, "list") == 0 || strcmp(name, "List") == 0 || strcmp(name, "Sequence") == 0 ||
		    strcmp(name, "Iterable") == 0 || strcmp(name, "tuple") == 0 || strcmp(name, "Tuple") == 0)
			return ty_with_rel(ty_mk(T_INSTANCES, inner.conf, inner.cls, -1), inner);
		return ty_unknown;
	}
	struct type t = ty_eval(c, scope, a, depth + 1);
	if (t.kind == T_MODEL_CLASS) {
		struct type i = ty_mk(T_INSTANCE, t.conf, t.cls, -1);
		i.rel = REL_OUTSIDE | (t.rel & REL_USER);
		return i;
	}
	if (t.kind == T_CLASS)
		return ty_mk(T_OBJECT, t.conf, t.cls, -1);
	if (t.kind == T_EXTERNAL && t.qual) {
		if (str_has_suffix(t.qual, "HttpRequest") || str_has_suffix(t.qual, "ASGIRequest") ||
		    str_has_suffix(t.qual, "WSGIRequest"))
			return ty_mk(T_REQUEST, CONF_HIGH, -1, -1);
		const char *last = strrchr(t.qual, '.');
		const char *cls = blocking_class(t.qual);
		if (!cls && last && last[1] >= 'A' && last[1] <= 'Z')
			cls = t.qual; /* an instance of the external class: its methods are looked up by name */
		if (cls && !str_has_prefix(t.qual, "typing.") && !str_has_prefix(t.qual, "builtins.")) {
			struct type e = ty_unknown;
			e.kind = T_EXT_INSTANCE;
			e.qual = cls;
			return e;
		}
	}
	return ty_unknown;
}

/* `request` of a wrapper nested in a decorator: what it wraps decides what it gets. After a
 * `self` (a method decorator) it may be DRF's Request, whose user is loaded: low confidence;
 * first (a view decorator), most likely Django's HttpRequest, but the decorator may be put on
 * methods: medium. Anywhere else: high. */
static uint8_t closure_request_conf(struct ctx *c, int scope)
{
	const struct scope *sc = &c->s->scopes.items[scope];
	if (sc->parent < 0 || c->s->scopes.items[sc->parent].kind == SC_CLASS)
		return CONF_HIGH;
	int32_t first = sc->params;
	if (first >= 0 && strcmp(S(c, X(c, first)->str), "self") == 0)
		return CONF_LOW;
	return CONF_MEDIUM;
}

/* The request a DRF or adrf view handler, permission, throttle or authentication class gets,
 * or an `@api_view` function: DRF's Request, whose `.user` the framework authenticated before
 * any of them runs (in the handler's own dispatch, adrf's awaited). */
static int drf_request(struct ctx *c, int scope, int owner)
{
	if (owner >= 0 && (ty_has_external_base(c, owner, "rest_framework.", NULL) || ty_has_external_base(c, owner, "adrf.", NULL)))
		return 1;
	const struct scope *sc = &c->s->scopes.items[scope];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = ty_eval(c, sc->parent, e, 0);
		if (t.kind == T_EXTERNAL && (strcmp(t.qual, "rest_framework.decorators.api_view") == 0 ||
					     strcmp(t.qual, "adrf.decorators.api_view") == 0))
			return 1;
	}
	return 0;
}

/* Parameters shadow outer names; `self` is an instance of the owning class (`cls` the class);
 * nested defs are callable by name. */
static void init_scope(struct ctx *c, int scope)
{
	const struct scope *sc = &c->s->scopes.items[scope];
	int owner = ty_owner_class(c, scope);
	const struct class_info *oc = index_class(c->ix, owner);
	int first = 1;
	for (size_t k = (size_t)scope + 1; k < c->s->scopes.len; k++) {
		const struct scope *ch = &c->s->scopes.items[k];
		if (ch->parent == scope && (ch->kind == SC_FUNCTION || ch->kind == SC_ASYNC_FUNCTION)) {
			struct type f = ty_mk(T_FUNCTION, CONF_HIGH, -1, (int)k);
			f.sum = c->sum;
			bind(c, scope, S(c, ch->name), f);
		}
	}
	for (int32_t p = sc->params; p >= 0; p = X(c, p)->next, first = 0) {
		struct type t = ty_unknown;
		if (first && oc && !has_decorator(c, sc, "staticmethod")) {
			int is_cls = has_decorator(c, sc, "classmethod");
			uint8_t conf = oc->heuristic ? CONF_MEDIUM : CONF_HIGH;
			if (oc->kind == CK_MODEL) {
				t = ty_mk(is_cls ? T_MODEL_CLASS : T_INSTANCE, conf, owner, -1);
				t.rel = is_cls ? 0 : REL_OUTSIDE;
			}
			else if (oc->kind == CK_PLAIN)
				t = ty_mk(is_cls ? T_CLASS : T_OBJECT, conf, owner, -1);
			else if (!is_cls) /* self of a QuerySet or Manager class: the model that uses it, if any */
				t = ty_mk(oc->kind == CK_MANAGER ? T_MANAGER : T_QUERYSET, conf,
					  index_model_of_manager(c->ix, owner), owner);
		} else if (X(c, p)->a >= 0) {
			t = annotation_type(c, sc->parent, X(c, p)->a, 0);
		} else if (strcmp(S(c, X(c, p)->str), "request") == 0) {
			t = ty_mk(T_REQUEST, closure_request_conf(c, scope), -1, -1);
		}
		if (t.kind == T_REQUEST && drf_request(c, scope, owner))
			t.rel |= REL_DRF;
		bind(c, scope, S(c, X(c, p)->str), t);
	}
	for (size_t i = 0; i < c->s->imports.len; i++) {
		const struct import *im = &c->s->imports.items[i];
		if (im->scope == scope && !im->star)
			bind(c, scope, S(c, im->local), type_of_sym(c, index_resolve_import(c->ix, c->sum, im)));
	}
}

/* The environment of `scope` (-1: the module), not initialized. */
static struct env *env_slot(struct ctx *c, int scope)
{
	if (c->envs)
		return &c->envs[scope + 1];
	for (size_t i = 0; i < c->sparse.len; i++)
		if (c->sparse.items[i]->scope == scope)
			return &c->sparse.items[i]->env;
	struct sparse_env *se = xcalloc(1, sizeof *se);
	se->scope = scope;
	se->env.ready = scope < 0; /* the module's names come from the index */
	VEC_PUSH(c->sparse, se);
	return &se->env;
}

static struct env *env_of(struct ctx *c, int scope)
{
	struct env *en = env_slot(c, scope);
	if (!en->ready) {
		en->ready = 1;
		if (scope >= 0)
			init_scope(c, scope);
	}
	return en;
}

int ty_env_find(struct ctx *c, int scope, const char *name, struct type *out)
{
	struct env *en = env_of(c, scope);
	for (size_t i = 0; i < en->vars.len; i++)
		if (strcmp(en->vars.items[i].name, name) == 0) {
			*out = en->vars.items[i].t;
			return 1;
		}
	return 0;
}

static struct type lookup(struct ctx *c, int scope, const char *name)
{
	struct type t;
	/* the scope itself, then enclosing functions (class bodies are not visible inside) */
	for (int sc = scope, first = 1; sc >= 0; sc = c->s->scopes.items[sc].parent, first = 0) {
		if (!first && c->s->scopes.items[sc].kind == SC_CLASS)
			continue;
		if (ty_env_find(c, sc, name, &t))
			return t;
	}
	if (ty_env_find(c, -1, name, &t))
		return t;
	struct sym y = index_resolve_name(c->ix, c->sum, name);
	if (y.kind != SYM_NONE && (y.kind != SYM_VAR || y.sum != c->sum)) /* own variables: the env */
		return type_of_sym(c, y);
	if (y.kind == SYM_NONE && str_in(name, builtin_names) >= 0) {
		char *q = xasprintf("builtins.%s", name);
		t = ty_unknown;
		t.kind = T_EXTERNAL;
		t.qual = index_intern(c->ix, q);
		free(q);
		return t;
	}
	return ty_unknown;
}

/* --- calls ----------------------------------------------------------------------------- */


const char *const ty_wrappers_first_arg[] = {
	"asgiref.sync.sync_to_async", "asgiref.sync.SyncToAsync", "channels.db.database_sync_to_async",
	"asyncio.to_thread", "asyncio.threads.to_thread", NULL,
};
static const char *const async_to_sync_names[] = {
	"asgiref.sync.async_to_sync", "asgiref.sync.AsyncToSync", NULL,
};
static const char *const iterate_builtins[] = {
	"builtins.list", "builtins.tuple", "builtins.set", "builtins.sorted", "builtins.frozenset", NULL,
};

int32_t ty_nth_arg(const struct ctx *c, int32_t call, int n)
{
	int32_t a = X(c, call)->args;
	for (int i = 0; a >= 0 && i < n; i++)
		a = X(c, a)->next;
	return a >= 0 && X(c, a)->kind != EX_KWARG && !(X(c, a)->flags & EXF_SPLAT) ? a : -1;
}

/* The keyword argument `key` of a call is the name `value` (`commit=False`). */
static int kwarg_is(const struct ctx *c, int32_t call, const char *key, const char *value)
{
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
		const struct ex *x = X(c, a);
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), key) == 0)
			return x->a >= 0 && X(c, x->a)->kind == EX_NAME && strcmp(S(c, X(c, x->a)->str), value) == 0;
	}
	return 0;
}

/* The wrapper got `f(...)` rather than `f`; functools.partial(...) is the correct idiom. */
static int wrapped_call(struct ctx *c, int scope, int32_t arg)
{
	if (arg < 0 || X(c, arg)->kind != EX_CALL)
		return 0;
	struct type fn = ty_eval(c, scope, X(c, arg)->a, 1);
	return !(fn.kind == T_EXTERNAL && strcmp(fn.qual, "functools.partial") == 0);
}

/* An instance made with relations as keywords (`Book(author=a)`, `create(author=a)`) holds
 * them: its type says they were fetched, so they stay served from memory after a return. */
static struct type with_kwargs(struct ctx *c, struct type t, int32_t call)
{
	if (call < 0 || t.kind != T_INSTANCE)
		return t;
	struct strbuf b = {0};
	if (t.sel)
		sb_puts(&b, t.sel);
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
		const struct ex *x = X(c, a);
		if (x->flags & EXF_SPLAT) {
			/* Book(**fields): any relation may be among them */
			if (b.len)
				sb_putc(&b, ',');
			sb_puts(&b, "*");
			continue;
		}
		if (x->kind != EX_KWARG || !x->str || !index_relation(c->ix, t.cls, S(c, x->str)))
			continue;
		if (b.len)
			sb_putc(&b, ',');
		sb_puts(&b, S(c, x->str));
	}
	if (b.len)
		t.sel = index_intern(c->ix, b.s);
	free(b.s);
	return t;
}

static struct type result_of(enum djapi_result r, struct type recv)
{
	switch (r) {
	case RES_INSTANCE:
		return ty_with_rel(ty_mk(T_INSTANCE, recv.conf, recv.cls, -1), recv);
	case RES_INSTANCE_TUPLE:
		return ty_with_rel(ty_mk(T_INSTANCE_TUPLE, recv.conf, recv.cls, -1), recv);
	case RES_QUERYSET:
		return ty_with_rel(ty_mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
	default:
		return ty_unknown;
	}
}

static int custom_returns_queryset(struct ctx *c, struct type recv, const char *method);
static int is_celery_task(struct ctx *c, int sum, int scope);

/* A settings-style module-level assignment `NAME = <value of kind>`. */
int ty_is_setting(const struct summary *s, const struct event *ev, const char *name,
		      enum ex_kind kind)
{
	return ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 && ev->ex >= 0 &&
	       s->ex.items[ev->target].kind == EX_NAME &&
	       strcmp(summary_str(s, s->ex.items[ev->target].str), name) == 0 &&
	       s->ex.items[ev->ex].kind == kind;
}

/* The user model: settings.AUTH_USER_MODEL ("accounts.User") among the project's models, else
 * django.contrib.auth's User. */
static struct type user_model(struct ctx *c)
{
	struct type u = ty_unknown;
	u.kind = T_MODEL_CLASS;
	u.qual = "django.contrib.auth.models.User";
	u.rel = REL_USER;
	for (int sum = 0; (size_t)sum < index_count(c->ix); sum++) {
		const struct summary *s = index_summary(c->ix, sum);
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (!ty_is_setting(s, ev, "AUTH_USER_MODEL", EX_STRING))
				continue;
			const char *label = summary_str(s, s->ex.items[ev->ex].str), *dot = strrchr(label, '.');
			int cls = index_model_named(c->ix, dot ? dot + 1 : label);
			if (cls >= 0) {
				struct type t = ty_mk(T_MODEL_CLASS, CONF_HIGH, cls, -1);
				t.rel = REL_USER;
				return t;
			}
		}
	}
	return u;
}

/* What rendering a template with this call's context may do on the loop: 2 the context holds
 * something lazy (a QuerySet, a model instance, the request), 1 only the request is given
 * (request=request: the context processors run), 0 neither. `ctx_arg` is the context's
 * position. */
static int lazy_context(struct ctx *c, int scope, int32_t call, int ctx_arg)
{
	int32_t ctx = ty_nth_arg(c, call, ctx_arg);
	int request = 0;
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
		const struct ex *x = X(c, a);
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), "request") == 0)
			request = 1;
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), "context") == 0)
			ctx = x->a;
	}
	if (ctx < 0 || X(c, ctx)->kind != EX_LIST)
		return request;
	for (int32_t p = X(c, ctx)->args; p >= 0; p = X(c, p)->next) {
		if (X(c, p)->kind != EX_KWARG)
			continue;
		struct type t = ty_eval(c, scope, X(c, p)->a, 1);
		if (t.kind == T_QUERYSET || t.kind == T_MANAGER || t.kind == T_INSTANCE || t.kind == T_REQUEST ||
		    t.kind == T_REQUEST_USER)
			return 2;
	}
	return request;
}

/* A call by qualified name (function or class outside the project). */
static void classify_qual(struct ctx *c, int scope, int32_t call, const char *qual, struct call *out)
{
	out->qual = qual;
	if (ty_in_list(qual, c->o->safe_calls, c->o->n_safe) >= 0)
		return; /* configured as safe */
	int extra = ty_in_list(qual, c->o->extra_names, c->o->n_extra);
	if (extra >= 0) {
		out->kind = CALL_BLOCKING;
		out->extra = extra;
		return;
	}
	static const char *const file_readers[] = {
		"json.load", "json.dump", "pickle.load", "pickle.dump", "marshal.load", "marshal.dump",
		"yaml.load", "yaml.safe_load", "yaml.dump", "yaml.safe_dump", NULL,
	};
	if (call >= 0 && str_in(qual, file_readers) >= 0) {
		/* json.load(fh): reads a file object (not an in-memory stream) */
		for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
			struct type t = X(c, a)->kind == EX_KWARG ? ty_unknown : ty_eval(c, scope, a, 1);
			const struct blocking_class_rule *any = t.kind == T_EXT_INSTANCE ? blocking_any_method(t.qual) : NULL;
			if (any && strcmp(any->rule_id, "DJA303") == 0) {
				out->kind = CALL_BLOCKING;
				out->blk = blocking_find("builtins.open");
				return;
			}
		}
		return;
	}
	const struct blocking_call *b = blocking_find(qual);
	const char *cls = blocking_class(qual);
	const char *last = strrchr(qual, '.');
	if (!cls && last && last[1] >= 'A' && last[1] <= 'Z' && !index_external_is_model(qual))
		cls = qual; /* an instance of an external class: `api = NinjaAPI()` */
	if (cls) {
		out->result = ty_unknown;
		out->result.kind = T_EXT_INSTANCE;
		out->result.qual = cls;
	}
	/* executor.shutdown(wait=False) returns at once: any say on waiting is taken as that */
	if (b && call >= 0 && strcmp(b->qual, "concurrent.futures.Executor.shutdown") == 0 &&
	    X(c, call)->args >= 0)
		b = NULL;
	if (call >= 0 && (str_has_suffix(qual, "django.shortcuts.get_object_or_404") ||
			  strcmp(qual, "django.shortcuts.aget_object_or_404") == 0 ||
			  str_has_suffix(qual, "django.shortcuts.get_list_or_404") ||
			  strcmp(qual, "django.shortcuts.aget_list_or_404") == 0)) {
		/* get_object_or_404(Book or a QuerySet, ...): an instance of its model */
		int32_t a = ty_nth_arg(c, call, 0);
		struct type t = a >= 0 ? ty_eval(c, scope, a, 1) : ty_unknown;
		int list = strstr(qual, "list") != NULL;
		if (t.kind == T_MODEL_CLASS || t.kind == T_QUERYSET || t.kind == T_MANAGER) {
			out->result = ty_with_rel(ty_mk(list ? T_INSTANCES : T_INSTANCE, t.conf, t.cls, -1), t);
			if (t.kind == T_MODEL_CLASS)
				out->result.rel = t.rel & REL_USER;
		}
	}
	if (b) {
		out->kind = CALL_BLOCKING;
		out->blk = b;
		return;
	}
	const struct djapi *api = djapi_find(RECV_FUNCTION, qual);
	if (api) {
		out->kind = CALL_API;
		out->api = api;
		return;
	}
	if (str_in(qual, ty_wrappers_first_arg) >= 0) {
		int32_t a = ty_nth_arg(c, call, 0);
		if (wrapped_call(c, scope, a)) {
			out->kind = CALL_MISUSE;
			out->inner = a;
		}
		return;
	}
	if (str_in(qual, async_to_sync_names) >= 0) {
		out->kind = CALL_ASYNC_TO_SYNC;
		return;
	}
	if (strcmp(qual, "asyncio.run") == 0) {
		out->kind = CALL_RUN;
		return;
	}
	if (strcmp(qual, "builtins.getattr") == 0) {
		/* getattr(obj, "name", default) reads obj.name */
		int32_t o = ty_nth_arg(c, call, 0), n = ty_nth_arg(c, call, 1);
		if (o >= 0 && n >= 0 && X(c, n)->kind == EX_STRING && X(c, n)->str)
			out->result = attr_of(c, ty_eval(c, scope, o, 1), S(c, X(c, n)->str));
		return;
	}
	if (strcmp(qual, "django.contrib.auth.get_user_model") == 0) {
		out->result = user_model(c);
		return;
	}
	if (str_has_prefix(qual, "strawberry_django.") && str_has_suffix(qual, ".get_current_user")) {
		out->result = ty_mk(T_REQUEST_USER, CONF_HIGH, -1, -1); /* info.context.request.user, lazy */
		return;
	}
	int render = strcmp(qual, "django.shortcuts.render") == 0,
	    to_string = strcmp(qual, "django.template.loader.render_to_string") == 0;
	if (call >= 0 && (render || to_string || strcmp(qual, "django.template.backends.django.Template.render") == 0)) {
		/* render(request, ...) always runs the context processors; with only Django's own (lazy
		 * unless the template reads user, perms or messages) and a context of plain values, a
		 * query is a guess */
		int lazy = lazy_context(c, scope, call, render ? 2 : to_string ? 1 : 0);
		if (render && !lazy)
			lazy = 1;
		if (lazy) {
			out->kind = CALL_BLOCKING;
			out->blk = blocking_find("<template-render>");
			if (lazy == 1 && c->set && c->set->stock_processors)
				out->conf = CONF_LOW;
		}
		return;
	}
	int it = str_in(qual, iterate_builtins) >= 0;
	if (it || strcmp(qual, "builtins.len") == 0 || strcmp(qual, "builtins.bool") == 0) {
		int32_t a = ty_nth_arg(c, call, 0);
		if (a < 0)
			return;
		struct type t = ty_eval(c, scope, a, 1);
		if (t.kind != T_QUERYSET)
			return;
		out->kind = CALL_API;
		out->api = djapi_find(RECV_QUERYSET, it ? "<list>" : qual[9] == 'l' ? "<len>" : "<bool>");
		out->recv_ex = a;
		out->conf = t.conf;
		if (it && strcmp(qual, "builtins.set") != 0 && strcmp(qual, "builtins.frozenset") != 0)
			out->result = ty_with_rel(ty_mk(T_INSTANCES, t.conf, t.cls, -1), t);
	}
}

/* A method of project class `cls` (or its bases) as a callable type. */
struct type ty_method_type(struct ctx *c, int cls, const char *name, uint8_t conf)
{
	int msum = -1;
	int mscope = cls >= 0 ? index_method(c->ix, cls, name, &msum) : -1;
	if (mscope < 0)
		return ty_unknown;
	struct type t = ty_mk(T_FUNCTION, conf, -1, mscope);
	t.sum = msum;
	return t;
}

/* `cls._executor`, `self.session`: a class-body attribute holding an external object whose
 * methods block (an executor, a requests.Session, a Redis client). */
static struct type class_attr(struct ctx *c, int cls, const char *name)
{
	const char *q = index_class_attr(c->ix, cls, name);
	const char *k = q ? blocking_class(q) : NULL;
	struct type t = ty_unknown;
	if (k) {
		t.kind = T_EXT_INSTANCE;
		t.qual = k;
	}
	return t;
}

struct type ty_method_or_attr(struct ctx *c, int cls, const char *m, uint8_t conf)
{
	struct type f = ty_method_type(c, cls, m, conf);
	return f.kind == T_FUNCTION ? f : class_attr(c, cls, m);
}

/* A blocking API a project class inherits from an external base: ModelForm.save,
 * ModelSerializer.data. */
const struct blocking_call *ty_inherited_blocking(struct ctx *c, int cls, const char *m)
{
	const char *bases[16];
	size_t nb = index_external_bases(c->ix, cls, bases, 16);
	for (size_t i = 0; i < nb; i++) {
		char *q = xasprintf("%s.%s", bases[i], m);
		const struct blocking_call *b = blocking_find(q);
		free(q);
		if (b)
			return b;
	}
	return NULL;
}

int ty_has_external_base(struct ctx *c, int cls, const char *prefix, const char *contains)
{
	const char *bases[16];
	size_t nb = cls >= 0 ? index_external_bases(c->ix, cls, bases, 16) : 0;
	for (size_t i = 0; i < nb; i++)
		if (str_has_prefix(bases[i], prefix) && (!contains || strstr(bases[i], contains)))
			return 1;
	return 0;
}

static int is_user(struct ctx *c, struct type t)
{
	if (t.rel & REL_USER)
		return 1;
	return t.cls >= 0 && (ty_has_external_base(c, t.cls, "django.contrib.auth.models.", NULL) ||
			      ty_has_external_base(c, t.cls, "django.contrib.auth.base_user.", NULL));
}

/* super().name inside class `cls`: the first project base that defines it. */
static struct type super_method(struct ctx *c, int cls, const char *name, uint8_t conf)
{
	const struct class_info *ci = index_class(c->ix, cls);
	if (!ci)
		return ty_unknown;
	const struct summary *cs = index_summary(c->ix, ci->sum);
	for (int32_t b = cs->scopes.items[ci->scope].bases; b >= 0; b = cs->ex.items[b].next) {
		const struct ex *bx = &cs->ex.items[b];
		const char *bname = bx->kind == EX_NAME ? summary_str(cs, bx->str)
				    : bx->kind == EX_ATTR   ? summary_str(cs, bx->str) : NULL;
		if (!bname)
			continue;
		struct sym y = index_resolve_name(c->ix, ci->sum, bname);
		if (bx->kind == EX_ATTR) {
			/* module.Base: resolve the module first */
			const struct ex *mx = &cs->ex.items[bx->a];
			if (mx->kind == EX_NAME) {
				struct sym m = index_resolve_name(c->ix, ci->sum, summary_str(cs, mx->str));
				y = m.kind == SYM_MODULE ? index_resolve_name(c->ix, m.sum, bname) : (struct sym){0};
			}
		}
		if (y.kind == SYM_CLASS && y.cls != cls) {
			struct type t = ty_method_type(c, y.cls, name, conf);
			if (t.kind == T_FUNCTION)
				return t;
		}
	}
	return ty_unknown;
}

static void set_callee(struct call *out, struct type f)
{
	if (f.kind == T_FUNCTION) {
		out->callee_sum = f.sum;
		out->callee_scope = f.aux;
		out->conf = f.conf < out->conf ? f.conf : out->conf;
	}
}

/* Calling something whose type is known: a function, a class, an external name. */
static void call_of_type(struct ctx *c, int scope, int32_t call, struct type t, struct call *out)
{
	out->conf = t.conf;
	if (t.kind == T_EXTERNAL) {
		classify_qual(c, scope, call, t.qual, out);
	} else if (t.kind == T_MODEL_CLASS) {
		out->result = with_kwargs(c, ty_mk(T_INSTANCE, t.conf, t.cls, -1), call); /* Book(title=...) */
		set_callee(out, ty_method_type(c, t.cls, "__init__", t.conf));
	} else if (t.kind == T_CLASS) {
		out->result = ty_mk(T_OBJECT, t.conf, t.cls, -1);
		set_callee(out, ty_method_type(c, t.cls, "__init__", t.conf));
	} else if (t.kind == T_FUNCTION) {
		set_callee(out, t);
	} else if (t.kind == T_OBJECT) {
		set_callee(out, ty_method_type(c, t.cls, "__call__", t.conf)); /* extractor(url): its __call__ */
	}
}

/* recv.select_related("a__b", "c") / prefetch_related("t", Prefetch("u", ...)): `sel` with
 * the call's paths added; an argument not read here (a variable: `.prefetch_related(*paths)`
 * in a repository helper whose callers choose the paths) counts as "?", which may be any
 * path: a relation read after it is not reported (a query the code shows it meant to avoid). */
static const char *fetched_paths(struct ctx *c, int32_t call, const char *sel, int select)
{
	struct strbuf b = {0};
	if (sel)
		sb_puts(&b, sel);
	int any = 0;
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next, any = 1) {
		const struct ex *x = X(c, a);
		if (x->kind == EX_CALL && x->args >= 0) /* Prefetch("path", queryset=...) */
			x = X(c, x->args);
		if (b.len)
			sb_putc(&b, ',');
		sb_puts(&b, x->kind == EX_STRING && x->str ? S(c, x->str) : "?");
	}
	if (!any && select)
		sb_puts(&b, b.len ? ",*" : "*");
	const char *r = b.len ? index_intern(c->ix, b.s) : sel;
	free(b.s);
	return r;
}

/* The inner class `name` of class scope `cls` in summary `s` (Meta), or -1. */
static int inner_class(const struct summary *s, int cls, const char *name)
{
	for (size_t k = (size_t)cls + 1; k < s->scopes.len; k++)
		if (s->scopes.items[k].parent == cls && s->scopes.items[k].kind == SC_CLASS &&
		    strcmp(summary_str(s, s->scopes.items[k].name), name) == 0)
			return (int)k;
	return -1;
}

/* Whether class `cls` defines methods; for serializing (`for_data`), only the ones that
 * serializing runs: to_representation() and SerializerMethodField's get_*(), not validate(). */
static int has_methods(const struct summary *s, int cls, int for_data)
{
	for (size_t k = (size_t)cls + 1; k < s->scopes.len; k++) {
		const struct scope *sc = &s->scopes.items[k];
		if (sc->parent != cls || sc->kind == SC_CLASS)
			continue;
		const char *name = summary_str(s, sc->name);
		if (!for_data || strcmp(name, "to_representation") == 0 || str_has_prefix(name, "get_") ||
		    strcmp(name, "__init__") == 0)
			return 1;
	}
	return 0;
}

static int all_bases_external(djindex *ix, const struct class_info *ci)
{
	const struct summary *s = index_summary(ix, ci->sum);
	for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0; b = s->ex.items[b].next) {
		const struct ex *x = &s->ex.items[b];
		if (x->kind == EX_NAME && index_resolve_name(ix, ci->sum, summary_str(s, x->str)).kind == SYM_CLASS)
			return 0;
	}
	return 1;
}

/* Whether field `name` of project model `model` is a plain column: declared in its body by a
 * Django field call that is no relation and has no unique=True / primary_key=True. */
static int plain_field(djindex *ix, const struct class_info *model, const char *name, int for_data)
{
	const struct summary *s = index_summary(ix, model->sum);
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->kind != EV_ASSIGN || ev->scope != model->scope || ev->target < 0 ||
		    s->ex.items[ev->target].kind != EX_NAME || strcmp(summary_str(s, s->ex.items[ev->target].str), name) ||
		    ev->ex < 0 || s->ex.items[ev->ex].kind != EX_CALL)
			continue;
		const struct ex *fn = &s->ex.items[s->ex.items[ev->ex].a];
		const char *last = fn->kind == EX_ATTR || fn->kind == EX_NAME ? summary_str(s, fn->str) : "";
		int fk = strcmp(last, "ForeignKey") == 0 || strcmp(last, "OneToOneField") == 0;
		if (fk && for_data)
			return 1; /* serialized as its id, read from the row's own column */
		if (!str_has_suffix(last, "Field") || strcmp(last, "ManyToManyField") == 0 ||
		    strcmp(last, "OneToOneField") == 0)
			return 0;
		for (int32_t a = s->ex.items[ev->ex].args; !for_data && a >= 0; a = s->ex.items[a].next) {
			/* unique columns are checked with a query by validation, not by .data */
			const struct ex *kw = &s->ex.items[a];
			if (kw->kind == EX_KWARG && (strcmp(summary_str(s, kw->str), "unique") == 0 ||
						      strcmp(summary_str(s, kw->str), "primary_key") == 0 ||
						      strcmp(summary_str(s, kw->str), "unique_for_date") == 0))
				return 0;
		}
		return 1;
	}
	/* not declared: the implicit auto primary key is plain (read-only, no uniqueness query) */
	return strcmp(name, "id") == 0 || strcmp(name, "pk") == 0;
}

/* A declared serializer field that serializes from the row's own columns: a scalar field or
 * a primary key (`serializers.PrimaryKeyRelatedField(source="branch")` reads branch_id), with
 * no `many=True` and no dotted `source` (which follows a relation). */
static int column_field(const struct summary *s, int32_t e)
{
	static const char *const scalar[] = {
		"PrimaryKeyRelatedField", "HiddenField", "CharField", "IntegerField", "BooleanField",
		"DateField", "DateTimeField", "TimeField", "DecimalField", "FloatField", "EmailField",
		"JSONField", "UUIDField", "ChoiceField", "SlugField", "URLField", NULL,
	};
	if (e < 0 || s->ex.items[e].kind != EX_CALL)
		return 0;
	const struct ex *fn = &s->ex.items[s->ex.items[e].a];
	if ((fn->kind != EX_ATTR && fn->kind != EX_NAME) || str_in(summary_str(s, fn->str), scalar) < 0)
		return 0;
	for (int32_t a = s->ex.items[e].args; a >= 0; a = s->ex.items[a].next) {
		const struct ex *kw = &s->ex.items[a];
		if (kw->kind != EX_KWARG)
			continue;
		const char *k = summary_str(s, kw->str);
		const struct ex *v = kw->a >= 0 ? &s->ex.items[kw->a] : NULL;
		if (strcmp(k, "many") == 0 || (strcmp(k, "source") == 0 && (!v || v->kind != EX_STRING ||
									     strchr(summary_str(s, v->str), '.'))))
			return 0;
	}
	return 1;
}

/* Whether class scope `cls` declares field `name` (judged by column_field() already). */
static int declared_here(const struct summary *s, int cls, const char *name)
{
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->scope == cls && ev->kind == EV_ASSIGN && ev->target >= 0 &&
		    s->ex.items[ev->target].kind == EX_NAME && strcmp(summary_str(s, s->ex.items[ev->target].str), name) == 0)
			return 1;
	}
	return 0;
}

/* A ModelForm / ModelSerializer whose validation runs no query: no fields or methods of its
 * own, Meta.model a project model, Meta.fields a literal list of plain fields of it, and the
 * model's Meta without unique_together / constraints. `for_data`: serializing an instance
 * (.data), where a forward foreign key is its id column, declared scalar and primary-key
 * fields are columns, and validation-only parts (validate(), unique_together) do not count. */
int ty_plain_model_form(struct ctx *c, int cls, int for_data)
{
	const struct class_info *ci = index_class(c->ix, cls);
	if (!ci || !all_bases_external(c->ix, ci))
		return 0;
	const struct summary *s = index_summary(c->ix, ci->sum);
	int meta = inner_class(s, ci->scope, "Meta");
	if (meta < 0 || has_methods(s, ci->scope, for_data))
		return 0;
	const struct class_info *model = NULL;
	int32_t fields = -1;
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->scope == ci->scope && ev->kind == EV_ASSIGN && !(for_data && column_field(s, ev->ex)))
			return 0; /* a declared field: ModelChoiceField, a custom validator... */
		if (ev->scope != meta || ev->kind != EV_ASSIGN || ev->target < 0 || s->ex.items[ev->target].kind != EX_NAME)
			continue;
		const char *key = summary_str(s, s->ex.items[ev->target].str);
		const struct ex *v = &s->ex.items[ev->ex];
		if (strcmp(key, "model") == 0 && v->kind == EX_NAME) {
			struct sym y = index_resolve_name(c->ix, ci->sum, summary_str(s, v->str));
			model = y.kind == SYM_CLASS ? index_class(c->ix, y.cls) : NULL;
		} else if (strcmp(key, "fields") == 0 && (v->kind == EX_LIST || v->kind == EX_TUPLE)) {
			fields = ev->ex;
		} else if (strcmp(key, "fields") == 0 && for_data && v->kind == EX_STRING &&
			   strcmp(summary_str(s, v->str), "__all__") == 0) {
			fields = -2; /* every field of the model: each must be plain */
		} else if (strcmp(key, "fields") == 0 || strcmp(key, "exclude") == 0 || strcmp(key, "validators") == 0) {
			return 0;
		}
	}
	if (!model || model->kind != CK_MODEL || fields == -1 || !all_bases_external(c->ix, model))
		return 0;
	const struct summary *ms = index_summary(c->ix, model->sum);
	int mmeta = inner_class(ms, model->scope, "Meta");
	for (size_t k = 0; mmeta >= 0 && !for_data && k < ms->ev.len; k++) { /* checked by validation */
		const struct event *ev = &ms->ev.items[k];
		if (ev->scope == mmeta && ev->kind == EV_ASSIGN && ev->target >= 0 && ms->ex.items[ev->target].kind == EX_NAME &&
		    (strcmp(summary_str(ms, ms->ex.items[ev->target].str), "unique_together") == 0 ||
		     strcmp(summary_str(ms, ms->ex.items[ev->target].str), "constraints") == 0))
			return 0;
	}
	int n = 0;
	if (fields == -2) {
		/* "__all__": every field the model's body declares (a body call that is not a plain
		 * field, a foreign key counted as its id, makes it not plain) */
		for (size_t k = 0; k < ms->ev.len; k++) {
			const struct event *ev = &ms->ev.items[k];
			if (ev->scope != model->scope || ev->kind != EV_ASSIGN || ev->target < 0 ||
			    ms->ex.items[ev->target].kind != EX_NAME || ev->ex < 0 || ms->ex.items[ev->ex].kind != EX_CALL)
				continue;
			const char *fname = summary_str(ms, ms->ex.items[ev->target].str);
			if (strcmp(fname, "objects") == 0)
				continue;
			if (!plain_field(c->ix, model, fname, for_data))
				return 0;
			n++;
		}
		return n > 0;
	}
	for (int32_t f = s->ex.items[fields].args; f >= 0; f = s->ex.items[f].next, n++)
		if (s->ex.items[f].kind != EX_STRING || !s->ex.items[f].str ||
		    (!declared_here(s, ci->scope, summary_str(s, s->ex.items[f].str)) &&
		     !plain_field(c->ix, model, summary_str(s, s->ex.items[f].str), for_data)))
			return 0;
	return n > 0;
}


/* Summary `sum` with its function bodies: a shallow one not processed yet is summarized in
 * full now (engine_run processes it later, from `pending`). */
const struct summary *ty_ensure_full(struct ctx *c, int sum)
{
	const struct summary *s = index_summary(c->ix, sum);
	if (!s->shallow || !c->for_async || !c->rm->dp || sum == c->rm->current)
		return s;
	/* processed already as a shallow file (effort's roots): processed again, in full */
	c->rm->processed[sum] = 0;
	struct summary *full = NULL;
	c->rm->dp->fn(c->rm->dp->arg, &sum, 1, &full);
	if (!full || summary_upgrade(&c->rm->sums[sum], full) != 0) {
		c->rm->sums[sum]->shallow = 0; /* unreadable now: do not ask again */
		return s;
	}
	ty_scope_events_drop(c->rm, sum);
	VEC_PUSH(c->rm->pending, sum);
	return full;
}

/* The memo slot of `key` (return types, instance attributes): 1 with *t when it holds a result
 * (or the computation is under way: recursion), else 0 with *at the slot to fill. A result
 * from a shallow summary (done == 2: bodies left out) is computed again for async code, which
 * may summarize the file in full. */
static int memo_get(struct ctx *c, const char *key, int64_t *at, struct type *t)
{
	*at = strmap_get(&c->rm->at, key, -1);
	if (*at >= 0) {
		struct ret_slot *sl = &c->rm->slots.items[*at];
		if (sl->done == 2 && c->for_async && c->rm->dp) {
			sl->done = 0;
			return 0;
		}
		*t = sl->done ? sl->t : ty_unknown; /* recursion */
		return 1;
	}
	struct ret_slot slot = {ty_unknown, 0};
	VEC_PUSH(c->rm->slots, slot);
	*at = (int64_t)c->rm->slots.len - 1;
	strmap_put(&c->rm->at, index_intern(c->ix, key), *at);
	return 0;
}

/* What project function (sum, scope) returns: the type of its first `return` whose value has a
 * known type, evaluated in its own module with its assignments bound in order. Unknown for a
 * shallow summary (its body was left out) and beyond MAX_METHOD_DEPTH. */
static struct type return_type(struct ctx *c, int sum, int scope)
{
	if (!c->rm || c->method_depth >= MAX_METHOD_DEPTH || sum < 0 || scope < 0)
		return ty_unknown;
	char buf[32];
	snprintf(buf, sizeof buf, "%d:%d", sum, scope);
	int64_t at;
	struct type t = ty_unknown;
	if (memo_get(c, buf, &at, &t))
		return t;
	int disagree = 0;
	const struct summary *s = ty_ensure_full(c, sum);
	int shallow = s->shallow;
	if (!s->shallow) {
		struct ctx *sub = ty_sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
		sub->rm = c->rm;
		sub->for_async = c->for_async;
		const struct scope_events *se = ty_scope_events(c->rm, s, sum);
		for (size_t j = se->first[scope]; j < se->first[scope + 1]; j++) {
			const struct event *ev = &sub->s->ev.items[se->ev[j]];
			if (ev->kind == EV_ASSIGN || ev->kind == EV_FOR || ev->kind == EV_WITH) {
				ty_bind_event(sub, ev);
			} else if (ev->kind == EV_RETURN && ev->ex >= 0) {
				struct type r = ty_eval(sub, scope, ev->ex, 0);
				if (t.kind == T_UNKNOWN) {
					t = r;
				} else if (r.kind == t.kind && r.cls == t.cls && t.kind == T_INSTANCE &&
					   (r.sel != t.sel || (r.rel & REL_OUTSIDE))) {
					/* returns that fetched different relations: which one a caller gets is
					 * not known, so its relation reads are only possibly queries */
					disagree = 1;
				}
			}
		}
		ty_sub_ctx_free(sub);
	}
	if (t.kind == T_UNKNOWN && s->scopes.items[scope].returns >= 0) {
		/* `def client() -> redis.Redis`: the annotation, when the body says nothing */
		struct ctx *sub = ty_sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
		sub->rm = c->rm;
		sub->for_async = c->for_async;
		t = annotation_type(sub, s->scopes.items[scope].parent, s->scopes.items[scope].returns, 0);
		ty_sub_ctx_free(sub);
	}
	if (t.kind == T_FUNCTION || t.kind == T_MODULE || t.kind == T_SUPER || t.kind == T_REQUEST ||
	    t.kind == T_REQUEST_USER || t.kind == T_SESSION || t.kind == T_SCOPE)
		t = ty_unknown; /* only values a caller can meet as data */
	t.rel &= (uint8_t)~REL_OUTSIDE; /* the callee's parameters are the caller's business */
	if (disagree)
		t.rel |= REL_OUTSIDE;
	c->rm->slots.items[at] = (struct ret_slot){t, shallow ? 2 : 1};
	return t;
}

/* `self.client` of an instance of project class `cls`: what its methods assign to
 * `self.client` (the first assignment whose value has a known type, `__init__` first), through
 * its project bases. Memoized with the return types. */
static struct type instance_attr(struct ctx *c, int cls, const char *name)
{
	if (!c->rm || c->method_depth >= MAX_METHOD_DEPTH || cls < 0)
		return ty_unknown;
	char buf[300];
	snprintf(buf, sizeof buf, "a%d:%.250s", cls, name);
	int64_t at;
	struct type t = ty_unknown;
	if (memo_get(c, buf, &at, &t))
		return t;
	int shallow = 0;
	for (int depth = 0, k = cls; k >= 0 && depth < 8 && t.kind == T_UNKNOWN; depth++) {
		const struct class_info *ci = index_class(c->ix, k);
		const struct summary *s = ty_ensure_full(c, ci->sum);
		shallow |= s->shallow;
		const struct scope_events *se = ty_scope_events(c->rm, s, ci->sum);
		struct ctx *sub = ty_sub_ctx(c->ix, ci->sum, c->o, c->method_depth + 1, 0);
		sub->rm = c->rm;
		sub->for_async = c->for_async;
		for (int pass = 0; pass < 2 && t.kind == T_UNKNOWN; pass++)
			for (size_t m = (size_t)ci->scope + 1; m < s->scopes.len && t.kind == T_UNKNOWN; m++) {
				const struct scope *ms = &s->scopes.items[m];
				int init = strcmp(summary_str(s, ms->name), "__init__") == 0;
				if (ms->parent != ci->scope || ms->kind == SC_CLASS || (pass == 0) != init)
					continue;
				for (size_t j = se->first[m]; j < se->first[m + 1] && t.kind == T_UNKNOWN; j++) {
					const struct event *ev = &s->ev.items[se->ev[j]];
					const struct ex *tx = ev->target >= 0 ? &s->ex.items[ev->target] : NULL;
					if (ev->kind != EV_ASSIGN || !tx || tx->kind != EX_ATTR ||
					    strcmp(summary_str(s, tx->str), name) != 0 || s->ex.items[tx->a].kind != EX_NAME ||
					    strcmp(summary_str(s, s->ex.items[tx->a].str), "self") != 0)
						continue;
					t = ty_eval(sub, (int)m, ev->ex, 0);
				}
			}
		/* a class attribute (`queryset = Book.objects.select_related(...)`) or a class-level
		 * annotation (`client: httpx.Client`) */
		for (size_t j = se->first[ci->scope]; j < se->first[ci->scope + 1] && t.kind == T_UNKNOWN; j++) {
			const struct event *ev = &s->ev.items[se->ev[j]];
			if ((ev->kind != EV_ANNOT && ev->kind != EV_ASSIGN) || ev->target < 0 || ev->ex < 0 ||
			    s->ex.items[ev->target].kind != EX_NAME || strcmp(summary_str(s, s->ex.items[ev->target].str), name) != 0)
				continue;
			struct type v = ev->kind == EV_ANNOT ? annotation_type(sub, ci->scope, ev->ex, 0) : ty_eval(sub, ci->scope, ev->ex, 0);
			if (v.kind == T_QUERYSET || v.kind == T_MANAGER || v.kind == T_EXT_INSTANCE || v.kind == T_OBJECT ||
			    v.kind == T_INSTANCE)
				t = v; /* values, not the classes and functions a class body also names */
		}
		ty_sub_ctx_free(sub);
		k = index_first_base(c->ix, k);
	}
	if (t.kind == T_FUNCTION || t.kind == T_MODULE || t.kind == T_SUPER || t.kind == T_SCOPE)
		t = ty_unknown;
	c->rm->slots.items[at] = (struct ret_slot){t, shallow ? 2 : 1};
	return t;
}

/* self.get_object() / await self.aget_object() of a DRF or adrf view: an instance from the
 * view's get_queryset() (its return) or its `queryset` attribute, with what they fetched. */
static struct type drf_object(struct ctx *c, int cls)
{
	if (!ty_has_external_base(c, cls, "rest_framework.", NULL) && !ty_has_external_base(c, cls, "adrf.", NULL))
		return ty_unknown;
	struct type q = ty_unknown;
	struct type gq = ty_method_type(c, cls, "get_queryset", CONF_HIGH);
	if (gq.kind == T_FUNCTION)
		q = return_type(c, gq.sum, gq.aux);
	if (q.kind != T_QUERYSET)
		q = instance_attr(c, cls, "queryset");
	if (q.kind != T_QUERYSET && q.kind != T_MANAGER)
		return ty_unknown;
	return ty_with_rel(ty_mk(T_INSTANCE, q.conf, q.cls, -1), q);
}

int ty_class_list(struct ctx *c, int cls, const char *name, struct type *out, int max)
{
	for (int depth = 0, k = cls; k >= 0 && depth < 8; depth++, k = index_first_base(c->ix, k)) {
		const struct class_info *ci = index_class(c->ix, k);
		const struct summary *s = ty_ensure_full(c, ci->sum);
		const struct scope_events *se = ty_scope_events(c->rm, s, ci->sum);
		for (size_t j = se->first[ci->scope]; j < se->first[ci->scope + 1]; j++) {
			const struct event *ev = &s->ev.items[se->ev[j]];
			if (ev->kind != EV_ASSIGN || ev->target < 0 || ev->ex < 0 ||
			    s->ex.items[ev->target].kind != EX_NAME || strcmp(summary_str(s, s->ex.items[ev->target].str), name) != 0)
				continue;
			struct ctx *sub = ty_sub_ctx(c->ix, ci->sum, c->o, c->method_depth + 1, 0);
			sub->rm = c->rm;
			sub->for_async = c->for_async;
			const struct ex *v = &s->ex.items[ev->ex];
			int list = v->kind == EX_LIST || v->kind == EX_TUPLE, n = 0;
			for (int32_t e = list ? v->args : ev->ex; e >= 0 && n < max; e = list ? s->ex.items[e].next : -1)
				out[n++] = ty_eval(sub, ci->scope, e, 0);
			ty_sub_ctx_free(sub);
			return n;
		}
	}
	return -1;
}

/* self.get_serializer(...) of a DRF or adrf view: an instance of its `serializer_class`. */
static struct type drf_serializer(struct ctx *c, int cls)
{
	if (!ty_has_external_base(c, cls, "rest_framework.", NULL) && !ty_has_external_base(c, cls, "adrf.", NULL))
		return ty_unknown;
	struct type v;
	if (ty_class_list(c, cls, "serializer_class", &v, 1) != 1 || v.kind != T_CLASS)
		return ty_unknown;
	/* medium: get_serializer(instance) or get_serializer(data=...), and what `.data` then
	 * reads (the instance, or validated data already in memory) is not known */
	return ty_mk(T_OBJECT, v.conf < CONF_MEDIUM ? v.conf : CONF_MEDIUM, v.cls, -1);
}

static struct call classify_call_inner(struct ctx *c, int scope, int32_t call, int depth);

/* A call, classified; a call to a project function gives what that function returns. */
struct call ty_classify_call(struct ctx *c, int scope, int32_t call, int depth)
{
	struct call k = classify_call_inner(c, scope, call, depth);
	if (k.kind == CALL_NONE && k.result.kind == T_UNKNOWN && k.callee_scope >= 0)
		k.result = return_type(c, k.callee_sum, k.callee_scope);
	return k;
}

static struct call classify_call_inner(struct ctx *c, int scope, int32_t call, int depth)
{
	struct call out = {.kind = CALL_NONE, .recv_ex = -1, .inner = -1, .conf = CONF_HIGH,
			   .result = ty_unknown, .callee_sum = -1, .callee_scope = -1, .extra = -1};
	const struct ex *fn = X(c, X(c, call)->a);
	if (fn->kind == EX_ATTR) {
		const char *m = S(c, fn->str);
		struct type recv = ty_eval(c, scope, fn->a, depth + 1);
		out.recv_ex = fn->a;
		out.conf = recv.conf;
		switch (recv.kind) {
		case T_MANAGER:
		case T_QUERYSET:
			if (strcmp(m, "model") == 0 && recv.cls >= 0) {
				/* self.model(email=e) in a custom manager: calling the attribute, a model */
				call_of_type(c, scope, call, attr_of(c, recv, m), &out);
				return out;
			}
			if (str_in(m, djapi_lazy_methods) >= 0) {
				out.result = ty_with_rel(ty_mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
				if (strcmp(m, "select_related") == 0 || strcmp(m, "prefetch_related") == 0)
					out.result.sel = fetched_paths(c, call, recv.sel, m[0] == 's');
				if ((recv.rel & REL_CACHED) && strcmp(m, "all") == 0)
					out.result.rel |= REL_CACHED; /* any other lazy method queries anew */
			} else if ((recv.rel & REL_MANAGER) && (out.api = djapi_find(RECV_RELATED, m)) != NULL) {
				out.kind = CALL_API;
			} else if (djapi_find(RECV_QUERYSET, m) &&
				   !(recv.aux >= 0 && str_has_prefix(m, "create_") &&
				     ty_method_type(c, recv.aux, m, recv.conf).kind == T_FUNCTION)) {
				/* (a project manager's own create_user() is followed as a helper below:
				 * BaseUserManager has no acreate_user() to suggest) */
				out.api = djapi_find(RECV_QUERYSET, m);
				out.kind = CALL_API;
				out.result = result_of(out.api->result, recv);
				if (strcmp(m, "create") == 0)
					out.result = with_kwargs(c, out.result, call);
			} else if (custom_returns_queryset(c, recv, m)) {
				out.result = ty_mk(T_QUERYSET, recv.conf, recv.cls, recv.aux);
			} else if (recv.aux >= 0) {
				/* a custom method that is not lazy: followed like any helper (DJA501) */
				set_callee(&out, ty_method_type(c, recv.aux, m, recv.conf));
			}
			return out;
		case T_INSTANCE:
			if ((out.api = djapi_find(RECV_INSTANCE, m)) != NULL)
				out.kind = CALL_API;
			else if (is_user(c, recv) && (out.api = djapi_find(RECV_USER, m)) != NULL)
				out.kind = (recv.rel & REL_SCOPE_USER) && c->set && c->set->perms_warmed &&
						   strstr(m, "perm")
						   ? CALL_NONE /* answered from the permission cache */
						   : CALL_API;
			else
				set_callee(&out, ty_method_type(c, recv.cls, m, recv.conf));
			return out;
		case T_OBJECT: {
			struct type f = ty_method_type(c, recv.cls, m, recv.conf);
			const struct blocking_call *b = f.kind == T_FUNCTION ? NULL : ty_inherited_blocking(c, recv.cls, m);
			if (b && strcmp(m, "save") == 0 && kwarg_is(c, call, "commit", "False"))
				b = NULL; /* form.save(commit=False) builds the instance without saving it */
			if (b && (strcmp(m, "is_valid") == 0 || strcmp(m, "full_clean") == 0) &&
			    ty_plain_model_form(c, recv.cls, 0))
				b = NULL; /* validating plain columns runs no query */
			if (b) {
				out.kind = CALL_BLOCKING;
				out.blk = b;
			} else {
				set_callee(&out, f);
			}
			if (f.kind != T_FUNCTION && (strcmp(m, "get_object") == 0 || strcmp(m, "aget_object") == 0))
				out.result = drf_object(c, recv.cls);
			if (f.kind != T_FUNCTION && strcmp(m, "get_serializer") == 0)
				out.result = drf_serializer(c, recv.cls);
			return out;
		}
		case T_CLASS:
		case T_MODEL_CLASS:
			set_callee(&out, ty_method_type(c, recv.cls, m, recv.conf));
			return out;
		case T_SUPER:
			set_callee(&out, super_method(c, recv.cls, m, recv.conf));
			return out;
		case T_EXTERNAL:
		case T_EXT_INSTANCE: {
			char *q = xasprintf("%s.%s", recv.qual, m);
			classify_qual(c, scope, call, index_intern(c->ix, q), &out);
			free(q);
			if (out.kind != CALL_NONE || out.result.kind != T_UNKNOWN)
				return out;
			const struct blocking_class_rule *any =
				recv.kind == T_EXT_INSTANCE ? blocking_any_method(recv.qual) : NULL;
			if (any && sdk_method_blocks(any, m)) {
				out.kind = CALL_BLOCKING;
				out.anym = any;
				if (any->deep & SDK_RESULTS)
					out.result = recv; /* client.containers.get(id).stop() */
				return out;
			}
			if (any && (any->deep & SDK_CHAIN)) {
				out.result = recv; /* Search().filter(...).execute(), client.with_options(...) */
				return out;
			}
			if (recv.kind == T_EXT_INSTANCE && strcmp(recv.qual, "redis.Pipeline") == 0) {
				out.result = recv; /* p.incr(k).expire(k, 60).execute(): queued commands chain */
				return out;
			}
			break;
		}
		case T_SESSION: {
			char *q = xasprintf("django.http.request.session.%s", m);
			classify_qual(c, scope, call, index_intern(c->ix, q), &out);
			free(q);
			return out;
		}
		case T_REQUEST_USER:
			return out; /* the attribute read is reported by its EV_ATTR event */
		case T_FUNCTION:
			if ((strcmp(m, "delay") == 0 || strcmp(m, "apply_async") == 0) &&
			    is_celery_task(c, recv.sum, recv.aux)) {
				out.kind = CALL_BLOCKING;
				out.blk = blocking_find(m[0] == 'd' ? "celery.Task.delay" : "celery.Task.apply_async");
				out.result = ty_unknown;
				out.result.kind = T_EXT_INSTANCE;
				out.result.qual = "celery.result.AsyncResult";
			}
			return out;
		case T_MODULE:
			call_of_type(c, scope, call, type_of_sym(c, index_resolve_name(c->ix, recv.sum, m)), &out);
			return out;
		default:
			break;
		}
		/* methods recognised by name whatever the receiver */
		if (strcmp(m, "run_in_executor") == 0) {
			int32_t a = ty_nth_arg(c, call, 1);
			if (wrapped_call(c, scope, a)) {
				out.kind = CALL_MISUSE;
				out.inner = a;
				out.conf = CONF_HIGH;
			}
		} else if (strcmp(m, "run_until_complete") == 0) {
			out.kind = CALL_RUN;
			out.conf = recv.kind == T_UNKNOWN ? CONF_MEDIUM : CONF_HIGH;
		}
		return out;
	}
	const struct ex *fx = X(c, X(c, call)->a);
	if (fx->kind == EX_NAME && strcmp(S(c, fx->str), "super") == 0) {
		/* super() inside a method: the class whose bases to search */
		int meth = scope;
		while (meth >= 0 && c->s->scopes.items[meth].kind == SC_LAMBDA)
			meth = c->s->scopes.items[meth].parent;
		int cls = meth >= 0 ? ty_owner_class(c, meth) : -1;
		if (cls >= 0) {
			out.result = ty_mk(T_SUPER, CONF_HIGH, cls, -1);
			return out;
		}
	}
	call_of_type(c, scope, call, ty_eval(c, scope, X(c, call)->a, depth + 1), &out);
	return out;
}

/* A context for evaluating in another module (types only: no report, no call graph), one
 * level deeper; module-level names are visible when `module_env` (its assignments bound). */
struct ctx *ty_sub_ctx(djindex *ix, int sum, const struct engine_opts *o, int depth, int module_env)
{
	struct ctx *c = xcalloc(1, sizeof *c);
	c->ix = ix;
	c->sum = sum;
	c->s = index_summary(ix, sum);
	c->o = o;
	c->method_depth = depth;
	for (size_t k = 0; module_env && k < c->s->ev.len; k++)
		if (c->s->ev.items[k].scope == -1 && c->s->ev.items[k].kind != EV_CALL)
			ty_bind_event(c, &c->s->ev.items[k]);
	return c;
}

void ty_sub_ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->sparse.len; i++) {
		VEC_FREE(c->sparse.items[i]->env.vars);
		free(c->sparse.items[i]);
	}
	VEC_FREE(c->sparse);
	VEC_FREE(c->cached);
	VEC_FREE(c->suppressed);
	free(c);
}

/* `Book.objects.published()` where BookQuerySet.published returns self.filter(...): decided
 * from the method's return statements, evaluated with self bound to the QuerySet. */
static int custom_returns_queryset(struct ctx *c, struct type recv, const char *method)
{
	if (c->method_depth >= MAX_METHOD_DEPTH)
		return 0;
	int custom = recv.aux;
	if (custom < 0)
		return 0;
	int msum = -1;
	int mscope = index_method(c->ix, custom, method, &msum);
	if (mscope < 0)
		return 0;
	struct ctx *sub = ty_sub_ctx(c->ix, msum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	const struct scope *sc = &sub->s->scopes.items[mscope];
	env_slot(sub, mscope)->ready = 1; /* self is the QuerySet; nothing else is bound */
	if (sc->params >= 0)
		bind(sub, mscope, S(sub, X(sub, sc->params)->str), ty_mk(T_QUERYSET, recv.conf, recv.cls, recv.aux));
	int yes = 0;
	for (size_t i = 0; i < sub->s->ev.len && !yes; i++) {
		const struct event *ev = &sub->s->ev.items[i];
		if (ev->scope != mscope)
			continue;
		if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(sub, ev->target)->kind == EX_NAME)
			bind(sub, mscope, S(sub, X(sub, ev->target)->str), ty_eval(sub, mscope, ev->ex, 0));
		else if (ev->kind == EV_RETURN && ev->ex >= 0) {
			struct type t = ty_eval(sub, mscope, ev->ex, 0);
			yes = t.kind == T_QUERYSET || t.kind == T_MANAGER;
		}
	}
	ty_sub_ctx_free(sub);
	return yes;
}

/* A module-level variable of another module (`from .clients import session`): the type of
 * its last assignment there, evaluated in that module. */
static struct type module_var_type(struct ctx *c, int sum, const char *name)
{
	if (c->method_depth >= MAX_METHOD_DEPTH)
		return ty_unknown;
	if (sum == c->sum) {
		struct type t;
		return ty_env_find(c, -1, name, &t) ? t : ty_unknown;
	}
	struct ctx *sub = ty_sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	struct type t = ty_unknown;
	for (size_t i = 0; i < sub->s->ev.len; i++) {
		const struct event *ev = &sub->s->ev.items[i];
		if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 &&
		    X(sub, ev->target)->kind == EX_NAME && strcmp(S(sub, X(sub, ev->target)->str), name) == 0)
			t = ty_eval(sub, -1, ev->ex, 0);
	}
	ty_sub_ctx_free(sub);
	return t;
}

/* A project function decorated as a Celery task: @shared_task, @app.task, @app.task(...). */
static int is_celery_task(struct ctx *c, int sum, int scope)
{
	if (c->method_depth >= MAX_METHOD_DEPTH)
		return 0;
	struct ctx *sub = ty_sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	int yes = 0;
	const struct scope *sc = &sub->s->scopes.items[scope];
	for (int32_t d = sc->decorators; d >= 0 && !yes; d = X(sub, d)->next) {
		int32_t e = X(sub, d)->kind == EX_CALL ? X(sub, d)->a : d;
		const struct ex *dx = X(sub, e);
		if (dx->kind == EX_ATTR && strcmp(S(sub, dx->str), "task") == 0) {
			struct type o = sum == c->sum ? ty_eval(c, -1, dx->a, 0) : ty_eval(sub, -1, dx->a, 0);
			yes = (o.kind == T_EXT_INSTANCE || o.kind == T_EXTERNAL) && o.qual && str_has_prefix(o.qual, "celery");
		} else {
			struct type t = ty_eval(sub, -1, e, 0);
			yes = t.kind == T_EXTERNAL && (strcmp(t.qual, "celery.shared_task") == 0 ||
						       strcmp(t.qual, "celery.task") == 0);
		}
	}
	ty_sub_ctx_free(sub);
	return yes;
}

/* --- expressions ----------------------------------------------------------------------- */

static struct type eval_attr(struct ctx *c, int scope, const struct ex *x, int depth)
{
	return attr_of(c, ty_eval(c, scope, x->a, depth + 1), S(c, x->str));
}

/* The type of attribute `m` of a value of type `o`. */
static struct type attr_of(struct ctx *c, struct type o, const char *m)
{
	switch (o.kind) {
	case T_EXTERNAL: {
		char *q = xasprintf("%s.%s", o.qual, m);
		struct type t = ty_unknown;
		t.kind = index_external_is_model(q) ? T_MODEL_CLASS : T_EXTERNAL;
		t.qual = index_intern(c->ix, q);
		if (is_builtin_signal(q)) {
			t.kind = T_EXT_INSTANCE;
			t.qual = "django.dispatch.Signal";
		}
		free(q);
		return t;
	}
	case T_EXT_INSTANCE: {
		/* path.parent: an attribute that gives an object of a known class */
		char *q = xasprintf("%s.%s", o.qual, m);
		const char *k = blocking_class(q);
		free(q);
		struct type t = ty_unknown;
		if (k && strcmp(k, "django.http.HttpRequest") == 0) /* info.context.request (strawberry) */
			return ty_mk(T_REQUEST, o.conf, -1, -1);
		if (k && k[0] != '<' && !blocking_find(k)) {
			t.kind = T_EXT_INSTANCE;
			t.qual = k;
			return t;
		}
		const struct blocking_class_rule *any = blocking_any_method(o.qual);
		if (any && (any->deep & SDK_ATTRS) && str_in(m, any->quiet) < 0)
			return o; /* client.chat.completions: a namespace of the same client */
		return t;
	}
	case T_MANAGER:
	case T_QUERYSET:
		if (strcmp(m, "model") == 0 && o.cls >= 0) /* self.model in a custom manager: `self.model(email=e)` */
			return ty_mk(T_MODEL_CLASS, o.conf, o.cls, -1);
		return ty_unknown;
	case T_REQUEST:
		if (strcmp(m, "user") == 0 && (o.rel & REL_DRF)) {
			/* DRF's Request: authenticated before the handler, a loaded user */
			struct type u = ty_mk(T_INSTANCE, o.conf, -1, -1);
			u.rel = REL_USER;
			return u;
		}
		if (strcmp(m, "user") == 0)
			return ty_mk(T_REQUEST_USER, o.conf, -1, -1);
		if (strcmp(m, "session") == 0)
			return ty_mk(T_SESSION, o.conf, -1, -1);
		return ty_unknown;
	case T_MODULE:
		return type_of_sym(c, index_resolve_name(c->ix, o.sum, m));
	case T_MODEL_CLASS: {
		const struct class_info *ci = index_class(c->ix, o.cls);
		if (strcmp(m, "objects") == 0 || strcmp(m, "_default_manager") == 0 ||
		    strcmp(m, "_base_manager") == 0) {
			int custom = -1;
			if (!ci && (o.rel & REL_USER)) {
				struct type um = ty_mk(T_MANAGER, o.conf, -1, -1);
				um.rel = REL_USER;
				return um;
			}
			for (size_t i = 0; ci && i < ci->n_managers; i++)
				if (strcmp(ci->managers[i].name, m) == 0)
					custom = ci->managers[i].custom;
			if (custom < 0)
				for (size_t i = 0; ci && i < ci->n_managers && strcmp(m, "objects"); i++)
					if (strcmp(ci->managers[i].name, "objects") == 0)
						custom = ci->managers[i].custom;
			return ty_mk(T_MANAGER, o.conf, o.cls, custom);
		}
		for (size_t i = 0; ci && i < ci->n_managers; i++)
			if (strcmp(ci->managers[i].name, m) == 0)
				return ty_mk(T_MANAGER, o.conf, o.cls, ci->managers[i].custom);
		return ty_method_or_attr(c, o.cls, m, o.conf);
	}
	case T_INSTANCE: {
		const struct relation *rl = index_relation(c->ix, o.cls, m);
		if (!rl)
			return ty_method_or_attr(c, o.cls, m, o.conf);
		if (rl->kind == REL_FILE) {
			struct type ff = ty_unknown;
			ff.kind = T_EXT_INSTANCE;
			ff.qual = "django.db.models.fields.files.FieldFile";
			return ff;
		}
		if (rl->kind == REL_M2M || rl->kind == REL_REVERSE_FK) {
			/* book.tags: a related manager; its rows are in memory when the instance came
			 * from a QuerySet with prefetch_related (book.tags.all() then reads the cache) */
			struct type t = ty_mk(T_MANAGER, o.conf, rl->target, -1);
			t.rel = REL_MANAGER | (ty_sel_covers(o.sel, m, 0) ? REL_CACHED : 0);
			t.sel = sel_below(c->ix, o.sel, m);
			return t;
		}
		/* book.author: an instance (the read itself is judged by check_attr_read) */
		struct type t = ty_mk(T_INSTANCE, CONF_MEDIUM, rl->target, -1);
		t.rel = o.rel & REL_OUTSIDE; /* param.author.publisher: as unsure as param.author */
		t.sel = sel_below(c->ix, o.sel, m);
		return t;
	}
	case T_OBJECT: {
		struct type f = ty_method_or_attr(c, o.cls, m, o.conf);
		if (f.kind != T_UNKNOWN)
			return f;
		if (strcmp(m, "scope") == 0 && ty_has_external_base(c, o.cls, "channels.", "Consumer"))
			return ty_mk(T_SCOPE, o.conf, -1, -1);
		return instance_attr(c, o.cls, m);
	}
	case T_CLASS: {
		struct type f = ty_method_or_attr(c, o.cls, m, o.conf);
		const struct class_info *ci = index_class(c->ix, o.cls);
		if (f.kind == T_UNKNOWN && ci && ci->maybe_model &&
		    (strcmp(m, "objects") == 0 || strcmp(m, "_default_manager") == 0))
			return ty_mk(T_MANAGER, CONF_MEDIUM, o.cls, -1); /* a base of unknown kind: maybe a model */
		return f;
	}
	case T_SUPER:
		return super_method(c, o.cls, m, o.conf);
	case T_UNKNOWN:
		/* `self.model.objects`: `objects` is a strong Django signal, but the type is a guess */
		if (strcmp(m, "objects") == 0)
			return ty_mk(T_MANAGER, CONF_LOW, -1, -1);
		return ty_unknown;
	default:
		return ty_unknown;
	}
}

struct type ty_eval(struct ctx *c, int scope, int32_t e, int depth)
{
	if (e < 0 || depth > MAX_EVAL_DEPTH)
		return ty_unknown;
	const struct ex *x = X(c, e);
	switch (x->kind) {
	case EX_NAME:
		return lookup(c, scope, S(c, x->str));
	case EX_ATTR:
		return eval_attr(c, scope, x, depth);
	case EX_CALL:
		return ty_classify_call(c, scope, e, depth).result;
	case EX_SUBSCRIPT: {
		struct type v = ty_eval(c, scope, x->a, depth + 1);
		if (v.kind == T_QUERYSET)
			return (x->flags & EXF_SLICE) ? ((x->flags & EXF_STEP) ? ty_unknown : v)
						      : ty_with_rel(ty_mk(T_INSTANCE, v.conf, v.cls, -1), v);
		if (v.kind == T_INSTANCE_TUPLE && !(x->flags & EXF_SLICE))
			return ty_with_rel(ty_mk(T_INSTANCE, v.conf, v.cls, -1), v);
		if (v.kind == T_INSTANCES)
			return (x->flags & EXF_SLICE) ? v : ty_with_rel(ty_mk(T_INSTANCE, v.conf, v.cls, -1), v);
		const char *key = x->args >= 0 && X(c, x->args)->kind == EX_STRING ? S(c, X(c, x->args)->str) : "";
		if (v.kind == T_SCOPE && strcmp(key, "user") == 0) {
			/* Channels' AuthMiddleware resolves the lazy user (`await get_user(scope)`)
			 * before the consumer runs: a loaded user, like `await request.auser()` */
			struct type u = ty_mk(T_INSTANCE, v.conf, -1, -1);
			u.rel = REL_USER | REL_SCOPE_USER;
			return u;
		}
		if (v.kind == T_SCOPE && strcmp(key, "session") == 0) {
			/* Channels' SessionMiddleware: a Django SessionStore; AuthMiddleware read it in a
			 * thread to find the user, so reads are served from memory, but writes
			 * (save, flush, cycle_key) still go to the session backend */
			struct type t = ty_mk(T_SESSION, v.conf, -1, -1);
			t.rel = REL_SCOPE_USER;
			return t;
		}
		if (v.kind == T_EXT_INSTANCE && !(x->flags & EXF_SLICE)) {
			/* mongo["shop"]["orders"]: a database, a collection of the same client */
			const struct blocking_class_rule *any = blocking_any_method(v.qual);
			if (any && (any->deep & SDK_ATTRS))
				return v;
		}
		if (v.kind == T_EXTERNAL && !(x->flags & EXF_SLICE)) {
			/* caches["default"], connections["replica"]: an object of that registry */
			char *q = xasprintf("%s[]", v.qual);
			struct type t = ty_unknown;
			t.kind = T_EXT_INSTANCE;
			t.qual = index_intern(c->ix, q);
			free(q);
			return t;
		}
		return ty_unknown;
	}
	case EX_CHOICE: {
		/* `a or b`, `x if c else y`: the first alternative of a known type; a QuerySet that an
		 * `or`/`and` truth-tested first has its rows in memory */
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next) {
			struct type t = ty_eval(c, scope, a, depth + 1);
			if (t.kind == T_UNKNOWN)
				continue;
			if (t.kind == T_QUERYSET && (x->flags & EXF_TESTED) && a == x->args)
				t.rel |= REL_CACHED;
			return t;
		}
		return ty_unknown;
	}
	case EX_AWAIT: {
		/* await qs.aget() gives what qs.get() gives */
		if (x->a < 0 || X(c, x->a)->kind != EX_CALL)
			return ty_unknown;
		const struct ex *fn = X(c, X(c, x->a)->a);
		if (fn->kind == EX_CALL) {
			/* await sync_to_async(Book.objects.filter)(...): what the wrapped method gives */
			struct type w = ty_eval(c, scope, fn->a, depth + 1);
			int32_t f = ty_nth_arg(c, X(c, x->a)->a, 0);
			if (w.kind != T_EXTERNAL || str_in(w.qual, ty_wrappers_first_arg) < 0 || f < 0)
				return ty_unknown;
			struct type ft = ty_eval(c, scope, f, depth + 1);
			if (ft.kind == T_FUNCTION) {
				/* await sync_to_async(helper)(...): what the helper returns; a QuerySet comes
				 * back unevaluated */
				struct type r = return_type(c, ft.sum, ft.aux);
				if (r.kind == T_QUERYSET)
					r.rel |= REL_ESCAPED;
				return r;
			}
			if (X(c, f)->kind == EX_NAME) {
				/* await sync_to_async(list)(qs): the rows, fetched in a worker thread */
				struct type l = ft;
				int32_t q = ty_nth_arg(c, x->a, 0);
				struct type qt = q >= 0 ? ty_eval(c, scope, q, depth + 1) : ty_unknown;
				if (l.kind == T_EXTERNAL && (strcmp(l.qual, "builtins.list") == 0 ||
							     strcmp(l.qual, "builtins.tuple") == 0 ||
							     strcmp(l.qual, "builtins.sorted") == 0) && qt.kind == T_QUERYSET)
					return ty_with_rel(ty_mk(T_INSTANCES, qt.conf, qt.cls, -1), qt);
				return ty_unknown;
			}
			if (X(c, f)->kind != EX_ATTR)
				return ty_unknown;
			struct type recv = ty_eval(c, scope, X(c, f)->a, depth + 1);
			const char *m = S(c, X(c, f)->str);
			if (recv.kind != T_MANAGER && recv.kind != T_QUERYSET)
				return ty_unknown;
			if (str_in(m, djapi_lazy_methods) >= 0) {
				struct type q = ty_with_rel(ty_mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
				q.rel |= REL_ESCAPED;
				return q;
			}
			const struct djapi *api = djapi_find(RECV_QUERYSET, m);
			return api ? result_of(api->result, recv) : ty_unknown;
		}
		{
			/* await helper(...): an async (or @sync_to_async) project function's return */
			struct call k = ty_classify_call(c, scope, x->a, depth + 1);
			if (k.callee_scope >= 0 && k.kind == CALL_NONE)
				return k.result;
			if (k.kind == CALL_NONE && k.result.kind == T_INSTANCE)
				return k.result; /* await aget_object_or_404(Book, ...) */
			/* await asyncio.to_thread(f, ...): what f gives (a file object from open) */
			struct type w = ty_eval(c, scope, X(c, x->a)->a, depth + 1);
			int32_t f = ty_nth_arg(c, x->a, 0);
			if (w.kind == T_EXTERNAL && f >= 0 &&
			    (strcmp(w.qual, "asyncio.to_thread") == 0 || strcmp(w.qual, "asyncio.threads.to_thread") == 0)) {
				struct type ft = ty_eval(c, scope, f, depth + 1);
				if (ft.kind == T_FUNCTION)
					return return_type(c, ft.sum, ft.aux);
				const char *cls = ft.kind == T_EXTERNAL ? blocking_class(ft.qual) : NULL;
				struct type r = ty_unknown;
				if (cls) {
					r.kind = T_EXT_INSTANCE;
					r.qual = cls;
				}
				return r;
			}
		}
		if (fn->kind != EX_ATTR)
			return ty_unknown;
		struct type recv = ty_eval(c, scope, fn->a, depth + 1);
		if (recv.kind == T_MANAGER || recv.kind == T_QUERYSET)
		{
			struct type t = result_of(djapi_async_result(S(c, fn->str)), recv);
			return strcmp(S(c, fn->str), "acreate") == 0 ? with_kwargs(c, t, x->a) : t;
		}
		if (recv.kind == T_REQUEST && strcmp(S(c, fn->str), "auser") == 0) {
			struct type u = ty_mk(T_INSTANCE, CONF_HIGH, -1, -1);
			u.rel = REL_USER;
			return u;
		}
		return ty_unknown;
	}
	default:
		return ty_unknown;
	}
}

int ty_has_name_in(const char *const *items, size_t len, const char *name)
{
	for (size_t i = 0; i < len; i++)
		if (strcmp(items[i], name) == 0)
			return 1;
	return 0;
}

/* A cache or session call whose backend, by the settings, keeps its data in memory. */
int ty_memory_backend(const struct ctx *c, const char *rule_id, int32_t recv_ex)
{
	if (!c->set)
		return 0;
	if (strcmp(rule_id, "DJA210") == 0)
		return c->set->memory_sessions;
	if (strcmp(rule_id, "DJA203") != 0)
		return 0;
	const char *alias = "default"; /* django.core.cache.cache */
	if (recv_ex >= 0 && X(c, recv_ex)->kind == EX_SUBSCRIPT) {
		int32_t k = X(c, recv_ex)->args;
		if (k < 0 || X(c, k)->kind != EX_STRING || !X(c, k)->str)
			return 0;
		alias = S(c, X(c, k)->str);
	}
	return ty_has_name(&c->set->memory_caches, alias);
}

static const struct ex *dict_value(const struct summary *s, int32_t dict, const char *key)
{
	if (dict < 0 || s->ex.items[dict].kind != EX_LIST)
		return NULL;
	for (int32_t p = s->ex.items[dict].args; p >= 0; p = s->ex.items[p].next) {
		const struct ex *kv = &s->ex.items[p];
		if (kv->kind == EX_KWARG && kv->a >= 0 && strcmp(summary_str(s, kv->str), key) == 0)
			return &s->ex.items[kv->a];
	}
	return NULL;
}

/* TEMPLATES = [{"BACKEND": ..., "OPTIONS": {"context_processors": [...]}}, ...]: whether every
 * processor is one of Django's own. 1 yes, 0 no, -1 written in a form not read here. */
static int stock_processors_only(const struct summary *s, int32_t list)
{
	static const char *const stock[] = {
		"django.template.context_processors.debug", "django.template.context_processors.request",
		"django.template.context_processors.csrf", "django.template.context_processors.i18n",
		"django.template.context_processors.media", "django.template.context_processors.static",
		"django.template.context_processors.tz", "django.contrib.auth.context_processors.auth",
		"django.contrib.messages.context_processors.messages", NULL,
	};
	const struct ex *l = list >= 0 ? &s->ex.items[list] : NULL;
	if (!l || l->kind != EX_LIST)
		return -1;
	for (int32_t e = l->args; e >= 0; e = s->ex.items[e].next) {
		const struct ex *d = &s->ex.items[e];
		if (d->kind != EX_LIST)
			return -1;
		const struct ex *opts = dict_value(s, e, "OPTIONS");
		if (!opts)
			continue;
		if (opts->kind != EX_LIST)
			return -1;
		const struct ex *cp = dict_value(s, (int32_t)(opts - s->ex.items), "context_processors");
		if (!cp)
			continue;
		if (cp->kind != EX_LIST)
			return -1;
		for (int32_t p = cp->args; p >= 0; p = s->ex.items[p].next) {
			const struct ex *x = &s->ex.items[p];
			if (x->kind != EX_STRING || !x->str)
				return -1;
			if (str_in(summary_str(s, x->str), stock) < 0)
				return 0;
		}
	}
	return 1;
}

/* CACHES and SESSION_ENGINE of every settings-style module of the project. An alias counts as
 * in memory only when every definition of CACHES found makes it LocMem or Dummy, and none is
 * written in a form not read here; with no CACHES at all nothing is assumed. */
void ty_read_settings(struct summary *const *sums, size_t n, struct settings_facts *out)
{
	VEC(const char *) seen_aliases = {0};
	int caches_defs = 0, cache_unknown = 0, session_defs = 0, session_mem = 1, settings_modules = 0;
	int mw_lists = 0, mw_auth = 0, templates_defs = 0, templates_stock = 1;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct summary *s = sums[i];
			for (size_t k = 0; k < s->ev.len; k++) {
				const struct event *ev = &s->ev.items[k];
				if (ev->kind == EV_CALL && ev->ex >= 0 && pass == 0) {
					/* CACHES.update(...), settings.CACHES[...] written in code: not read here */
					const struct ex *f = &s->ex.items[s->ex.items[ev->ex].a];
					if (f->kind == EX_ATTR && s->ex.items[f->a].kind == EX_NAME &&
					    strcmp(summary_str(s, s->ex.items[f->a].str), "CACHES") == 0)
						cache_unknown = 1;
				}
				if (ev->kind == EV_ASSIGN && ev->target >= 0 && s->ex.items[ev->target].kind == EX_SUBSCRIPT) {
					const struct ex *v = &s->ex.items[s->ex.items[ev->target].a];
					if ((v->kind == EX_NAME || v->kind == EX_ATTR) && strcmp(summary_str(s, v->str), "CACHES") == 0)
						cache_unknown = 1; /* CACHES["default"] = ... */
				}
				if (ev->kind != EV_ASSIGN || ev->scope != -1 || ev->target < 0 ||
				    s->ex.items[ev->target].kind != EX_NAME)
					continue;
				const char *name = summary_str(s, s->ex.items[ev->target].str);
				if (pass == 0 && strcmp(name, "INSTALLED_APPS") == 0)
					settings_modules++;
				if (pass == 0 && strcmp(name, "MIDDLEWARE") == 0) {
					/* is Django's lazy request.user installed at all? */
					mw_lists++;
					int auth = ev->ex < 0 || s->ex.items[ev->ex].kind != EX_LIST; /* not read: assume so */
					for (int32_t a = auth ? -1 : s->ex.items[ev->ex].args; a >= 0; a = s->ex.items[a].next) {
						const struct ex *x = &s->ex.items[a];
						auth |= x->kind != EX_STRING || !x->str ||
							strstr(summary_str(s, x->str), "AuthenticationMiddleware") != NULL ||
							strstr(summary_str(s, x->str), "RemoteUserMiddleware") != NULL;
					}
					mw_auth += auth;
				}
				if (pass == 0 && strcmp(name, "TEMPLATES") == 0) {
					templates_defs++;
					templates_stock &= stock_processors_only(s, ev->ex) == 1;
				}
				if (pass == 0 && strcmp(name, "SESSION_ENGINE") == 0) {
					const struct ex *v = ev->ex >= 0 ? &s->ex.items[ev->ex] : NULL;
					session_defs++;
					session_mem &= v && v->kind == EX_STRING &&
						       strcmp(summary_str(s, v->str),
							      "django.contrib.sessions.backends.signed_cookies") == 0;
				}
				if (strcmp(name, "CACHES") != 0)
					continue;
				if (ev->ex < 0 || s->ex.items[ev->ex].kind != EX_LIST) {
					cache_unknown = 1;
					continue;
				}
				caches_defs += pass == 0;
				for (int32_t p = s->ex.items[ev->ex].args; p >= 0; p = s->ex.items[p].next) {
					const struct ex *kv = &s->ex.items[p];
					if (kv->kind != EX_KWARG || !kv->str) {
						cache_unknown = 1;
						continue;
					}
					const char *alias = summary_str(s, kv->str);
					const struct ex *b = dict_value(s, kv->a, "BACKEND");
					int mem = b && b->kind == EX_STRING &&
						  (str_has_suffix(summary_str(s, b->str), "locmem.LocMemCache") ||
						   str_has_suffix(summary_str(s, b->str), "dummy.DummyCache"));
					if (pass == 0 && mem && !ty_has_name(&out->memory_caches, alias))
						VEC_PUSH(out->memory_caches, alias);
					if (pass == 1 && !mem)
						VEC_PUSH(seen_aliases, alias);
				}
			}
		}
	/* drop aliases some definition makes something else */
	size_t keep = 0;
	for (size_t i = 0; i < out->memory_caches.len; i++) {
		const char *a = out->memory_caches.items[i];
		if (!ty_has_name(&seen_aliases, a) && !cache_unknown && caches_defs)
			out->memory_caches.items[keep++] = a;
	}
	out->memory_caches.len = keep;
	/* no CACHES anywhere in the project's settings: Django's default, a LocMemCache */
	if (settings_modules && !caches_defs && !cache_unknown)
		VEC_PUSH(out->memory_caches, "default");
	/* no MIDDLEWARE list installs Django's AuthenticationMiddleware: request.user is whatever
	 * the project's own middleware sets, not Django's lazy user */
	out->no_lazy_user = mw_lists > 0 && mw_auth == 0;
	VEC_FREE(seen_aliases);
	out->memory_sessions = session_defs > 0 && session_mem;
	out->stock_processors = templates_defs > 0 && templates_stock;
	/* sync_to_async(u.get_all_permissions) / database_sync_to_async(...) anywhere */
	for (size_t i = 0; i < n && !out->perms_warmed; i++) {
		const struct summary *s = sums[i];
		for (size_t k = 0; k < s->ev.len && !out->perms_warmed; k++) {
			const struct event *ev = &s->ev.items[k];
			if (ev->kind != EV_CALL || ev->ex < 0)
				continue;
			const struct ex *call = &s->ex.items[ev->ex], *fn = &s->ex.items[call->a];
			const struct ex *arg = call->args >= 0 ? &s->ex.items[call->args] : NULL;
			const char *w = fn->kind == EX_NAME ? summary_str(s, fn->str) : "";
			out->perms_warmed = (strcmp(w, "database_sync_to_async") == 0 || strcmp(w, "sync_to_async") == 0) &&
					    arg && arg->kind == EX_ATTR &&
					    strcmp(summary_str(s, arg->str), "get_all_permissions") == 0;
		}
	}
}

void ty_bind_target(struct ctx *c, int scope, int32_t target, struct type t)
{
	if (target < 0)
		return;
	const struct ex *x = X(c, target);
	if (x->kind == EX_NAME) {
		bind(c, scope, S(c, x->str), t);
	} else if (x->kind == EX_TUPLE) {
		int first = 1;
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next, first = 0) {
			/* obj, created = ...get_or_create(): the instance, with what its query fetched */
			struct type et = first && t.kind == T_INSTANCE_TUPLE ? ty_with_rel(ty_mk(T_INSTANCE, t.conf, t.cls, -1), t)
									 : ty_unknown;
			ty_bind_target(c, scope, a, et);
		}
	}
}

int ty_rel_cached(const struct ctx *c, int scope, int32_t obj, const char *field)
{
	if (obj < 0 || X(c, obj)->kind != EX_NAME)
		return 0;
	const char *var = S(c, X(c, obj)->str);
	for (size_t i = 0; i < c->cached.len; i++) {
		const struct cached_rel *r = &c->cached.items[i];
		if (r->scope == scope && strcmp(r->var, var) == 0 && strcmp(r->field, field) == 0)
			return 1;
	}
	return 0;
}

void ty_cache_rel(struct ctx *c, int scope, const char *var, const char *field)
{
	struct cached_rel r = {scope, var, field};
	VEC_PUSH(c->cached, r);
}

/* `var = ...` forgets what was cached on the old object; `var = Book.objects.create(author=a)`
 * and `var = Book(author=a)` cache the relations given as keywords. */
/* Forgets the relations cached on `var` in `scope` (it is bound again, or reloaded). */
void ty_forget_cached(struct ctx *c, int scope, const char *var)
{
	size_t k = 0;
	for (size_t i = 0; i < c->cached.len; i++) {
		const struct cached_rel *r = &c->cached.items[i];
		if (!(r->scope == scope && strcmp(r->var, var) == 0))
			c->cached.items[k++] = *r;
	}
	c->cached.len = k;
}

void ty_rebind_cached(struct ctx *c, const struct event *ev)
{
	if (ev->target < 0 || X(c, ev->target)->kind != EX_NAME)
		return;
	const char *var = S(c, X(c, ev->target)->str);
	ty_forget_cached(c, ev->scope, var);
	int32_t e = ev->ex;
	if (e >= 0 && X(c, e)->kind == EX_AWAIT)
		e = X(c, e)->a;
	if (e < 0 || X(c, e)->kind != EX_CALL)
		return;
	int32_t fe = X(c, e)->a; /* what makes the object */
	if (X(c, fe)->kind == EX_CALL) {
		/* await sync_to_async(Book.objects.create)(author=a) */
		struct type w = ty_eval(c, ev->scope, X(c, fe)->a, 0);
		if (w.kind != T_EXTERNAL || str_in(w.qual, ty_wrappers_first_arg) < 0 || (fe = ty_nth_arg(c, fe, 0)) < 0)
			return;
	}
	const struct ex *fn = X(c, fe);
	int makes;
	if (fn->kind == EX_ATTR && (strcmp(S(c, fn->str), "create") == 0 || strcmp(S(c, fn->str), "acreate") == 0)) {
		struct type r = ty_eval(c, ev->scope, fn->a, 0);
		makes = r.kind == T_MANAGER || r.kind == T_QUERYSET;
	} else {
		makes = ty_eval(c, ev->scope, fe, 0).kind == T_MODEL_CLASS; /* Book(author=a) */
	}
	for (int32_t a = makes ? X(c, e)->args : -1; a >= 0; a = X(c, a)->next)
		if (X(c, a)->kind == EX_KWARG)
			ty_cache_rel(c, ev->scope, var, S(c, X(c, a)->str));
}

/* A project method decorated @property, @cached_property or @functools.cached_property. */
int ty_is_property(const struct ctx *c, int sum, int scope)
{
	const struct summary *s = index_summary(c->ix, sum);
	for (int32_t d = s->scopes.items[scope].decorators; d >= 0; d = s->ex.items[d].next) {
		const struct ex *x = &s->ex.items[d];
		const char *name = x->kind == EX_NAME || x->kind == EX_ATTR ? summary_str(s, x->str) : "";
		if (strcmp(name, "property") == 0 || strcmp(name, "cached_property") == 0)
			return 1;
		if (x->kind == EX_NAME) { /* from django.utils.functional import cached_property as cp */
			struct sym y = index_resolve_name(c->ix, sum, name);
			if (y.kind == SYM_EXTERNAL && y.qual && str_has_suffix(y.qual, ".cached_property"))
				return 1;
		}
	}
	return 0;
}

/* The bindings an event makes, for type evaluation only (no check runs): assignments and
 * with-targets get their value's type, loop targets an element of a QuerySet or of a list of
 * instances. */
void ty_bind_event(struct ctx *c, const struct event *ev)
{
	if (ev->flags & EVF_NO_LOOP)
		return;
	switch (ev->kind) {
	case EV_ASSIGN:
	case EV_WITH:
		ty_bind_target(c, ev->scope, ev->target, ty_eval(c, ev->scope, ev->ex, 0));
		break;
	case EV_FOR: {
		struct type t = ty_eval(c, ev->scope, ev->ex, 0);
		ty_bind_target(c, ev->scope, ev->target,
			    t.kind == T_QUERYSET || t.kind == T_INSTANCES ? ty_with_rel(ty_mk(T_INSTANCE, t.conf, t.cls, -1), t)
									  : ty_unknown);
		break;
	}
	default:
		break;
	}
}
