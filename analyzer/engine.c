/* engine: phase 2's checks. Walks every event of every summary in source order; the types of
 * its expressions come from types.c (pure), and each check judges them against the Django API
 * table (rules/orm.c) and the blocking-call tables (rules/generic.c, rules/django.c): what runs
 * in async context becomes a finding, what blocks in a sync def a fact for the call graph
 * (chains through helpers, DJA501). Each site is judged once. Knows nothing about output
 * formats. */
#include "engine.h"
#include "env.h"
#include "rules.h"
#include "types.h"
#include "check.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What phase 2 learns about each sync function, for chains through helpers. */
struct fninfo {
	uint8_t wrapped;    /* decorated with sync_to_async / database_sync_to_async */
	uint8_t has_direct; /* its own body blocks */
	uint8_t plain;      /* ... outside a memo's fill (EVF_MEMO): every call may block; later
			     * the fixpoint: some route reaches such a line */
	uint8_t conf;
	/* sync defs: the parameters (positions < 8, bit i) their body evaluates as a whole, as a
	 * QuerySet would be (for loop, comprehension, list()/len()/sorted(), truth test); where:
	 * graph.sinks */
	uint8_t sink_params;
	enum severity sev;
	const struct rule *rule; /* ... by this rule */
	const char *library;     /* ... of this client library (static), or NULL */
	struct span sp;    /* ... at this place */
	char *what;        /* ... doing this: "`Book.objects.get()`" */
	/* Per confidence level L: hops to a blocking line over calls and a blocking line all
	 * of confidence >= L (0 direct, INT_MAX none), and the edge taken when > 0. A chain is
	 * shown by its most confident route, the shortest among those. */
	int dist[CONF_HIGH + 1];
	int via[CONF_HIGH + 1];
	const char *root;  /* async defs: their root kind */
};

struct edge {
	int caller_sum, caller_scope; /* the function the call is written in */
	int callee_sum, callee_scope;
	int async_site; /* the call runs in async context: a finding when the callee blocks */
	uint8_t conf;
	struct span sp;
	char *callee_text; /* "services.f" */
	int property;      /* the call is the read of a @property / cached_property: `book.tag_count` */
	/* a framework runs the callee for the async caller (eng_hook): who runs it, and the fix;
	 * judged by DJA502. NULL for a call written in the caller. */
	char *hook, *hook_fix;
	int awaited; /* `await helper()` where helper is a plain def: it runs before the await */
};

/* A call of a project function, awaited or not, with what its positional arguments are: the
 * callers' side of a relation read on a parameter. */
#define CALL_ARGS 6
struct arg_fact {
	uint8_t instance; /* a model instance the caller knows (not itself handed in) */
	int cls;
	const char *sel;  /* the relations its query fetched (see struct type) */
};
struct call_in {
	int caller_sum, caller_scope, callee_sum, callee_scope;
	int line;
	uint8_t n_args;
	struct arg_fact args[CALL_ARGS];
};

/* A call in async code, not wrapped, that gives unevaluated QuerySets: the positions (bit i),
 * the least confidence of them, the call and its callee's text. Few: kept apart from calls. */
struct qs_call {
	int caller_sum, caller_scope, callee_sum, callee_scope;
	uint8_t qs_args, qs_conf;
	struct span sp;
	char *callee_text;
};

/* Where a sync def evaluates parameter `pos` as a whole (fninfo.sink_params). */
struct sink {
	int sum, scope, pos;
	struct span sp;
};

/* `param.author` in an async function, judged once every call is known: silent when every
 * caller passes an instance whose query fetched it, a finding naming a caller that does not,
 * low confidence when no caller is known. */
struct param_read {
	int sum, fn, param; /* the function and the parameter's position */
	int untyped;        /* the parameter has no type of its own: the callers' instances give it */
	int rows;           /* `param.tags.all()` iterated (DJA103): the callers' prefetch decides */
	char *path, *function, *code, *base, *field;
	const char *root;
	struct span sp;
};

struct graph {
	struct fninfo **fi; /* [sum][scope] */
	size_t *n_fi;       /* scopes per sum */
	VEC(struct edge) edges;
	VEC(struct call_in) calls;
	VEC(struct qs_call) qs_calls;
	VEC(struct sink) sinks;
	VEC(struct param_read) param_reads;
};

const struct fix no_fix = {0, NULL, NULL};

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

char *eng_render(const struct ctx *c, int32_t e)
{
	struct strbuf b = {0};
	render(c, e, &b, 0);
	return b.s;
}

/* The innermost def/lambda/class decides: only the body of an async def is async context. */
int eng_async_function_of(const struct ctx *c, int scope)
{
	if (scope < 0)
		return -1;
	if (c->roots && c->roots[scope])
		return scope;
	return c->s->scopes.items[scope].kind == SC_ASYNC_FUNCTION ? scope : -1;
}

/* "pkg.module.Class.method" for a project function, as Python imports it. Caller frees. */
static char *project_qual(const struct ctx *c, int sum, int scope)
{
	const struct summary *s = index_summary(c->ix, sum);
	return xasprintf("%s.%s", index_import_name(c->ix, sum), summary_str(s, s->scopes.items[scope].qualname));
}

static int in_range(const struct range *r, const struct span *sp)
{
	int after = sp->line > r->line || (sp->line == r->line && sp->col >= r->col);
	int before = sp->line < r->end_line || (sp->line == r->end_line && sp->col < r->end_col);
	return after && before;
}

char *eng_version_text(int v)
{
	return xasprintf("%d.%d", v / 100, v % 100);
}

const char *const eng_http_methods[] = {
	"get", "post", "put", "patch", "delete", "head", "options", "trace", "dispatch", NULL,
};
static const char *const ninja_verbs[] = {
	"get", "post", "put", "patch", "delete", "api_operation", "head", "options", NULL,
};

/* What kind of async root scope `fn` is: how the framework reaches it. */
/* `request: starlette.requests.Request`: a handler of another web framework (baserow mounts a
 * Starlette app for MCP), not a Django view. */
static int other_framework_request(struct ctx *c, const struct scope *sc)
{
	static const char *const others[] = {"starlette.", "fastapi.", "aiohttp.", "sanic.", "quart.", "flask.",
					     "litestar.", "tornado.", "werkzeug.", NULL};
	int32_t ann = X(c, sc->params)->a;
	if (ann < 0)
		return 0;
	struct type t = ty_eval(c, sc->parent, ann, 0);
	if ((t.kind != T_EXTERNAL && t.kind != T_EXT_INSTANCE) || !t.qual)
		return 0;
	for (size_t i = 0; others[i]; i++)
		if (str_has_prefix(t.qual, others[i]))
			return 1;
	return 0;
}

const char *engine_root_kind(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	const char *name = S(c, sc->name);
	if (strcmp(name, "__acall__") == 0)
		return "middleware";
	int cls = ty_owner_class(c, fn);
	if (cls >= 0) {
		const char *bases[16];
		size_t nb = index_external_bases(c->ix, cls, bases, 16);
		for (size_t i = 0; i < nb; i++) {
			const char *b = bases[i];
			if (str_has_prefix(b, "channels.") && strstr(b, "Consumer"))
				return "consumer";
			if (str_has_prefix(b, "adrf."))
				return "adrf";
			if (str_has_prefix(b, "graphene.") && str_has_prefix(name, "resolve_"))
				return "graphql";
			if ((str_has_prefix(b, "django.views.") || str_has_prefix(b, "django.contrib.auth.views.")) &&
			    str_in(name, eng_http_methods) >= 0)
				return "view-handler";
		}
		if (strcmp(name, "__call__") == 0)
			return "middleware";
	} else if (sc->parent >= 0) {
		/* the async inner function of a middleware factory: def mw(get_response): ... */
		const struct scope *p = &c->s->scopes.items[sc->parent];
		for (int32_t a = p->params; p->kind == SC_FUNCTION && a >= 0; a = X(c, a)->next)
			if (strcmp(S(c, X(c, a)->str), "get_response") == 0)
				return "middleware";
	}
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		const struct ex *dx = X(c, e);
		struct type t = ty_eval(c, sc->parent, e, 0);
		if (t.kind == T_EXTERNAL && strcmp(t.qual, "django.dispatch.receiver") == 0)
			return "signal-receiver";
		if (t.kind == T_EXTERNAL && (str_has_prefix(t.qual, "strawberry.") ||
					     str_has_prefix(t.qual, "strawberry_django.")))
			return "graphql";
		if (dx->kind == EX_ATTR && str_in(S(c, dx->str), ninja_verbs) >= 0) {
			struct type o = ty_eval(c, sc->parent, dx->a, 0);
			if ((o.kind == T_EXT_INSTANCE || o.kind == T_EXTERNAL) && o.qual && str_has_prefix(o.qual, "ninja."))
				return "ninja";
		}
	}
	if (sc->params >= 0 && strcmp(S(c, X(c, sc->params)->str), "request") == 0)
		return other_framework_request(c, sc) ? "other-framework" : "view";
	return "function";
}

/* A sync def's first most confident blocking event, remembered for chains through helpers.
 * DJA401 is a wrapper mistake, not blocking of the helper itself. */
static void record_direct(struct ctx *c, int scope, const struct rule *r, uint8_t conf, struct fix fx,
			  const struct span *sp, const char *what, uint8_t flags)
{
	if (!c->g || scope < 0 || c->s->scopes.items[scope].kind != SC_FUNCTION ||
	    strcmp(r->id, "DJA401") == 0)
		return;
	struct fninfo *fi = &c->g->fi[c->sum][scope];
	if (!(flags & EVF_MEMO))
		fi->plain = 1;
	if (fi->has_direct && fi->conf >= conf)
		return;
	free(fi->what);
	fi->has_direct = 1;
	fi->rule = r;
	fi->library = fx.library;
	fi->sev = r->severity;
	fi->conf = conf;
	fi->sp = *sp;
	fi->what = xstrdup(what);
}

static int suppressed_at(const struct ctx *c, const struct span *sp)
{
	for (size_t i = 0; i < c->suppressed.len; i++)
		if (in_range(&c->suppressed.items[i], sp))
			return 1;
	return 0;
}

/* Reports a blocking event: a finding in async context, a remembered blocker in a sync def.
 * `what` names the blocking code (`Book.objects.get()`); `core` is the message without the
 * function. Takes ownership of core and suggestion. */
void eng_emit(struct ctx *c, const struct event *ev, const struct span *sp, const char *id,
		 uint8_t conf, struct fix fx, const char *what, char *core, char *suggestion)
{
	const struct rule *r = rule_find(id);
	int fn = eng_async_function_of(c, ev->scope);
	if (r && fn < 0)
		record_direct(c, ev->scope, r, conf, fx, sp, what, ev->flags);
	if (!c->r || fn < 0 || conf < c->o->min_confidence || !r || suppressed_at(c, sp)) {
		free(core);
		free(suggestion);
		return;
	}
	struct finding f = {
		.rule = r, .cause = r, .library = fx.library, .twin = fx.twin, .fix_tmpl = fx.tmpl,
		.id = r->id, .slug = r->slug, .severity = r->severity, .confidence = conf,
		.path = xstrdup(c->s->path), .line = sp->line, .column = sp->col,
		.end_line = sp->end_line, .end_column = sp->end_col,
		.message = xasprintf("%s in async function `%s`", core, S(c, c->s->scopes.items[fn].qualname)),
		.suggestion = suggestion, .function = xstrdup(S(c, c->s->scopes.items[fn].qualname)),
		.root = engine_root_kind(c, fn),
	};
	free(core);
	report_add_finding(c->r, f);
}

/* A call to a project function: an edge of the call graph. */
static void record_edge(struct ctx *c, const struct event *ev, const struct call *k, int32_t fn_ex, int property)
{
	if (!c->g || k->callee_scope < 0 || ev->scope < 0)
		return;
	uint8_t kind = c->s->scopes.items[ev->scope].kind;
	if (kind != SC_FUNCTION && kind != SC_ASYNC_FUNCTION)
		return; /* lambdas and class bodies are not followed */
	int async_site = eng_async_function_of(c, ev->scope) >= 0;
	int awaited = async_site && (ev->flags & EVF_AWAITED);
	if (awaited) {
		/* `await helper()`: an async callee, or a wrapped one; but a plain undecorated `def`
		 * runs its body right there, on the event loop, before anything is awaited */
		const struct scope *cs = &index_summary(c->ix, k->callee_sum)->scopes.items[k->callee_scope];
		if (cs->kind != SC_FUNCTION || cs->decorators >= 0 || property)
			return;
	}
	if (async_site && suppressed_at(c, &ev->sp))
		return;
	struct edge e = {c->sum, ev->scope, k->callee_sum, k->callee_scope, async_site, k->conf, ev->sp,
			 eng_render(c, fn_ex), property, NULL, NULL, awaited};
	VEC_PUSH(c->g->edges, e);
}

void eng_hook(struct ctx *c, int scope, const struct span *sp, int sum, int fn, uint8_t conf, const char *callee,
	      const char *runner, const char *fix)
{
	if (!c->g || scope < 0 || fn < 0 || index_summary(c->ix, sum)->scopes.items[fn].kind != SC_FUNCTION)
		return; /* an async hook is awaited */
	int async_site = eng_async_function_of(c, scope) >= 0;
	if (async_site && suppressed_at(c, sp))
		return;
	struct edge e = {c->sum, scope, sum, fn, async_site, conf, *sp, xstrdup(callee), 0, xstrdup(runner),
			 xstrdup(fix), 0};
	VEC_PUSH(c->g->edges, e);
}

/* The async def around `scope` (through nested defs and lambdas), or -1. */
static int enclosing_async(const struct ctx *c, int scope)
{
	while (scope >= 0 && c->s->scopes.items[scope].kind != SC_ASYNC_FUNCTION)
		scope = c->s->scopes.items[scope].parent;
	return scope;
}

static void mark_loaded(struct ctx *c, int scope, uint8_t what)
{
	int fn = enclosing_async(c, scope);
	if (fn >= 0 && c->loaded)
		c->loaded[fn] |= what;
}

static void report_lazy_relation(struct ctx *c, const struct event *ev, const struct ex *x, const char *field,
				 int32_t base, uint8_t conf);

/* `book.refresh_from_db()`, `await book.arefresh_from_db()`, `sync_to_async(book.refresh_from_db)()`:
 * Django reloads the fields and drops the relations fetched with the row, so reading one
 * queries again. */
static void forget_relations(struct ctx *c, const struct event *ev)
{
	int32_t f = X(c, ev->ex)->a;
	if (X(c, f)->kind == EX_CALL) /* the wrapper's argument: sync_to_async(book.refresh_from_db) */
		f = ty_nth_arg(c, f, 0);
	if (f < 0 || X(c, f)->kind != EX_ATTR || X(c, X(c, f)->a)->kind != EX_NAME)
		return;
	const char *m = S(c, X(c, f)->str);
	if (strcmp(m, "refresh_from_db") != 0 && strcmp(m, "arefresh_from_db") != 0)
		return;
	int32_t var = X(c, f)->a;
	struct type t = ty_eval(c, ev->scope, var, 0);
	if (t.kind != T_INSTANCE)
		return;
	t.sel = NULL;
	ty_bind_target(c, ev->scope, var, t);
	ty_forget_cached(c, ev->scope, S(c, X(c, var)->str));
}

/* An awaited call that names a relation of an instance loads it into the instance's cache:
 * `await sync_to_async(getattr)(book, "author")`, `await order.arelated("payment")` (adjango). */
static void relation_fetched(struct ctx *c, const struct event *ev)
{
	if (!(ev->flags & EVF_AWAITED) || ev->scope < 0)
		return;
	int32_t call = ev->ex, f = X(c, call)->a, obj = -1, name = -1;
	if (X(c, f)->kind == EX_CALL) {
		/* await sync_to_async(getattr)(request.user, "is_authenticated"): request.user handed
		 * to a function run in a thread is loaded there, read from memory after it */
		struct type w = ty_eval(c, ev->scope, X(c, f)->a, 0);
		if (w.kind == T_EXTERNAL && str_in(w.qual, ty_wrappers_first_arg) >= 0)
			for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next)
				if (X(c, a)->kind != EX_KWARG && ty_eval(c, ev->scope, a, 0).kind == T_REQUEST_USER)
					mark_loaded(c, ev->scope, LOADED_USER);
		/* sync_to_async(getattr)(obj, "rel") */
		int32_t g = ty_nth_arg(c, f, 0);
		if (g >= 0 && X(c, g)->kind == EX_NAME && strcmp(S(c, X(c, g)->str), "getattr") == 0) {
			obj = ty_nth_arg(c, call, 0);
			name = ty_nth_arg(c, call, 1);
		}
	} else if (X(c, f)->kind == EX_ATTR) { /* obj.arelated("rel") */
		obj = X(c, f)->a;
		name = ty_nth_arg(c, call, 0);
	}
	if (obj < 0 || name < 0 || X(c, obj)->kind != EX_NAME || X(c, name)->kind != EX_STRING || !X(c, name)->str)
		return;
	struct type t = ty_eval(c, ev->scope, obj, 0);
	const char *field = S(c, X(c, name)->str);
	const struct relation *rl = t.kind == T_INSTANCE ? index_relation(c->ix, t.cls, field) : NULL;
	if (relation_loads_row(rl))
		ty_cache_rel(c, ev->scope, S(c, X(c, obj)->str), field);
}

static void record_call_in(struct ctx *c, const struct event *ev, const struct call *k)
{
	if (!c->g || k->callee_scope < 0 || ev->scope < 0 || (ev->flags & EVF_NO_LOOP))
		return;
	struct call_in ci = {c->sum, ev->scope, k->callee_sum, k->callee_scope, ev->sp.line, 0, {{0}}};
	struct qs_call qc = {c->sum, ev->scope, k->callee_sum, k->callee_scope, 0, CONF_HIGH, ev->sp, NULL};
	int async_site = eng_async_function_of(c, ev->scope) >= 0 && !(ev->flags & EVF_AWAITED) && !suppressed_at(c, &ev->sp);
	for (int32_t a = X(c, ev->ex)->args; a >= 0 && ci.n_args < CALL_ARGS; a = X(c, a)->next) {
		if (X(c, a)->kind == EX_KWARG || (X(c, a)->flags & EXF_SPLAT))
			break; /* keyword or splat: the positions after it are not known */
		struct type t = ty_eval(c, ev->scope, a, 0);
		struct arg_fact *f = &ci.args[ci.n_args++];
		f->instance = t.kind == T_INSTANCE && !(t.rel & REL_OUTSIDE);
		f->cls = t.cls;
		f->sel = t.sel;
		if (async_site && t.kind == T_QUERYSET && !(t.rel & (REL_CACHED | REL_ESCAPED)) && ci.n_args <= 8) {
			qc.qs_args |= (uint8_t)(1u << (ci.n_args - 1));
			if (t.conf < qc.qs_conf)
				qc.qs_conf = t.conf;
		}
	}
	if (qc.qs_args) {
		qc.callee_text = eng_render(c, X(c, ev->ex)->a);
		VEC_PUSH(c->g->qs_calls, qc);
	}
	VEC_PUSH(c->g->calls, ci);
}

static int param_position(const struct ctx *c, int fn, const char *name);
static int param_rebound(struct ctx *c, int fn, const char *name);

/* `book.author` where `book` is a parameter without a type of its own, never rebound in its async
 * function: its callers' instances will say what it is (judge_param_reads). */
static void untyped_param_read(struct ctx *c, const struct event *ev, int32_t e)
{
	const struct ex *x = X(c, e);
	int fn = eng_async_function_of(c, ev->scope);
	if (!c->g || !c->r || fn < 0 || fn != ev->scope || X(c, x->a)->kind != EX_NAME || suppressed_at(c, &x->sp))
		return;
	const char *name = S(c, X(c, x->a)->str);
	int pos = param_position(c, fn, name);
	if (pos < 0)
		return;
	if (param_rebound(c, fn, name))
		return; /* what it holds is not only what the callers gave */
	struct param_read pr = {c->sum, fn, pos, 1, 0, xstrdup(c->s->path), xstrdup(S(c, c->s->scopes.items[fn].qualname)),
				eng_render(c, e), xstrdup(name), xstrdup(S(c, x->str)), engine_root_kind(c, fn), x->sp};
	VEC_PUSH(c->g->param_reads, pr);
}

int eng_defer_param_rows(struct ctx *c, const struct event *ev, int32_t qs_ex)
{
	const struct ex *q = X(c, qs_ex);
	int fn = eng_async_function_of(c, ev->scope);
	if (!c->g || !c->r || fn < 0 || q->kind != EX_CALL || X(c, q->a)->kind != EX_ATTR ||
	    strcmp(S(c, X(c, q->a)->str), "all") != 0 || q->args >= 0)
		return 0;
	const struct ex *mgr = X(c, X(c, q->a)->a); /* project.members */
	if (mgr->kind != EX_ATTR || X(c, mgr->a)->kind != EX_NAME)
		return 0;
	const char *name = S(c, X(c, mgr->a)->str), *field = S(c, mgr->str);
	struct type t = ty_eval(c, ev->scope, mgr->a, 0);
	const struct relation *rl = t.kind == T_INSTANCE ? index_relation(c->ix, t.cls, field) : NULL;
	int pos = param_position(c, fn, name);
	if (!rl || (rl->kind != REL_M2M && rl->kind != REL_REVERSE_FK) || !(t.rel & REL_OUTSIDE) || pos < 0 ||
	    param_rebound(c, fn, name))
		return 0;
	struct param_read pr = {c->sum, fn, pos, 0, 1, xstrdup(c->s->path), xstrdup(S(c, c->s->scopes.items[fn].qualname)),
				eng_render(c, qs_ex), xstrdup(name), xstrdup(field), engine_root_kind(c, fn), q->sp};
	VEC_PUSH(c->g->param_reads, pr);
	return 1;
}

/* The position of parameter `name` of function `fn` in a call (self and cls not counted for
 * methods), or -1. */
static int param_position(const struct ctx *c, int fn, const char *name)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	int method = sc->parent >= 0 && c->s->scopes.items[sc->parent].kind == SC_CLASS;
	int k = 0;
	for (int32_t p = sc->params; p >= 0; p = X(c, p)->next, k++)
		if (strcmp(S(c, X(c, p)->str), name) == 0)
			return method ? (k == 0 ? -1 : k - 1) : k;
	return -1;
}

/* getattr(book, "author"): the relation is read like book.author. */
static void getattr_read(struct ctx *c, const struct event *ev, int32_t call)
{
	int32_t o = ty_nth_arg(c, call, 0), n = ty_nth_arg(c, call, 1);
	if (o < 0 || n < 0 || X(c, n)->kind != EX_STRING || !X(c, n)->str)
		return;
	struct type t = ty_eval(c, ev->scope, o, 0);
	const char *m = S(c, X(c, n)->str);
	const struct relation *rl = t.kind == T_INSTANCE ? index_relation(c->ix, t.cls, m) : NULL;
	if (!relation_loads_row(rl))
		return;
	if (!ty_sel_covers(t.sel, m, rl->kind != REL_REVERSE_O2O) && !ty_rel_cached(c, ev->scope, o, m))
		report_lazy_relation(c, ev, X(c, call), m, o, (t.rel & REL_OUTSIDE) ? CONF_LOW : CONF_MEDIUM);
}

static void on_call(struct ctx *c, const struct event *ev)
{
	struct call k = ty_classify_call(c, ev->scope, ev->ex, 0);
	const struct ex *call = X(c, ev->ex);
	const struct ex *fn = X(c, call->a);
	if ((ev->flags & EVF_AWAITED) && fn->kind == EX_ATTR) {
		/* await request.session.aget(...): the session is loaded from now on (its cache is
		 * the sync API's too). Not so `await request.auser()`: it caches in _acached_user,
		 * request.user in _cached_user (Django's auth middleware), so request.user read
		 * after it still queries */
		struct type recv = ty_eval(c, ev->scope, fn->a, 0);
		const char *m = S(c, fn->str);
		if (recv.kind == T_SESSION && m[0] == 'a')
			mark_loaded(c, ev->scope, LOADED_SESSION);
	}
	if (k.callee_scope >= 0 && (c->o->n_safe || c->o->n_extra)) {
		/* a project function named in the configuration */
		char *q = project_qual(c, k.callee_sum, k.callee_scope);
		if (ty_in_list(q, c->o->safe_calls, c->o->n_safe) >= 0)
			k.callee_scope = -1;
		else if ((k.extra = ty_in_list(q, c->o->extra_names, c->o->n_extra)) >= 0)
			k.kind = CALL_BLOCKING;
		free(q);
	}
	record_call_in(c, ev, &k);
	forget_relations(c, ev);
	relation_fetched(c, ev);
	switch (k.kind) {
	case CALL_NONE:
		record_edge(c, ev, &k, call->a, 0);
		if (k.callee_scope < 0)
			check_permission_call(c, ev); /* DRF's own: the view's permission classes */
		if (k.qual && strcmp(k.qual, "builtins.getattr") == 0)
			getattr_read(c, ev, ev->ex);
		break;
	default: {
		/* the rule the tables (or the call's shape) name judges it, in analyzer/rules/ */
		const struct rule *r = k.kind == CALL_API	   ? rule_find(k.api->rule_id)
				       : k.kind == CALL_BLOCKING ? rule_find(k.extra >= 0  ? "DJA390"
										 : k.anym ? k.anym->rule_id
											  : k.blk->rule_id)
				       : k.kind == CALL_MISUSE	   ? rule_find("DJA401")
				       : k.kind == CALL_ASYNC_TO_SYNC ? rule_find("DJA402")
								       : rule_find("DJA403");
		assert(r && r->check_call); /* test_registry: every table row names a rule that has one */
		r->check_call(c, ev, &k, r);
		break;
	}
	}
}

/* book.author without select_related("author"): a query on the event loop. */
static void report_lazy_relation(struct ctx *c, const struct event *ev, const struct ex *x, const char *field,
				 int32_t base, uint8_t conf)
{
	char *code = eng_render(c, (int32_t)(x - c->s->ex.items));
	char *recv = eng_render(c, base);
	char *what = xasprintf("`%s` (a lazy relation)", code);
	int hops = strstr(field, "__") != NULL;
	eng_emit(c, ev, &x->sp, "DJA105", conf, no_fix, what,
	     xasprintf(hops ? "`%s` %s the related rows with synchronous queries" : "`%s` %s the related row with a synchronous query", code,
		       conf == CONF_LOW ? "may load" : "loads"),
	     xasprintf("fetch it with the rows: `.select_related(\"%s\")` (or `prefetch_related`) on the query "
		       "that gave `%s`%s", field, recv,
		       conf == CONF_LOW ? " (fine as is if every caller already does)" : ""));
	free(what);
	free(recv);
	free(code);
}

/* serializer.data: a property that queries. */
static void report_attr_blocking(struct ctx *c, const struct event *ev, const struct ex *x,
				 const struct blocking_call *b)
{
	char *code = eng_render(c, (int32_t)(x - c->s->ex.items));
	char *what = xasprintf("`%s`", code);
	eng_emit(c, ev, &x->sp, b->rule_id, CONF_HIGH, no_fix, what,
	     xasprintf(strcmp(b->rule_id, "DJA213") == 0   ? "reading `%s` runs database queries synchronously"
		       : strcmp(b->rule_id, "DJA208") == 0 ? "reading `%s` asks Celery's result backend synchronously"
							    : "reading `%s` does storage I/O synchronously",
		       code),
	     xstrdup(b->fix));
	free(what);
	free(code);
}

/* request.user and request.session: lazy objects that hit the database on first use. */
static void report_request(struct ctx *c, const struct event *ev, const struct span *sp,
			   const char *key, int32_t e, const char *how, uint8_t conf)
{
	const struct blocking_call *b = blocking_find(key);
	uint8_t obj = strcmp(b->rule_id, "DJA209") == 0 ? LOADED_USER : LOADED_SESSION;
	if (ty_memory_backend(c, b->rule_id, -1))
		return;
	if (c->set && c->set->user_loaded)
		return; /* a sync middleware read the user (and so the session) for every request */
	if (obj == LOADED_USER && c->set && c->set->no_lazy_user)
		return; /* no AuthenticationMiddleware: request.user is the project's own attribute */
	int fn = eng_async_function_of(c, ev->scope);
	if (fn < 0) {
		/* in a wrapped lambda or helper: it loads the object for the code after it */
		mark_loaded(c, ev->scope, obj);
		return;
	}
	if (c->loaded && (c->loaded[fn] & obj))
		return; /* already loaded in this function: served from memory */
	char *code = eng_render(c, e);
	char *what = xasprintf("%s `%s`", how, code);
	char *sugg;
	if (c->o->django_version < b->since) {
		char *need = eng_version_text(b->since);
		sugg = xasprintf("move the access into a sync function run with `await sync_to_async(...)(...)` "
				 "(the async API needs Django %s)", need);
		free(need);
	} else {
		sugg = xstrdup(b->fix);
	}
	eng_emit(c, ev, sp, b->rule_id, conf, (struct fix){c->o->django_version >= b->since, NULL, NULL}, what,
	     xasprintf("%s `%s` loads it synchronously", how, code), sugg);
	if (c->loaded)
		c->loaded[fn] |= obj; /* the first read loads it: the later ones read memory */
	free(what);
	free(code);
}

/* Reading `obj.prop` runs the property's body: an edge of the call graph, like a call. */
static void property_read(struct ctx *c, const struct event *ev, int32_t e, struct type o)
{
	if (o.kind != T_INSTANCE && o.kind != T_OBJECT)
		return;
	const struct ex *x = X(c, e);
	struct type f = ty_method_type(c, o.cls, S(c, x->str), o.conf);
	if (f.kind != T_FUNCTION || !ty_is_property(c, f.sum, f.aux))
		return;
	struct call k = {.kind = CALL_NONE, .conf = f.conf, .callee_sum = f.sum, .callee_scope = f.aux};
	struct event at = *ev;
	at.sp = x->sp;
	at.flags &= (uint8_t)~EVF_AWAITED;
	record_edge(c, &at, &k, e, 1);
}

/* `o.m` loads a single-valued relation on first access: o is an instance whose query did not
 * fetch m, and m was not set in this function. */
static int lazy_load(struct ctx *c, const struct event *ev, int32_t e, struct type *o_out)
{
	const struct ex *x = X(c, e);
	if (x->kind != EX_ATTR)
		return 0;
	struct type o = ty_eval(c, ev->scope, x->a, 0);
	const char *m = S(c, x->str);
	*o_out = o;
	const struct relation *rl = o.kind == T_INSTANCE ? index_relation(c->ix, o.cls, m) : NULL;
	if (!relation_loads_row(rl))
		return 0;
	return !ty_sel_covers(o.sel, m, rl->kind != REL_REVERSE_O2O) && !ty_rel_cached(c, ev->scope, x->a, m);
}

/* `Serializer(qs, many=True)` or a serializer of a QuerySet: its .data evaluates rows; not over
 * rows already in memory (a list, an evaluated QuerySet). The receiver must be the constructor
 * call itself (or the variable it was last assigned to) to be known not to. */
static int many_rows(struct ctx *c, int scope, int32_t recv)
{
	if (X(c, recv)->kind == EX_NAME) {
		/* serializer = BookSerializer(book): the last assignment before this read */
		int32_t made = -1;
		const struct span *at = &X(c, recv)->sp;
		const struct scope_events *se = ty_scope_events(c->rm, c->s, c->sum);
		for (size_t k = scope >= 0 ? se->first[scope] : 0; scope >= 0 && k < se->first[scope + 1]; k++) {
			const struct event *ev = &c->s->ev.items[se->ev[k]];
			if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(c, ev->target)->kind == EX_NAME &&
			    strcmp(S(c, X(c, ev->target)->str), S(c, X(c, recv)->str)) == 0 &&
			    (ev->sp.line < at->line || (ev->sp.line == at->line && ev->sp.col < at->col)))
				made = ev->ex;
		}
		if (made < 0)
			return 1;
		recv = made;
	}
	if (X(c, recv)->kind != EX_CALL)
		return 1;
	/* many=True or not, what is serialized decides: a QuerySet not yet evaluated queries; a
	 * list, rows already fetched, one instance or what is not known to be a QuerySet do not */
	int32_t first = ty_nth_arg(c, recv, 0);
	struct type t = first >= 0 ? ty_eval(c, scope, first, 0) : ty_unknown;
	if (t.kind == T_INSTANCES || ((t.kind == T_QUERYSET || t.kind == T_MANAGER) && (t.rel & REL_CACHED)))
		return 0; /* rows already in memory (a list, an evaluated QuerySet): no query */
	return t.kind == T_QUERYSET || t.kind == T_MANAGER;
}

/* One attribute read `o.m`: a lazy relation (DJA105), a property that blocks (DJA213, DJA215),
 * a read through request.user (DJA209), or a project property (an edge to its body). Returns
 * the expression below the reads it judged: `book.author.publisher` is one finding (the path
 * to fetch is author__publisher), so the inner `book.author` is judged with it. */
static int32_t check_attr_read(struct ctx *c, const struct event *ev, int32_t e)
{
	const struct ex *x = X(c, e);
	struct type o;
	if (lazy_load(c, ev, e, &o) && x->a >= 0 && X(c, x->a)->kind == EX_NAME && eng_async_function_of(c, ev->scope) < 0 &&
	    enclosing_async(c, ev->scope) >= 0) {
		/* sync_to_async(lambda: log.portfolio)(): loaded in the thread, cached on the object the
		 * async function holds (a name of the lambda's own would be bound in its scope) */
		struct type t;
		const char *var = S(c, X(c, x->a)->str);
		if (!ty_env_find(c, ev->scope, var, &t))
			ty_cache_rel(c, enclosing_async(c, ev->scope), var, S(c, x->str));
	}
	if (lazy_load(c, ev, e, &o)) {
		/* the longest run of lazy loads ending here: book.author.publisher */
		struct strbuf path = {0};
		int32_t inner = x->a;
		struct type io = o;
		sb_puts(&path, S(c, x->str));
		while (lazy_load(c, ev, inner, &io)) {
			char *p = xasprintf("%s__%s", S(c, X(c, inner)->str), path.s);
			free(path.s);
			path = (struct strbuf){0};
			sb_puts(&path, p);
			free(p);
			c->seen[inner] = 1;
			o = io;
			inner = X(c, inner)->a;
		}
		int fn = eng_async_function_of(c, ev->scope);
		int pos = (o.rel & REL_OUTSIDE) && fn >= 0 && c->g && X(c, inner)->kind == EX_NAME
				  ? param_position(c, fn, S(c, X(c, inner)->str)) : -1;
		if (pos >= 0 && c->r && !suppressed_at(c, &x->sp)) {
			/* a parameter: judged by its callers once every call is known */
			struct param_read pr = {c->sum, fn, pos, 0, 0, xstrdup(c->s->path),
						xstrdup(S(c, c->s->scopes.items[fn].qualname)),
						eng_render(c, e), eng_render(c, inner), xstrdup(path.s), engine_root_kind(c, fn), x->sp};
			VEC_PUSH(c->g->param_reads, pr);
		} else {
			report_lazy_relation(c, ev, x, path.s, inner, (o.rel & REL_OUTSIDE) ? CONF_LOW : CONF_MEDIUM);
			/* the first read loads it into the instance: later reads of var.field read memory */
			if (X(c, inner)->kind == EX_NAME && !strstr(path.s, "__"))
				ty_cache_rel(c, ev->scope, S(c, X(c, inner)->str), S(c, x->str)); /* strings of the summary */
		}
		free(path.s);
		return inner;
	}
	if (x->kind != EX_ATTR)
		return -1;
	o = ty_eval(c, ev->scope, x->a, 0);
	const char *m = S(c, x->str);
	if (o.kind == T_UNKNOWN)
		untyped_param_read(c, ev, e);
	property_read(c, ev, e, o);
	switch (o.kind) {
	case T_REQUEST_USER:
		report_request(c, ev, &x->sp, "django.http.request.user.<read>", e, "reading", o.conf);
		return x->a;
	case T_EXT_INSTANCE: {
		char *q = xasprintf("%s.%s", o.qual, m);
		const struct blocking_call *b = blocking_find(q);
		free(q);
		if (b && b->returns && strcmp(b->returns, "<attribute>") == 0)
			report_attr_blocking(c, ev, x, b);
		return x->a;
	}
	case T_OBJECT: {
		if (ty_method_or_attr(c, o.cls, m, o.conf).kind != T_UNKNOWN)
			return x->a;
		const struct blocking_call *b = ty_inherited_blocking(c, o.cls, m);
		if (b && strcmp(m, "data") == 0 && ty_plain_model_form(c, o.cls, 1) && !many_rows(c, ev->scope, x->a))
			b = NULL; /* serializing one instance's own columns runs no query */
		if (b && ty_rel_cached(c, ev->scope, x->a, m))
			b = NULL; /* the serializer keeps what its first read made */
		if (b && o.conf < CONF_HIGH)
			b = NULL; /* a serializer from get_serializer(): instance or validated data, unknown */
		if (b && b->returns && strcmp(b->returns, "<attribute>") == 0) {
			report_attr_blocking(c, ev, x, b);
			if (X(c, x->a)->kind == EX_NAME)
				ty_cache_rel(c, ev->scope, S(c, X(c, x->a)->str), m); /* strings of the summary */
		}
		return x->a;
	}
	default:
		return x->a;
	}
}

/* The attribute reads in an event's expression, each node judged once, inner reads first.
 * A store target (`book.author = a`) is not a read; its object (`book`) is. */
static void walk_reads(struct ctx *c, const struct event *ev, int32_t e, int store, int depth)
{
	if (e < 0 || depth > MAX_EVAL_DEPTH || c->seen[e])
		return;
	c->seen[e] = 1;
	const struct ex *x = X(c, e);
	switch (x->kind) {
	case EX_ATTR:
		walk_reads(c, ev, store ? x->a : check_attr_read(c, ev, e), 0, depth + 1);
		break;
	case EX_CALL:
	case EX_SUBSCRIPT:
		walk_reads(c, ev, x->a, 0, depth + 1);
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next)
			walk_reads(c, ev, a, 0, depth + 1);
		break;
	case EX_AWAIT:
	case EX_KWARG:
		walk_reads(c, ev, x->a, 0, depth + 1);
		break;
	case EX_TUPLE:
	case EX_LIST:
	case EX_CHOICE:
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next)
			walk_reads(c, ev, a, store && x->kind == EX_TUPLE, depth + 1);
		break;
	default:
		break;
	}
}

static void check_reads(struct ctx *c, const struct event *ev)
{
	if (!c->seen || ev->scope < 0)
		return;
	int stores = ev->kind == EV_ASSIGN || ev->kind == EV_FOR || ev->kind == EV_WITH;
	if (ev->kind == EV_FOR || ev->kind == EV_WITH)
		walk_reads(c, ev, ev->ex, 0, 0);
	walk_reads(c, ev, ev->target, stores, 0); /* `a.b.c = x`: a.b is read first */
	walk_reads(c, ev, ev->ex, 0, 0);
	if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(c, ev->target)->kind == EX_ATTR &&
	    X(c, X(c, ev->target)->a)->kind == EX_NAME)
		ty_cache_rel(c, ev->scope, S(c, X(c, X(c, ev->target)->a)->str), S(c, X(c, ev->target)->str));
}

/* Whether parameter `name` of `fn` is bound again in its body (then what it holds is not
 * only what the callers gave). */
static int param_rebound(struct ctx *c, int fn, const char *name)
{
	const struct scope_events *se = ty_scope_events(c->rm, c->s, c->sum);
	for (size_t k = se->first[fn]; k < se->first[fn + 1]; k++) {
		const struct event *a = &c->s->ev.items[se->ev[k]];
		if ((a->kind == EV_ASSIGN || a->kind == EV_FOR || a->kind == EV_WITH) && a->target >= 0 &&
		    X(c, a->target)->kind == EX_NAME && strcmp(S(c, X(c, a->target)->str), name) == 0)
			return 1;
	}
	return 0;
}

/* In a sync def, `for u in users`, `[... for u in users]`, `list(users)`, `len(users)`,
 * `if users:` on a parameter of no known type: a QuerySet a caller passes is evaluated here
 * (the caller's side is judged by judge_param_sinks). */
static void note_param_sink(struct ctx *c, const struct event *ev)
{
	if (!c->g || ev->scope < 0 || c->s->scopes.items[ev->scope].kind != SC_FUNCTION || (ev->flags & EVF_ASYNC))
		return;
	int32_t e = ev->ex;
	if (ev->kind == EV_CALL) {
		static const char *const whole[] = {"list", "tuple", "set", "frozenset", "sorted", "len", NULL};
		int32_t f = X(c, e)->a;
		if (X(c, f)->kind != EX_NAME || str_in(S(c, X(c, f)->str), whole) < 0)
			return;
		e = ty_nth_arg(c, e, 0);
	} else if (ev->kind != EV_FOR && ev->kind != EV_TRUTH) {
		return;
	}
	if (e < 0 || X(c, e)->kind != EX_NAME)
		return;
	const char *name = S(c, X(c, e)->str);
	int pos = param_position(c, ev->scope, name);
	struct fninfo *fi = &c->g->fi[c->sum][ev->scope];
	if (pos < 0 || pos >= 8 || (fi->sink_params & (1u << pos)))
		return;
	uint8_t k = ty_eval(c, ev->scope, e, 0).kind; /* none, or a list annotation */
	if ((k != T_UNKNOWN && k != T_INSTANCES) || param_rebound(c, ev->scope, name))
		return;
	fi->sink_params |= (uint8_t)(1u << pos);
	VEC_PUSH(c->g->sinks, ((struct sink){c->sum, ev->scope, pos, X(c, e)->sp}));
}

static void on_event(struct ctx *c, const struct event *ev)
{
	if (ev->flags & EVF_NO_LOOP)
		return; /* not run while an event loop runs: neither findings nor call edges */
	if (c->method_depth == 0)
		c->for_async = eng_async_function_of(c, ev->scope) >= 0;
	check_reads(c, ev);
	if (!c->for_async && c->method_depth == 0)
		note_param_sink(c, ev);
	switch (ev->kind) {
	case EV_CALL:
		on_call(c, ev);
		break;
	case EV_ASSIGN:
		ty_bind_event(c, ev);
		if (c->seen && ev->scope >= 0)
			ty_rebind_cached(c, ev);
		break;
	case EV_WITH:
		ty_bind_event(c, ev);
		break;
	case EV_FOR: {
		struct type t = ty_eval(c, ev->scope, ev->ex, 0);
		const struct blocking_class_rule *any = t.kind == T_EXT_INSTANCE ? blocking_any_method(t.qual) : NULL;
		if (any && strcmp(any->rule_id, "DJA303") == 0 && !(ev->flags & EVF_ASYNC)) {
			/* for line in fh: each step reads the file */
			char *code = eng_render(c, ev->ex);
			char *what = xasprintf("iterating file `%s`", code);
			eng_emit(c, ev, &X(c, ev->ex)->sp, any->rule_id, t.conf, no_fix, what,
			     xasprintf("iterating `%s` reads the file synchronously", code), xstrdup(any->fix));
			free(what);
			free(code);
		}
		if (t.kind == T_QUERYSET && !(ev->flags & EVF_ASYNC))
			orm_report_evaluation(c, ev, ev->ex, t.conf, ev->flags & EVF_COMPREHENSION ? "<list>" : "<for>",
					ev->flags & EVF_COMPREHENSION ? "by a comprehension" : "by a for loop");
		if (t.kind == T_QUERYSET && (ev->flags & EVF_ASYNC) && X(c, ev->ex)->kind == EX_NAME) {
			/* `async for b in qs`: the rows are fetched into qs's cache, later loops read it */
			struct type cached = t;
			cached.rel |= REL_CACHED;
			ty_bind_target(c, ev->scope, ev->ex, cached);
		}
		ty_bind_event(c, ev);
		break;
	}
	case EV_TRUTH: {
		if (X(c, ev->ex)->kind == EX_CHOICE)
			break; /* `a or b`: its operands are tested by their own events */
		struct type t = ty_eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			orm_report_evaluation(c, ev, ev->ex, t.conf, "<bool>", "a truth test");
		else if (t.kind == T_REQUEST_USER)
			report_request(c, ev, &X(c, ev->ex)->sp, "django.http.request.user.<read>", ev->ex,
				       "truth-testing", t.conf);
		break;
	}
	case EV_IN: {
		struct type t = ty_eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			orm_report_evaluation(c, ev, ev->ex, t.conf, "<in>", "`in`");
		else if (t.kind == T_SESSION && !(t.rel & REL_SCOPE_USER))
			report_request(c, ev, &X(c, ev->ex)->sp, "django.http.request.session.<in>", ev->ex,
				       "`in` on", t.conf);
		break;
	}
	case EV_ATTR:
		break; /* judged by check_reads */
	case EV_SUBSCRIPT: {
		const struct ex *x = X(c, ev->ex);
		if (x->kind != EX_SUBSCRIPT || ((x->flags & EXF_SLICE) && !(x->flags & EXF_STEP)))
			break;
		struct type t = ty_eval(c, ev->scope, x->a, 0);
		if (t.kind == T_QUERYSET)
			orm_report_evaluation(c, ev, x->a, t.conf, x->flags & EXF_STEP ? "<step>" : "<index>",
					x->flags & EXF_STEP ? "a slice with a step" : "indexing");
		else if (t.kind == T_SESSION && !(x->flags & EXF_SLICE) && !(t.rel & REL_SCOPE_USER))
			report_request(c, ev, &x->sp, "django.http.request.session[]", ev->ex, "indexing", t.conf);
		break;
	}
	case EV_RETURN:
		break;
	}
}

/* `@sync_to_async` / `@database_sync_to_async` (with or without arguments) make a def a
 * coroutine function run in a worker thread: calls to it are not followed. */
static void mark_wrapped(struct ctx *c)
{
	for (size_t k = 0; k < c->s->scopes.len; k++) {
		const struct scope *sc = &c->s->scopes.items[k];
		for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
			int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
			struct type t = ty_eval(c, sc->parent, e, 0);
			if (t.kind == T_EXTERNAL && str_in(t.qual, ty_wrappers_first_arg) >= 0)
				c->g->fi[c->sum][k].wrapped = 1;
		}
	}
}

static int follows(const struct graph *g, struct summary *const *sums, int sum, int scope)
{
	return sums[sum]->scopes.items[scope].kind == SC_FUNCTION && !g->fi[sum][scope].wrapped;
}

/* Shortest distance from every sync def to a blocking line, once per confidence level
 * (only calls and blocking lines at least that confident count), to a fixpoint
 * (Bellman-Ford rounds, bounded by max_depth: longer chains are not reported anyway). */
static void propagate(struct graph *g, struct summary *const *sums, size_t n, int max_depth)
{
	for (int level = CONF_LOW; level <= CONF_HIGH; level++) {
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < g->n_fi[i]; k++) {
				struct fninfo *fi = &g->fi[i][k];
				fi->dist[level] = fi->has_direct && fi->conf >= level ? 0 : INT_MAX;
			}
		for (int round = 0; round < max_depth; round++) {
			int changed = 0;
			for (size_t i = 0; i < g->edges.len; i++) {
				const struct edge *e = &g->edges.items[i];
				if (e->async_site || e->conf < level ||
				    !follows(g, sums, e->callee_sum, e->callee_scope))
					continue;
				struct fninfo *callee = &g->fi[e->callee_sum][e->callee_scope];
				struct fninfo *caller = &g->fi[e->caller_sum][e->caller_scope];
				if (callee->dist[level] != INT_MAX &&
				    callee->dist[level] + 1 < caller->dist[level]) {
					caller->dist[level] = callee->dist[level] + 1;
					caller->via[level] = (int)i;
					changed = 1;
				}
			}
			if (!changed)
				break;
		}
	}
	/* whether some route reaches a line that blocks on every call, not only a memo's fill */
	for (int round = 0; round < max_depth; round++) {
		int changed = 0;
		for (size_t i = 0; i < g->edges.len; i++) {
			const struct edge *e = &g->edges.items[i];
			if (e->async_site || !follows(g, sums, e->callee_sum, e->callee_scope))
				continue;
			struct fninfo *caller = &g->fi[e->caller_sum][e->caller_scope];
			if (g->fi[e->callee_sum][e->callee_scope].plain && !caller->plain)
				caller->plain = changed = 1;
		}
		if (!changed)
			break;
	}
}

static char *fn_label(struct summary *const *sums, int sum, int scope)
{
	return xstrdup(summary_str(sums[sum], sums[sum]->scopes.items[scope].qualname));
}

/* A hop in the installed environment's code: named by module ("feedparser.api.parse"). */
static int library_hop(const struct engine_opts *o, const char *path)
{
	return env_holds(o->library_root, path);
}

/* Library hops between the first and the last are folded into the first's note: a chain
 * through boto3-like layers shows where the library was entered and where it blocks. */
static void fold_library_hops(struct finding *f, const struct engine_opts *o)
{
	size_t k = 0;
	while (k < f->chain_len && !library_hop(o, f->chain[k].path))
		k++;
	size_t end = k;
	while (end + 1 < f->chain_len && library_hop(o, f->chain[end + 1].path))
		end++;
	/* chain[k .. end] are library hops; keep k and the last of them (the leaf when it is the
	 * chain's end, else the hop that leaves the library) */
	if (k >= f->chain_len || end - k < 2)
		return;
	size_t folded = end - k - 1;
	char *note = xasprintf("%s (then %zu more call%s in library code)", f->chain[k].note, folded,
			       folded == 1 ? "" : "s");
	free(f->chain[k].note);
	f->chain[k].note = note;
	for (size_t j = k + 1; j < end; j++) {
		free(f->chain[j].path);
		free(f->chain[j].function);
		free(f->chain[j].note);
	}
	memmove(&f->chain[k + 1], &f->chain[end], (f->chain_len - end) * sizeof *f->chain);
	f->chain_len -= folded;
}

/* DJA501: an async call site whose sync callee reaches a blocking line. */
static void report_chains(struct graph *g, djindex *ix, struct summary *const *sums,
			  const struct engine_opts *o, struct report *r)
{
	const struct rule *chain_rule = rule_find("DJA501"), *hook_rule = rule_find("DJA502");
	/* "caller sum:scope memo sum:scope" of the async calls that reached a memo's fill: the
	 * first call in a function fills it, the later ones read it */
	struct strmap memo_seen = {0};
	VEC(char *) memo_keys = {0};
	for (size_t i = 0; i < g->edges.len; i++) {
		const struct edge *e = &g->edges.items[i];
		if (!e->async_site || !follows(g, sums, e->callee_sum, e->callee_scope))
			continue;
		const struct fninfo *fi = &g->fi[e->callee_sum][e->callee_scope];
		int level = e->conf; /* the most confident route that is short enough */
		while (level > CONF_LOW && (fi->dist[level] == INT_MAX || fi->dist[level] + 1 > o->max_depth))
			level--;
		if (fi->dist[level] == INT_MAX || fi->dist[level] + 1 > o->max_depth)
			continue;
		/* walk the witness: each hop's call site, then the blocking line */
		const struct rule *rule = e->hook ? hook_rule : chain_rule;
		struct finding f = {.rule = rule, .cause = rule, .id = rule->id, .slug = rule->slug, .confidence = e->conf};
		f.chain = xcalloc((size_t)fi->dist[level] + 1, sizeof *f.chain);
		int sum = e->callee_sum, scope = e->callee_scope;
		const struct fninfo *last = fi;
		while (1) {
			const struct fninfo *h = &g->fi[sum][scope];
			struct chain_hop *hop = &f.chain[f.chain_len++];
			hop->path = xstrdup(sums[sum]->path);
			hop->function = library_hop(o, hop->path)
						? xasprintf("%s.%s", index_import_name(ix, sum),
							    summary_str(sums[sum], sums[sum]->scopes.items[scope].qualname))
						: fn_label(sums, sum, scope);
			if (h->dist[level] == 0) {
				hop->line = h->sp.line;
				hop->column = h->sp.col;
				hop->note = xasprintf("%s (%s)", h->what, h->rule->id);
				last = h;
				if (h->conf < f.confidence)
					f.confidence = h->conf;
				break;
			}
			const struct edge *v = &g->edges.items[h->via[level]];
			hop->line = v->sp.line;
			hop->column = v->sp.col;
			hop->note = xasprintf(v->property ? "reads property `%s`" : "calls `%s()`", v->callee_text);
			if (v->conf < f.confidence)
				f.confidence = v->conf;
			sum = v->callee_sum;
			scope = v->callee_scope;
		}
		int memo_again = 0;
		if (!fi->plain) {
			char *key = xasprintf("%d:%d %d:%d", e->caller_sum, e->caller_scope, sum, scope);
			memo_again = strmap_get(&memo_seen, key, -1) >= 0;
			if (memo_again) {
				free(key);
			} else {
				strmap_put(&memo_seen, key, 1);
				VEC_PUSH(memo_keys, key);
			}
		}
		int hook_again = 0; /* two hooks of one site (permission classes of one check): the first */
		if (e->hook && f.confidence >= o->min_confidence) {
			char *key = xasprintf("h%d:%d:%d", e->caller_sum, e->sp.line, e->sp.col);
			hook_again = strmap_get(&memo_seen, key, -1) >= 0;
			if (hook_again) {
				free(key);
			} else {
				strmap_put(&memo_seen, key, 1);
				VEC_PUSH(memo_keys, key);
			}
		}
		if (f.confidence < o->min_confidence || memo_again || hook_again) {
			for (size_t k = 0; k < f.chain_len; k++) {
				free(f.chain[k].path);
				free(f.chain[k].function);
				free(f.chain[k].note);
			}
			free(f.chain);
			continue;
		}
		const struct summary *cs = sums[e->caller_sum];
		const char *caller = summary_str(cs, cs->scopes.items[e->caller_scope].qualname);
		const struct chain_hop *end = &f.chain[f.chain_len - 1];
		f.severity = last->sev;
		f.cause = last->rule;
		f.library = last->library;
		f.path = xstrdup(cs->path);
		f.line = e->sp.line;
		f.column = e->sp.col;
		f.end_line = e->sp.end_line;
		f.end_column = e->sp.end_col;
		f.function = xstrdup(caller);
		f.root = g->fi[e->caller_sum][e->caller_scope].root;
		char hops[48] = "";
		if (f.chain_len > 1)
			snprintf(hops, sizeof hops, ", %zu calls down", f.chain_len);
		fold_library_hops(&f, o);
		/* async_to_sync() and asyncio.run() refuse to run in the loop's thread: an error, not a wait */
		int raises = !strcmp(last->rule->id, "DJA402") || !strcmp(last->rule->id, "DJA403");
		const char *does = raises ? "raises RuntimeError" : "blocks the event loop";
		if (e->hook) {
			f.message = xasprintf("%s `%s()` on the event loop for async function `%s`, and it blocks: "
					      "it reaches %s (%s) at %s:%d%s",
					      e->hook, e->callee_text, caller, last->what, last->rule->id, end->path,
					      end->line, hops);
			f.suggestion = xstrdup(e->hook_fix);
		} else if (e->awaited) {
			f.message = xasprintf("`%s()` is awaited but is a plain `def`: it runs on the event loop "
					      "and %s in async function `%s`: it reaches %s (%s) at %s:%d%s",
					      e->callee_text, raises ? "raises RuntimeError" : "blocks", caller,
					      last->what, last->rule->id, end->path, end->line, hops);
			f.suggestion = xasprintf("make it `async def` with the async APIs, or run it in a worker "
						 "thread: `await sync_to_async(%s)(...)`",
						 e->callee_text);
		} else {
			f.message = xasprintf(e->property ? "`%s` (a property) %s in async function `%s`: "
							    "it reaches %s (%s) at %s:%d%s"
							  : "`%s()` %s in async function `%s`: it reaches %s (%s) "
							    "at %s:%d%s",
					      e->callee_text, does, caller, last->what, last->rule->id, end->path,
					      end->line, hops);
			f.suggestion = xasprintf(e->property
							 ? "read it in a worker thread: `await sync_to_async(lambda: %s)()`"
							 : "run it in a worker thread: `await sync_to_async(%s)(...)`, or "
							   "make the chain async",
						 e->callee_text);
		}
		report_add_finding(r, f);
	}
	strmap_free(&memo_seen);
	for (size_t i = 0; i < memo_keys.len; i++)
		free(memo_keys.items[i]);
	VEC_FREE(memo_keys);
}

/* Relation reads on parameters, judged by the calls into their functions. */
static void judge_param_reads(djindex *ix, struct graph *g, struct summary *const *sums, const struct engine_opts *o,
			      struct report *r)
{
	const struct rule *rule = rule_find("DJA105"), *rows_rule = rule_find("DJA103");
	for (size_t i = 0; i < g->param_reads.len; i++) {
		struct param_read *pr = &g->param_reads.items[i];
		int callers = 0, unknown = 0;
		const struct call_in *bad = NULL;
		for (size_t k = 0; k < g->calls.len; k++) {
			const struct call_in *ci = &g->calls.items[k];
			if (ci->callee_sum != pr->sum || ci->callee_scope != pr->fn)
				continue;
			callers++;
			if (pr->param >= ci->n_args || !ci->args[pr->param].instance) {
				unknown++;
				continue;
			}
			if (pr->untyped) {
				const struct relation *rl = index_relation(ix, ci->args[pr->param].cls, pr->field);
				if (!relation_loads_row(rl)) {
					unknown++; /* not a relation of what this caller passes */
					continue;
				}
			}
			/* the relations the caller's instance came with: author__publisher needs both hops */
			const char *sel = ci->args[pr->param].sel;
			int covered = sel != NULL;
			for (const char *p = pr->field; covered && p;) {
				const char *end = strstr(p, "__");
				char *prefix = xstrndup(pr->field, end ? (size_t)(end - pr->field) : strlen(pr->field));
				covered = ty_sel_covers(sel, prefix, !pr->rows); /* rows: a prefetch, named */
				free(prefix);
				p = end ? end + 2 : NULL;
			}
			if (!covered && !bad)
				bad = ci;
		}
		enum confidence conf = bad ? CONF_MEDIUM : CONF_LOW;
		if ((callers && !bad && !unknown) || conf < o->min_confidence)
			continue; /* every caller fetched it: served from the instance */
		if (pr->untyped && (!bad || unknown))
			continue; /* what the parameter is, only every caller's instance says */
		const struct rule *ru = pr->rows ? rows_rule : rule;
		struct finding f = {
			.rule = ru, .cause = ru, .id = ru->id, .slug = ru->slug, .severity = ru->severity,
			.confidence = conf, .path = xstrdup(pr->path), .line = pr->sp.line, .column = pr->sp.col,
			.end_line = pr->sp.end_line, .end_column = pr->sp.end_col, .function = xstrdup(pr->function),
			.root = pr->root,
		};
		if (pr->rows && bad) {
			const struct summary *cs = sums[bad->caller_sum];
			f.message = xasprintf("QuerySet `%s` is iterated synchronously in async function `%s`: `%s` (%s:%d) "
					      "passes `%s` without prefetching `%s`",
					      pr->code, pr->function, summary_str(cs, cs->scopes.items[bad->caller_scope].qualname),
					      cs->path, bad->line, pr->base, pr->field);
			f.suggestion = xasprintf("prefetch it where `%s` calls: `.prefetch_related(\"%s\")` on the query that "
						 "gives the instance, or iterate with `async for`",
						 summary_str(cs, cs->scopes.items[bad->caller_scope].qualname), pr->field);
		} else if (pr->rows) {
			f.message = xasprintf("QuerySet `%s` may be iterated synchronously in async function `%s` (unless "
					      "every caller prefetched `%s`)", pr->code, pr->function, pr->field);
			f.suggestion = xasprintf("iterate with `async for`, or `.prefetch_related(\"%s\")` where the instance "
						 "is fetched", pr->field);
		} else if (bad) {
			const struct summary *cs = sums[bad->caller_sum];
			f.message = xasprintf("`%s` loads the related row with a synchronous query in async function `%s`: "
					      "`%s` (%s:%d) passes `%s` without fetching it",
					      pr->code, pr->function, summary_str(cs, cs->scopes.items[bad->caller_scope].qualname),
					      cs->path, bad->line, pr->base);
			f.suggestion = xasprintf("fetch it where `%s` calls: `.select_related(\"%s\")` on the query that gives the "
						 "instance", summary_str(cs, cs->scopes.items[bad->caller_scope].qualname), pr->field);
		} else {
			f.message = xasprintf("`%s` may load the related row with a synchronous query in async function `%s`",
					      pr->code, pr->function);
			f.suggestion = xasprintf("fetch it with the rows: `.select_related(\"%s\")` (or `prefetch_related`) on the query "
						 "that gave `%s` (fine as is if every caller already does)", pr->field, pr->base);
		}
		report_add_finding(r, f);
	}
}

/* helper(qs) in async code where helper's body evaluates that parameter as a whole: the query
 * runs on the event loop, in the helper (DJA501, the cause DJA103). */
static void judge_param_sinks(struct graph *g, struct summary *const *sums, const struct engine_opts *o,
			      struct report *r)
{
	const struct rule *rule = rule_find("DJA501"), *cause = rule_find("DJA103");
	for (size_t i = 0; i < g->qs_calls.len; i++) {
		const struct qs_call *ci = &g->qs_calls.items[i];
		if (ci->qs_conf < o->min_confidence)
			continue;
		const struct fninfo *fi = &g->fi[ci->callee_sum][ci->callee_scope];
		uint8_t hit = ci->qs_args & fi->sink_params;
		if (!hit || !follows(g, sums, ci->callee_sum, ci->callee_scope))
			continue;
		if (fi->dist[CONF_LOW] != INT_MAX && fi->dist[CONF_LOW] + 1 <= o->max_depth)
			continue; /* the helper blocks anyway: its chain is the finding at this call */
		int pos = 0;
		while (!(hit & (1u << pos)))
			pos++;
		const struct summary *cs = sums[ci->caller_sum], *hs = sums[ci->callee_sum];
		const struct scope *callee = &hs->scopes.items[ci->callee_scope];
		int method = callee->parent >= 0 && hs->scopes.items[callee->parent].kind == SC_CLASS;
		int32_t p = callee->params;
		for (int k = 0; p >= 0 && k < pos + method; k++)
			p = hs->ex.items[p].next;
		const char *pname = p >= 0 ? summary_str(hs, hs->ex.items[p].str) : "?";
		const char *caller = summary_str(cs, cs->scopes.items[ci->caller_scope].qualname);
		const struct span *at = NULL;
		for (size_t k = 0; k < g->sinks.len && !at; k++)
			if (g->sinks.items[k].sum == ci->callee_sum && g->sinks.items[k].scope == ci->callee_scope &&
			    g->sinks.items[k].pos == pos)
				at = &g->sinks.items[k].sp;
		assert(at); /* sink_params has the bit only with its sink */
		struct finding f = {
			.rule = rule, .cause = cause, .id = rule->id, .slug = rule->slug, .severity = cause->severity,
			.confidence = ci->qs_conf, .path = xstrdup(cs->path), .line = ci->sp.line, .column = ci->sp.col,
			.end_line = ci->sp.end_line, .end_column = ci->sp.end_col, .function = xstrdup(caller),
			.root = g->fi[ci->caller_sum][ci->caller_scope].root,
		};
		f.chain = xcalloc(1, sizeof *f.chain);
		f.chain_len = 1;
		f.chain[0] = (struct chain_hop){.path = xstrdup(hs->path), .function = xstrdup(summary_str(hs, callee->qualname)),
						.line = at->line, .column = at->col,
						.note = xasprintf("evaluates the QuerySet passed as `%s` (DJA103)", pname)};
		f.message = xasprintf("`%s()` blocks the event loop in async function `%s`: it evaluates the QuerySet "
				      "passed as `%s` with a synchronous query (DJA103) at %s:%d",
				      ci->callee_text, caller, pname, hs->path, at->line);
		f.suggestion = xasprintf("fetch the rows first: `rows = [x async for x in qs]`, then pass `rows`; or "
					 "run it in a worker thread: `await sync_to_async(%s)(...)`", ci->callee_text);
		report_add_finding(r, f);
	}
}

static void param_reads_free(struct graph *g)
{
	for (size_t i = 0; i < g->qs_calls.len; i++)
		free(g->qs_calls.items[i].callee_text);
	VEC_FREE(g->qs_calls);
	VEC_FREE(g->sinks);
	for (size_t i = 0; i < g->param_reads.len; i++) {
		struct param_read *pr = &g->param_reads.items[i];
		free(pr->path);
		free(pr->function);
		free(pr->code);
		free(pr->base);
		free(pr->field);
	}
	VEC_FREE(g->param_reads);
	VEC_FREE(g->calls);
}

/* A finding about the code's structure: reported wherever it is, async context or not. */
void eng_emit_structural(struct ctx *c, const struct span *sp, int fn, const char *id, char *message,
			    char *suggestion)
{
	const struct rule *r = rule_find(id);
	if (!c->r || !r || suppressed_at(c, sp)) {
		free(message);
		free(suggestion);
		return;
	}
	struct finding f = {
		.rule = r, .cause = r,
		.id = r->id, .slug = r->slug, .severity = r->severity, .confidence = CONF_HIGH,
		.path = xstrdup(c->s->path), .line = sp->line, .column = sp->col, .end_line = sp->end_line,
		.end_column = sp->end_col, .message = message, .suggestion = suggestion,
		.function = fn >= 0 ? xstrdup(S(c, c->s->scopes.items[fn].qualname)) : NULL,
		.root = fn >= 0 ? "function" : NULL,
	};
	report_add_finding(c->r, f);
}

static int reads_user(const struct summary *s, int32_t e, const char *param, int tested, int depth);

/* `<param>.user` or `getattr(<param>, "user", ...)`: the lazy user itself, not yet read. */
static int user_value(const struct summary *s, int32_t e, const char *param)
{
	if (e < 0)
		return 0;
	const struct ex *x = &s->ex.items[e];
	if (x->kind == EX_ATTR)
		return strcmp(summary_str(s, x->str), "user") == 0 && s->ex.items[x->a].kind == EX_NAME &&
		       strcmp(summary_str(s, s->ex.items[x->a].str), param) == 0;
	if (x->kind != EX_CALL || s->ex.items[x->a].kind != EX_NAME || strcmp(summary_str(s, s->ex.items[x->a].str), "getattr"))
		return 0;
	int32_t o = x->args, n = o >= 0 ? s->ex.items[o].next : -1;
	return o >= 0 && n >= 0 && s->ex.items[o].kind == EX_NAME && strcmp(summary_str(s, s->ex.items[o].str), param) == 0 &&
	       s->ex.items[n].kind == EX_STRING && strcmp(summary_str(s, s->ex.items[n].str), "user") == 0;
}

/* A read of `<alias>.x`, or a truth test of `<alias>`, where alias holds the lazy user. */
static int reads_user_alias(const struct summary *s, int32_t e, const char *alias, int tested)
{
	for (int depth = 0; e >= 0 && depth < 16; depth++) {
		const struct ex *x = &s->ex.items[e];
		if (x->kind == EX_NAME)
			return tested && strcmp(summary_str(s, x->str), alias) == 0;
		if (x->kind == EX_ATTR && s->ex.items[x->a].kind == EX_NAME)
			return strcmp(summary_str(s, s->ex.items[x->a].str), alias) == 0;
		if (x->kind != EX_ATTR && x->kind != EX_CALL)
			return 0;
		e = x->a;
		tested = 0;
	}
	return 0;
}

/* The lazy user of async def `fn` is loaded before its body runs: ninja's auth on its operation
 * (hooks.c: django_auth reads it, a JWT auth sets it), or a project decorator whose wrapper reads `request.user` first (`@staff_required`). */
static int user_loaded_before(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	if (ninja_auth_loads_user(c, fn))
		return 1;
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t callee = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = ty_eval(c, sc->parent, callee, 0);
		if (t.kind != T_FUNCTION)
			continue;
		/* a project decorator: a function nested in it that reads <param>.user */
		const struct summary *ds = index_summary(c->ix, t.sum);
		for (size_t k = (size_t)t.aux + 1; k < ds->scopes.len; k++) {
			int inside = 0;
			for (int32_t p = ds->scopes.items[k].parent; p >= 0 && !inside; p = ds->scopes.items[p].parent)
				inside = p == t.aux;
			int32_t param = ds->scopes.items[k].params;
			if (!inside || param < 0)
				continue;
			const char *name = summary_str(ds, ds->ex.items[param].str);
			const char *alias = NULL; /* user = request.user / getattr(request, "user", None) */
			for (size_t e = 0; e < ds->ev.len; e++) {
				const struct event *ev = &ds->ev.items[e];
				if (ev->scope != (int32_t)k)
					continue;
				if ((ev->kind == EV_ATTR || ev->kind == EV_TRUTH || ev->kind == EV_CALL) &&
				    (reads_user(ds, ev->ex, name, ev->kind == EV_TRUTH, 0) ||
				     (alias && reads_user_alias(ds, ev->ex, alias, ev->kind == EV_TRUTH))))
					return 1;
				if (ev->kind == EV_ASSIGN && ev->target >= 0 && ds->ex.items[ev->target].kind == EX_NAME &&
				    user_value(ds, ev->ex, name))
					alias = summary_str(ds, ds->ex.items[ev->target].str);
			}
		}
	}
	return 0;
}

/* A file's function facts start afresh before it is processed: a full summary has more scopes
 * than the shallow one (those inside function bodies come last, the others keep their index). */
/* Whether expression `e` reads `<param>.user.<x>` (or truth-tests `<param>.user` when `tested`). */
static int reads_user(const struct summary *s, int32_t e, const char *param, int tested, int depth)
{
	if (e < 0 || depth > 16)
		return 0;
	const struct ex *x = &s->ex.items[e];
	int user = x->kind == EX_ATTR && strcmp(summary_str(s, x->str), "user") == 0 && s->ex.items[x->a].kind == EX_NAME &&
		   strcmp(summary_str(s, s->ex.items[x->a].str), param) == 0;
	if (user)
		return tested;
	if (x->kind == EX_ATTR || x->kind == EX_CALL || x->kind == EX_AWAIT)
		return reads_user(s, x->a, param, x->kind == EX_ATTR, depth + 1);
	return 0;
}

static int async_capable(djindex *ix, int cls);

/* A project middleware class that reads request.user in __call__, process_request or
 * process_view: a sync one loads the user for every request before the view runs. */
static int middleware_loads_user(djindex *ix, int cls)
{
	const struct class_info *ci = index_class(ix, cls);
	const struct summary *s = index_summary(ix, ci->sum);
	for (size_t m = (size_t)ci->scope + 1; m < s->scopes.len; m++) {
		const struct scope *ms = &s->scopes.items[m];
		const char *name = summary_str(s, ms->name);
		if (ms->parent != ci->scope || ms->kind != SC_FUNCTION ||
		    (strcmp(name, "__call__") && strcmp(name, "process_request") && strcmp(name, "process_view")))
			continue;
		int32_t p = ms->params >= 0 ? s->ex.items[ms->params].next : -1; /* after self */
		if (p < 0)
			continue;
		const char *param = summary_str(s, s->ex.items[p].str);
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (ev->scope == (int32_t)m && (ev->kind == EV_ATTR || ev->kind == EV_TRUTH || ev->kind == EV_CALL) &&
			    reads_user(s, ev->ex, param, ev->kind == EV_TRUTH, 0))
				return 1;
		}
	}
	return 0;
}

/* The sync-only project middleware classes of settings.MIDDLEWARE lists: fn(entry, arg) for
 * each, in source order, where `list` numbers the lists from 0; the count of lists. */
struct mw_entry {
	const char *name; /* "shop.middleware.AuditMiddleware" (owned by the summary) */
	int sum;          /* the settings module */
	int32_t ex;       /* the string in its MIDDLEWARE list */
	int cls, list;
};
static int each_sync_middleware(djindex *ix, struct summary *const *sums, size_t n,
				void (*fn)(const struct mw_entry *, void *), void *arg)
{
	int lists = 0;
	for (size_t i = 0; i < n; i++) {
		const struct summary *s = sums[i];
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (!ty_is_setting(s, ev, "MIDDLEWARE", EX_LIST))
				continue;
			for (int32_t a = s->ex.items[ev->ex].args; a >= 0; a = s->ex.items[a].next) {
				if (s->ex.items[a].kind != EX_STRING || !s->ex.items[a].str)
					continue;
				const char *name = summary_str(s, s->ex.items[a].str);
				struct sym y = index_resolve_qual(ix, name);
				if (y.kind != SYM_CLASS || async_capable(ix, y.cls))
					continue;
				struct mw_entry e = {name, (int)i, a, y.cls, lists};
				fn(&e, arg);
			}
			lists++;
		}
	}
	return lists;
}

struct user_loading {
	djindex *ix;
	struct summary **sums;
	const struct engine_deepen *dp;
	VEC(int) lists; /* lists with such a middleware, by number */
};

static void note_user_loading(const struct mw_entry *e, void *arg)
{
	struct user_loading *u = arg;
	if (u->lists.len && u->lists.items[u->lists.len - 1] == e->list)
		return; /* this list has one already */
	int sum = index_class(u->ix, e->cls)->sum;
	if (u->sums[sum]->shallow && u->dp) {
		struct summary *full = NULL;
		u->dp->fn(u->dp->arg, &sum, 1, &full);
		if (!full || summary_upgrade(&u->sums[sum], full) != 0)
			u->sums[sum]->shallow = 0; /* unreadable now: do not ask again */
	}
	if (middleware_loads_user(u->ix, e->cls))
		VEC_PUSH(u->lists, e->list);
}

/* Every MIDDLEWARE list of the project holds a sync project middleware that reads
 * request.user (its file summarized in full first, through `dp`). */
static int user_loaded_by_middleware(djindex *ix, struct summary **sums, size_t n, const struct engine_deepen *dp)
{
	struct user_loading u = {ix, sums, dp, {0}};
	int lists = each_sync_middleware(ix, sums, n, note_user_loading, &u);
	int all = lists > 0 && u.lists.len == (size_t)lists;
	VEC_FREE(u.lists);
	return all;
}

static void fresh_facts(struct graph *g, struct summary *const *sums, size_t i)
{
	for (size_t k = 0; k < g->n_fi[i]; k++)
		free(g->fi[i][k].what);
	free(g->fi[i]);
	g->n_fi[i] = sums[i]->scopes.len;
	g->fi[i] = xcalloc(g->n_fi[i] ? g->n_fi[i] : 1, sizeof **g->fi);
}

static void process_file(djindex *ix, struct graph *g, struct summary *const *sums, size_t i,
			 const struct engine_opts *o, const struct settings_facts *set, struct ret_memo *rm, struct report *r)
{
	struct ctx c = {.ix = ix, .rm = rm, .set = set, .g = g, .sum = (int)i, .s = sums[i], .o = o, .r = r};
	c.envs = xcalloc(c.s->scopes.len + 1, sizeof *c.envs);
	c.envs[0].ready = 1;
	if (o->root_flags && o->root_flags[i]) {
		c.roots = xcalloc(c.s->scopes.len ? c.s->scopes.len : 1, 1);
		size_t len = o->root_flags_len[i] < c.s->scopes.len ? o->root_flags_len[i] : c.s->scopes.len;
		memcpy(c.roots, o->root_flags[i], len);
	}
	if (o->n_roots) {
		if (!c.roots)
			c.roots = xcalloc(c.s->scopes.len ? c.s->scopes.len : 1, 1);
		for (size_t k = 0; k < c.s->scopes.len; k++) {
			if (c.s->scopes.items[k].kind != SC_FUNCTION)
				continue;
			char *q = project_qual(&c, (int)i, (int)k);
			c.roots[k] |= ty_in_list(q, o->async_roots, o->n_roots) >= 0;
			free(q);
		}
	}
	c.loaded = xcalloc(c.s->scopes.len ? c.s->scopes.len : 1, 1);
	c.seen = xcalloc(c.s->ex.len ? c.s->ex.len : 1, 1);
	/* module level first: names bound there are visible in every function */
	for (size_t k = 0; k < c.s->ev.len; k++)
		if (c.s->ev.items[k].scope == -1 && c.s->ev.items[k].kind != EV_CALL)
			on_event(&c, &c.s->ev.items[k]);
	mark_wrapped(&c);
	for (size_t k = 0; k < c.s->scopes.len; k++)
		if (c.s->scopes.items[k].kind == SC_ASYNC_FUNCTION && user_loaded_before(&c, (int)k))
			c.loaded[k] |= LOADED_USER | LOADED_SESSION;
	for (size_t k = 0; k < c.s->ev.len; k++) {
		const struct event *ev = &c.s->ev.items[k];
		if (ev->kind == EV_ASSIGN || ev->kind == EV_CALL)
			check_unsafe_env(&c, ev);
		if (ev->scope >= 0)
			on_event(&c, ev);
	}
	for (size_t k = 0; k < c.s->scopes.len; k++)
		if (c.s->scopes.items[k].kind == SC_CLASS) {
			check_mixed_handlers(&c, (int)k);
			check_access_mixin(&c, (int)k);
		}
	for (size_t k = 0; k < c.s->scopes.len; k++)
		if (c.s->scopes.items[k].kind == SC_ASYNC_FUNCTION || (c.roots && c.roots[k])) {
			g->fi[i][k].root = engine_root_kind(&c, (int)k);
			check_atomic_decorator(&c, (int)k);
			check_cache_page(&c, (int)k);
			check_decorator_versions(&c, (int)k);
			check_framework_hooks(&c, (int)k);
		}
	for (size_t k = 0; k <= c.s->scopes.len; k++)
		VEC_FREE(c.envs[k].vars);
	free(c.envs);
	free(c.roots);
	free(c.loaded);
	free(c.seen);
	VEC_FREE(c.cached);
	VEC_FREE(c.suppressed);
}

/* An edge whose ends are scopes of the summaries as they are now (a file read again may have
 * fewer: its edges from before are not followed). */
static int edge_ok(const struct edge *e, struct summary *const *sums)
{
	return (size_t)e->caller_scope < sums[e->caller_sum]->scopes.len &&
	       (size_t)e->callee_scope < sums[e->callee_sum]->scopes.len;
}

/* Sync functions that async code reaches within max_depth calls, as flags [sum][scope]: a
 * breadth-first search over the call edges (grouped by caller), so each edge is looked at once
 * and the depth bound holds whatever order the edges were recorded in. */
static uint8_t **reachable(const struct graph *g, struct summary *const *sums, size_t n, int max_depth)
{
	uint8_t **reach = xcalloc(n ? n : 1, sizeof *reach);
	size_t *base = xcalloc(n + 1, sizeof *base);
	for (size_t i = 0; i < n; i++) {
		reach[i] = xcalloc(sums[i]->scopes.len ? sums[i]->scopes.len : 1, 1);
		base[i + 1] = base[i] + sums[i]->scopes.len;
	}
	size_t nodes = base[n], ne = g->edges.len;
	/* edges by caller node: CSR offsets into `by` */
	size_t *first = xcalloc(nodes + 2, sizeof *first), *by = xcalloc(ne ? ne : 1, sizeof *by);
	for (size_t i = 0; i < ne; i++)
		if (edge_ok(&g->edges.items[i], sums))
			first[base[g->edges.items[i].caller_sum] + (size_t)g->edges.items[i].caller_scope + 1]++;
	for (size_t k = 0; k < nodes; k++)
		first[k + 1] += first[k];
	size_t *fill = xcalloc(nodes + 1, sizeof *fill);
	for (size_t i = 0; i < ne; i++) {
		const struct edge *e = &g->edges.items[i];
		if (!edge_ok(e, sums))
			continue;
		size_t node = base[e->caller_sum] + (size_t)e->caller_scope;
		by[first[node] + fill[node]++] = i;
	}
	/* the queue holds (sum, scope) of reached sync defs, level by level */
	struct qitem {
		int sum, scope;
	} *queue = xcalloc(nodes ? nodes : 1, sizeof *queue);
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct edge *e = &g->edges.items[i];
		if (!e->async_site || !edge_ok(e, sums) || reach[e->callee_sum][e->callee_scope] ||
		    !follows(g, sums, e->callee_sum, e->callee_scope))
			continue;
		reach[e->callee_sum][e->callee_scope] = 1;
		queue[tail++] = (struct qitem){e->callee_sum, e->callee_scope};
	}
	for (int depth = 1; depth < max_depth && head < tail; depth++) {
		size_t level_end = tail;
		for (; head < level_end; head++) {
			size_t node = base[queue[head].sum] + (size_t)queue[head].scope;
			for (size_t j = first[node]; j < first[node + 1]; j++) {
				const struct edge *e = &g->edges.items[by[j]];
				if (e->async_site || reach[e->callee_sum][e->callee_scope] ||
				    !follows(g, sums, e->callee_sum, e->callee_scope))
					continue;
				reach[e->callee_sum][e->callee_scope] = 1;
				queue[tail++] = (struct qitem){e->callee_sum, e->callee_scope};
			}
		}
	}
	free(queue);
	free(fill);
	free(by);
	free(first);
	free(base);
	return reach;
}

/* Django's test: `async_capable` true on the class, its project bases, or through Django's
 * MiddlewareMixin (async-capable, with __acall__). Defining an async __call__ or __acall__ is
 * not enough: without async_capable Django adapts the middleware as sync. */
static int async_capable(djindex *ix, int cls)
{
	for (int depth = 0; cls >= 0 && depth < 16; depth++) {
		const struct class_info *ci = index_class(ix, cls);
		const struct summary *cs = index_summary(ix, ci->sum);
		for (size_t m = 0; m < cs->ev.len; m++) {
			const struct event *ce = &cs->ev.items[m];
			if (ce->kind == EV_ASSIGN && ce->scope == ci->scope && ce->target >= 0 && ce->ex >= 0 &&
			    cs->ex.items[ce->target].kind == EX_NAME &&
			    strcmp(summary_str(cs, cs->ex.items[ce->target].str), "async_capable") == 0)
				return cs->ex.items[ce->ex].kind == EX_NAME &&
				       strcmp(summary_str(cs, cs->ex.items[ce->ex].str), "True") == 0;
		}
		const char *bases[16];
		size_t nb = index_external_bases(ix, cls, bases, 16);
		for (size_t i = 0; i < nb; i++)
			if (strcmp(bases[i], "django.utils.deprecation.MiddlewareMixin") == 0 ||
			    (str_has_prefix(bases[i], "django.") && str_has_suffix(bases[i], "Middleware")))
				return 1; /* Django's own middleware classes are MiddlewareMixins */
		cls = index_first_base(ix, cls); /* single inheritance covers middleware in practice */
	}
	return 0;
}

/* The project is served over ASGI: an asgi.py module, ASGI_APPLICATION in settings, or an
 * import of django.core.asgi / Channels. Under WSGI sync middleware costs no thread hop. */
static int served_by_asgi(struct summary *const *sums, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct summary *s = sums[i];
		const char *base = strrchr(s->path, '/');
		if (strcmp(base ? base + 1 : s->path, "asgi.py") == 0)
			return 1;
		for (size_t k = 0; k < s->imports.len; k++) {
			const char *q = summary_str(s, s->imports.items[k].qual);
			if (str_has_prefix(q, "django.core.asgi") || str_has_prefix(q, "channels"))
				return 1;
		}
		for (size_t k = 0; k < s->ev.len; k++)
			if (ty_is_setting(s, &s->ev.items[k], "ASGI_APPLICATION", EX_STRING))
				return 1;
	}
	return 0;
}

struct mw_out {
	struct middleware_ref *out;
	size_t count, max;
};

static void collect_sync_middleware(const struct mw_entry *e, void *arg)
{
	struct mw_out *m = arg;
	if (m->count < m->max)
		m->out[m->count++] = (struct middleware_ref){e->name, e->sum, e->ex};
}

size_t engine_sync_middleware(djindex *ix, struct summary *const *sums, size_t n, struct middleware_ref *out,
			      size_t max)
{
	struct mw_out m = {out, 0, max};
	each_sync_middleware(ix, sums, n, collect_sync_middleware, &m);
	return m.count;
}

/* The first async Django view of the inventory (the one `djasync effort` prices: a routed or
 * view-like async function, a view class with an async handler, an async ninja operation),
 * or -1. Async functions of other frameworks (a Starlette endpoint taking `request`) are not. */
static int first_async_view(djindex *ix, struct summary *const *sums, size_t n, const struct view_list *views)
{
	(void)n;
	for (size_t v = 0; v < views->len; v++) {
		const struct view *vw = &views->items[v];
		if (vw->kind != VIEW_CLASS) {
			if (sums[vw->sum]->scopes.items[vw->scope].kind == SC_ASYNC_FUNCTION)
				return (int)v;
			continue;
		}
		int hs[16], hc[16];
		size_t nh = engine_view_handlers(ix, vw->cls, hs, hc, 16);
		for (size_t h = 0; h < nh; h++)
			if (sums[hs[h]]->scopes.items[hc[h]].kind == SC_ASYNC_FUNCTION)
				return (int)v;
	}
	return -1;
}

/* Sync-only project middleware while the project has async views: every request hops. */
static void middleware_with_async_views(djindex *ix, struct summary *const *sums, size_t n,
					const struct engine_opts *o, struct report *r)
{
	struct middleware_ref mw[64];
	size_t nm = served_by_asgi(sums, n) ? engine_sync_middleware(ix, sums, n, mw, 64) : 0;
	if (!nm)
		return;
	struct view_list made = {0};
	if (!o->views)
		engine_views(ix, sums, n, &made);
	const struct view_list *views = o->views ? o->views : &made;
	int first = first_async_view(ix, sums, n, views);
	char *example = NULL;
	if (first >= 0) {
		const struct view *vw = &views->items[first];
		const struct summary *s = sums[vw->sum];
		example = xasprintf("%s.%s", index_import_name(ix, vw->sum),
				    summary_str(s, s->scopes.items[vw->scope].qualname));
	}
	view_list_free(&made);
	if (!example)
		return;
	for (size_t i = 0; i < nm; i++) {
		struct ctx *c = ty_sub_ctx(ix, mw[i].sum, o, 0, 0);
		c->r = r;
		eng_emit_structural(c, &c->s->ex.items[mw[i].ex].sp, -1, "DJA223",
				xasprintf("`%s` is sync-only middleware while the project has async views (`%s`, "
					  "...): every request pays a thread hop to run it", mw[i].name, example),
				xstrdup("make it async-capable: `async_capable = True` and an `async def __call__` "
					"(or `@sync_and_async_middleware`)"));
		ty_sub_ctx_free(c);
	}
	free(example);
}

void engine_run(djindex *ix, struct summary **sums, size_t n, const struct engine_opts *o,
		const struct engine_deepen *dp, struct report *r)
{
	struct graph g = {0};
	struct settings_facts set = {0};
	struct ret_memo rm = {.by_sum = xcalloc(n ? n : 1, sizeof *rm.by_sum), .n = n};
	size_t n_project = o->n_project && o->n_project < n ? o->n_project : n;
	ty_read_settings(sums, n_project, &set);
	set.user_loaded = user_loaded_by_middleware(ix, sums, n_project, o->no_follow ? NULL : dp);
	g.fi = xcalloc(n ? n : 1, sizeof *g.fi);
	g.n_fi = xcalloc(n ? n : 1, sizeof *g.n_fi);
	for (size_t i = 0; i < n; i++) {
		g.n_fi[i] = sums[i]->scopes.len;
		g.fi[i] = xcalloc(sums[i]->scopes.len ? sums[i]->scopes.len : 1, sizeof **g.fi);
	}
	uint8_t *processed = xcalloc(n ? n : 1, 1);
	rm.dp = o->no_follow ? NULL : dp;
	rm.sums = sums;
	rm.processed = processed;
	rm.current = -1;
#define PROCESS(i) (fresh_facts(&g, sums, (i)), rm.current = (int)(i), process_file(ix, &g, sums, (i), o, &set, &rm, r), \
		    rm.current = -1, processed[i] = 1)
	for (size_t i = 0; i < n; i++) {
		/* A shallow file has no async code and nothing in its function bodies: its facts
		 * matter only once async code reaches it, and then it is summarized in full and
		 * processed below. Unless some of its sync functions are roots (effort, async-roots). */
		if (sums[i]->shallow && !o->root_flags && !o->n_roots && dp && !o->no_follow)
			continue;
		PROCESS(i);
	}
	/* files summarized in full while others were processed (return types) */
	for (size_t k = 0; k < rm.pending.len; k++)
		if (!processed[rm.pending.items[k]])
			PROCESS((size_t)rm.pending.items[k]);
	rm.pending.len = 0;
	if (!o->no_follow) {
		/* shallow summaries that async code reaches are replaced by full ones, until none is */
		for (int more = 1; more && dp;) {
			more = 0;
			uint8_t **reach = reachable(&g, sums, n, o->max_depth);
			VEC(int) which = {0};
			for (size_t i = 0; i < n; i++) {
				int wanted = 0;
				for (size_t k = 0; sums[i]->shallow && k < sums[i]->scopes.len && !wanted; k++)
					wanted = reach[i][k];
				if (wanted)
					VEC_PUSH(which, (int)i);
			}
			struct summary **got = xcalloc(which.len ? which.len : 1, sizeof *got);
			if (which.len)
				dp->fn(dp->arg, which.items, which.len, got);
			for (size_t w = 0; w < which.len; w++) {
				size_t i = (size_t)which.items[w];
				struct summary *full = got[w];
				if (!full || summary_upgrade(&sums[i], full) != 0) {
					sums[i]->shallow = 0; /* unreadable now: do not ask again */
					continue;
				}
				/* return types inferred from the shallow summary were unknown: infer again */
				strmap_free(&rm.at);
				memset(&rm.at, 0, sizeof rm.at);
				rm.slots.len = 0;
				ty_scope_events_drop(&rm, (int)i);
				PROCESS(i);
				more = 1;
			}
			for (size_t k = 0; k < rm.pending.len; k++, more = 1)
				if (!processed[rm.pending.items[k]])
					PROCESS((size_t)rm.pending.items[k]);
			rm.pending.len = 0;
			free(got);
			VEC_FREE(which);
			for (size_t i = 0; i < n; i++)
				free(reach[i]);
			free(reach);
		}
		propagate(&g, sums, n, o->max_depth);
		report_chains(&g, ix, sums, o, r);
	}
	judge_param_reads(ix, &g, sums, o, r);
	judge_param_sinks(&g, sums, o, r);
	param_reads_free(&g);
	middleware_with_async_views(ix, sums, n_project, o, r);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < g.n_fi[i]; k++)
			free(g.fi[i][k].what);
		free(g.fi[i]);
	}
#undef PROCESS
	free(g.fi);
	free(g.n_fi);
	free(processed);
	VEC_FREE(rm.pending);
	VEC_FREE(rm.mounts);
	VEC_FREE(rm.hooks_seen);
	VEC_FREE(set.memory_caches);
	strmap_free(&rm.at);
	VEC_FREE(rm.slots);
	for (size_t i = 0; i < n; i++)
		ty_scope_events_drop(&rm, (int)i);
	free(rm.by_sum);
	for (size_t i = 0; i < g.edges.len; i++) {
		free(g.edges.items[i].callee_text);
		free(g.edges.items[i].hook);
		free(g.edges.items[i].hook_fix);
	}
	VEC_FREE(g.edges);
}
