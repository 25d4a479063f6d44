/* types: phase 2's type model, shared by the engine (engine.c, the checks) and the view
 * inventory (views.c). Evaluation is pure: it gives the type of an expression in a scope (a
 * model class, a Manager, a QuerySet with the relations it fetched, an instance, a client
 * object...), and the facts that follow from the project (return types, instance attributes,
 * what the settings say about backends); it never makes a finding. Findings come only from the
 * checks in engine.c. */
#ifndef DJASYNC_TYPES_H
#define DJASYNC_TYPES_H

#include "engine.h"
#include "rules.h"

#include <stdint.h>

#define MAX_EVAL_DEPTH 64
#define MAX_METHOD_DEPTH 6

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

#define REL_DRF 1     /* a request that is DRF's Request (view handlers, permissions): its user
		       * was authenticated before the code runs */
#define REL_MANAGER 2 /* a related manager (book.tags, author.book_set) */
#define REL_ESCAPED 4 /* a QuerySet that came out of sync_to_async unevaluated */
#define REL_USER 8    /* a user (request.auser(), a model deriving from AbstractUser) */
#define REL_OUTSIDE 16 /* an instance handed in (a parameter, self): its caller may have
			* fetched its relations, so reading one is only possibly a query */
#define REL_SCOPE_USER 128 /* the user of a Channels consumer's scope (self.scope["user"]) */
#define REL_CACHED 64   /* a related manager / QuerySet whose rows are already in memory
			 * (book.tags.all() after prefetch_related): evaluating it runs no query */

extern const struct type ty_unknown; /* T_UNKNOWN */

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
	int no_lazy_user; /* no MIDDLEWARE list has Django's AuthenticationMiddleware */
	int user_loaded;  /* every MIDDLEWARE list has a sync project middleware reading request.user:
			   * it is loaded before any view runs */
	int stock_processors; /* every TEMPLATES definition lists only Django's own context
			       * processors (debug, request, csrf, i18n, media, static, tz, auth,
			       * messages): none does I/O unless the template reads user/perms/messages */
	int perms_warmed; /* the project's ASGI code fills the permission cache of the scope's user:
			   * `await database_sync_to_async(user.get_all_permissions)()` */
};

/* Inferred return types of project functions, memoized per engine run: "sum:scope" (keys
 * interned in the index) -> index into slots. A slot not done yet is being inferred: a
 * recursive call meets it and gets unknown. */
struct ret_slot {
	struct type t;
	int done; /* 0 computing, 1 done, 2 done from a shallow summary (types.c: memo_get) */
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
	uint8_t *processed; /* [sum]: cleared by types.c when a processed shallow file is summarized in full */
	int current;              /* the file being processed: never replaced under its feet */
	VEC(int) pending;
	/* the modules with a module-level `x.add_router(...)` call (hooks.c), found once */
	int mounts_found;
	VEC(int) mounts;
	VEC(int64_t) hooks_seen; /* mounting calls whose auth=/throttle= were reported (sum << 32 | ex) */
};

struct graph; /* engine.c's call graph */

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

static inline const struct ex *X(const struct ctx *c, int32_t e)
{
	return &c->s->ex.items[e];
}

static inline const char *S(const struct ctx *c, uint32_t off)
{
	return summary_str(c->s, off);
}

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

extern const char *const ty_wrappers_first_arg[]; /* sync_to_async and the like */

void ty_bind_target(struct ctx *c, int scope, int32_t target, struct type t);
void ty_cache_rel(struct ctx *c, int scope, const char *var, const char *field);
struct call ty_classify_call(struct ctx *c, int scope, int32_t call, int depth);
int ty_env_find(struct ctx *c, int scope, const char *name, struct type *out);
struct type ty_eval(struct ctx *c, int scope, int32_t e, int depth);
int ty_has_external_base(struct ctx *c, int cls, const char *prefix, const char *contains);
/* What project class `cls`, or the nearest of its project bases that assigns it, binds to `name`
 * in its class body: the types of a list's or tuple's items (`permission_classes = [IsMember,
 * IsStaff]`), or of the one value; at most `max`. Returns how many, -1 when no class assigns it. */
int ty_class_list(struct ctx *c, int cls, const char *name, struct type *out, int max);
int ty_in_list(const char *q, const char *const *list, size_t n);
const struct blocking_call *ty_inherited_blocking(struct ctx *c, int cls, const char *m);
int ty_is_property(const struct ctx *c, int sum, int scope);
int ty_is_setting(const struct summary *s, const struct event *ev, const char *name, enum ex_kind kind);
int ty_memory_backend(const struct ctx *c, const char *rule_id, int32_t recv_ex);
struct type ty_method_or_attr(struct ctx *c, int cls, const char *m, uint8_t conf);
struct type ty_method_type(struct ctx *c, int cls, const char *name, uint8_t conf);
struct type ty_mk(uint8_t kind, uint8_t conf, int cls, int aux);
int32_t ty_nth_arg(const struct ctx *c, int32_t call, int n);
int ty_owner_class(const struct ctx *c, int scope);
void ty_read_settings(struct summary *const *sums, size_t n, struct settings_facts *out);
/* The events of each scope of summary `sum` (built once per run). */
const struct scope_events *ty_scope_events(struct ret_memo *rm, const struct summary *s, int sum);
void ty_forget_cached(struct ctx *c, int scope, const char *var);
void ty_rebind_cached(struct ctx *c, const struct event *ev);
int ty_rel_cached(const struct ctx *c, int scope, int32_t obj, const char *field);
void ty_scope_events_drop(struct ret_memo *rm, int sum);
int ty_sel_covers(const char *sel, const char *field, int single);
struct ctx *ty_sub_ctx(djindex *ix, int sum, const struct engine_opts *o, int depth, int module_env);
/* Summary `sum` with its function bodies: a shallow one is summarized in full now, for async
 * code (c->for_async) when the engine can (the engine processes it later). */
const struct summary *ty_ensure_full(struct ctx *c, int sum);
void ty_sub_ctx_free(struct ctx *c);
struct type ty_with_rel(struct type t, struct type from);
int ty_has_name_in(const char *const *items, size_t len, const char *name);
void ty_bind_event(struct ctx *c, const struct event *ev);
/* engine.c: what kind of async root scope `fn` is ("view", "consumer", ...). */
const char *engine_root_kind(struct ctx *c, int fn);

/* See types.c: a form/serializer of plain columns of a project model. */
int ty_plain_model_form(struct ctx *c, int cls, int for_data);

#define ty_has_name(vec, name) ty_has_name_in((vec)->items, (vec)->len, (name))

#endif
