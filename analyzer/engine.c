/* engine: phase 2's rule evaluation. A light type guess per scope (in source order) tells
 * `Book.objects.filter(...).first()` from `names.first()`; each event is classified against
 * the Django API table (rules/orm.c) and the blocking-call table (rules/generic.c), and what
 * runs in async context becomes a finding. Knows nothing about output formats. */
#include "engine.h"
#include "rules.h"

#include <limits.h>
#include <stdio.h>
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
	T_FUNCTION,       /* sum, aux = scope: a project function or method */
	T_OBJECT,         /* cls: an instance of a project class that is not a model */
	T_SUPER,          /* cls: super() inside a method of class cls */
	T_REQUEST,        /* an HttpRequest: a parameter named `request` */
	T_REQUEST_USER,   /* request.user: a lazy object that loads on first use */
	T_SESSION,        /* request.session */
	T_SCOPE,          /* self.scope of a Channels consumer */
	T_MODEL_CLASS,    /* cls (or -1 with qual for auth.User & co.) */
	T_MANAGER,        /* cls: model or -1; aux: custom Manager/QuerySet class or -1 */
	T_QUERYSET,       /* same */
	T_INSTANCE,       /* cls: model instance */
	T_INSTANCE_TUPLE, /* (instance, created) from get_or_create */
	T_INSTANCES,      /* cls: a list of model instances (list(qs), await sync_to_async(list)(qs)) */
};

struct type {
	uint8_t kind, conf;
	int cls, aux, sum;
	const char *qual;
	uint8_t rel; /* REL_* below */
	/* Instances and QuerySets: the relations fetched with the rows, from select_related() /
	 * prefetch_related() along the chain: "author__publisher,tags" (paths, comma-separated;
	 * "*" for select_related() without arguments or paths not read here), NULL for none. */
	const char *sel;
};

#define REL_MANAGER 2 /* a related manager (book.tags, author.book_set) */
#define REL_ESCAPED 4 /* a QuerySet that came out of sync_to_async unevaluated */
#define REL_USER 8    /* a user (request.auser(), a model deriving from AbstractUser) */
#define REL_OUTSIDE 16 /* an instance handed in (a parameter, self): its caller may have
			* fetched its relations, so reading one is only possibly a query */
#define REL_SCOPE_USER 128 /* the user of a Channels consumer's scope (self.scope["user"]) */
#define REL_CACHED 64   /* a related manager / QuerySet whose rows are already in memory
			 * (book.tags.all() after prefetch_related): evaluating it runs no query */

static const struct type unknown = {T_UNKNOWN, CONF_HIGH, -1, -1, -1, NULL, 0, NULL};

struct binding {
	const char *name;
	struct type t;
};

struct env {
	int ready;
	VEC(struct binding) vars;
};

struct sparse_env {
	int scope;
	struct env env;
};

struct range {
	int line, col, end_line, end_col;
};

/* What phase 2 learns about each sync function, for chains through helpers. */
struct fninfo {
	int wrapped;       /* decorated with sync_to_async / database_sync_to_async */
	int has_direct;    /* its own body blocks */
	const struct rule *rule; /* ... by this rule */
	const char *library;     /* ... of this client library (static), or NULL */
	uint8_t conf;
	enum severity sev;
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
};

struct graph {
	struct fninfo **fi; /* [sum][scope] */
	size_t *n_fi;       /* scopes per sum */
	VEC(struct edge) edges;
};

/* What the fix of a finding is, for the migration estimate: the async twin of the API at the
 * target version (a mechanical edit), and the client library the blocking call belongs to. */
struct fix {
	int twin;
	const char *library; /* static */
};
static const struct fix no_fix = {0, NULL};

/* `book.author = a`, `Book.objects.create(author=a)`, `Book(author=a)`: until `var` is bound
 * again in `scope`, reading `var.field` is served from the instance. */
struct cached_rel {
	int scope;
	const char *var, *field;
};

/* What the project's settings modules say about the backends behind the cache and session
 * APIs: calls to a backend that keeps its data in process memory do no I/O. */
struct settings_facts {
	VEC(const char *) memory_caches; /* aliases every CACHES definition makes LocMem/Dummy */
	int memory_sessions;             /* every SESSION_ENGINE is signed_cookies */
	int perms_warmed; /* the project's ASGI code fills the permission cache of the scope's user:
			   * `await database_sync_to_async(user.get_all_permissions)()` */
};

/* Inferred return types of project functions, memoized per engine run: "sum:scope" (keys
 * interned in the index) -> index into slots. A slot not done yet is being inferred: a
 * recursive call meets it and gets unknown. */
struct ret_slot {
	struct type t;
	int done;
};
/* A summary's events grouped by scope (built once, on first use): events of scope k are
 * ev[first[k]] .. ev[first[k + 1] - 1], in source order. */
struct scope_events {
	size_t *first;
	uint32_t *ev;
};
struct ret_memo {
	struct strmap at;
	VEC(struct ret_slot) slots;
	struct scope_events *by_sum; /* [sum] */
	size_t n;
	/* On-demand full summaries: a return type asked of a function of a shallow file (whose
	 * body was left out) has the file summarized in full first, when it was not processed
	 * yet; engine_run processes the files so replaced (`pending`). */
	const struct engine_deepen *dp;
	struct summary **sums;
	const uint8_t *processed; /* [sum] */
	int current;              /* the file being processed: never replaced under its feet */
	VEC(int) pending;
};

static const struct scope_events *scope_events(struct ret_memo *rm, const struct summary *s, int sum)
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

static void scope_events_drop(struct ret_memo *rm, int sum)
{
	free(rm->by_sum[sum].first);
	free(rm->by_sum[sum].ev);
	rm->by_sum[sum] = (struct scope_events){0};
}

struct ctx {
	djindex *ix;
	struct ret_memo *rm; /* shared by the sub-contexts of one run */
	int for_async;       /* evaluating for async code (the event's function, or the one a
			      * sub-context works for): only then may a shallow file be summarized
			      * in full to answer (sync code's types are wanted only for chains) */
	const struct settings_facts *set; /* NULL while evaluating for types only */
	struct graph *g; /* NULL while evaluating for types only */
	int sum;
	const struct summary *s;
	struct env *envs; /* [0] module, [k + 1] scope k; NULL in a sub-context, which keeps the few
			   * scopes it touches in `sparse` (its cost must not grow with the module) */
	VEC(struct sparse_env *) sparse;
	const struct engine_opts *o;
	struct report *r; /* NULL while evaluating for types only */
	VEC(struct range) suppressed;
	int method_depth;
	uint8_t *roots; /* [scope]: a configured async root (sync def run on the loop) */
	uint8_t *loaded; /* [scope] of async defs: LOADED_USER / LOADED_SESSION once loaded */
	uint8_t *seen; /* [ex]: attribute reads already judged (nested events share nodes) */
	VEC(struct cached_rel) cached; /* relations set in this function: `b.author = a` */
};

#define LOADED_USER 1
#define LOADED_SESSION 2

static struct type eval(struct ctx *c, int scope, int32_t e, int depth);
static struct type attr_of(struct ctx *c, struct type o, const char *m);

static struct type mk(uint8_t kind, uint8_t conf, int cls, int aux)
{
	struct type t = {kind, conf, cls, aux, -1, NULL, 0, NULL};
	return t;
}

/* The same type, keeping which relations were fetched along. */
static struct type with_rel(struct type t, struct type from)
{
	t.rel = from.rel & (REL_USER | REL_OUTSIDE | REL_SCOPE_USER);
	t.sel = from.sel;
	return t;
}

/* Whether `sel` (see struct type) fetched relation `field`; `single`: a forward FK/O2O, which
 * select_related() without arguments follows. */
static int sel_covers(const char *sel, const char *field, int single)
{
	if (!sel)
		return 0;
	size_t n = strlen(field);
	for (const char *p = sel; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if ((len == 1 && *p == '*' && single) ||
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
		if (len == 1 && *p == '*') {
			sb_puts(&b, b.len ? ",*" : "*");
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

static const struct ex *X(const struct ctx *c, int32_t e)
{
	return &c->s->ex.items[e];
}

static const char *S(const struct ctx *c, uint32_t off)
{
	return summary_str(c->s, off);
}

static int in_list(const char *q, const char *const *list, size_t n)
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
	struct type t = unknown;
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
static int owner_class(const struct ctx *c, int scope)
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
		return unknown;
	const struct ex *x = X(c, a);
	if (x->kind == EX_STRING) {
		/* "Book": a forward reference by name */
		const char *t = x->str ? S(c, x->str) : "";
		for (const char *p = t; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
				return unknown;
		if (!*t)
			return unknown;
		struct type n = lookup(c, scope, t);
		if (n.kind == T_UNKNOWN) {
			int cls = index_model_named(c->ix, t);
			if (cls >= 0)
				n = mk(T_MODEL_CLASS, CONF_HIGH, cls, -1);
		}
		if (n.kind != T_MODEL_CLASS && n.kind != T_CLASS)
			return unknown;
		struct type t2 = mk(n.kind == T_MODEL_CLASS ? T_INSTANCE : T_OBJECT, n.conf, n.cls, -1);
		t2.rel = n.kind == T_MODEL_CLASS ? REL_OUTSIDE : 0;
		return t2;
	}
	if (x->kind == EX_SUBSCRIPT) {
		const struct ex *v = X(c, x->a);
		const char *name = v->kind == EX_NAME || v->kind == EX_ATTR ? S(c, v->str) : "";
		struct type inner = annotation_type(c, scope, x->args, depth + 1);
		if (strcmp(name, "Optional") == 0)
			return inner;
		if (inner.kind != T_INSTANCE)
			return unknown;
		if (strcmp(name, "QuerySet") == 0)
			return with_rel(mk(T_QUERYSET, inner.conf, inner.cls, -1), inner);
		if (strcmp(name, "list") == 0 || strcmp(name, "List") == 0 || strcmp(name, "Sequence") == 0 ||
		    strcmp(name, "Iterable") == 0 || strcmp(name, "tuple") == 0 || strcmp(name, "Tuple") == 0)
			return with_rel(mk(T_INSTANCES, inner.conf, inner.cls, -1), inner);
		return unknown;
	}
	struct type t = eval(c, scope, a, depth + 1);
	if (t.kind == T_MODEL_CLASS) {
		struct type i = mk(T_INSTANCE, t.conf, t.cls, -1);
		i.rel = REL_OUTSIDE | (t.rel & REL_USER);
		return i;
	}
	if (t.kind == T_CLASS)
		return mk(T_OBJECT, t.conf, t.cls, -1);
	if (t.kind == T_EXTERNAL && t.qual) {
		if (str_has_suffix(t.qual, "HttpRequest") || str_has_suffix(t.qual, "ASGIRequest") ||
		    str_has_suffix(t.qual, "WSGIRequest"))
			return mk(T_REQUEST, CONF_HIGH, -1, -1);
		const char *last = strrchr(t.qual, '.');
		const char *cls = blocking_class(t.qual);
		if (!cls && last && last[1] >= 'A' && last[1] <= 'Z')
			cls = t.qual; /* an instance of the external class: its methods are looked up by name */
		if (cls && !str_has_prefix(t.qual, "typing.") && !str_has_prefix(t.qual, "builtins.")) {
			struct type e = unknown;
			e.kind = T_EXT_INSTANCE;
			e.qual = cls;
			return e;
		}
	}
	return unknown;
}

/* Parameters shadow outer names; `self` is an instance of the owning class (`cls` the class);
 * nested defs are callable by name. */
static void init_scope(struct ctx *c, int scope)
{
	const struct scope *sc = &c->s->scopes.items[scope];
	int owner = owner_class(c, scope);
	const struct class_info *oc = index_class(c->ix, owner);
	int first = 1;
	for (size_t k = (size_t)scope + 1; k < c->s->scopes.len; k++) {
		const struct scope *ch = &c->s->scopes.items[k];
		if (ch->parent == scope && (ch->kind == SC_FUNCTION || ch->kind == SC_ASYNC_FUNCTION)) {
			struct type f = mk(T_FUNCTION, CONF_HIGH, -1, (int)k);
			f.sum = c->sum;
			bind(c, scope, S(c, ch->name), f);
		}
	}
	for (int32_t p = sc->params; p >= 0; p = X(c, p)->next, first = 0) {
		struct type t = unknown;
		if (first && oc && !has_decorator(c, sc, "staticmethod")) {
			int is_cls = has_decorator(c, sc, "classmethod");
			uint8_t conf = oc->heuristic ? CONF_MEDIUM : CONF_HIGH;
			if (oc->kind == CK_MODEL) {
				t = mk(is_cls ? T_MODEL_CLASS : T_INSTANCE, conf, owner, -1);
				t.rel = is_cls ? 0 : REL_OUTSIDE;
			}
			else if (oc->kind == CK_PLAIN)
				t = mk(is_cls ? T_CLASS : T_OBJECT, conf, owner, -1);
			else if (!is_cls) /* self of a QuerySet or Manager class: its rows' model is unknown */
				t = mk(oc->kind == CK_MANAGER ? T_MANAGER : T_QUERYSET, conf, -1, owner);
		} else if (X(c, p)->a >= 0) {
			t = annotation_type(c, sc->parent, X(c, p)->a, 0);
		} else if (strcmp(S(c, X(c, p)->str), "request") == 0) {
			t = mk(T_REQUEST, CONF_HIGH, -1, -1);
		}
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
	if (y.kind != SYM_NONE && (y.kind != SYM_VAR || y.sum != c->sum)) /* own variables: the env */
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
	int callee_sum, callee_scope; /* a project function or method, or -1 */
	const struct blocking_class_rule *anym; /* CALL_BLOCKING on a client whose methods all block */
	int extra; /* CALL_BLOCKING by the configuration's blocking-calls, or -1 */
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
	struct type fn = eval(c, scope, X(c, arg)->a, 1);
	return !(fn.kind == T_EXTERNAL && strcmp(fn.qual, "functools.partial") == 0);
}

static struct type result_of(enum djapi_result r, struct type recv)
{
	switch (r) {
	case RES_INSTANCE:
		return with_rel(mk(T_INSTANCE, recv.conf, recv.cls, -1), recv);
	case RES_INSTANCE_TUPLE:
		return with_rel(mk(T_INSTANCE_TUPLE, recv.conf, recv.cls, -1), recv);
	case RES_QUERYSET:
		return with_rel(mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
	default:
		return unknown;
	}
}

static int custom_returns_queryset(struct ctx *c, struct type recv, const char *method);
static int is_celery_task(struct ctx *c, int sum, int scope);

/* A settings-style module-level assignment `NAME = <value of kind>`. */
static int is_setting(const struct summary *s, const struct event *ev, const char *name,
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
	struct type u = unknown;
	u.kind = T_MODEL_CLASS;
	u.qual = "django.contrib.auth.models.User";
	u.rel = REL_USER;
	for (int sum = 0; (size_t)sum < index_count(c->ix); sum++) {
		const struct summary *s = index_summary(c->ix, sum);
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (!is_setting(s, ev, "AUTH_USER_MODEL", EX_STRING))
				continue;
			const char *label = summary_str(s, s->ex.items[ev->ex].str), *dot = strrchr(label, '.');
			int cls = index_model_named(c->ix, dot ? dot + 1 : label);
			if (cls >= 0) {
				struct type t = mk(T_MODEL_CLASS, CONF_HIGH, cls, -1);
				t.rel = REL_USER;
				return t;
			}
		}
	}
	return u;
}

/* A template context holding something lazy: a QuerySet, a model instance, or the request
 * (request=request). `ctx_arg` is the context's position. */
static int lazy_context(struct ctx *c, int scope, int32_t call, int ctx_arg)
{
	int32_t ctx = nth_arg(c, call, ctx_arg);
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
		const struct ex *x = X(c, a);
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), "request") == 0)
			return 1;
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), "context") == 0)
			ctx = x->a;
	}
	if (ctx < 0 || X(c, ctx)->kind != EX_LIST)
		return 0;
	for (int32_t p = X(c, ctx)->args; p >= 0; p = X(c, p)->next) {
		if (X(c, p)->kind != EX_KWARG)
			continue;
		struct type t = eval(c, scope, X(c, p)->a, 1);
		if (t.kind == T_QUERYSET || t.kind == T_MANAGER || t.kind == T_INSTANCE || t.kind == T_REQUEST ||
		    t.kind == T_REQUEST_USER)
			return 1;
	}
	return 0;
}

/* A call by qualified name (function or class outside the project). */
static void classify_qual(struct ctx *c, int scope, int32_t call, const char *qual, struct call *out)
{
	out->qual = qual;
	if (in_list(qual, c->o->safe_calls, c->o->n_safe) >= 0)
		return; /* configured as safe */
	int extra = in_list(qual, c->o->extra_names, c->o->n_extra);
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
			struct type t = X(c, a)->kind == EX_KWARG ? unknown : eval(c, scope, a, 1);
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
		out->result = unknown;
		out->result.kind = T_EXT_INSTANCE;
		out->result.qual = cls;
	}
	/* executor.shutdown(wait=False) returns at once: any say on waiting is taken as that */
	if (b && call >= 0 && strcmp(b->qual, "concurrent.futures.Executor.shutdown") == 0 &&
	    X(c, call)->args >= 0)
		b = NULL;
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
	if (strcmp(qual, "builtins.getattr") == 0) {
		/* getattr(obj, "name", default) reads obj.name */
		int32_t o = nth_arg(c, call, 0), n = nth_arg(c, call, 1);
		if (o >= 0 && n >= 0 && X(c, n)->kind == EX_STRING && X(c, n)->str)
			out->result = attr_of(c, eval(c, scope, o, 1), S(c, X(c, n)->str));
		return;
	}
	if (strcmp(qual, "django.contrib.auth.get_user_model") == 0) {
		out->result = user_model(c);
		return;
	}
	if (strcmp(qual, "django.shortcuts.render") == 0 ||
	    ((strcmp(qual, "django.template.loader.render_to_string") == 0 ||
	      strcmp(qual, "django.template.backends.django.Template.render") == 0) &&
	     lazy_context(c, scope, call, strcmp(qual, "django.template.loader.render_to_string") == 0 ? 1 : 0))) {
		out->kind = CALL_BLOCKING;
		out->blk = blocking_find("<template-render>");
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
		if (it && strcmp(qual, "builtins.set") != 0 && strcmp(qual, "builtins.frozenset") != 0)
			out->result = with_rel(mk(T_INSTANCES, t.conf, t.cls, -1), t);
	}
}

/* A method of project class `cls` (or its bases) as a callable type. */
static struct type method_type(struct ctx *c, int cls, const char *name, uint8_t conf)
{
	int msum = -1;
	int mscope = cls >= 0 ? index_method(c->ix, cls, name, &msum) : -1;
	if (mscope < 0)
		return unknown;
	struct type t = mk(T_FUNCTION, conf, -1, mscope);
	t.sum = msum;
	return t;
}

/* `cls._executor`, `self.session`: a class-body attribute holding an external object whose
 * methods block (an executor, a requests.Session, a Redis client). */
static struct type class_attr(struct ctx *c, int cls, const char *name)
{
	const char *q = index_class_attr(c->ix, cls, name);
	const char *k = q ? blocking_class(q) : NULL;
	struct type t = unknown;
	if (k) {
		t.kind = T_EXT_INSTANCE;
		t.qual = k;
	}
	return t;
}

static struct type method_or_attr(struct ctx *c, int cls, const char *m, uint8_t conf)
{
	struct type f = method_type(c, cls, m, conf);
	return f.kind == T_FUNCTION ? f : class_attr(c, cls, m);
}

/* A blocking API a project class inherits from an external base: ModelForm.save,
 * ModelSerializer.data. */
static const struct blocking_call *inherited_blocking(struct ctx *c, int cls, const char *m)
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

static int has_external_base(struct ctx *c, int cls, const char *prefix, const char *contains)
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
	return t.cls >= 0 && (has_external_base(c, t.cls, "django.contrib.auth.models.", NULL) ||
			      has_external_base(c, t.cls, "django.contrib.auth.base_user.", NULL));
}

/* super().name inside class `cls`: the first project base that defines it. */
static struct type super_method(struct ctx *c, int cls, const char *name, uint8_t conf)
{
	const struct class_info *ci = index_class(c->ix, cls);
	if (!ci)
		return unknown;
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
			struct type t = method_type(c, y.cls, name, conf);
			if (t.kind == T_FUNCTION)
				return t;
		}
	}
	return unknown;
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
		out->result = mk(T_INSTANCE, t.conf, t.cls, -1); /* Book(title=...) */
		set_callee(out, method_type(c, t.cls, "__init__", t.conf));
	} else if (t.kind == T_CLASS) {
		out->result = mk(T_OBJECT, t.conf, t.cls, -1);
		set_callee(out, method_type(c, t.cls, "__init__", t.conf));
	} else if (t.kind == T_FUNCTION) {
		set_callee(out, t);
	}
}

/* recv.select_related("a__b", "c") / prefetch_related("t", Prefetch("u", ...)): `sel` with
 * the call's paths added; an argument not read here (a variable) counts as "*". */
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
		sb_puts(&b, x->kind == EX_STRING && x->str ? S(c, x->str) : "*");
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

static int has_methods(const struct summary *s, int cls)
{
	for (size_t k = (size_t)cls + 1; k < s->scopes.len; k++)
		if (s->scopes.items[k].parent == cls && s->scopes.items[k].kind != SC_CLASS)
			return 1;
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
static int plain_field(djindex *ix, const struct class_info *model, const char *name)
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
		if (!str_has_suffix(last, "Field") || strcmp(last, "ManyToManyField") == 0 ||
		    strcmp(last, "OneToOneField") == 0)
			return 0;
		for (int32_t a = s->ex.items[ev->ex].args; a >= 0; a = s->ex.items[a].next) {
			const struct ex *kw = &s->ex.items[a];
			if (kw->kind == EX_KWARG && (strcmp(summary_str(s, kw->str), "unique") == 0 ||
						      strcmp(summary_str(s, kw->str), "primary_key") == 0 ||
						      strcmp(summary_str(s, kw->str), "unique_for_date") == 0))
				return 0;
		}
		return 1;
	}
	return 0;
}

/* A ModelForm / ModelSerializer whose validation runs no query: no fields or methods of its
 * own, Meta.model a project model, Meta.fields a literal list of plain fields of it, and the
 * model's Meta without unique_together / constraints. */
static int plain_model_form(struct ctx *c, int cls)
{
	const struct class_info *ci = index_class(c->ix, cls);
	if (!ci || !all_bases_external(c->ix, ci))
		return 0;
	const struct summary *s = index_summary(c->ix, ci->sum);
	int meta = inner_class(s, ci->scope, "Meta");
	if (meta < 0 || has_methods(s, ci->scope))
		return 0;
	const struct class_info *model = NULL;
	int32_t fields = -1;
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->scope == ci->scope && ev->kind == EV_ASSIGN)
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
		} else if (strcmp(key, "fields") == 0 || strcmp(key, "exclude") == 0 || strcmp(key, "validators") == 0) {
			return 0;
		}
	}
	if (!model || model->kind != CK_MODEL || fields < 0 || !all_bases_external(c->ix, model))
		return 0;
	const struct summary *ms = index_summary(c->ix, model->sum);
	int mmeta = inner_class(ms, model->scope, "Meta");
	for (size_t k = 0; mmeta >= 0 && k < ms->ev.len; k++) {
		const struct event *ev = &ms->ev.items[k];
		if (ev->scope == mmeta && ev->kind == EV_ASSIGN && ev->target >= 0 && ms->ex.items[ev->target].kind == EX_NAME &&
		    (strcmp(summary_str(ms, ms->ex.items[ev->target].str), "unique_together") == 0 ||
		     strcmp(summary_str(ms, ms->ex.items[ev->target].str), "constraints") == 0))
			return 0;
	}
	int n = 0;
	for (int32_t f = s->ex.items[fields].args; f >= 0; f = s->ex.items[f].next, n++)
		if (s->ex.items[f].kind != EX_STRING || !s->ex.items[f].str ||
		    !plain_field(c->ix, model, summary_str(s, s->ex.items[f].str)))
			return 0;
	return n > 0;
}

static void on_event(struct ctx *c, const struct event *ev);
static struct ctx *sub_ctx(djindex *ix, int sum, const struct engine_opts *o, int depth, int module_env);
static void sub_ctx_free(struct ctx *c);

/* Summary `sum` with its function bodies: a shallow one not processed yet is summarized in
 * full now (engine_run processes it later, from `pending`). */
static const struct summary *ensure_full(struct ctx *c, int sum)
{
	const struct summary *s = index_summary(c->ix, sum);
	if (!s->shallow || !c->for_async || !c->rm->dp || c->rm->processed[sum] || sum == c->rm->current)
		return s;
	struct summary *full = NULL;
	c->rm->dp->fn(c->rm->dp->arg, &sum, 1, &full);
	if (!full) {
		c->rm->sums[sum]->shallow = 0; /* unreadable now: do not ask again */
		return s;
	}
	c->rm->sums[sum] = full;
	scope_events_drop(c->rm, sum);
	VEC_PUSH(c->rm->pending, sum);
	return full;
}

/* What project function (sum, scope) returns: the type of its first `return` whose value has a
 * known type, evaluated in its own module with its assignments bound in order. Unknown for a
 * shallow summary (its body was left out) and beyond MAX_METHOD_DEPTH. */
static struct type return_type(struct ctx *c, int sum, int scope)
{
	if (!c->rm || c->method_depth >= MAX_METHOD_DEPTH || sum < 0 || scope < 0)
		return unknown;
	char buf[32];
	snprintf(buf, sizeof buf, "%d:%d", sum, scope);
	int64_t at = strmap_get(&c->rm->at, buf, -1);
	if (at >= 0)
		return c->rm->slots.items[at].done ? c->rm->slots.items[at].t : unknown; /* recursion */
	struct ret_slot slot = {unknown, 0};
	VEC_PUSH(c->rm->slots, slot);
	at = (int64_t)c->rm->slots.len - 1;
	strmap_put(&c->rm->at, index_intern(c->ix, buf), at);
	struct type t = unknown;
	const struct summary *s = ensure_full(c, sum);
	if (!s->shallow) {
		struct ctx *sub = sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
		sub->rm = c->rm;
		sub->for_async = c->for_async;
		const struct scope_events *se = scope_events(c->rm, s, sum);
		for (size_t j = se->first[scope]; j < se->first[scope + 1] && t.kind == T_UNKNOWN; j++) {
			const struct event *ev = &sub->s->ev.items[se->ev[j]];
			if (ev->kind == EV_ASSIGN || ev->kind == EV_FOR || ev->kind == EV_WITH)
				on_event(sub, ev);
			else if (ev->kind == EV_RETURN && ev->ex >= 0)
				t = eval(sub, scope, ev->ex, 0);
		}
		sub_ctx_free(sub);
	}
	if (t.kind == T_UNKNOWN && s->scopes.items[scope].returns >= 0) {
		/* `def client() -> redis.Redis`: the annotation, when the body says nothing */
		struct ctx *sub = sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
		sub->rm = c->rm;
		sub->for_async = c->for_async;
		t = annotation_type(sub, s->scopes.items[scope].parent, s->scopes.items[scope].returns, 0);
		sub_ctx_free(sub);
	}
	if (t.kind == T_FUNCTION || t.kind == T_MODULE || t.kind == T_SUPER || t.kind == T_REQUEST ||
	    t.kind == T_REQUEST_USER || t.kind == T_SESSION || t.kind == T_SCOPE)
		t = unknown; /* only values a caller can meet as data */
	t.rel &= (uint8_t)~REL_OUTSIDE; /* the callee's parameters are the caller's business */
	c->rm->slots.items[at] = (struct ret_slot){t, 1};
	return t;
}

/* `self.client` of an instance of project class `cls`: what its methods assign to
 * `self.client` (the first assignment whose value has a known type, `__init__` first), through
 * its project bases. Memoized with the return types. */
static struct type instance_attr(struct ctx *c, int cls, const char *name)
{
	if (!c->rm || c->method_depth >= MAX_METHOD_DEPTH || cls < 0)
		return unknown;
	char buf[300];
	snprintf(buf, sizeof buf, "a%d:%.250s", cls, name);
	int64_t at = strmap_get(&c->rm->at, buf, -1);
	if (at >= 0)
		return c->rm->slots.items[at].done ? c->rm->slots.items[at].t : unknown;
	struct ret_slot slot = {unknown, 0};
	VEC_PUSH(c->rm->slots, slot);
	at = (int64_t)c->rm->slots.len - 1;
	strmap_put(&c->rm->at, index_intern(c->ix, buf), at);
	struct type t = unknown;
	for (int depth = 0, k = cls; k >= 0 && depth < 8 && t.kind == T_UNKNOWN; depth++) {
		const struct class_info *ci = index_class(c->ix, k);
		const struct summary *s = ensure_full(c, ci->sum);
		const struct scope_events *se = scope_events(c->rm, s, ci->sum);
		struct ctx *sub = sub_ctx(c->ix, ci->sum, c->o, c->method_depth + 1, 0);
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
					t = eval(sub, (int)m, ev->ex, 0);
				}
			}
		sub_ctx_free(sub);
		/* the first project base */
		int next = -1;
		for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0 && next < 0; b = s->ex.items[b].next)
			if (s->ex.items[b].kind == EX_NAME) {
				struct sym y = index_resolve_name(c->ix, ci->sum, summary_str(s, s->ex.items[b].str));
				next = y.kind == SYM_CLASS && y.cls != k ? y.cls : -1;
			}
		k = next;
	}
	if (t.kind == T_FUNCTION || t.kind == T_MODULE || t.kind == T_SUPER || t.kind == T_SCOPE)
		t = unknown;
	c->rm->slots.items[at] = (struct ret_slot){t, 1};
	return t;
}

static struct call classify_call_inner(struct ctx *c, int scope, int32_t call, int depth);

/* A call, classified; a call to a project function gives what that function returns. */
static struct call classify_call(struct ctx *c, int scope, int32_t call, int depth)
{
	struct call k = classify_call_inner(c, scope, call, depth);
	if (k.kind == CALL_NONE && k.result.kind == T_UNKNOWN && k.callee_scope >= 0)
		k.result = return_type(c, k.callee_sum, k.callee_scope);
	return k;
}

static struct call classify_call_inner(struct ctx *c, int scope, int32_t call, int depth)
{
	struct call out = {.kind = CALL_NONE, .recv_ex = -1, .inner = -1, .conf = CONF_HIGH,
			   .result = unknown, .callee_sum = -1, .callee_scope = -1, .extra = -1};
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
				out.result = with_rel(mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
				if (strcmp(m, "select_related") == 0 || strcmp(m, "prefetch_related") == 0)
					out.result.sel = fetched_paths(c, call, recv.sel, m[0] == 's');
				if ((recv.rel & REL_CACHED) && strcmp(m, "all") == 0)
					out.result.rel |= REL_CACHED; /* any other lazy method queries anew */
			} else if ((recv.rel & REL_MANAGER) && (out.api = djapi_find(RECV_RELATED, m)) != NULL) {
				out.kind = CALL_API;
			} else if ((out.api = djapi_find(RECV_QUERYSET, m)) != NULL) {
				out.kind = CALL_API;
				out.result = result_of(out.api->result, recv);
			} else if (custom_returns_queryset(c, recv, m)) {
				out.result = mk(T_QUERYSET, recv.conf, recv.cls, recv.aux);
			} else if (recv.aux >= 0) {
				/* a custom method that is not lazy: followed like any helper (DJA501) */
				set_callee(&out, method_type(c, recv.aux, m, recv.conf));
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
				set_callee(&out, method_type(c, recv.cls, m, recv.conf));
			return out;
		case T_OBJECT: {
			struct type f = method_type(c, recv.cls, m, recv.conf);
			const struct blocking_call *b = f.kind == T_FUNCTION ? NULL : inherited_blocking(c, recv.cls, m);
			if (b && strcmp(m, "save") == 0 && kwarg_is(c, call, "commit", "False"))
				b = NULL; /* form.save(commit=False) builds the instance without saving it */
			if (b && (strcmp(m, "is_valid") == 0 || strcmp(m, "full_clean") == 0) &&
			    plain_model_form(c, recv.cls))
				b = NULL; /* validating plain columns runs no query */
			if (b) {
				out.kind = CALL_BLOCKING;
				out.blk = b;
			} else {
				set_callee(&out, f);
			}
			return out;
		}
		case T_CLASS:
		case T_MODEL_CLASS:
			set_callee(&out, method_type(c, recv.cls, m, recv.conf));
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
			if (any && str_in(m, any->quiet) < 0) {
				out.kind = CALL_BLOCKING;
				out.anym = any;
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
	const struct ex *fx = X(c, X(c, call)->a);
	if (fx->kind == EX_NAME && strcmp(S(c, fx->str), "super") == 0) {
		/* super() inside a method: the class whose bases to search */
		int meth = scope;
		while (meth >= 0 && c->s->scopes.items[meth].kind == SC_LAMBDA)
			meth = c->s->scopes.items[meth].parent;
		int cls = meth >= 0 ? owner_class(c, meth) : -1;
		if (cls >= 0) {
			out.result = mk(T_SUPER, CONF_HIGH, cls, -1);
			return out;
		}
	}
	call_of_type(c, scope, call, eval(c, scope, X(c, call)->a, depth + 1), &out);
	return out;
}

/* A context for evaluating in another module (types only: no report, no call graph), one
 * level deeper; module-level names are visible when `module_env` (its assignments bound). */
static struct ctx *sub_ctx(djindex *ix, int sum, const struct engine_opts *o, int depth, int module_env)
{
	struct ctx *c = xcalloc(1, sizeof *c);
	c->ix = ix;
	c->sum = sum;
	c->s = index_summary(ix, sum);
	c->o = o;
	c->method_depth = depth;
	for (size_t k = 0; module_env && k < c->s->ev.len; k++)
		if (c->s->ev.items[k].scope == -1 && c->s->ev.items[k].kind != EV_CALL)
			on_event(c, &c->s->ev.items[k]);
	return c;
}

static void sub_ctx_free(struct ctx *c)
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
	struct ctx *sub = sub_ctx(c->ix, msum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	const struct scope *sc = &sub->s->scopes.items[mscope];
	env_slot(sub, mscope)->ready = 1; /* self is the QuerySet; nothing else is bound */
	if (sc->params >= 0)
		bind(sub, mscope, S(sub, X(sub, sc->params)->str), mk(T_QUERYSET, recv.conf, recv.cls, recv.aux));
	int yes = 0;
	for (size_t i = 0; i < sub->s->ev.len && !yes; i++) {
		const struct event *ev = &sub->s->ev.items[i];
		if (ev->scope != mscope)
			continue;
		if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(sub, ev->target)->kind == EX_NAME)
			bind(sub, mscope, S(sub, X(sub, ev->target)->str), eval(sub, mscope, ev->ex, 0));
		else if (ev->kind == EV_RETURN && ev->ex >= 0) {
			struct type t = eval(sub, mscope, ev->ex, 0);
			yes = t.kind == T_QUERYSET || t.kind == T_MANAGER;
		}
	}
	sub_ctx_free(sub);
	return yes;
}

/* A module-level variable of another module (`from .clients import session`): the type of
 * its last assignment there, evaluated in that module. */
static struct type module_var_type(struct ctx *c, int sum, const char *name)
{
	if (c->method_depth >= MAX_METHOD_DEPTH)
		return unknown;
	if (sum == c->sum) {
		struct type t;
		return env_find(c, -1, name, &t) ? t : unknown;
	}
	struct ctx *sub = sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	struct type t = unknown;
	for (size_t i = 0; i < sub->s->ev.len; i++) {
		const struct event *ev = &sub->s->ev.items[i];
		if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 &&
		    X(sub, ev->target)->kind == EX_NAME && strcmp(S(sub, X(sub, ev->target)->str), name) == 0)
			t = eval(sub, -1, ev->ex, 0);
	}
	sub_ctx_free(sub);
	return t;
}

/* A project function decorated as a Celery task: @shared_task, @app.task, @app.task(...). */
static int is_celery_task(struct ctx *c, int sum, int scope)
{
	if (c->method_depth >= MAX_METHOD_DEPTH)
		return 0;
	struct ctx *sub = sub_ctx(c->ix, sum, c->o, c->method_depth + 1, 0);
	sub->rm = c->rm;
	sub->for_async = c->for_async;
	int yes = 0;
	const struct scope *sc = &sub->s->scopes.items[scope];
	for (int32_t d = sc->decorators; d >= 0 && !yes; d = X(sub, d)->next) {
		int32_t e = X(sub, d)->kind == EX_CALL ? X(sub, d)->a : d;
		const struct ex *dx = X(sub, e);
		if (dx->kind == EX_ATTR && strcmp(S(sub, dx->str), "task") == 0) {
			struct type o = sum == c->sum ? eval(c, -1, dx->a, 0) : eval(sub, -1, dx->a, 0);
			yes = (o.kind == T_EXT_INSTANCE || o.kind == T_EXTERNAL) && o.qual && str_has_prefix(o.qual, "celery");
		} else {
			struct type t = eval(sub, -1, e, 0);
			yes = t.kind == T_EXTERNAL && (strcmp(t.qual, "celery.shared_task") == 0 ||
						       strcmp(t.qual, "celery.task") == 0);
		}
	}
	sub_ctx_free(sub);
	return yes;
}

/* --- expressions ----------------------------------------------------------------------- */

static struct type eval_attr(struct ctx *c, int scope, const struct ex *x, int depth)
{
	return attr_of(c, eval(c, scope, x->a, depth + 1), S(c, x->str));
}

/* The type of attribute `m` of a value of type `o`. */
static struct type attr_of(struct ctx *c, struct type o, const char *m)
{
	switch (o.kind) {
	case T_EXTERNAL: {
		char *q = xasprintf("%s.%s", o.qual, m);
		struct type t = unknown;
		t.kind = index_external_is_model(q) ? T_MODEL_CLASS : T_EXTERNAL;
		t.qual = index_intern(c->ix, q);
		if (is_builtin_signal(q)) {
			t.kind = T_EXT_INSTANCE;
			t.qual = "django.dispatch.Signal";
		}
		free(q);
		return t;
	}
	case T_EXT_INSTANCE:
		return unknown;
	case T_REQUEST:
		if (strcmp(m, "user") == 0)
			return mk(T_REQUEST_USER, o.conf, -1, -1);
		if (strcmp(m, "session") == 0)
			return mk(T_SESSION, o.conf, -1, -1);
		return unknown;
	case T_MODULE:
		return type_of_sym(c, index_resolve_name(c->ix, o.sum, m));
	case T_MODEL_CLASS: {
		const struct class_info *ci = index_class(c->ix, o.cls);
		if (strcmp(m, "objects") == 0 || strcmp(m, "_default_manager") == 0 ||
		    strcmp(m, "_base_manager") == 0) {
			int custom = -1;
			if (!ci && (o.rel & REL_USER)) {
				struct type um = mk(T_MANAGER, o.conf, -1, -1);
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
			return mk(T_MANAGER, o.conf, o.cls, custom);
		}
		for (size_t i = 0; ci && i < ci->n_managers; i++)
			if (strcmp(ci->managers[i].name, m) == 0)
				return mk(T_MANAGER, o.conf, o.cls, ci->managers[i].custom);
		return method_or_attr(c, o.cls, m, o.conf);
	}
	case T_INSTANCE: {
		const struct relation *rl = index_relation(c->ix, o.cls, m);
		if (!rl)
			return method_or_attr(c, o.cls, m, o.conf);
		if (rl->kind == REL_FILE) {
			struct type ff = unknown;
			ff.kind = T_EXT_INSTANCE;
			ff.qual = "django.db.models.fields.files.FieldFile";
			return ff;
		}
		if (rl->kind == REL_M2M || rl->kind == REL_REVERSE_FK) {
			/* book.tags: a related manager; its rows are in memory when the instance came
			 * from a QuerySet with prefetch_related (book.tags.all() then reads the cache) */
			struct type t = mk(T_MANAGER, o.conf, rl->target, -1);
			t.rel = REL_MANAGER | (sel_covers(o.sel, m, 0) ? REL_CACHED : 0);
			t.sel = sel_below(c->ix, o.sel, m);
			return t;
		}
		/* book.author: an instance (the read itself is judged by check_attr_read) */
		struct type t = mk(T_INSTANCE, CONF_MEDIUM, rl->target, -1);
		t.rel = o.rel & REL_OUTSIDE; /* param.author.publisher: as unsure as param.author */
		t.sel = sel_below(c->ix, o.sel, m);
		return t;
	}
	case T_OBJECT: {
		struct type f = method_or_attr(c, o.cls, m, o.conf);
		if (f.kind != T_UNKNOWN)
			return f;
		if (strcmp(m, "scope") == 0 && has_external_base(c, o.cls, "channels.", "Consumer"))
			return mk(T_SCOPE, o.conf, -1, -1);
		return instance_attr(c, o.cls, m);
	}
	case T_CLASS: {
		struct type f = method_or_attr(c, o.cls, m, o.conf);
		const struct class_info *ci = index_class(c->ix, o.cls);
		if (f.kind == T_UNKNOWN && ci && ci->maybe_model &&
		    (strcmp(m, "objects") == 0 || strcmp(m, "_default_manager") == 0))
			return mk(T_MANAGER, CONF_MEDIUM, o.cls, -1); /* a base of unknown kind: maybe a model */
		return f;
	}
	case T_SUPER:
		return super_method(c, o.cls, m, o.conf);
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
						      : with_rel(mk(T_INSTANCE, v.conf, v.cls, -1), v);
		if (v.kind == T_INSTANCE_TUPLE && !(x->flags & EXF_SLICE))
			return mk(T_INSTANCE, v.conf, v.cls, -1);
		if (v.kind == T_INSTANCES)
			return (x->flags & EXF_SLICE) ? v : with_rel(mk(T_INSTANCE, v.conf, v.cls, -1), v);
		if (v.kind == T_SCOPE && x->args >= 0 && X(c, x->args)->kind == EX_STRING &&
		    strcmp(S(c, X(c, x->args)->str), "user") == 0) {
			/* Channels' AuthMiddleware resolves the lazy user (`await get_user(scope)`)
			 * before the consumer runs: a loaded user, like `await request.auser()` */
			struct type u = mk(T_INSTANCE, v.conf, -1, -1);
			u.rel = REL_USER | REL_SCOPE_USER;
			return u;
		}
		if (v.kind == T_EXTERNAL && !(x->flags & EXF_SLICE)) {
			/* caches["default"], connections["replica"]: an object of that registry */
			char *q = xasprintf("%s[]", v.qual);
			struct type t = unknown;
			t.kind = T_EXT_INSTANCE;
			t.qual = index_intern(c->ix, q);
			free(q);
			return t;
		}
		return unknown;
	}
	case EX_CHOICE: {
		/* `a or b`, `x if c else y`: the first alternative of a known type; a QuerySet that an
		 * `or`/`and` truth-tested first has its rows in memory */
		for (int32_t a = x->args; a >= 0; a = X(c, a)->next) {
			struct type t = eval(c, scope, a, depth + 1);
			if (t.kind == T_UNKNOWN)
				continue;
			if (t.kind == T_QUERYSET && (x->flags & EXF_TESTED) && a == x->args)
				t.rel |= REL_CACHED;
			return t;
		}
		return unknown;
	}
	case EX_AWAIT: {
		/* await qs.aget() gives what qs.get() gives */
		if (x->a < 0 || X(c, x->a)->kind != EX_CALL)
			return unknown;
		const struct ex *fn = X(c, X(c, x->a)->a);
		if (fn->kind == EX_CALL) {
			/* await sync_to_async(Book.objects.filter)(...): what the wrapped method gives */
			struct type w = eval(c, scope, fn->a, depth + 1);
			int32_t f = nth_arg(c, X(c, x->a)->a, 0);
			if (w.kind != T_EXTERNAL || str_in(w.qual, wrappers_first_arg) < 0 || f < 0)
				return unknown;
			struct type ft = eval(c, scope, f, depth + 1);
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
				int32_t q = nth_arg(c, x->a, 0);
				struct type qt = q >= 0 ? eval(c, scope, q, depth + 1) : unknown;
				if (l.kind == T_EXTERNAL && (strcmp(l.qual, "builtins.list") == 0 ||
							     strcmp(l.qual, "builtins.tuple") == 0 ||
							     strcmp(l.qual, "builtins.sorted") == 0) && qt.kind == T_QUERYSET)
					return with_rel(mk(T_INSTANCES, qt.conf, qt.cls, -1), qt);
				return unknown;
			}
			if (X(c, f)->kind != EX_ATTR)
				return unknown;
			struct type recv = eval(c, scope, X(c, f)->a, depth + 1);
			const char *m = S(c, X(c, f)->str);
			if (recv.kind != T_MANAGER && recv.kind != T_QUERYSET)
				return unknown;
			if (str_in(m, djapi_lazy_methods) >= 0) {
				struct type q = with_rel(mk(T_QUERYSET, recv.conf, recv.cls, recv.aux), recv);
				q.rel |= REL_ESCAPED;
				return q;
			}
			const struct djapi *api = djapi_find(RECV_QUERYSET, m);
			return api ? result_of(api->result, recv) : unknown;
		}
		{
			/* await helper(...): an async (or @sync_to_async) project function's return */
			struct call k = classify_call(c, scope, x->a, depth + 1);
			if (k.callee_scope >= 0 && k.kind == CALL_NONE)
				return k.result;
			/* await asyncio.to_thread(f, ...): what f gives (a file object from open) */
			struct type w = eval(c, scope, X(c, x->a)->a, depth + 1);
			int32_t f = nth_arg(c, x->a, 0);
			if (w.kind == T_EXTERNAL && f >= 0 &&
			    (strcmp(w.qual, "asyncio.to_thread") == 0 || strcmp(w.qual, "asyncio.threads.to_thread") == 0)) {
				struct type ft = eval(c, scope, f, depth + 1);
				if (ft.kind == T_FUNCTION)
					return return_type(c, ft.sum, ft.aux);
				const char *cls = ft.kind == T_EXTERNAL ? blocking_class(ft.qual) : NULL;
				struct type r = unknown;
				if (cls) {
					r.kind = T_EXT_INSTANCE;
					r.qual = cls;
				}
				return r;
			}
		}
		if (fn->kind != EX_ATTR)
			return unknown;
		struct type recv = eval(c, scope, fn->a, depth + 1);
		if (recv.kind == T_MANAGER || recv.kind == T_QUERYSET)
			return result_of(djapi_async_result(S(c, fn->str)), recv);
		if (recv.kind == T_REQUEST && strcmp(S(c, fn->str), "auser") == 0) {
			struct type u = mk(T_INSTANCE, CONF_HIGH, -1, -1);
			u.rel = REL_USER;
			return u;
		}
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

static const char *const http_methods[] = {
	"get", "post", "put", "patch", "delete", "head", "options", "trace", "dispatch", NULL,
};
static const char *const ninja_verbs[] = {
	"get", "post", "put", "patch", "delete", "api_operation", "head", "options", NULL,
};

/* What kind of async root scope `fn` is: how the framework reaches it. */
static const char *root_kind(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	const char *name = S(c, sc->name);
	if (strcmp(name, "__acall__") == 0)
		return "middleware";
	int cls = owner_class(c, fn);
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
			    str_in(name, http_methods) >= 0)
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
		struct type t = eval(c, sc->parent, e, 0);
		if (t.kind == T_EXTERNAL && strcmp(t.qual, "django.dispatch.receiver") == 0)
			return "signal-receiver";
		if (t.kind == T_EXTERNAL && (str_has_prefix(t.qual, "strawberry.") ||
					     str_has_prefix(t.qual, "strawberry_django.")))
			return "graphql";
		if (dx->kind == EX_ATTR && str_in(S(c, dx->str), ninja_verbs) >= 0) {
			struct type o = eval(c, sc->parent, dx->a, 0);
			if ((o.kind == T_EXT_INSTANCE || o.kind == T_EXTERNAL) && o.qual && str_has_prefix(o.qual, "ninja."))
				return "ninja";
		}
	}
	if (sc->params >= 0 && strcmp(S(c, X(c, sc->params)->str), "request") == 0)
		return "view";
	return "function";
}

/* A sync def's first most confident blocking event, remembered for chains through helpers.
 * DJA401 is a wrapper mistake, not blocking of the helper itself. */
static void record_direct(struct ctx *c, int scope, const struct rule *r, uint8_t conf, struct fix fx,
			  const struct span *sp, const char *what)
{
	if (!c->g || scope < 0 || c->s->scopes.items[scope].kind != SC_FUNCTION ||
	    strcmp(r->id, "DJA401") == 0)
		return;
	struct fninfo *fi = &c->g->fi[c->sum][scope];
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
static void emit(struct ctx *c, const struct event *ev, const struct span *sp, const char *id,
		 uint8_t conf, struct fix fx, const char *what, char *core, char *suggestion)
{
	const struct rule *r = rule_find(id);
	int fn = async_function_of(c, ev->scope);
	if (r && fn < 0)
		record_direct(c, ev->scope, r, conf, fx, sp, what);
	if (!c->r || fn < 0 || conf < c->o->min_confidence || !r || suppressed_at(c, sp)) {
		free(core);
		free(suggestion);
		return;
	}
	struct finding f = {
		.rule = r, .cause = r, .library = fx.library, .twin = fx.twin,
		.id = r->id, .slug = r->slug, .severity = r->severity, .confidence = conf,
		.path = xstrdup(c->s->path), .line = sp->line, .column = sp->col,
		.end_line = sp->end_line, .end_column = sp->end_col,
		.message = xasprintf("%s in async function `%s`", core, S(c, c->s->scopes.items[fn].qualname)),
		.suggestion = suggestion, .function = xstrdup(S(c, c->s->scopes.items[fn].qualname)),
		.root = root_kind(c, fn),
	};
	free(core);
	report_add_finding(c->r, f);
}

/* Whether a Django API row's suggestion at the target version is its async twin. */
static struct fix api_fix(const struct ctx *c, const struct djapi *api)
{
	struct fix f = {api->async_fix[0] && c->o->django_version >= api->since, NULL};
	return f;
}

/* The client library of a blocking call of a library rule (EC_LIBRARY): the top package of its
 * qualified name, among those the estimate prices. */
static const char *library_of(const char *qual, const char *rule_id)
{
	const char *const *libs = client_libraries;
	const struct rule *r = rule_find(rule_id);
	if (!qual || !r || r->effort != EC_LIBRARY)
		return NULL;
	for (size_t i = 0; libs[i]; i++)
		if (str_has_prefix(qual, libs[i]) && (qual[strlen(libs[i])] == '.' || !qual[strlen(libs[i])]))
			return libs[i];
	return NULL;
}

/* The suggestion for a Django API row at the target version. */
static char *api_suggestion(const struct ctx *c, const struct djapi *api, const char *recv,
			    const char *method, int has_args)
{
	if (!api->async_fix[0])
		return xasprintf("wrap it: `await sync_to_async(%s.%s)(%s)` (Django has no async twin)", recv, method,
				 has_args ? "..." : "");
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
	struct type qt = eval(c, ev->scope, qs_ex, 0);
	if (qt.rel & REL_CACHED)
		return; /* a prefetched relation's rows: read from memory */
	char *recv = render_str(c, qs_ex);
	if (qt.rel & REL_ESCAPED) {
		/* the QuerySet came out of sync_to_async unevaluated: the wrapper did nothing */
		char *what = xasprintf("evaluating QuerySet `%s`", recv);
		emit(c, ev, &X(c, qs_ex)->sp, "DJA107", conf, no_fix, what,
		     xasprintf("QuerySet `%s` came back unevaluated from sync_to_async and is evaluated here, "
			       "on the event loop (%s)", recv, how),
		     xasprintf("evaluate it inside the wrapper: `await sync_to_async(lambda: list(...))()`, or "
			       "iterate with `async for`"));
		free(what);
		free(recv);
		return;
	}
	int iter = strcmp(api->rule_id, "DJA103") == 0;
	char *what = xasprintf(iter ? "iterating QuerySet `%s`" : "evaluating QuerySet `%s`", recv);
	char *core = xasprintf(iter ? "QuerySet `%s` is iterated synchronously %s"
				    : "QuerySet `%s` is evaluated synchronously by %s", recv, how);
	char *sugg = api_suggestion(c, api, recv, "", 0);
	emit(c, ev, &X(c, qs_ex)->sp, api->rule_id, conf, api_fix(c, api), what, core, sugg);
	free(what);
	free(recv);
}

static int has_name_in(const char *const *items, size_t len, const char *name)
{
	for (size_t i = 0; i < len; i++)
		if (strcmp(items[i], name) == 0)
			return 1;
	return 0;
}
#define has_name(vec, name) has_name_in((vec)->items, (vec)->len, (name))

/* A cache or session call whose backend, by the settings, keeps its data in memory. */
static int memory_backend(const struct ctx *c, const char *rule_id, int32_t recv_ex)
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
	return has_name(&c->set->memory_caches, alias);
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

/* CACHES and SESSION_ENGINE of every settings-style module of the project. An alias counts as
 * in memory only when every definition of CACHES found makes it LocMem or Dummy, and none is
 * written in a form not read here; with no CACHES at all nothing is assumed. */
static void read_settings(struct summary *const *sums, size_t n, struct settings_facts *out)
{
	VEC(const char *) seen_aliases = {0};
	int caches_defs = 0, cache_unknown = 0, session_defs = 0, session_mem = 1;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct summary *s = sums[i];
			for (size_t k = 0; k < s->ev.len; k++) {
				const struct event *ev = &s->ev.items[k];
				if (ev->kind != EV_ASSIGN || ev->scope != -1 || ev->target < 0 ||
				    s->ex.items[ev->target].kind != EX_NAME)
					continue;
				const char *name = summary_str(s, s->ex.items[ev->target].str);
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
					if (pass == 0 && mem && !has_name(&out->memory_caches, alias))
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
		if (!has_name(&seen_aliases, a) && !cache_unknown && caches_defs)
			out->memory_caches.items[keep++] = a;
	}
	out->memory_caches.len = keep;
	VEC_FREE(seen_aliases);
	out->memory_sessions = session_defs > 0 && session_mem;
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

/* A call to a project function: an edge of the call graph. */
static void record_edge(struct ctx *c, const struct event *ev, const struct call *k, int32_t fn_ex, int property)
{
	if (!c->g || k->callee_scope < 0 || ev->scope < 0)
		return;
	uint8_t kind = c->s->scopes.items[ev->scope].kind;
	if (kind != SC_FUNCTION && kind != SC_ASYNC_FUNCTION)
		return; /* lambdas and class bodies are not followed */
	int async_site = async_function_of(c, ev->scope) >= 0;
	if (async_site && (ev->flags & EVF_AWAITED))
		return; /* `await helper()`: an async callee, or a wrapped one */
	if (async_site && suppressed_at(c, &ev->sp))
		return;
	struct edge e = {c->sum, ev->scope, k->callee_sum, k->callee_scope, async_site, k->conf, ev->sp,
			 render_str(c, fn_ex), property};
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

static int rel_cached(const struct ctx *c, int scope, int32_t obj, const char *field);
static void report_lazy_relation(struct ctx *c, const struct event *ev, const struct ex *x, const char *field,
				 int32_t base, uint8_t conf);

/* getattr(book, "author"): the relation is read like book.author. */
static void getattr_read(struct ctx *c, const struct event *ev, int32_t call)
{
	int32_t o = nth_arg(c, call, 0), n = nth_arg(c, call, 1);
	if (o < 0 || n < 0 || X(c, n)->kind != EX_STRING || !X(c, n)->str)
		return;
	struct type t = eval(c, ev->scope, o, 0);
	const char *m = S(c, X(c, n)->str);
	const struct relation *rl = t.kind == T_INSTANCE ? index_relation(c->ix, t.cls, m) : NULL;
	if (!rl || (rl->kind != REL_FK && rl->kind != REL_O2O && rl->kind != REL_GENERIC_FK && rl->kind != REL_REVERSE_O2O))
		return;
	if (!sel_covers(t.sel, m, rl->kind != REL_REVERSE_O2O) && !rel_cached(c, ev->scope, o, m))
		report_lazy_relation(c, ev, X(c, call), m, o, (t.rel & REL_OUTSIDE) ? CONF_LOW : CONF_MEDIUM);
}

static void on_call(struct ctx *c, const struct event *ev)
{
	struct call k = classify_call(c, ev->scope, ev->ex, 0);
	const struct ex *call = X(c, ev->ex);
	const struct ex *fn = X(c, call->a);
	char *callee = render_str(c, call->a);
	char *what = xasprintf("`%s()`", callee);
	if ((ev->flags & EVF_AWAITED) && fn->kind == EX_ATTR) {
		/* await request.auser(), await request.session.aget(...): loaded from now on */
		struct type recv = eval(c, ev->scope, fn->a, 0);
		const char *m = S(c, fn->str);
		if (recv.kind == T_REQUEST && strcmp(m, "auser") == 0)
			mark_loaded(c, ev->scope, LOADED_USER);
		else if (recv.kind == T_SESSION && m[0] == 'a')
			mark_loaded(c, ev->scope, LOADED_SESSION);
	}
	if (k.callee_scope >= 0 && (c->o->n_safe || c->o->n_extra)) {
		/* a project function named in the configuration */
		char *q = project_qual(c, k.callee_sum, k.callee_scope);
		if (in_list(q, c->o->safe_calls, c->o->n_safe) >= 0)
			k.callee_scope = -1;
		else if ((k.extra = in_list(q, c->o->extra_names, c->o->n_extra)) >= 0)
			k.kind = CALL_BLOCKING;
		free(q);
	}
	switch (k.kind) {
	case CALL_NONE:
		record_edge(c, ev, &k, call->a, 0);
		if (k.qual && strcmp(k.qual, "builtins.getattr") == 0)
			getattr_read(c, ev, ev->ex);
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
		char *core = api->recv == RECV_INSTANCE
				     ? xasprintf("`%s()` on a model instance queries the database synchronously", callee)
				     : xasprintf("`%s()` runs a database query synchronously", callee);
		char *sugg = api_suggestion(c, api, recv, method, call->args >= 0);
		emit(c, ev, &ev->sp, api->rule_id, k.conf, api_fix(c, api), what, core, sugg);
		free(recv);
		break;
	}
	case CALL_BLOCKING: {
		const char *rule = k.extra >= 0 ? "DJA390" : k.anym ? k.anym->rule_id : k.blk->rule_id;
		if (memory_backend(c, rule, k.recv_ex))
			break;
		const char *fix = k.extra >= 0 ? c->o->extra_fixes[k.extra] : k.anym ? k.anym->fix : k.blk->fix;
		int since = k.extra >= 0 || k.anym ? 0 : k.blk->since;
		char *sugg;
		if (since && c->o->django_version < since) {
			char *need = version_text(since);
			sugg = xasprintf("wrap it: `await sync_to_async(%s)(...)` (the async API needs Django %s)",
					 callee, need);
			free(need);
		} else {
			sugg = xstrdup(fix);
		}
		struct fix fx = {!(since && c->o->django_version < since) && str_has_prefix(fix, "use `"),
				 library_of(k.anym ? k.anym->qual : k.blk ? k.blk->qual : NULL, rule)};
		emit(c, ev, &ev->sp, rule, k.conf, fx, what, xasprintf("`%s()` blocks the event loop", callee), sugg);
		break;
	}
	case CALL_MISUSE: {
		char *inner = render_str(c, X(c, k.inner)->a);
		char *core = xasprintf("`%s()` is given the result of `%s()`, which runs on the event loop "
				       "before anything is wrapped", callee, inner);
		emit(c, ev, &ev->sp, "DJA401", k.conf, no_fix, what, core,
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
		emit(c, ev, &ev->sp, "DJA402", k.conf, no_fix, what,
		     xasprintf("`%s()` raises RuntimeError when called from a running event loop", callee),
		     xstrdup("await the coroutine function directly: `await func(...)`"));
		break;
	case CALL_RUN:
		emit(c, ev, &ev->sp, "DJA403", k.conf, no_fix, what,
		     xasprintf("`%s()` cannot start an event loop inside the running one", callee),
		     xstrdup("await the coroutine directly: `await coro(...)`"));
		break;
	}
	free(what);
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

/* book.author without select_related("author"): a query on the event loop. */
static void report_lazy_relation(struct ctx *c, const struct event *ev, const struct ex *x, const char *field,
				 int32_t base, uint8_t conf)
{
	char *code = render_str(c, (int32_t)(x - c->s->ex.items));
	char *recv = render_str(c, base);
	char *what = xasprintf("`%s` (a lazy relation)", code);
	int hops = strstr(field, "__") != NULL;
	emit(c, ev, &x->sp, "DJA105", conf, no_fix, what,
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
	char *code = render_str(c, (int32_t)(x - c->s->ex.items));
	char *what = xasprintf("`%s`", code);
	emit(c, ev, &x->sp, b->rule_id, CONF_HIGH, no_fix, what,
	     xasprintf(strcmp(b->rule_id, "DJA213") == 0 ? "reading `%s` runs database queries synchronously"
							  : "reading `%s` does storage I/O synchronously", code),
	     xstrdup(b->fix));
	free(what);
	free(code);
}

/* request.user and request.session: lazy objects that hit the database on first use. */
static void report_request(struct ctx *c, const struct event *ev, const struct span *sp,
			   const char *key, int32_t e, const char *how)
{
	const struct blocking_call *b = blocking_find(key);
	uint8_t obj = strcmp(b->rule_id, "DJA209") == 0 ? LOADED_USER : LOADED_SESSION;
	if (memory_backend(c, b->rule_id, -1))
		return;
	int fn = async_function_of(c, ev->scope);
	if (fn < 0) {
		/* in a wrapped lambda or helper: it loads the object for the code after it */
		mark_loaded(c, ev->scope, obj);
		return;
	}
	if (c->loaded && (c->loaded[fn] & obj))
		return; /* already loaded in this function: served from memory */
	char *code = render_str(c, e);
	char *what = xasprintf("%s `%s`", how, code);
	char *sugg;
	if (c->o->django_version < b->since) {
		char *need = version_text(b->since);
		sugg = xasprintf("move the access into a sync function run with `await sync_to_async(...)(...)` "
				 "(the async API needs Django %s)", need);
		free(need);
	} else {
		sugg = xstrdup(b->fix);
	}
	emit(c, ev, sp, b->rule_id, CONF_HIGH, (struct fix){c->o->django_version >= b->since, NULL}, what,
	     xasprintf("%s `%s` loads it synchronously", how, code), sugg);
	free(what);
	free(code);
}

static int rel_cached(const struct ctx *c, int scope, int32_t obj, const char *field)
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

static void cache_rel(struct ctx *c, int scope, const char *var, const char *field)
{
	struct cached_rel r = {scope, var, field};
	VEC_PUSH(c->cached, r);
}

/* `var = ...` forgets what was cached on the old object; `var = Book.objects.create(author=a)`
 * and `var = Book(author=a)` cache the relations given as keywords. */
static void rebind_cached(struct ctx *c, const struct event *ev)
{
	if (ev->target < 0 || X(c, ev->target)->kind != EX_NAME)
		return;
	const char *var = S(c, X(c, ev->target)->str);
	size_t k = 0;
	for (size_t i = 0; i < c->cached.len; i++) {
		const struct cached_rel *r = &c->cached.items[i];
		if (!(r->scope == ev->scope && strcmp(r->var, var) == 0))
			c->cached.items[k++] = *r;
	}
	c->cached.len = k;
	int32_t e = ev->ex;
	if (e >= 0 && X(c, e)->kind == EX_AWAIT)
		e = X(c, e)->a;
	if (e < 0 || X(c, e)->kind != EX_CALL)
		return;
	int32_t fe = X(c, e)->a; /* what makes the object */
	if (X(c, fe)->kind == EX_CALL) {
		/* await sync_to_async(Book.objects.create)(author=a) */
		struct type w = eval(c, ev->scope, X(c, fe)->a, 0);
		if (w.kind != T_EXTERNAL || str_in(w.qual, wrappers_first_arg) < 0 || (fe = nth_arg(c, fe, 0)) < 0)
			return;
	}
	const struct ex *fn = X(c, fe);
	int makes;
	if (fn->kind == EX_ATTR && (strcmp(S(c, fn->str), "create") == 0 || strcmp(S(c, fn->str), "acreate") == 0)) {
		struct type r = eval(c, ev->scope, fn->a, 0);
		makes = r.kind == T_MANAGER || r.kind == T_QUERYSET;
	} else {
		makes = eval(c, ev->scope, fe, 0).kind == T_MODEL_CLASS; /* Book(author=a) */
	}
	for (int32_t a = makes ? X(c, e)->args : -1; a >= 0; a = X(c, a)->next)
		if (X(c, a)->kind == EX_KWARG)
			cache_rel(c, ev->scope, var, S(c, X(c, a)->str));
}

/* A project method decorated @property, @cached_property or @functools.cached_property. */
static int is_property(const struct ctx *c, int sum, int scope)
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

/* Reading `obj.prop` runs the property's body: an edge of the call graph, like a call. */
static void property_read(struct ctx *c, const struct event *ev, int32_t e, struct type o)
{
	if (o.kind != T_INSTANCE && o.kind != T_OBJECT)
		return;
	const struct ex *x = X(c, e);
	struct type f = method_type(c, o.cls, S(c, x->str), o.conf);
	if (f.kind != T_FUNCTION || !is_property(c, f.sum, f.aux))
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
	struct type o = eval(c, ev->scope, x->a, 0);
	const char *m = S(c, x->str);
	*o_out = o;
	const struct relation *rl = o.kind == T_INSTANCE ? index_relation(c->ix, o.cls, m) : NULL;
	if (!rl || (rl->kind != REL_FK && rl->kind != REL_O2O && rl->kind != REL_GENERIC_FK &&
		    rl->kind != REL_REVERSE_O2O))
		return 0;
	return !sel_covers(o.sel, m, rl->kind != REL_REVERSE_O2O) && !rel_cached(c, ev->scope, x->a, m);
}

/* One attribute read `o.m`: a lazy relation (DJA105), a property that blocks (DJA213, DJA215),
 * a read through request.user (DJA209), or a project property (an edge to its body). Returns
 * the expression below the reads it judged: `book.author.publisher` is one finding (the path
 * to fetch is author__publisher), so the inner `book.author` is judged with it. */
static int32_t check_attr_read(struct ctx *c, const struct event *ev, int32_t e)
{
	const struct ex *x = X(c, e);
	struct type o;
	if (lazy_load(c, ev, e, &o) && x->a >= 0 && X(c, x->a)->kind == EX_NAME && async_function_of(c, ev->scope) < 0 &&
	    enclosing_async(c, ev->scope) >= 0) {
		/* sync_to_async(lambda: log.portfolio)(): loaded in the thread, cached on the object the
		 * async function holds (a name of the lambda's own would be bound in its scope) */
		struct type t;
		const char *var = S(c, X(c, x->a)->str);
		if (!env_find(c, ev->scope, var, &t))
			cache_rel(c, enclosing_async(c, ev->scope), var, S(c, x->str));
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
		report_lazy_relation(c, ev, x, path.s, inner, (o.rel & REL_OUTSIDE) ? CONF_LOW : CONF_MEDIUM);
		free(path.s);
		return inner;
	}
	if (x->kind != EX_ATTR)
		return -1;
	o = eval(c, ev->scope, x->a, 0);
	const char *m = S(c, x->str);
	property_read(c, ev, e, o);
	switch (o.kind) {
	case T_REQUEST_USER:
		report_request(c, ev, &x->sp, "django.http.request.user.<read>", e, "reading");
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
		if (method_or_attr(c, o.cls, m, o.conf).kind != T_UNKNOWN)
			return x->a;
		const struct blocking_call *b = inherited_blocking(c, o.cls, m);
		if (b && b->returns && strcmp(b->returns, "<attribute>") == 0)
			report_attr_blocking(c, ev, x, b);
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
		cache_rel(c, ev->scope, S(c, X(c, X(c, ev->target)->a)->str), S(c, X(c, ev->target)->str));
}

static void on_event(struct ctx *c, const struct event *ev)
{
	if (ev->flags & EVF_NO_LOOP)
		return; /* not run while an event loop runs: neither findings nor call edges */
	if (c->method_depth == 0)
		c->for_async = async_function_of(c, ev->scope) >= 0;
	check_reads(c, ev);
	switch (ev->kind) {
	case EV_CALL:
		on_call(c, ev);
		break;
	case EV_ASSIGN:
		bind_target(c, ev->scope, ev->target, eval(c, ev->scope, ev->ex, 0));
		if (c->seen && ev->scope >= 0)
			rebind_cached(c, ev);
		break;
	case EV_WITH:
		bind_target(c, ev->scope, ev->target, eval(c, ev->scope, ev->ex, 0));
		break;
	case EV_FOR: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		const struct blocking_class_rule *any = t.kind == T_EXT_INSTANCE ? blocking_any_method(t.qual) : NULL;
		if (any && strcmp(any->rule_id, "DJA303") == 0 && !(ev->flags & EVF_ASYNC)) {
			/* for line in fh: each step reads the file */
			char *code = render_str(c, ev->ex);
			char *what = xasprintf("iterating file `%s`", code);
			emit(c, ev, &X(c, ev->ex)->sp, any->rule_id, t.conf, no_fix, what,
			     xasprintf("iterating `%s` reads the file synchronously", code), xstrdup(any->fix));
			free(what);
			free(code);
		}
		if (t.kind == T_QUERYSET && !(ev->flags & EVF_ASYNC))
			report_implicit(c, ev, ev->ex, t.conf, ev->flags & EVF_COMPREHENSION ? "<list>" : "<for>",
					ev->flags & EVF_COMPREHENSION ? "by a comprehension" : "by a for loop");
		bind_target(c, ev->scope, ev->target,
			    t.kind == T_QUERYSET || t.kind == T_INSTANCES ? with_rel(mk(T_INSTANCE, t.conf, t.cls, -1), t)
									  : unknown);
		break;
	}
	case EV_TRUTH: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, ev->ex, t.conf, "<bool>", "a truth test");
		else if (t.kind == T_REQUEST_USER)
			report_request(c, ev, &X(c, ev->ex)->sp, "django.http.request.user.<read>", ev->ex,
				       "truth-testing");
		break;
	}
	case EV_IN: {
		struct type t = eval(c, ev->scope, ev->ex, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, ev->ex, t.conf, "<in>", "`in`");
		else if (t.kind == T_SESSION)
			report_request(c, ev, &X(c, ev->ex)->sp, "django.http.request.session.<in>", ev->ex,
				       "`in` on");
		break;
	}
	case EV_ATTR:
		break; /* judged by check_reads */
	case EV_SUBSCRIPT: {
		const struct ex *x = X(c, ev->ex);
		if (x->kind != EX_SUBSCRIPT || ((x->flags & EXF_SLICE) && !(x->flags & EXF_STEP)))
			break;
		struct type t = eval(c, ev->scope, x->a, 0);
		if (t.kind == T_QUERYSET)
			report_implicit(c, ev, x->a, t.conf, x->flags & EXF_STEP ? "<step>" : "<index>",
					x->flags & EXF_STEP ? "a slice with a step" : "indexing");
		else if (t.kind == T_SESSION && !(x->flags & EXF_SLICE))
			report_request(c, ev, &x->sp, "django.http.request.session[]", ev->ex, "indexing");
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
			struct type t = eval(c, sc->parent, e, 0);
			if (t.kind == T_EXTERNAL && str_in(t.qual, wrappers_first_arg) >= 0)
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
}

static char *fn_label(struct summary *const *sums, int sum, int scope)
{
	return xstrdup(summary_str(sums[sum], sums[sum]->scopes.items[scope].qualname));
}

/* DJA501: an async call site whose sync callee reaches a blocking line. */
static void report_chains(struct graph *g, djindex *ix, struct summary *const *sums,
			  const struct engine_opts *o, struct report *r)
{
	const struct rule *rule = rule_find("DJA501");
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
		struct finding f = {.rule = rule, .cause = rule, .id = rule->id, .slug = rule->slug, .confidence = e->conf};
		f.chain = xcalloc((size_t)fi->dist[level] + 1, sizeof *f.chain);
		int sum = e->callee_sum, scope = e->callee_scope;
		const struct fninfo *last = fi;
		while (1) {
			const struct fninfo *h = &g->fi[sum][scope];
			struct chain_hop *hop = &f.chain[f.chain_len++];
			hop->path = xstrdup(sums[sum]->path);
			hop->function = fn_label(sums, sum, scope);
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
		if (f.confidence < o->min_confidence) {
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
		f.message = xasprintf(e->property ? "`%s` (a property) blocks the event loop in async function `%s`: "
						    "it reaches %s (%s) at %s:%d%s"
						  : "`%s()` blocks the event loop in async function `%s`: it reaches %s (%s) "
						    "at %s:%d%s",
				      e->callee_text, caller, last->what, last->rule->id, end->path, end->line, hops);
		f.suggestion = xasprintf(e->property ? "read it in a worker thread: `await sync_to_async(lambda: %s)()`"
						     : "run it in a worker thread: `await sync_to_async(%s)(...)`, or make "
						       "the chain async",
					 e->callee_text);
		report_add_finding(r, f);
	}
	(void)ix;
}

/* A finding about the code's structure: reported wherever it is, async context or not. */
static void emit_structural(struct ctx *c, const struct span *sp, int fn, const char *id, char *message,
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

static void decorator_versions(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = eval(c, sc->parent, e, 0);
		if (t.kind != T_EXTERNAL)
			continue;
		for (size_t i = 0; django_async_decorators[i].qual; i++) {
			if (strcmp(t.qual, django_async_decorators[i].qual) != 0 ||
			    c->o->django_version >= django_async_decorators[i].since)
				continue;
			char *need = version_text(django_async_decorators[i].since);
			const char *name = strrchr(t.qual, '.') + 1;
			emit_structural(c, &X(c, d)->sp, fn, "DJA222",
					xasprintf("`@%s` handles async views only from Django %s: on `%s` it returns "
						  "the coroutine unawaited or runs sync code around it",
						  name, need, S(c, sc->qualname)),
					xasprintf("upgrade to Django %s, or apply it to a sync wrapper", need));
			free(need);
		}
	}
}

/* class BookView(View): def get(...) and async def post(...): Django refuses the class. */
static void mixed_handlers(struct ctx *c, int cls_scope)
{
	static const char *const handlers[] = {"get", "post", "put", "patch", "delete", "head", "options", NULL};
	int cls = index_class_of_scope(c->ix, c->sum, cls_scope);
	if (cls < 0 || !has_external_base(c, cls, "django.views.", NULL))
		return;
	int sync = 0, async = 0;
	for (size_t k = (size_t)cls_scope + 1; k < c->s->scopes.len; k++) {
		const struct scope *m = &c->s->scopes.items[k];
		if (m->parent != cls_scope || str_in(S(c, m->name), handlers) < 0)
			continue;
		sync += m->kind == SC_FUNCTION;
		async += m->kind == SC_ASYNC_FUNCTION;
	}
	if (sync && async)
		emit_structural(c, &c->s->scopes.items[cls_scope].sp, cls_scope, "DJA220",
				xasprintf("`%s` mixes sync and async HTTP handlers: Django raises ImproperlyConfigured",
					  S(c, c->s->scopes.items[cls_scope].qualname)),
				xstrdup("make every handler `async def` (or every one `def`)"));
}

/* class Dashboard(LoginRequiredMixin, View): async def get(...): the mixin's sync dispatch()
 * reads request.user on the event loop. */
static void access_mixin(struct ctx *c, int cls_scope)
{
	static const char *const mixins[] = {
		"django.contrib.auth.mixins.LoginRequiredMixin", "django.contrib.auth.mixins.PermissionRequiredMixin",
		"django.contrib.auth.mixins.UserPassesTestMixin", "django.contrib.auth.mixins.AccessMixin", NULL,
	};
	int cls = index_class_of_scope(c->ix, c->sum, cls_scope);
	if (cls < 0)
		return;
	const char *bases[16], *mixin = NULL;
	size_t nb = index_external_bases(c->ix, cls, bases, 16);
	for (size_t i = 0; i < nb && !mixin; i++)
		if (str_in(bases[i], mixins) >= 0)
			mixin = strrchr(bases[i], '.') + 1;
	if (!mixin)
		return;
	int async = 0;
	for (size_t k = (size_t)cls_scope + 1; k < c->s->scopes.len && !async; k++) {
		const struct scope *m = &c->s->scopes.items[k];
		async = m->parent == cls_scope && m->kind == SC_ASYNC_FUNCTION && str_in(S(c, m->name), http_methods) >= 0;
	}
	if (async)
		emit_structural(c, &c->s->scopes.items[cls_scope].sp, cls_scope, "DJA224",
				xasprintf("`%s` has async handlers but derives from `%s`, whose sync `dispatch()` reads "
					  "`request.user` on the event loop", S(c, c->s->scopes.items[cls_scope].qualname), mixin),
				xstrdup("check access in the handler: `user = await request.auser()`, then the test the "
					"mixin made"));
}

static int is_unsafe_env_key(struct ctx *c, int32_t e)
{
	return e >= 0 && X(c, e)->kind == EX_STRING && strcmp(S(c, X(c, e)->str), "DJANGO_ALLOW_ASYNC_UNSAFE") == 0;
}

/* os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = ..., os.environ.setdefault(...), os.putenv(...) */
static void unsafe_env(struct ctx *c, const struct event *ev)
{
	int hit = 0;
	if (ev->kind == EV_CALL && !is_unsafe_env_key(c, nth_arg(c, ev->ex, 0)))
		return; /* the cheap test first: this runs on every call */
	if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(c, ev->target)->kind == EX_SUBSCRIPT) {
		struct type v = eval(c, ev->scope, X(c, ev->target)->a, 0);
		hit = v.kind == T_EXTERNAL && strcmp(v.qual, "os.environ") == 0 && is_unsafe_env_key(c, X(c, ev->target)->args);
	} else if (ev->kind == EV_CALL) {
		struct type f = eval(c, ev->scope, X(c, ev->ex)->a, 0);
		hit = f.kind == T_EXTERNAL && (strcmp(f.qual, "os.environ.setdefault") == 0 || strcmp(f.qual, "os.putenv") == 0) &&
		      is_unsafe_env_key(c, nth_arg(c, ev->ex, 0));
	}
	if (hit)
		emit_structural(c, &ev->sp, ev->scope >= 0 ? ev->scope : -1, "DJA221",
				xstrdup("DJANGO_ALLOW_ASYNC_UNSAFE turns off Django's check for sync database access in "
					"async code: the blocking calls run on the event loop unnoticed"),
				xstrdup("remove it outside notebooks and shells; fix the blocking calls instead"));
}

/* @transaction.atomic on an async def: reported on the def line. */
static void atomic_decorator(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = eval(c, sc->parent, e, 0);
		if (t.kind != T_EXTERNAL || strcmp(t.qual, "django.db.transaction.atomic") != 0)
			continue;
		struct event ev = {.kind = EV_CALL, .scope = fn, .ex = e, .target = -1, .sp = sc->sp};
		const struct blocking_call *b = blocking_find("django.db.transaction.atomic");
		emit(c, &ev, &sc->sp, b->rule_id, CONF_HIGH, no_fix, "`@transaction.atomic`",
		     xstrdup("`@transaction.atomic` on an async function: transactions are not supported in "
			     "async code"),
		     xstrdup(b->fix));
	}
}

/* @cache_page(60) on an async def: Django's wrapper (5.0+) awaits the view but runs the cache
 * middleware's lookup and store synchronously around it. */
static void cache_page_decorator(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		if (X(c, d)->kind != EX_CALL)
			continue;
		struct type t = eval(c, sc->parent, X(c, d)->a, 0);
		if (t.kind != T_EXTERNAL || strcmp(t.qual, "django.views.decorators.cache.cache_page") != 0)
			continue;
		/* cache="alias" picks the backend; else the default one */
		int32_t alias = -1;
		for (int32_t a = X(c, d)->args; a >= 0; a = X(c, a)->next)
			if (X(c, a)->kind == EX_KWARG && strcmp(S(c, X(c, a)->str), "cache") == 0)
				alias = X(c, a)->a;
		if (alias >= 0 && (X(c, alias)->kind != EX_STRING || !X(c, alias)->str))
			continue; /* an alias not read here */
		const char *name = alias >= 0 ? S(c, X(c, alias)->str) : "default";
		if (c->set && has_name(&c->set->memory_caches, name))
			continue;
		struct event ev = {.kind = EV_CALL, .scope = fn, .ex = d, .target = -1, .sp = X(c, d)->sp};
		emit(c, &ev, &X(c, d)->sp, "DJA203", CONF_HIGH, no_fix, "`@cache_page`",
		     xstrdup("`@cache_page` looks the response up in the cache and stores it synchronously around "
			     "the async view"),
		     xstrdup("cache inside the view with `await cache.aget(...)` / `await cache.aset(...)`, or use a "
			     "LocMem cache for the page cache"));
	}
}

/* A file's function facts start afresh before it is processed: a full summary has more scopes
 * than the shallow one (those inside function bodies come last, the others keep their index). */
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
			c.roots[k] |= in_list(q, o->async_roots, o->n_roots) >= 0;
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
	for (size_t k = 0; k < c.s->ev.len; k++) {
		const struct event *ev = &c.s->ev.items[k];
		if (ev->kind == EV_ASSIGN || ev->kind == EV_CALL)
			unsafe_env(&c, ev);
		if (ev->scope >= 0)
			on_event(&c, ev);
	}
	for (size_t k = 0; k < c.s->scopes.len; k++)
		if (c.s->scopes.items[k].kind == SC_CLASS) {
			mixed_handlers(&c, (int)k);
			access_mixin(&c, (int)k);
		}
	for (size_t k = 0; k < c.s->scopes.len; k++)
		if (c.s->scopes.items[k].kind == SC_ASYNC_FUNCTION || (c.roots && c.roots[k])) {
			g->fi[i][k].root = root_kind(&c, (int)k);
			atomic_decorator(&c, (int)k);
			cache_page_decorator(&c, (int)k);
			decorator_versions(&c, (int)k);
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
			if (strcmp(bases[i], "django.utils.deprecation.MiddlewareMixin") == 0)
				return 1;
		/* the first project base (single inheritance covers middleware in practice) */
		int next = -1;
		for (int32_t b = cs->scopes.items[ci->scope].bases; b >= 0 && next < 0; b = cs->ex.items[b].next)
			if (cs->ex.items[b].kind == EX_NAME) {
				struct sym y = index_resolve_name(ix, ci->sum, summary_str(cs, cs->ex.items[b].str));
				next = y.kind == SYM_CLASS && y.cls != cls ? y.cls : -1;
			}
		cls = next;
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
			if (is_setting(s, &s->ev.items[k], "ASGI_APPLICATION", EX_STRING))
				return 1;
	}
	return 0;
}

size_t engine_sync_middleware(djindex *ix, struct summary *const *sums, size_t n, struct middleware_ref *out,
			      size_t max)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const struct summary *s = sums[i];
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (!is_setting(s, ev, "MIDDLEWARE", EX_LIST))
				continue;
			for (int32_t a = s->ex.items[ev->ex].args; a >= 0; a = s->ex.items[a].next) {
				if (s->ex.items[a].kind != EX_STRING || !s->ex.items[a].str)
					continue;
				const char *name = summary_str(s, s->ex.items[a].str);
				struct sym y = index_resolve_qual(ix, name);
				if (y.kind != SYM_CLASS)
					continue;
				if (!async_capable(ix, y.cls) && count < max)
					out[count++] = (struct middleware_ref){name, (int)i, a};
			}
		}
	}
	return count;
}

/* Sync-only project middleware while the project has async views: every request hops. */
static void middleware_with_async_views(djindex *ix, struct graph *g, struct summary *const *sums, size_t n,
					const struct engine_opts *o, struct report *r)
{
	int async_views = 0;
	for (size_t i = 0; i < n && !async_views; i++)
		for (size_t k = 0; k < sums[i]->scopes.len && !async_views; k++)
			async_views = g->fi[i][k].root && (strcmp(g->fi[i][k].root, "view") == 0 ||
							   strcmp(g->fi[i][k].root, "view-handler") == 0) &&
				      sums[i]->scopes.items[k].kind == SC_ASYNC_FUNCTION;
	if (!async_views || !served_by_asgi(sums, n))
		return;
	struct middleware_ref mw[64];
	size_t nm = engine_sync_middleware(ix, sums, n, mw, 64);
	for (size_t i = 0; i < nm; i++) {
		struct ctx *c = sub_ctx(ix, mw[i].sum, o, 0, 0);
		c->r = r;
		emit_structural(c, &c->s->ex.items[mw[i].ex].sp, -1, "DJA223",
				xasprintf("`%s` is sync-only middleware while the project has async views: every "
					  "request pays a thread hop to run it", mw[i].name),
				xstrdup("make it async-capable: `async_capable = True` and an `async def __call__` "
					"(or `@sync_and_async_middleware`)"));
		sub_ctx_free(c);
	}
}

void engine_run(djindex *ix, struct summary **sums, size_t n, const struct engine_opts *o,
		const struct engine_deepen *dp, struct report *r)
{
	struct graph g = {0};
	struct settings_facts set = {0};
	struct ret_memo rm = {.by_sum = xcalloc(n ? n : 1, sizeof *rm.by_sum), .n = n};
	read_settings(sums, n, &set);
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
				if (!full) {
					sums[i]->shallow = 0; /* unreadable now: do not ask again */
					continue;
				}
				sums[i] = full;
				/* return types inferred from the shallow summary were unknown: infer again */
				strmap_free(&rm.at);
				memset(&rm.at, 0, sizeof rm.at);
				rm.slots.len = 0;
				scope_events_drop(&rm, (int)i);
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
	middleware_with_async_views(ix, &g, sums, n, o, r);
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
	VEC_FREE(set.memory_caches);
	strmap_free(&rm.at);
	VEC_FREE(rm.slots);
	for (size_t i = 0; i < n; i++)
		scope_events_drop(&rm, (int)i);
	free(rm.by_sum);
	for (size_t i = 0; i < g.edges.len; i++)
		free(g.edges.items[i].callee_text);
	VEC_FREE(g.edges);
}

/* --- views ----------------------------------------------------------------------------------- */

static const char *const url_functions[] = {
	"django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.urls.conf.path",
	"django.urls.conf.re_path", NULL,
};

/* One URLconf entry: a view, or an include of another module, under a pattern. */
struct url_entry {
	int sum;         /* the urls module it is written in */
	char *pattern;
	int kind;        /* 0 view function, 1 class view, 2 include, 3 ninja api, 4 DRF router */
	int tsum, tscope, tcls;
	int target_mod;  /* include: the module included */
	char *router;    /* DRF: the router variable's name */
};

static const char *ex_string(const struct ctx *c, int32_t e)
{
	return e >= 0 && X(c, e)->kind == EX_STRING ? S(c, X(c, e)->str) : NULL;
}

static void add_view(struct view_list *out, const char *pattern, enum view_kind kind, int sum, int scope,
		     int cls, int routed)
{
	for (size_t i = 0; i < out->len; i++)
		if (out->items[i].sum == sum && out->items[i].scope == scope && out->items[i].kind == kind &&
		    strcmp(out->items[i].pattern, pattern) == 0)
			return;
	if (out->len == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->items = xrealloc(out->items, out->cap * sizeof *out->items);
	}
	out->items[out->len++] = (struct view){xstrdup(pattern), kind, sum, scope, cls, routed};
}

/* The entries of one urls module: module-level path()/re_path()/url() calls. */
struct url_entries {
	struct url_entry *items;
	size_t len, cap;
};

static void url_entries(struct ctx *c, struct url_entries *out)
{
	for (size_t k = 0; k < c->s->ev.len; k++) {
		const struct event *ev = &c->s->ev.items[k];
		if (ev->scope != -1 || ev->kind != EV_CALL)
			continue;
		struct type fn = eval(c, -1, X(c, ev->ex)->a, 0);
		if (fn.kind != T_EXTERNAL || str_in(fn.qual, url_functions) < 0)
			continue;
		const char *pat = ex_string(c, nth_arg(c, ev->ex, 0));
		int32_t target = nth_arg(c, ev->ex, 1);
		if (!pat || target < 0)
			continue;
		struct url_entry u = {.sum = c->sum, .pattern = xstrdup(pat), .kind = -1, .tsum = -1, .tscope = -1,
				      .tcls = -1, .target_mod = -1};
		/* csrf_exempt(GraphQLView.as_view(...)), login_required(views.profile): the wrapped view */
		for (int unwrap = 0; unwrap < 4; unwrap++) {
			const struct ex *w = X(c, target);
			if (w->kind != EX_CALL || X(c, w->a)->kind == EX_ATTR)
				break;
			struct type wf = eval(c, -1, w->a, 0);
			if (wf.kind == T_EXTERNAL && (strcmp(wf.qual, "django.urls.include") == 0 ||
						      strcmp(wf.qual, "django.conf.urls.include") == 0))
				break;
			int32_t inner = nth_arg(c, target, 0);
			if (inner < 0)
				break;
			target = inner;
		}
		const struct ex *tx = X(c, target);
		if (tx->kind == EX_CALL) {
			const struct ex *f = X(c, tx->a);
			struct type ft = eval(c, -1, tx->a, 0);
			if (f->kind == EX_ATTR && strcmp(S(c, f->str), "as_view") == 0) {
				struct type cls = eval(c, -1, f->a, 0);
				if ((cls.kind == T_CLASS || cls.kind == T_MODEL_CLASS) && cls.cls >= 0) {
					u.kind = 1;
					u.tcls = cls.cls;
				}
			} else if (ft.kind == T_EXTERNAL && (strcmp(ft.qual, "django.urls.include") == 0 ||
							     strcmp(ft.qual, "django.conf.urls.include") == 0)) {
				int32_t a = nth_arg(c, target, 0);
				const char *mod = ex_string(c, a);
				struct sym y = mod ? index_resolve_qual(c->ix, mod) : (struct sym){.kind = SYM_NONE};
				if (!mod && a >= 0) {
					struct type t = eval(c, -1, a, 0);
					if (t.kind == T_MODULE)
						y = (struct sym){.kind = SYM_MODULE, .sum = t.sum};
				}
				if (y.kind == SYM_MODULE) {
					u.kind = 2;
					u.target_mod = y.sum;
				}
			}
		} else if (tx->kind == EX_ATTR && strcmp(S(c, tx->str), "urls") == 0) {
			struct type o = eval(c, -1, tx->a, 0);
			if (o.kind == T_EXT_INSTANCE && o.qual && str_has_prefix(o.qual, "ninja."))
				u.kind = 3;
			else if (o.kind == T_EXT_INSTANCE && o.qual && str_has_prefix(o.qual, "rest_framework.routers.") &&
				 X(c, tx->a)->kind == EX_NAME) {
				u.kind = 4;
				u.router = xstrdup(S(c, X(c, tx->a)->str));
			}
		} else {
			struct type t = eval(c, -1, target, 0);
			if (t.kind == T_FUNCTION) {
				u.kind = 0;
				u.tsum = t.sum;
				u.tscope = t.aux;
			}
		}
		if (u.kind < 0) {
			free(u.pattern);
			continue;
		}
		VEC_PUSH(*out, u);
	}
}

/* router.register("books", BookViewSet) calls of module `c` for router `name`. */
static void router_views(struct ctx *c, const char *name, const char *prefix, struct view_list *out)
{
	for (size_t k = 0; k < c->s->ev.len; k++) {
		const struct event *ev = &c->s->ev.items[k];
		if (ev->scope != -1 || ev->kind != EV_CALL)
			continue;
		const struct ex *f = X(c, X(c, ev->ex)->a);
		if (f->kind != EX_ATTR || strcmp(S(c, f->str), "register") != 0 || X(c, f->a)->kind != EX_NAME ||
		    strcmp(S(c, X(c, f->a)->str), name) != 0)
			continue;
		const char *pat = ex_string(c, nth_arg(c, ev->ex, 0));
		struct type cls = eval(c, -1, nth_arg(c, ev->ex, 1), 0);
		if (!pat || cls.kind != T_CLASS || cls.cls < 0)
			continue;
		const struct class_info *ci = index_class(c->ix, cls.cls);
		char *full = xasprintf("%s%s/", prefix, pat);
		add_view(out, full, VIEW_CLASS, ci->sum, ci->scope, cls.cls, 1);
		free(full);
	}
}

static const struct engine_opts views_opts = {.django_version = 502, .max_depth = 1};

void engine_views(djindex *ix, struct summary *const *sums, size_t n, struct view_list *out)
{
	struct url_entries entries = {0};
	int root_conf = -1;
	for (size_t i = 0; i < n; i++) {
		if (sums[i]->shallow && !sums[i]->ev.len)
			continue;
		struct ctx *c = sub_ctx(ix, (int)i, &views_opts, 0, 1);
		url_entries(c, &entries);
		/* ROOT_URLCONF = "project.urls" in a settings module */
		for (size_t k = 0; k < c->s->ev.len; k++) {
			const struct event *ev = &c->s->ev.items[k];
			if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 && X(c, ev->target)->kind == EX_NAME &&
			    strcmp(S(c, X(c, ev->target)->str), "ROOT_URLCONF") == 0 && ex_string(c, ev->ex)) {
				struct sym y = index_resolve_qual(ix, ex_string(c, ev->ex));
				if (y.kind == SYM_MODULE)
					root_conf = y.sum;
			}
		}
		sub_ctx_free(c);
	}
	/* roots: ROOT_URLCONF, else every module with entries that no include() reaches */
	uint8_t *has = xcalloc(n ? n : 1, 1), *included = xcalloc(n ? n : 1, 1);
	for (size_t k = 0; k < entries.len; k++) {
		has[entries.items[k].sum] = 1;
		if (entries.items[k].kind == 2)
			included[entries.items[k].target_mod] = 1;
	}
	struct todo {
		int sum;
		char *prefix;
	};
	VEC(struct todo) stack = {0};
	for (size_t i = n; i-- > 0;)
		if (has[i] && (root_conf >= 0 ? (int)i == root_conf : !included[i]))
			VEC_PUSH(stack, ((struct todo){(int)i, xstrdup("")}));
	uint8_t *seen = xcalloc(n ? n : 1, 1);
	while (stack.len) {
		struct todo t = stack.items[--stack.len];
		if (seen[t.sum]) {
			free(t.prefix);
			continue;
		}
		seen[t.sum] = 1;
		for (size_t k = 0; k < entries.len; k++) {
			const struct url_entry *u = &entries.items[k];
			if (u->sum != t.sum)
				continue;
			char *pat = xasprintf("%s%s", t.prefix, u->pattern);
			if (u->kind == 0) {
				add_view(out, pat, VIEW_FUNCTION, u->tsum, u->tscope, -1, 1);
			} else if (u->kind == 1) {
				const struct class_info *ci = index_class(ix, u->tcls);
				add_view(out, pat, VIEW_CLASS, ci->sum, ci->scope, u->tcls, 1);
			} else if (u->kind == 2) {
				VEC_PUSH(stack, ((struct todo){u->target_mod, xstrdup(pat)}));
			} else if (u->kind == 4) {
				struct ctx *c = sub_ctx(ix, u->sum, &views_opts, 0, 1);
				router_views(c, u->router, pat, out);
				sub_ctx_free(c);
			} else if (u->kind == 3) {
				/* django-ninja: every operation of the project under this prefix */
				for (size_t i = 0; i < n; i++) {
					struct ctx *c = NULL;
					for (size_t s2 = 0; s2 < sums[i]->scopes.len; s2++) {
						uint8_t kind = sums[i]->scopes.items[s2].kind;
						if ((kind != SC_FUNCTION && kind != SC_ASYNC_FUNCTION) ||
						    sums[i]->scopes.items[s2].decorators < 0)
							continue;
						if (!c)
							c = sub_ctx(ix, (int)i, &views_opts, 0, 1);
						if (strcmp(root_kind(c, (int)s2), "ninja") == 0)
							add_view(out, pat, VIEW_NINJA, (int)i, (int)s2, -1, 1);
					}
					if (c)
						sub_ctx_free(c);
				}
			}
			free(pat);
		}
		free(t.prefix);
	}
	/* view-like code no URLconf reaches: async roots of view kinds, sync defs taking
	 * `request` in a views module */
	for (size_t i = 0; i < n; i++) {
		struct ctx *c = NULL;
		const char *mod = index_module_name(ix, (int)i);
		int views_module = str_has_suffix(mod, "views") || strstr(mod, ".views.") != NULL;
		for (size_t k = 0; k < sums[i]->scopes.len; k++) {
			const struct scope *sc = &sums[i]->scopes.items[k];
			int routed = 0;
			for (size_t v = 0; v < out->len && !routed; v++)
				routed = out->items[v].sum == (int)i && out->items[v].scope == (int)k;
			if (routed || sc->parent != -1 || (sc->kind != SC_FUNCTION && sc->kind != SC_ASYNC_FUNCTION) ||
			    sc->params < 0)
				continue;
			if (!c)
				c = sub_ctx(ix, (int)i, &views_opts, 0, 1);
			const char *first = S(c, X(c, sc->params)->str);
			int like = strcmp(first, "request") == 0 &&
				   (sc->kind == SC_ASYNC_FUNCTION || views_module);
			if (like)
				add_view(out, "", VIEW_FUNCTION, (int)i, (int)k, -1, 0);
		}
		if (c)
			sub_ctx_free(c);
	}
	for (size_t k = 0; k < entries.len; k++) {
		free(entries.items[k].pattern);
		free(entries.items[k].router);
	}
	VEC_FREE(entries);
	VEC_FREE(stack);
	free(has);
	free(included);
	free(seen);
}

void view_list_free(struct view_list *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i].pattern);
	free(v->items);
	memset(v, 0, sizeof *v);
}

size_t engine_view_handlers(djindex *ix, int cls, int *sums_out, int *scopes_out, size_t max)
{
	static const char *const handlers[] = {"dispatch", "get", "post", "put", "patch", "delete", "head",
					       "options", "list", "retrieve", "create", "update",
					       "partial_update", "destroy", NULL};
	size_t n = 0;
	for (size_t i = 0; handlers[i] && n < max; i++) {
		int sum = -1;
		int scope = index_method(ix, cls, handlers[i], &sum);
		if (scope >= 0) {
			sums_out[n] = sum;
			scopes_out[n++] = scope;
		}
	}
	return n;
}
