/* rules: the rule catalogue (one static table per family in analyzer/rules/) and the data
 * tables of blocking APIs the engine consults. Each rule's row names its check: the calls the
 * tables name are judged by the row's check_call (orm.c, django.c, generic.c, wrappers.c);
 * attribute reads, implicit evaluations, definitions and chains by the checks its judged_by
 * names. */
#ifndef DJASYNC_RULES_H
#define DJASYNC_RULES_H

#include "findings.h"

/* What fixing one occurrence takes, for the migration estimate (effort.c). A rule's row gives
 * the class of its findings: EC_MECHANICAL means "the async twin when the target version has
 * one" (finding.twin), else a wrap. */
enum effort_class { EC_MECHANICAL, EC_WRAP, EC_RELATION, EC_FRAMEWORK, EC_LIBRARY, EC_COUNT };

struct rule;
struct ctx;
struct event;
struct call;
/* A rule's check of one call the engine classified (types.h): a call one of the API tables
 * below names with this rule, or a misused bridge. It lives next to the rule's row in
 * analyzer/rules/<family>.c and reports through check.h. */
typedef void (*call_check)(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r);

struct rule {
	const char *id;   /* DJA + 3 digits, never reused */
	const char *slug; /* kebab-case name of the flagged pattern */
	enum severity severity;
	const char *family;
	const char *summary; /* one line */
	const char *doc;     /* What it does / Why is this bad? / Example / Use instead */
	int effort_minutes;  /* typical time to fix one occurrence */
	enum effort_class effort;
	/* What judges it: the check of calls the tables name (NULL for rules judged on reads,
	 * evaluations, definitions or the call graph: see `judged_by`). */
	call_check check_call;
	const char *judged_by; /* for a rule without check_call: the check that makes its findings */
};

/* A rule's `doc` in its four sections, from string literals. */
#define DOC(what, why, example, instead) \
	"## What it does\n" what "\n\n## Why is this bad?\n" why "\n\n## Example\n" example \
	"\n\n## Use instead\n" instead "\n"

extern const struct rule rules_orm[];
extern const struct rule rules_generic[];
extern const struct rule rules_wrappers[];
extern const struct rule rules_chains[];
extern const struct rule rules_source[];

/* The client libraries whose blocking calls the estimate prices as a port (finding.library;
 * a replay record naming another is refused). NULL-terminated. */
extern const char *const client_libraries[];

/* Calls `fn` for every rule, in id order. */
void rules_each(void (*fn)(const struct rule *, void *), void *arg);
/* The rule with this id (case-insensitive), or NULL. */
const struct rule *rule_find(const char *id);
/* Whether `sel` selects at least one rule: "ALL", a code or a code's prefix ("DJA1"),
 * case-insensitive. */
int rule_selector_valid(const char *sel);
/* The code closest to a selector that selects nothing (a slug gives its own code). */
const char *rule_closest(const char *sel);

/* --- Django knowledge: one row per sync API with an async twin (or none) ---------------- */
enum djapi_recv {
	RECV_QUERYSET, /* Manager and QuerySet methods */
	RECV_INSTANCE, /* model instance methods */
	RECV_FUNCTION, /* a module-level function, by qualified name */
	RECV_RELATED,  /* related managers (book.tags, author.book_set) */
	RECV_USER,     /* a user instance (permissions, passwords) */
};
enum djapi_result { RES_NONE, RES_INSTANCE, RES_INSTANCE_TUPLE, RES_QUERYSET };

struct djapi {
	const char *tsv_api; /* the sync_api column of analyzer/rules/django-async-api.tsv it covers */
	enum djapi_recv recv;
	const char *name;      /* method name, or qualified function name */
	const char *async_fix; /* replacement, `$R` = receiver text, `$A` = arguments; "": none */
	int since;             /* Django version of the replacement, as major*100+minor */
	const char *rule_id;
	enum djapi_result result;
};
extern const struct djapi djapi_table[]; /* ends with {0} */

/* Lazy QuerySet methods (return a new QuerySet, run no query). */
extern const char *const djapi_lazy_methods[];
/* Awaited async QuerySet methods and what they give back. */
const struct djapi *djapi_find(enum djapi_recv recv, const char *name);
/* The table's own copy of async_fix template `s` (a finding read back from the cache keeps
 * a pointer into the table), or NULL when no row has it. */
const char *djapi_template_known(const char *s);
enum djapi_result djapi_async_result(const char *method);

/* --- generic blocking calls (standard library and common clients) ---------------------- */
struct blocking_call {
	const char *qual;    /* qualified callee: "time.sleep", "requests.Session.get" */
	const char *rule_id;
	const char *fix;     /* the async replacement, for Django >= since */
	const char *returns; /* qualified class of the result, for methods called on it, or NULL */
	int since;           /* Django version of the replacement (major*100+minor); 0: any */
};
/* Looked up across every family's table (rules/generic.c, rules/django.c). */
const struct blocking_call *blocking_find(const char *qual);
/* Classes whose instances have blocking methods ("requests.Session"): returns the class. */
const char *blocking_class(const char *qual);

/* Classes every method of which blocks (a sync Redis client), with the exceptions; or, with
 * `blocks`, only the methods named there. SDK clients (rules/sdk.c) are reached through
 * namespaces: `deep` says what keeps the client's type. */
enum { SDK_ATTRS = 1,   /* client.chat.completions, db["users"]: attributes and items */
       SDK_CHAIN = 2,   /* a call that does not block: client.with_options(...), s.filter(...) */
       SDK_RESULTS = 4, /* a call that blocks: docker's client.containers.get(id) */
};
struct blocking_class_rule {
	const char *qual;
	const char *rule_id;
	const char *fix;
	const char *const *quiet;  /* methods (and, when deep, attributes) that do no I/O */
	const char *const *blocks; /* when set: the only methods that block */
	int deep;                  /* SDK_* flags */
};
/* SDK clients (rules/sdk.c), looked up with the other tables. */
extern const struct blocking_call sdk_calls[];
extern const char *const sdk_classes[][2];
extern const struct blocking_class_rule sdk_any_method[];
/* The library a qualified name belongs to, among the priced ones (client_libraries and the SDK
 * packages), as the interned table string, or NULL; and what replaces it. */
const char *library_of_qual(const char *qual);
const char *library_known(const char *name);
const char *library_replacement(const char *name);
/* Whether a row of any table (calls, classes, clients) names top-level package `top`. */
int tables_know_package(const char *top);
const struct blocking_class_rule *blocking_any_method(const char *qual);
int sdk_method_blocks(const struct blocking_class_rule *r, const char *m);

/* View decorators that handle async views only from a Django version (DJA222). */
struct async_decorator {
	const char *tsv_api; /* the inventory row: "@login_required on an async def view" */
	const char *qual;    /* "django.contrib.auth.decorators.login_required" */
	int since;           /* major*100+minor */
};
extern const struct async_decorator django_async_decorators[]; /* ends with a NULL qual */

/* The tables of rules/generic.c, looked up with the ones below (each ends with a zero row). */
extern const struct blocking_call generic_calls[];
extern const struct blocking_class_rule generic_any_method[];
/* Tables of rules/django.c, merged into the lookups above. */
extern const struct blocking_call django_calls[];
extern const char *const django_classes[][2];
extern const struct blocking_class_rule django_any_method[];
extern const struct rule rules_django[];

/* Each row of the Django async API inventory, by its sync_api text: the rule covering it, or
 * NULL and why not (rules/coverage.c). Ends with a NULL row. */
struct tsv_coverage {
	const char *sync_api;
	const char *rule_id;
	const char *note;
};
extern const struct tsv_coverage tsv_coverage[];

/* Parses "5.2" into 502; -1 when malformed. */
int django_version_parse(const char *s);

#endif
