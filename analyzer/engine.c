/* engine: phase 2's rule evaluation. A light type guess per scope (in source order) tells
 * `Book.objects.filter(...).first()` from `names.first()`; each event is classified against
 * the Django API table (rules/orm.c) and the blocking-call table (rules/generic.c), and what
 * runs in async context becomes a finding. Knows nothing about output formats. */
#include "engine.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EVAL_DEPTH 64
#define MAX_METHOD_DEPTH 3

enum tkind {
	T_UNKNOWN,
	T_EXTERNAL,       /* qual: a module, function or class outside the project */
	T_EXT_INSTANCE,   /* qual: instance of an external class with blocking methods */
	T_MODULE,         /* sum: a project module */
	T_CLASS,          /* cls: a project class that is not a model */
	T_FUNCTION,       /* a project function */
	T_MODEL_CLASS,    /* cls (or -1 with qual for auth.User & co.) */
	T_MANAGER,        /* cls: model or -1; aux: custom Manager/QuerySet class or -1 */
	T_QUERYSET,       /* same */
	T_INSTANCE,       /* cls: model instance */
	T_INSTANCE_TUPLE, /* (instance, created) from get_or_create */
};

struct type {
	uint8_t kind, conf;
	int cls, aux, sum;
	const char *qual;
};

static const struct type unknown = {T_UNKNOWN, CONF_HIGH, -1, -1, -1, NULL};

struct binding {
	const char *name;
	struct type t;
};

struct env {
	int ready;
	VEC(struct binding) vars;
};

struct range {
	int line, col, end_line, end_col;
};

struct ctx {
	djindex *ix;
	int sum;
	const struct summary *s;
	struct env *envs; /* [0] module, [k + 1] scope k */
	const struct engine_opts *o;
	struct report *r; /* NULL while evaluating for types only */
	VEC(struct range) suppressed;
	int method_depth;
};

static struct type eval(struct ctx *c, int scope, int32_t e, int depth);

static struct type mk(uint8_t kind, uint8_t conf, int cls, int aux)
{
	struct type t = {kind, conf, cls, aux, -1, NULL};
	return t;
}

static const struct ex *X(const struct ctx *c, int32_t e)
{
	return &c->s->ex.items[e];
}

static const char *S(const struct ctx *c, uint32_t off)
{
	return summary_str(c->s, off);
}

/* --- names ----------------------------------------------------------------------------- */

static const char *const builtin_names[] = {
	"open", "input", "len", "list", "tuple", "set", "sorted", "frozenset", "bool", "print",
	"iter", "next", "any", "all", "sum", "enumerate", "reversed", "str", "repr", "super", NULL,
};

static struct type type_of_sym(struct ctx *c, struct sym y)
{
	struct type t = unknown;
	switch (y.kind) {
	case SYM_EXTERNAL: {
		t.qual = y.qual;
		t.kind = T_EXTERNAL;
		if (index_external_is_model(y.qual)) {
			t.kind = T_MODEL_CLASS;
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

/* Parameters shadow outer names; `self` of a model method is an instance. */
static void init_scope(struct ctx *c, int scope)
{
	const struct scope *sc = &c->s->scopes.items[scope];
	int owner = sc->parent >= 0 && c->s->scopes.items[sc->parent].kind == SC_CLASS
			    ? index_class_of_scope(c->ix, c->sum, sc->parent) : -1;
	const struct class_info *oc = index_class(c->ix, owner);
	int first = 1;
	for (int32_t p = sc->params; p >= 0; p = X(c, p)->next, first = 0) {
		struct type t = unknown;
		if (first && oc && oc->kind == CK_MODEL && !has_decorator(c, sc, "staticmethod")) {
			t = mk(has_decorator(c, sc, "classmethod") ? T_MODEL_CLASS : T_INSTANCE,
			       oc->heuristic ? CONF_MEDIUM : CONF_HIGH, owner, -1);
		} else if (X(c, p)->a >= 0) {
			struct type a = eval(c, sc->parent, X(c, p)->a, 0);
			if (a.kind == T_MODEL_CLASS)
				t = mk(T_INSTANCE, a.conf, a.cls, -1);
		}
		bind(c, scope, S(c, X(c, p)->str), t);
	}
	for (size_t i = 0; i < c->s->imports.len; i++) {
		const struct import *im = &c->s->imports.items[i];
		if (im->scope == scope && !im->star)
			bind(c, scope, S(c, im->local), type_of_sym(c, index_resolve_import(c->ix, c->sum, im)));
	}
}

static struct env *env_of(struct ctx *c, int scope)
{
	struct env *en = &c->envs[scope + 1];
	if (!en->ready) {
		en->ready = 1;
		if (scope >= 0)
			init_scope(c, scope);
	}
	return en;
}

static int env_find(struct ctx *c, int scope, const char *name, struct type *out)
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
		if (env_find(c, sc, name, &t))
			return t;
	}
	if (env_find(c, -1, name, &t))
		return t;
	struct sym y = index_resolve_name(c->ix, c->sum, name);
	if (y.kind != SYM_NONE && y.kind != SYM_VAR)
		return type_of_sym(c, y);
	if (y.kind == SYM_NONE && str_in(name, builtin_names) >= 0) {
		char *q = xasprintf("builtins.%s", name);
		t = unknown;
		t.kind = T_EXTERNAL;
		t.qual = index_intern(c->ix, q);
		free(q);
		return t;
	}
	return unknown;
}

/* --- calls ----------------------------------------------------------------------------- */

enum call_kind { CALL_NONE, CALL_API, CALL_BLOCKING, CALL_MISUSE, CALL_ASYNC_TO_SYNC, CALL_RUN };

struct call {
	enum call_kind kind;
	const struct djapi *api;
	const struct blocking_call *blk;
	int32_t recv_ex;   /* receiver expression for the suggestion, or -1 */
	int32_t inner;     /* CALL_MISUSE: the call given to the wrapper */
	const char *qual;  /* callee's qualified name, when known */
	uint8_t conf;
	struct type result;
};

static const char *const wrappers_first_arg[] = {
	"asgiref.sync.sync_to_async", "asgiref.sync.SyncToAsync", "channels.db.database_sync_to_async",
	"asyncio.to_thread", "asyncio.threads.to_thread", NULL,
};
static const char *const async_to_sync_names[] = {
	"asgiref.sync.async_to_sync", "asgiref.sync.AsyncToSync", NULL,
};
static const char *const iterate_builtins[] = {
	"builtins.list", "builtins.tuple", "builtins.set", "builtins.sorted", "builtins.frozenset", NULL,
};

static int32_t nth_arg(const struct ctx *c, int32_t call, int n)
{
	int32_t a = X(c, call)->args;
	for (int i = 0; a >= 0 && i < n; i++)
		a = X(c, a)->next;
	return a >= 0 && X(c, a)->kind != EX_KWARG && !(X(c, a)->flags & EXF_SPLAT) ? a : -1;
}

/* The wrapper got `f(...)` rather than `f`; functools.partial(...) is the correct idiom. */
static int wrapped_call(struct ctx *c, int scope, int32_t arg)
{
	if (arg < 0 || X(c, arg)->kind != EX_CALL)
		return 0;
	struct type fn = eval(c, scope, X(c, arg)->a, 1);
	return !(fn.kind == T_EXTERNAL && strcmp(fn.qual, "functools.partial") == 0);
}

static struct type result_of(enum djapi_result r, struct type recv)
{
	switch (r) {
	case RES_INSTANCE:
		return mk(T_INSTANCE, recv.conf, recv.cls, -1);
	case RES_INSTANCE_TUPLE:
		return mk(T_INSTANCE_TUPLE, recv.conf, recv.cls, -1);
	case RES_QUERYSET:
		return mk(T_QUERYSET, recv.conf, recv.cls, recv.aux);
	default:
		return unknown;
	}
}

static int custom_returns_queryset(struct ctx *c, struct type recv, const char *method);

/* A call by qualified name (function or class outside the project). */
static void classify_qual(struct ctx *c, int scope, int32_t call, const char *qual, struct call *out)
{
	out->qual = qual;
	const struct blocking_call *b = blocking_find(qual);
	const char *cls = blocking_class(qual);
	if (cls) {
		out->result = unknown;
		out->result.kind = T_EXT_INSTANCE;
		out->result.qual = cls;
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
	if (str_in(qual, wrappers_first_arg) >= 0) {
		int32_t a = nth_arg(c, call, 0);
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
	int it = str_in(qual, iterate_builtins) >= 0;
	if (it || strcmp(qual, "builtins.len") == 0 || strcmp(qual, "builtins.bool") == 0) {
		int32_t a = nth_arg(c, call, 0);
		if (a < 0)
			return;
		struct type t = eval(c, scope, a, 1);
		if (t.kind != T_QUERYSET)
			return;
		out->kind = CALL_API;
		out->api = djapi_find(RECV_QUERYSET, it ? "<list>" : qual[9] == 'l' ? "<len>" : "<bool>");
		out->recv_ex = a;
		out->conf = t.conf;
	}
}

static struct call classify_call(struct ctx *c, int scope, int32_t call, int depth)
{
	struct call out = {.kind = CALL_NONE, .recv_ex = -1, .inner = -1, .conf = CONF_HIGH,
			   .result = unknown};
	const struct ex *fn = X(c, X(c, call)->a);
	if (fn->kind == EX_ATTR) {
		const char *m = S(c, fn->str);
		struct type recv = eval(c, scope, fn->a, depth + 1);
		out.recv_ex = fn->a;
		out.conf = recv.conf;
		switch (recv.kind) {
		case T_MANAGER:
		case T_QUERYSET:
			if (str_in(m, djapi_lazy_methods) >= 0) {
				out.result = mk(T_QUERYSET, recv.conf, recv.cls, recv.aux);
			} else if ((out.api = djapi_find(RECV_QUERYSET, m)) != NULL) {
				out.kind = CALL_API;
				out.result = result_of(out.api->result, recv);
			} else if (custom_returns_queryset(c, recv, m)) {
				out.result = mk(T_QUERYSET, recv.conf, recv.cls, recv.aux);
			}
			return out;
		case T_INSTANCE:
			if ((out.api = djapi_find(RECV_INSTANCE, m)) != NULL)
				out.kind = CALL_API;
			return out;
		case T_EXTERNAL:
		case T_EXT_INSTANCE: {
			char *q = xasprintf("%s.%s", recv.qual, m);
			classify_qual(c, scope, call, index_intern(c->ix, q), &out);
			free(q);
			if (out.kind != CALL_NONE || out.result.kind != T_UNKNOWN)
				return out;
			break;
		}
		case T_MODULE: {
			struct type t = type_of_sym(c, index_resolve_name(c->ix, recv.sum, m));
			if (t.kind == T_MODEL_CLASS)
				out.result = mk(T_INSTANCE, t.conf, t.cls, -1);
			return out;
		}
		default:
			break;
		}
		/* methods recognised by name whatever the receiver */
		if (strcmp(m, "run_in_executor") == 0) {
			int32_t a = nth_arg(c, call, 1);
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
	struct type t = eval(c, scope, X(c, call)->a, depth + 1);
	out.conf = t.conf;
	if (t.kind == T_EXTERNAL)
		classify_qual(c, scope, call, t.qual, &out);
	else if (t.kind == T_MODEL_CLASS)
		out.result = mk(T_INSTANCE, t.conf, t.cls, -1); /* Book(title=...) */
	return out;
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
	struct ctx sub = {.ix = c->ix, .sum = msum, .s = index_summary(c->ix, msum), .o = c->o,
			  .r = NULL, .method_depth = c->method_depth + 1};
	sub.envs = xcalloc(sub.s->scopes.len + 1, sizeof *sub.envs);
	const struct scope *sc = &sub.s->scopes.items[mscope];
	sub.envs[mscope + 1].ready = 1;
	if (sc->params >= 0)
		bind(&sub, mscope, S(&sub, X(&sub, sc->params)->str),
		     mk(T_QUERYSET, recv.conf, recv.cls, recv.aux));
	int yes = 0;
	for (size_t i = 0; i < sub.s->ev.len && !yes; i++) {
		const struct event *ev = &sub.s->ev.items[i];
		if (ev->scope != mscope)
			continue;
		if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(&sub, ev->target)->kind == EX_NAME)
			bind(&sub, mscope, S(&sub, X(&sub, ev->target)->str), eval(&sub, mscope, ev->ex, 0));
		else if (ev->kind == EV_RETURN && ev->ex >= 0) {
			struct type t = eval(&sub, mscope, ev->ex, 0);
			yes = t.kind == T_QUERYSET || t.kind == T_MANAGER;
		}
	}
	for (size_t i = 0; i <= sub.s->scopes.len; i++)
		VEC_FREE(sub.envs[i].vars);
	free(sub.envs);
	return yes;
}

/* --- expressions ----------------------------------------------------------------------- */

static struct type eval_attr(struct ctx *c, int scope, const struct ex *x, int depth)
{
	struct type o = eval(c, scope, x->a, depth + 1);
	const char *m = S(c, x->str);
	switch (o.kind) {
	case T_EXTERNAL: {
		char *q = xasprintf("%s.%s", o.qual, m);
		struct type t = unknown;
		t.kind = index_external_is_model(q) ? T_MODEL_CLASS : T_EXTERNAL;
		t.qual = index_intern(c->ix, q);
		free(q);
		return t;
	}
	case T_MODULE:
		return type_of_sym(c, index_resolve_name(c->ix, o.sum, m));
	case T_MODEL_CLASS: {
		const struct class_info *ci = index_class(c->ix, o.cls);
		if (strcmp(m, "objects") == 0 || strcmp(m, "_default_manager") == 0 ||
		    strcmp(m, "_base_manager") == 0) {
			int custom = -1;
			for (size_t i = 0; ci && i < ci->n_managers; i++)
				if (strcmp(ci->managers[i].name, m) == 0)
					custom = ci->managers[i].custom;
			if (custom < 0)
				for (size_t i = 0; ci && i < ci->n_managers && strcmp(m, "objects"); i++)
					if (strcmp(ci->managers[i].name, "objects") == 0)
						custom = ci->managers[i].custom;
			return mk(T_MANAGER, o.conf, o.cls, custom);
		}
		for (size_t i = 0; ci && i < ci->n_managers; i++)
			if (strcmp(ci->managers[i].name, m) == 0)
				return mk(T_MANAGER, o.conf, o.cls, ci->managers[i].custom);
		return unknown;
	}
	case T_UNKNOWN:
		/* `self.model.objects`: `objects` is a strong Django signal, but the type is a guess */
		if (strcmp(m, "objects") == 0)
			return mk(T_MANAGER, CONF_LOW, -1, -1);
		return unknown;
	default:
		return unknown;
	}
}

static struct type eval(struct ctx *c, int scope, int32_t e, int depth)
{
	if (e < 0 || depth > MAX_EVAL_DEPTH)
		return unknown;
	const struct ex *x = X(c, e);
	switch (x->kind) {
	case EX_NAME:
		return lookup(c, scope, S(c, x->str));
	case EX_ATTR:
		return eval_attr(c, scope, x, depth);
	case EX_CALL:
		return classify_call(c, scope, e, depth).result;
	case EX_SUBSCRIPT: {
		struct type v = eval(c, scope, x->a, depth + 1);
		if (v.kind == T_QUERYSET)
			return (x->flags & EXF_SLICE) ? ((x->flags & EXF_STEP) ? unknown : v)
						      : mk(T_INSTANCE, v.conf, v.cls, -1);
		if (v.kind == T_INSTANCE_TUPLE && !(x->flags & EXF_SLICE))
			return mk(T_INSTANCE, v.conf, v.cls, -1);
		return unknown;
	}
	case EX_AWAIT: {
		/* await qs.aget() gives what qs.get() gives */
		if (x->a < 0 || X(c, x->a)->kind != EX_CALL)
			return unknown;
		const struct ex *fn = X(c, X(c, x->a)->a);
		if (fn->kind != EX_ATTR)
			return unknown;
		struct type recv = eval(c, scope, fn->a, depth + 1);
		if (recv.kind == T_MANAGER || recv.kind == T_QUERYSET)
			return result_of(djapi_async_result(S(c, fn->str)), recv);
		return unknown;
	}
	default:
		return unknown;
	}
}

/* --- reporting ------------------------------------------------------------------------- */

static void render(const struct ctx *c, int32_t e, struct strbuf *b, int depth)
{
	if (e < 0 || depth > 12 || b->len > 80) {
		sb_puts(b, "...");
		return;
	}
	const struct ex *x = X(c, e);
	switch (x->kind) {
	case EX_NAME:
		sb_puts(b, S(c, x->str));
		break;
	case EX_ATTR:
		render(c, x->a, b, depth + 1);
		sb_putc(b, '.');
		sb_puts(b, S(c, x->str));
		break;
	case EX_CALL:
		render(c, x->a, b, depth + 1);
		sb_puts(b, x->args >= 0 ? "(...)" : "()");
		break;
	case EX_SUBSCRIPT:
		render(c, x->a, b, depth + 1);
		sb_puts(b, "[...]");
		break;
	case EX_AWAIT:
		sb_puts(b, "(await ");
		render(c, x->a, b, depth + 1);
		sb_putc(b, ')');
		break;
	default:
		sb_puts(b, "...");
		break;
	}
}

static char *render_str(const struct ctx *c, int32_t e)
{
	struct strbuf b = {0};
	render(c, e, &b, 0);
	return b.s;
}

/* The innermost def/lambda/class decides: only the body of an async def is async context. */
static int async_function_of(const struct ctx *c, int scope)
{
	if (scope < 0)
		return -1;
	return c->s->scopes.items[scope].kind == SC_ASYNC_FUNCTION ? scope : -1;
}

static int in_range(const struct range *r, const struct span *sp)
{
	int after = sp->line > r->line || (sp->line == r->line && sp->col >= r->col);
	int before = sp->line < r->end_line || (sp->line == r->end_line && sp->col < r->end_col);
	return after && before;
}

static char *version_text(int v)
{
	return xasprintf("%d.%d", v / 100, v % 100);
}

/* Fills a template: $R = receiver text, $A = "..." when the call had arguments. */
static char *fill(const char *tmpl, const char *recv, int has_args)
{
	struct strbuf b = {0};
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] == 'R') {
			sb_puts(&b, recv);
			p++;
		} else if (p[0] == '$' && p[1] == 'A') {
			if (has_args)
				sb_puts(&b, "...");
			p++;
		} else {
			sb_putc(&b, *p);
		}
	}
	return b.s ? b.s : xstrdup("");
}

static void emit(struct ctx *c, const struct event *ev, const struct span *sp, const char *id,
		 uint8_t conf, char *message, char *suggestion)
{
	const struct rule *r = rule_find(id);
	int fn = async_function_of(c, ev->scope);
	int skip = !c->r || fn < 0 || conf < c->o->min_confidence || !r;
	for (size_t i = 0; !skip && i < c->suppressed.len; i++)
		skip = in_range(&c->suppressed.items[i], sp);
	if (skip) {
		free(message);
		free(suggestion);
		return;
	}
	struct finding f = {
		.id = r->id, .slug = r->slug, .severity = r->severity, .confidence = conf,
		.path = xstrdup(c->s->path), .line = sp->line, .column = sp->col,
		.end_line = sp->end_line, .end_column = sp->end_col, .message = message,
		.suggestion = suggestion, .function = xstrdup(S(c, c->s->scopes.items[fn].qualname)),
	};
	report_add_finding(c->r, f);
}

static const char *fn_name(const struct ctx *c, int scope)
{
	int fn = async_function_of(c, scope);
	return fn >= 0 ? S(c, c->s->scopes.items[fn].qualname) : "?";
}

/* The suggestion for a Django API row at the target version. */
static char *api_suggestion(const struct ctx *c, const struct djapi *api, const char *recv,
			    const char *method, int has_args)
{
	if (c->o->django_version >= api->since) {
		char *code = fill(api->async_fix, recv, has_args);
		char *s = xasprintf("use `%s`", code);
		free(code);
		return s;
	}
	char *need = version_text(api->since);
	char *s;
	if (api->name[0] == '<')
		s = xasprintf("evaluate it in a worker thread, e.g. `await sync_to_async(list)(%s)` "
			      "(async iteration needs Django %s)", recv, need);
	else if (api->recv == RECV_FUNCTION)
		s = xasprintf("wrap it: `await sync_to_async(%s)(%s)` (the async twin needs Django %s)",
			      strrchr(api->name, '.') + 1, has_args ? "..." : "", need);
	else
		s = xasprintf("wrap it: `await sync_to_async(%s.%s)(%s)` (the async twin needs Django %s)",
			      recv, method, has_args ? "..." : "", need);
	free(need);
	return s;
}

static void report_implicit(struct ctx *c, const struct event *ev, int32_t qs_ex, uint8_t conf,
			    const char *key, const char *how)
{
	const struct djapi *api = djapi_find(RECV_QUERYSET, key);
	char *recv = render_str(c, qs_ex);
	char *msg = strcmp(api->rule_id, "DJA103") == 0
			    ? xasprintf("QuerySet `%s` is iterated synchronously %s in async function `%s`",
					recv, how, fn_name(c, ev->scope))
			    : xasprintf("QuerySet `%s` is evaluated synchronously by %s in async function `%s`",
					recv, how, fn_name(c, ev->scope));
	char *sugg = api_suggestion(c, api, recv, "", 0);
	emit(c, ev, &X(c, qs_ex)->sp, api->rule_id, conf, msg, sugg);
	free(recv);
}

static void on_call(struct ctx *c, const struct event *ev)
{
	struct call k = classify_call(c, ev->scope, ev->ex, 0);
	const struct ex *call = X(c, ev->ex);
	const struct ex *fn = X(c, call->a);
	const char *fs = fn_name(c, ev->scope);
	char *callee = render_str(c, call->a);
	switch (k.kind) {
	case CALL_NONE:
		break;
	case CALL_API: {
		const struct djapi *api = k.api;
		if (api->name[0] == '<') {
			const char *how = strcmp(api->name, "<list>") == 0 ? "by the call"
					  : strcmp(api->name, "<len>") == 0 ? "len()" : "bool()";
			report_implicit(c, ev, k.recv_ex, k.conf, api->name, how);
			break;
		}
		char *recv = k.recv_ex >= 0 ? render_str(c, k.recv_ex) : xstrdup("");
		const char *method = fn->kind == EX_ATTR ? S(c, fn->str) : "";
		char *msg = api->recv == RECV_INSTANCE
				    ? xasprintf("`%s()` on a model instance queries the database synchronously "
						"in async function `%s`", callee, fs)
				    : xasprintf("`%s()` runs a database query synchronously in async function `%s`",
						callee, fs);
		char *sugg = api_suggestion(c, api, recv, method, call->args >= 0);
		emit(c, ev, &ev->sp, api->rule_id, k.conf, msg, sugg);
		free(recv);
		break;
	}
	case CALL_BLOCKING:
		emit(c, ev, &ev->sp, k.blk->rule_id, k.conf,
		     xasprintf("`%s()` blocks the event loop in async function `%s`", callee, fs),
		     xasprintf("%s", k.blk->fix));
		break;
	case CALL_MISUSE: {
		char *inner = render_str(c, X(c, k.inner)->a);
		emit(c, ev, &ev->sp, "DJA401", k.conf,
		     xasprintf("`%s()` is given the result of `%s()`, which runs on the event loop before "
			       "anything is wrapped", callee, inner),
		     xasprintf("pass the callable and its arguments separately: `%s(%s)(...)`", callee, inner));
		if (async_function_of(c, ev->scope) >= 0) {
			const struct span *sp = &X(c, k.inner)->sp;
			struct range r = {sp->line, sp->col, sp->end_line, sp->end_col};
			VEC_PUSH(c->suppressed, r);
		}
		free(inner);
		break;
	}
	case CALL_ASYNC_TO_SYNC:
		emit(c, ev, &ev->sp, "DJA402", k.conf,
		     xasprintf("`%s()` raises RuntimeError when called from a running event loop "
			       "(async function `%s`)", callee, fs),
		     xstrdup("await the coroutine function directly: `await func(...)`"));
		break;
	case CALL_RUN:
		emit(c, ev, &ev->sp, "DJA403", k.conf,
		     xasprintf("`%s()` cannot start an event loop inside the running one (async function `%s`)",
			       callee, fs),
		     xstrdup("await the coroutine directly: `await coro(...)`"));
		break;
	}
	free(callee);
}

static void bind_target(struct ctx *c, int scope, int32_t target, struct type t)
{
	if (target < 0)
		return;
	const struct ex *x = X(c, target);
	if (x->kind == EX_NAME) {
		bind(c, scope, S(c, x->str), t);
	} else if (x->kind == EX_TUPLE) {
		int first = 1;
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next, first = 0) {
			struct type et = first && t.kind == T_INSTANCE_TUPLE ? mk(T_INSTANCE, t.conf, t.cls, -1)
									 : unknown;
			bind_target(c, scope, a, et);
		}
	}
}

static void on_event(struct ctx *c, const struct event *ev)
{
	switch (ev->kind) {
	case EV_CALL:
		on_call(c, ev);
		break;
	case EV_ASSIGN:
		bind_target(c, ev->scope, ev->target, eval(c, ev->scope, ev->ex, 0));
		break;
	case EV_WITH:
		bind_target(c, ev->scope, ev->target, eval(c, ev->scope, ev->ex, 0));
		break;
	case EV_FOR: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET && !(ev->flags & EVF_ASYNC))
			report_implicit(c, ev, ev->ex, t.conf, ev->flags & EVF_COMPREHENSION ? "<list>" : "<for>",
					ev->flags & EVF_COMPREHENSION ? "by a comprehension" : "by a for loop");
		bind_target(c, ev->scope, ev->target,
			    t.kind == T_QUERYSET ? mk(T_INSTANCE, t.conf, t.cls, -1) : unknown);
		break;
	}
	case EV_TRUTH: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, ev->ex, t.conf, "<bool>", "a truth test");
		break;
	}
	case EV_IN: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, ev->ex, t.conf, "<in>", "`in`");
		break;
	}
	case EV_SUBSCRIPT: {
		const struct ex *x = X(c, ev->ex);
		if (x->kind != EX_SUBSCRIPT || ((x->flags & EXF_SLICE) && !(x->flags & EXF_STEP)))
			break;
		struct type t = eval(c, ev->scope, x->a, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, x->a, t.conf, x->flags & EXF_STEP ? "<step>" : "<index>",
					x->flags & EXF_STEP ? "a slice with a step" : "indexing");
		break;
	}
	case EV_RETURN:
		break;
	}
}

void engine_run(djindex *ix, struct summary *const *sums, size_t n, const struct engine_opts *o,
		struct report *r)
{
	for (size_t i = 0; i < n; i++) {
		struct ctx c = {.ix = ix, .sum = (int)i, .s = sums[i], .o = o, .r = r};
		c.envs = xcalloc(c.s->scopes.len + 1, sizeof *c.envs);
		c.envs[0].ready = 1;
		/* module level first: names bound there are visible in every function */
		for (size_t k = 0; k < c.s->ev.len; k++)
			if (c.s->ev.items[k].scope == -1 && c.s->ev.items[k].kind != EV_CALL)
				on_event(&c, &c.s->ev.items[k]);
		for (size_t k = 0; k < c.s->ev.len; k++)
			if (c.s->ev.items[k].scope >= 0)
				on_event(&c, &c.s->ev.items[k]);
		for (size_t k = 0; k <= c.s->scopes.len; k++)
			VEC_FREE(c.envs[k].vars);
		free(c.envs);
		VEC_FREE(c.suppressed);
	}
}
