/* facts: phase 1. Parses one Python file with tree-sitter and turns the sites found by
 * queries/python/facts.scm into a module summary: plain structs, no tree-sitter types, so the
 * tree dies with the job and phase 2 (index.c, engine.c) works on summaries only. */
#ifndef DJASYNC_FACTS_H
#define DJASYNC_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "util.h"

struct span {
	int line, col, end_line, end_col; /* 1-based; columns in code points */
};

/* A simplified expression. Children are indices into summary.ex; -1 means none. Strings are
 * offsets into summary.strs (0 is ""). */
enum ex_kind {
	EX_OTHER,     /* anything the rules do not look into */
	EX_NAME,      /* str: identifier */
	EX_ATTR,      /* a: object, str: attribute */
	EX_CALL,      /* a: function, args: first argument (linked by next) */
	EX_SUBSCRIPT, /* a: value; args: a string, name or attribute key, or -1; flags: EXF_SLICE, EXF_STEP */
	EX_AWAIT,     /* a: awaited expression */
	EX_KWARG,     /* str: keyword, a: value */
	EX_LAMBDA,
	EX_TUPLE,  /* args: elements (targets and literals of tuples/lists) */
	EX_STRING, /* any string literal; str: its text when short and plain, else "" */
	EX_NUMBER,
	EX_LIST, /* list/set/dict displays and comprehensions; a list keeps its elements in args */
	EX_CHOICE, /* one of its args' values: `a or b`, `a and b` (flags: EXF_TESTED, the left one
		    * is truth-tested first), `a if cond else b` (args: a, b), `path / "x"` (args: path) */
};
#define EXF_SLICE 1 /* subscript by a slice */
#define EXF_STEP 2  /* ... whose slice has a step */
#define EXF_SPLAT 4 /* *args or **kwargs argument */
#define EXF_TESTED 8 /* EX_CHOICE of and/or: its first alternative was truth-tested */

struct ex {
	uint8_t kind, flags;
	uint32_t str;
	int32_t a, args, next;
	struct span sp;
};

enum ev_kind {
	EV_CALL,      /* ex: the call */
	EV_ASSIGN,    /* target = ex */
	EV_FOR,       /* for target in ex (statement or comprehension) */
	EV_WITH,      /* with ex as target */
	EV_RETURN,    /* return ex (ex may be -1) */
	EV_TRUTH,     /* ex is truth-tested (if/while/not/and/or) */
	EV_IN,        /* ... in ex */
	EV_SUBSCRIPT, /* ex is an EX_SUBSCRIPT being read */
	EV_ATTR,      /* ex is an attribute read of `<x>.user.<name>` (request.user.is_authenticated) */
	EV_ANNOT,     /* `target: ex` without a value (a class-level annotation `client: httpx.Client`) */
};
#define EVF_AWAITED 1       /* EV_CALL directly under await */
#define EVF_ASYNC 2         /* async for / async with */
#define EVF_COMPREHENSION 4 /* EV_FOR of a comprehension */
#define EVF_NO_LOOP 8       /* in an `except RuntimeError:` after asyncio.get_running_loop():
			     * runs only when no event loop is running */
#define EVF_MEMO 16         /* runs only while a memo is empty (`if self._x is None: ...`) */

struct event {
	uint8_t kind, flags;
	int32_t scope;  /* index into summary.scopes; -1 = module level */
	int32_t ex;     /* main expression */
	int32_t target; /* bound expression (EX_NAME, EX_TUPLE, EX_ATTR) or -1 */
	struct span sp;
};

enum scope_kind { SC_FUNCTION, SC_ASYNC_FUNCTION, SC_LAMBDA, SC_CLASS };

struct scope {
	uint8_t kind;
	int32_t parent;     /* enclosing scope or -1 */
	uint32_t name;      /* "" for lambdas */
	uint32_t qualname;  /* Outer.method, outer.<locals>.inner */
	int32_t decorators; /* first decorator expression (linked by next) or -1 */
	int32_t bases;      /* classes: first base expression (linked by next) or -1 */
	int32_t params;     /* functions: first parameter as EX_NAME (a: annotation) or -1 */
	int32_t returns;    /* functions: the return annotation (`-> redis.Redis`) or -1 */
	struct span sp;     /* the name */
};

struct import {
	uint32_t local; /* bound name; "" for a star import */
	uint32_t qual;  /* "django.db.models", ".models.Book" (leading dots: relative level) */
	uint8_t star;
	int32_t scope;
	struct span sp;
};

/* A suppression comment: `# noqa`, `# noqa: DJA101,DJA102`, `# djasync: ignore[DJA101]`. */
struct suppression {
	int32_t line;   /* 1-based line the comment is on */
	uint32_t codes; /* "DJA101,DJA102", or "" for every rule */
	struct span sp; /* the comment */
};

struct summary {
	char *path;
	char *strs;
	size_t strs_len, strs_cap;
	VEC(struct ex) ex;
	VEC(struct event) ev;
	VEC(struct scope) scopes;
	VEC(struct import) imports;
	VEC(struct suppression) supp;
	int syntax_error_line, syntax_error_col; /* first syntax error, 0 when none */
	int shallow;   /* events inside function bodies were left out (see facts_extract_mode) */
	int skip_file; /* `# djasync: skip-file` */
	int invalid_utf8_line;                   /* first invalid UTF-8 line, 0 when none */
};

static inline const char *summary_str(const struct summary *s, uint32_t off)
{
	return s->strs + off;
}

/* A phase-1 worker: one parser, the compiled facts query and a cursor. One per thread. */
typedef struct facts_ctx facts_ctx;
/* `query_dir` NULL = embedded queries. NULL on error (d says why). */
facts_ctx *facts_ctx_new(const char *query_dir, struct diag *d);
void facts_ctx_free(facts_ctx *c);
/* The facts query's text: summaries made with another query differ. */
const char *facts_ctx_query_text(const facts_ctx *c);
/* Seconds this worker spent parsing and extracting facts, and bytes parsed, so far. */
void facts_ctx_times(const facts_ctx *c, double *parse, double *extract, size_t *bytes);

/* Summarizes one file; the summary keeps a copy of `path`. Never fails on bad Python: syntax
 * errors are recorded and the parts that parse are summarized. Free with summary_free(). */
struct summary *facts_extract(facts_ctx *c, const char *path, const struct source *src);
/* How much of a file a summary holds. FACTS_SHALLOW leaves out events inside function bodies,
 * except in the methods of QuerySet/Manager classes (the project index judges them by their
 * returns); scopes, imports, decorators, bases and parameters are the same as FACTS_FULL's, so a
 * shallow summary can later be replaced by the full one of the same file. Phase 1 summarizes
 * files without `async` shallowly: their function bodies matter only if async code reaches
 * them. A shallow summary is made from a skeleton of the file (skeleton.h) when it parses
 * cleanly; FACTS_SHALLOW_AS_IS parses the file as it is, to check the two agree (tests). */
enum facts_mode { FACTS_FULL, FACTS_SHALLOW, FACTS_SHALLOW_AS_IS };
struct summary *facts_extract_mode(facts_ctx *c, const char *path, const struct source *src,
				   enum facts_mode mode);
/* Whether a file needs a full summary up front: it mentions `async`. */
int facts_wants_full(const struct source *src);
void summary_free(struct summary *s);
/* Whether `full` may stand in for `shallow` in phase 2: the same file summarized in full, every
 * scope of the shallow summary at the same index with the same kind, parent, qualified name and
 * line (tier_scopes numbers the scopes a shallow summary lacks after all the others), so scope
 * numbers held by the index stay right. */
int summary_upgrade_ok(const struct summary *shallow, const struct summary *full);
/* The one way phase 2 swaps summaries: *slot (shallow) becomes `full` when summary_upgrade_ok;
 * 0, or -1 with nothing changed. The old summary stays the caller's. */
int summary_upgrade(struct summary **slot, struct summary *full);

#endif
