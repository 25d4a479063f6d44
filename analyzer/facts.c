/* facts: phase 1. Runs queries/python/facts.scm over one parsed file and converts each
 * captured site into summary events and simplified expressions. Scopes come from the capture
 * order (document order), so no parent walks are needed. Knows Python syntax, not Django. */
#define _GNU_SOURCE /* memmem */
#include "facts.h"
#include "parse.h"
#include "query.h"
#include "skeleton.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Expressions deeper than this become EX_OTHER: bounds our recursion whatever the input. */
#define MAX_EX_DEPTH 40

enum cap {
	CAP_IGNORE,
	CAP_IMPORT,
	CAP_DECORATED,
	CAP_CLASS,
	CAP_FUNCTION,
	CAP_LAMBDA,
	CAP_AWAIT,
	CAP_CALL,
	CAP_ASSIGN,
	CAP_FOR,
	CAP_WITH,
	CAP_RETURN,
	CAP_TRUTH,
	CAP_IN,
	CAP_SUBSCRIPT,
	CAP_ATTR,
	CAP_COMMENT,
	CAP_EXCEPT,
};

static const char *const cap_names[] = {
	"", "import", "decorated", "class", "function", "lambda", "await", "call", "assign",
	"for", "with", "return", "truth", "in", "subscript", "attr", "comment", "except", NULL,
};

/* Expression node types conv_ex tells apart, looked up by grammar symbol instead of strcmp. */
enum nk {
	NK_OTHER, NK_PAREN, NK_IDENTIFIER, NK_ATTRIBUTE, NK_CALL, NK_KWARG, NK_SPLAT, NK_SUBSCRIPT,
	NK_AWAIT, NK_LAMBDA, NK_TUPLE, NK_STRING, NK_NUMBER, NK_UNARY, NK_LIST, NK_CHOICE, NK_WALRUS, NK_BINOP,
};

static const struct {
	const char *name;
	enum nk kind;
} nk_names[] = {
	{"parenthesized_expression", NK_PAREN}, {"identifier", NK_IDENTIFIER},
	{"attribute", NK_ATTRIBUTE}, {"call", NK_CALL}, {"keyword_argument", NK_KWARG},
	{"list_splat", NK_SPLAT}, {"dictionary_splat", NK_SPLAT}, {"subscript", NK_SUBSCRIPT},
	{"await", NK_AWAIT}, {"lambda", NK_LAMBDA}, {"pattern_list", NK_TUPLE},
	{"tuple_pattern", NK_TUPLE}, {"list_pattern", NK_TUPLE}, {"tuple", NK_TUPLE},
	{"expression_list", NK_TUPLE}, {"string", NK_STRING}, {"concatenated_string", NK_STRING},
	{"integer", NK_NUMBER}, {"float", NK_NUMBER}, {"unary_operator", NK_UNARY},
	{"list", NK_LIST}, {"set", NK_LIST}, {"dictionary", NK_LIST}, {"list_comprehension", NK_LIST},
	{"set_comprehension", NK_LIST}, {"dictionary_comprehension", NK_LIST},
	{"generator_expression", NK_LIST}, {"true", NK_IDENTIFIER}, {"false", NK_IDENTIFIER},
	{"boolean_operator", NK_CHOICE}, {"conditional_expression", NK_CHOICE}, {"named_expression", NK_WALRUS},
	{"binary_operator", NK_BINOP},
	{"none", NK_IDENTIFIER}, {NULL, NK_OTHER},
};

static uint8_t *nk_of;      /* grammar symbol -> enum nk */
static TSFieldId field_object, field_function;
static uint32_t nk_symbols;
static pthread_once_t nk_once = PTHREAD_ONCE_INIT;

static void nk_init(void)
{
	const TSLanguage *lang = parse_language();
	nk_symbols = ts_language_symbol_count(lang);
	field_object = ts_language_field_id_for_name(lang, "object", 6);
	field_function = ts_language_field_id_for_name(lang, "function", 8);
	nk_of = xcalloc(nk_symbols, 1);
	for (uint32_t sym = 0; sym < nk_symbols; sym++) {
		if (ts_language_symbol_type(lang, (TSSymbol)sym) != TSSymbolTypeRegular)
			continue;
		const char *name = ts_language_symbol_name(lang, (TSSymbol)sym);
		for (size_t i = 0; name && nk_names[i].name; i++)
			if (strcmp(name, nk_names[i].name) == 0)
				nk_of[sym] = (uint8_t)nk_names[i].kind;
	}
}

static enum nk nk(TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);
	return sym < nk_symbols ? (enum nk)nk_of[sym] : NK_OTHER;
}

struct facts_ctx {
	TSParser *parser;
	query *q;
	uint8_t *cap_kind; /* capture id -> enum cap */
	uint16_t *site_of; /* grammar symbol -> capture id + 1, from the single-node query */
	uint32_t n_symbols;
	double t_parse, t_extract;
	size_t bytes;
	char *skel; /* the skeleton of the file being summarized shallowly, reused across files */
	size_t skel_cap;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *facts_ctx_query_text(const facts_ctx *c)
{
	return query_text(c->q);
}

void facts_ctx_times(const facts_ctx *c, double *parse, double *extract, size_t *bytes)
{
	*parse = c->t_parse;
	*extract = c->t_extract;
	*bytes = c->bytes;
}

facts_ctx *facts_ctx_new(const char *query_dir, struct diag *d)
{
	query *q = query_load(parse_language(), "python/facts.scm", query_dir, d);
	if (!q)
		return NULL;
	pthread_once(&nk_once, nk_init);
	facts_ctx *c = xcalloc(1, sizeof *c);
	c->q = q;
	c->parser = parse_parser_new();
	uint32_t n = ts_query_capture_count(query_ts(q));
	c->cap_kind = xcalloc(n ? n : 1, 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		const char *name = ts_query_capture_name_for_id(query_ts(q), i, &len);
		int k = str_in(name, cap_names);
		if (k < 0 && name[0] != '_') {
			diag_set(d, "queries/python/facts.scm: unknown capture @%s", name);
			facts_ctx_free(c);
			return NULL;
		}
		c->cap_kind[i] = (uint8_t)(k < 0 ? CAP_IGNORE : k);
	}
	c->site_of = query_single_node_table(q, parse_language(), d);
	c->n_symbols = ts_language_symbol_count(parse_language());
	if (!c->site_of) {
		facts_ctx_free(c);
		return NULL;
	}
	return c;
}

void facts_ctx_free(facts_ctx *c)
{
	if (!c)
		return;
	ts_parser_delete(c->parser);
	query_free(c->q);
	free(c->cap_kind);
	free(c->site_of);
	free(c->skel);
	free(c);
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->strs);
	VEC_FREE(s->ex);
	VEC_FREE(s->ev);
	VEC_FREE(s->scopes);
	VEC_FREE(s->imports);
	VEC_FREE(s->supp);
	free(s);
}

/* --- conversion state for one file --- */

struct open_scope {
	int32_t index;
	uint32_t end_byte;
};

struct byte_range {
	uint32_t start, end;
};

struct conv {
	struct summary *s;
	const char *src; /* text as parsed (after the BOM) */
	int ascii;       /* no byte >= 0x80: columns are byte columns */
	VEC(struct open_scope) open;
	/* open `except RuntimeError:` handlers of a `try` that calls asyncio.get_running_loop():
	 * code that runs only when no event loop is running (byte ranges, innermost last) */
	VEC(struct byte_range) no_loop;
	/* code that runs only while a memo is empty (`if self._x is None: <fill it>`, or after
	 * `if self._x is not None: return self._x`): byte ranges in start order */
	VEC(struct byte_range) memo_code;
	uint32_t decorated_def_start; /* definition start of the last decorated_definition */
	int32_t pending_decorators;
	uint32_t await_start, await_end; /* the expression under the last `await` */
	/* Converted expressions by node: nested sites (a call inside a call inside an assignment)
	 * share their sub-expressions instead of converting them again. */
	struct memo_slot {
		uint64_t key; /* start byte << 32 | end byte; 0 = empty */
		TSSymbol sym;
		int32_t ex;
	} *memo;
	size_t memo_len, memo_cap;
	int truncated; /* the conversion in progress hit MAX_EX_DEPTH somewhere below */
	int shallow;      /* leave out events in function bodies (but method assigns/returns) */
	TSFieldId field;  /* the field the current site fills in its parent */
	uint32_t *intern; /* open addressing: string offsets (0 = empty: "" is never stored) */
	size_t intern_len, intern_cap;
};

static uint64_t memo_key(TSNode n)
{
	return ((uint64_t)ts_node_start_byte(n) << 32 | ts_node_end_byte(n)) + 1;
}

static int32_t memo_get(const struct conv *c, TSNode n)
{
	if (!c->memo_cap)
		return -1;
	uint64_t k = memo_key(n);
	TSSymbol sym = ts_node_symbol(n);
	for (size_t i = (k * 0x9E3779B97F4A7C15ull) >> 20 & (c->memo_cap - 1);; i = (i + 1) & (c->memo_cap - 1)) {
		if (!c->memo[i].key)
			return -1;
		if (c->memo[i].key == k && c->memo[i].sym == sym)
			return c->memo[i].ex;
	}
}

static void memo_put(struct conv *c, TSNode n, int32_t ex)
{
	if ((c->memo_len + 1) * 2 > c->memo_cap) {
		struct memo_slot *old = c->memo;
		size_t old_cap = c->memo_cap;
		c->memo_cap = old_cap ? old_cap * 2 : 256;
		c->memo = xcalloc(c->memo_cap, sizeof *c->memo);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].key)
				continue;
			size_t j = (old[i].key * 0x9E3779B97F4A7C15ull) >> 20 & (c->memo_cap - 1);
			while (c->memo[j].key)
				j = (j + 1) & (c->memo_cap - 1);
			c->memo[j] = old[i];
		}
		free(old);
	}
	uint64_t k = memo_key(n);
	size_t i = (k * 0x9E3779B97F4A7C15ull) >> 20 & (c->memo_cap - 1);
	while (c->memo[i].key)
		i = (i + 1) & (c->memo_cap - 1);
	c->memo[i] = (struct memo_slot){k, ts_node_symbol(n), ex};
	c->memo_len++;
}

static uint32_t str_append(struct summary *s, const char *p, size_t n)
{
	if (s->strs_len + n + 1 > s->strs_cap) {
		while (s->strs_len + n + 1 > s->strs_cap)
			s->strs_cap = s->strs_cap ? s->strs_cap * 2 : 1024;
		s->strs = xrealloc(s->strs, s->strs_cap);
	}
	uint32_t off = (uint32_t)s->strs_len;
	memcpy(s->strs + off, p, n);
	s->strs[off + n] = 0;
	s->strs_len += n + 1;
	return off;
}

/* Interned: identifiers repeat (self, models, objects), so each distinct string is kept once
 * per file. The table holds offsets (the pool moves when it grows). */
static uint32_t str_add(struct conv *c, const char *p, size_t n)
{
	if ((c->intern_len + 1) * 2 > c->intern_cap) {
		uint32_t *old = c->intern;
		size_t old_cap = c->intern_cap;
		c->intern_cap = old_cap ? old_cap * 2 : 512;
		c->intern = xcalloc(c->intern_cap, sizeof *c->intern);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i])
				continue;
			const char *k = c->s->strs + old[i];
			uint64_t h = 14695981039346656037ull;
			for (; *k; k++)
				h = (h ^ (unsigned char)*k) * 1099511628211ull;
			size_t j = h & (c->intern_cap - 1);
			while (c->intern[j])
				j = (j + 1) & (c->intern_cap - 1);
			c->intern[j] = old[i];
		}
		free(old);
	}
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	size_t j = h & (c->intern_cap - 1);
	for (; c->intern[j]; j = (j + 1) & (c->intern_cap - 1)) {
		const char *k = c->s->strs + c->intern[j];
		if (strncmp(k, p, n) == 0 && k[n] == 0)
			return c->intern[j];
	}
	if (n == 0)
		return 0;
	uint32_t off = str_append(c->s, p, n);
	c->intern[j] = off;
	c->intern_len++;
	return off;
}

static uint32_t str_node(struct conv *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return str_add(c, c->src + a, b - a);
}

static int node_is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

static struct span span_of(struct conv *c, TSNode n)
{
	TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
	uint32_t sa = ts_node_start_byte(n), sb = ts_node_end_byte(n);
	struct span sp;
	sp.line = (int)a.row + 1;
	sp.end_line = (int)b.row + 1;
	if (c->ascii) {
		sp.col = (int)a.column + 1;
		sp.end_col = (int)b.column + 1;
	} else {
		sp.col = source_column(c->src, sa - a.column, sa);
		sp.end_col = source_column(c->src, sb - b.column, sb);
	}
	return sp;
}

static int32_t ex_new(struct conv *c, uint8_t kind, TSNode n)
{
	struct ex e;
	memset(&e, 0, sizeof e); /* padding too: summaries are written to the cache byte for byte */
	e.kind = kind;
	e.a = e.args = e.next = -1;
	e.sp = span_of(c, n);
	VEC_PUSH(c->s->ex, e);
	return (int32_t)c->s->ex.len - 1;
}

static int32_t conv_ex(struct conv *c, TSNode n, int depth);

/* The first `max` named children of n, in order, through a cursor: ts_node_named_child(n, i)
 * walks from the first child each time, quadratic on a list of a million elements. Returns
 * the count; *out (caller frees) holds them. */
static uint32_t named_children(TSNode n, uint32_t max, TSNode **out)
{
	uint32_t cap = ts_node_named_child_count(n), k = 0;
	if (cap > max)
		cap = max;
	*out = xmalloc((cap ? cap : 1) * sizeof **out);
	TSTreeCursor cur = ts_tree_cursor_new(n);
	if (cap && ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&cur);
			if (ts_node_is_named(ch) && k < cap)
				(*out)[k++] = ch;
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	return k;
}

/* Elements kept of a list, tuple or argument list: the rules read settings lists
 * (MIDDLEWARE, INSTALLED_APPS) and arguments, never a data table's millionth element. */
#define MAX_LIST_ELEMENTS 1024

/* Converts the named children of `n` (skipping comments) into a linked list. */
static int32_t conv_list(struct conv *c, TSNode n, int depth)
{
	int32_t first = -1, last = -1;
	TSNode *kids;
	uint32_t count = named_children(n, MAX_LIST_ELEMENTS, &kids);
	for (uint32_t i = 0; i < count; i++) {
		TSNode ch = kids[i];
		if (node_is(ch, "comment"))
			continue;
		int32_t e = conv_ex(c, ch, depth + 1);
		if (last < 0)
			first = e;
		else
			c->s->ex.items[last].next = e;
		last = e;
	}
	free(kids);
	return first;
}

static int32_t conv_node(struct conv *c, TSNode n, int depth);

static int32_t conv_ex(struct conv *c, TSNode n, int depth)
{
	if (depth > MAX_EX_DEPTH) {
		c->truncated = 1;
		return ex_new(c, EX_OTHER, n);
	}
	int32_t e = memo_get(c, n);
	if (e >= 0)
		return e;
	int outer = c->truncated;
	c->truncated = 0;
	e = conv_node(c, n, depth);
	if (!c->truncated)
		memo_put(c, n, e); /* a truncated conversion is only right at this depth */
	c->truncated |= outer;
	return e;
}

static int32_t conv_node(struct conv *c, TSNode n, int depth)
{
	int32_t e;
	switch (nk(n)) {
	case NK_BINOP: {
		/* `base / "name"`: a path joined to a path is a path (the only operator typed) */
		TSNode op = ts_node_child_by_field_name(n, "operator", 8);
		if (ts_node_is_null(op) || !node_is(op, "/"))
			return ex_new(c, EX_OTHER, n);
		e = ex_new(c, EX_CHOICE, n);
		c->s->ex.items[e].args = conv_ex(c, ts_node_child_by_field_name(n, "left", 4), depth + 1);
		return e;
	}
	case NK_WALRUS: /* (x := value) is value; the binding is an assignment event */
		return conv_ex(c, ts_node_child_by_field_name(n, "value", 5), depth + 1);
	case NK_CHOICE: {
		/* `a or b`, `a and b`: left, right; `a if cond else b`: the first and last operands */
		int tested = node_is(n, "boolean_operator");
		uint32_t k = ts_node_named_child_count(n);
		if (k < 2)
			return ex_new(c, EX_OTHER, n);
		e = ex_new(c, EX_CHOICE, n);
		int32_t a = conv_ex(c, ts_node_named_child(n, 0), depth + 1);
		int32_t b = conv_ex(c, ts_node_named_child(n, tested ? 1 : k - 1), depth + 1);
		c->s->ex.items[a].next = b;
		c->s->ex.items[e].args = a;
		c->s->ex.items[e].flags = tested ? EXF_TESTED : 0;
		return e;
	}
	case NK_PAREN:
		if (ts_node_named_child_count(n) == 1) {
			TSNode inner = ts_node_named_child(n, 0);
			if (!node_is(inner, "comment"))
				return conv_ex(c, inner, depth + 1);
		}
		return ex_new(c, EX_OTHER, n);
	case NK_IDENTIFIER: {
		e = ex_new(c, EX_NAME, n);
		uint32_t s = str_node(c, n);
		c->s->ex.items[e].str = s;
		return e;
	}
	case NK_ATTRIBUTE: {
		e = ex_new(c, EX_ATTR, n);
		int32_t obj = conv_ex(c, ts_node_child_by_field_name(n, "object", 6), depth + 1);
		uint32_t s = str_node(c, ts_node_child_by_field_name(n, "attribute", 9));
		c->s->ex.items[e].a = obj;
		c->s->ex.items[e].str = s;
		return e;
	}
	case NK_CALL: {
		e = ex_new(c, EX_CALL, n);
		int32_t fn = conv_ex(c, ts_node_child_by_field_name(n, "function", 8), depth + 1);
		TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
		int32_t first = -1;
		if (node_is(args, "argument_list"))
			first = conv_list(c, args, depth);
		else if (!ts_node_is_null(args))
			first = conv_ex(c, args, depth + 1); /* f(x for x in y) */
		c->s->ex.items[e].a = fn;
		c->s->ex.items[e].args = first;
		return e;
	}
	case NK_KWARG: {
		e = ex_new(c, EX_KWARG, n);
		uint32_t s = str_node(c, ts_node_child_by_field_name(n, "name", 4));
		int32_t v = conv_ex(c, ts_node_child_by_field_name(n, "value", 5), depth + 1);
		c->s->ex.items[e].str = s;
		c->s->ex.items[e].a = v;
		return e;
	}
	case NK_SPLAT:
		e = ex_new(c, EX_OTHER, n);
		c->s->ex.items[e].flags = EXF_SPLAT;
		return e;
	case NK_SUBSCRIPT: {
		e = ex_new(c, EX_SUBSCRIPT, n);
		int32_t v = conv_ex(c, ts_node_child_by_field_name(n, "value", 5), depth + 1);
		uint8_t flags = 0;
		TSNode sub = ts_node_child_by_field_name(n, "subscript", 9);
		if (node_is(sub, "slice")) {
			flags |= EXF_SLICE;
			int colons = 0;
			for (uint32_t i = 0; i < ts_node_child_count(sub); i++)
				colons += node_is(ts_node_child(sub, i), ":");
			if (colons >= 2) {
				/* a step only counts when something follows the second colon */
				TSNode last = ts_node_child(sub, ts_node_child_count(sub) - 1);
				if (!node_is(last, ":"))
					flags |= EXF_STEP;
			}
		}
		/* the key of a plain subscript (scope["user"], os.environ["X"]), or a name in it
		 * (the argument of QuerySet[Book], Optional[Book] in annotations) */
		int32_t key = !(flags & EXF_SLICE) && !ts_node_is_null(sub) &&
				      (nk(sub) == NK_STRING || nk(sub) == NK_IDENTIFIER || nk(sub) == NK_ATTRIBUTE)
				      ? conv_ex(c, sub, depth + 1) : -1;
		c->s->ex.items[e].a = v;
		c->s->ex.items[e].args = key;
		c->s->ex.items[e].flags = flags;
		return e;
	}
	case NK_AWAIT: {
		e = ex_new(c, EX_AWAIT, n);
		int32_t v = ts_node_named_child_count(n) ? conv_ex(c, ts_node_named_child(n, 0), depth + 1) : -1;
		c->s->ex.items[e].a = v;
		return e;
	}
	case NK_LAMBDA:
		return ex_new(c, EX_LAMBDA, n);
	case NK_TUPLE: {
		e = ex_new(c, EX_TUPLE, n);
		int32_t first = conv_list(c, n, depth);
		c->s->ex.items[e].args = first;
		return e;
	}
	case NK_STRING: {
		/* short plain literals keep their text: URL patterns, dotted paths in settings */
		e = ex_new(c, EX_STRING, n);
		if (ts_node_named_child_count(n) == 3 || ts_node_named_child_count(n) == 2) {
			TSNode body = ts_node_named_child(n, 1);
			if (node_is(body, "string_content") && ts_node_end_byte(body) - ts_node_start_byte(body) <= 256) {
				uint32_t s = str_node(c, body);
				c->s->ex.items[e].str = s;
			}
		}
		return e;
	}
	case NK_NUMBER:
		return ex_new(c, EX_NUMBER, n);
	case NK_UNARY:
		return ex_new(c, ts_node_named_child_count(n) == 1 && nk(ts_node_named_child(n, 0)) == NK_NUMBER
					 ? EX_NUMBER : EX_OTHER, n);
	case NK_LIST: {
		/* list displays keep their elements (settings.MIDDLEWARE, INSTALLED_APPS) */
		e = ex_new(c, EX_LIST, n);
		if (node_is(n, "list")) {
			int32_t first = conv_list(c, n, depth);
			c->s->ex.items[e].args = first;
		} else if (node_is(n, "dictionary")) {
			/* {"books": qs}: the values, as keyword-like pairs (template contexts) */
			int32_t first = -1, last = -1;
			TSNode *kids;
			uint32_t count = named_children(n, UINT32_MAX, &kids);
			for (uint32_t i = 0; i < count; i++) {
				TSNode pair = kids[i];
				if (!node_is(pair, "pair"))
					continue;
				TSNode key = ts_node_child_by_field_name(pair, "key", 3);
				TSNode val = ts_node_child_by_field_name(pair, "value", 5);
				if (ts_node_is_null(val))
					continue;
				int32_t kv = ex_new(c, EX_KWARG, pair);
				uint32_t ks = 0;
				if (nk(key) == NK_STRING && ts_node_named_child_count(key) >= 2) {
					TSNode body = ts_node_named_child(key, 1);
					if (node_is(body, "string_content"))
						ks = str_node(c, body);
				}
				int32_t v = conv_ex(c, val, depth + 1);
				c->s->ex.items[kv].str = ks;
				c->s->ex.items[kv].a = v;
				if (last < 0)
					first = kv;
				else
					c->s->ex.items[last].next = kv;
				last = kv;
			}
			free(kids);
			c->s->ex.items[e].args = first;
		}
		return e;
	}
	default:
		return ex_new(c, EX_OTHER, n);
	}
}

static int32_t cur_scope(const struct conv *c)
{
	return c->open.len ? c->open.items[c->open.len - 1].index : -1;
}

/* Drops the no-loop handlers that ended before `start`; says whether `start` is inside one. */
static int in_no_loop(struct conv *c, uint32_t start)
{
	while (c->no_loop.len && start >= c->no_loop.items[c->no_loop.len - 1].end)
		c->no_loop.len--;
	return c->no_loop.len && start >= c->no_loop.items[c->no_loop.len - 1].start;
}

static int in_memo(struct conv *c, uint32_t start)
{
	while (c->memo_code.len && start >= c->memo_code.items[c->memo_code.len - 1].end)
		c->memo_code.len--;
	for (size_t i = c->memo_code.len; i-- > 0;)
		if (start >= c->memo_code.items[i].start && start < c->memo_code.items[i].end)
			return 1;
	return 0;
}

static void add_event(struct conv *c, uint8_t kind, uint8_t flags, int32_t ex, int32_t target,
		      TSNode at)
{
	struct event ev;
	memset(&ev, 0, sizeof ev);
	if (in_no_loop(c, ts_node_start_byte(at)))
		flags |= EVF_NO_LOOP;
	if (c->memo_code.len && in_memo(c, ts_node_start_byte(at)))
		flags |= EVF_MEMO;
	ev.kind = kind;
	ev.flags = flags;
	ev.scope = cur_scope(c);
	ev.ex = ex;
	ev.target = target;
	ev.sp = span_of(c, at);
	VEC_PUSH(c->s->ev, ev);
}

static int first_child_is(TSNode n, const char *type)
{
	return ts_node_child_count(n) > 0 && node_is(ts_node_child(n, 0), type);
}

/* --- sites --- */

static void add_import(struct conv *c, const char *local, size_t local_len, const char *qual,
		       int star, TSNode at)
{
	struct import im;
	memset(&im, 0, sizeof im);
	im.star = (uint8_t)star;
	im.scope = cur_scope(c);
	im.sp = span_of(c, at);
	im.local = str_add(c, local, local_len);
	im.qual = str_add(c, qual, strlen(qual));
	VEC_PUSH(c->s->imports, im);
}

static char *node_text(struct conv *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n);
	return xstrndup(c->src + a, ts_node_end_byte(n) - a);
}

/* Strips white space and comments a dotted name may hold when written across lines. */
static char *dotted_text(struct conv *c, TSNode n)
{
	struct strbuf b = {0};
	uint32_t count = ts_node_named_child_count(n);
	if (!node_is(n, "dotted_name") || count == 0) {
		char *t = node_text(c, n);
		sb_puts(&b, t);
		free(t);
	}
	for (uint32_t i = 0; node_is(n, "dotted_name") && i < count; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (!node_is(ch, "identifier"))
			continue;
		if (b.len)
			sb_putc(&b, '.');
		char *t = node_text(c, ch);
		sb_puts(&b, t);
		free(t);
	}
	return b.s ? b.s : xstrdup("");
}

static void site_import(struct conv *c, TSNode n)
{
	if (node_is(n, "import_statement")) {
		for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode ch = ts_node_named_child(n, i);
			if (node_is(ch, "dotted_name")) {
				char *q = dotted_text(c, ch);
				char *dot = strchr(q, '.');
				add_import(c, q, dot ? (size_t)(dot - q) : strlen(q), dot ? (*dot = 0, q) : q, 0, ch);
				free(q);
			} else if (node_is(ch, "aliased_import")) {
				char *q = dotted_text(c, ts_node_child_by_field_name(ch, "name", 4));
				char *a = node_text(c, ts_node_child_by_field_name(ch, "alias", 5));
				add_import(c, a, strlen(a), q, 0, ch);
				free(q);
				free(a);
			}
		}
		return;
	}
	/* from <module> import <names> */
	TSNode mod = ts_node_child_by_field_name(n, "module_name", 11);
	struct strbuf base = {0};
	if (node_is(mod, "relative_import")) {
		for (uint32_t i = 0; i < ts_node_named_child_count(mod); i++) {
			TSNode ch = ts_node_named_child(mod, i);
			char *t = node_is(ch, "dotted_name") ? dotted_text(c, ch) : node_text(c, ch);
			if (node_is(ch, "import_prefix")) {
				for (char *p = t; *p; p++)
					if (*p == '.')
						sb_putc(&base, '.');
			} else {
				sb_puts(&base, t);
			}
			free(t);
		}
	} else if (!ts_node_is_null(mod)) {
		char *t = dotted_text(c, mod);
		sb_puts(&base, t);
		free(t);
	}
	const char *b = sb_str(&base);
	int relative_only = b[0] && b[strlen(b) - 1] == '.';
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (ts_node_eq(ch, mod))
			continue;
		if (node_is(ch, "wildcard_import")) {
			add_import(c, "", 0, b, 1, ch);
			continue;
		}
		TSNode name = ch, alias = {0};
		int aliased = node_is(ch, "aliased_import");
		if (aliased) {
			name = ts_node_child_by_field_name(ch, "name", 4);
			alias = ts_node_child_by_field_name(ch, "alias", 5);
		} else if (!node_is(ch, "dotted_name")) {
			continue;
		}
		char *nm = dotted_text(c, name);
		char *local = aliased ? node_text(c, alias) : xstrdup(nm);
		char *q = xasprintf("%s%s%s", b, relative_only ? "" : ".", nm);
		add_import(c, local, strlen(local), q, 0, ch);
		free(nm);
		free(local);
		free(q);
	}
	sb_free(&base);
}

/* An annotation: the grammar's type nodes as expressions. `QuerySet[Book]` (generic_type)
 * becomes a subscript of the name by its first type argument; `Book | None` (union_type) its
 * first member that is not None. */
static int32_t conv_type(struct conv *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > 8)
		return -1;
	if (node_is(n, "type"))
		return ts_node_named_child_count(n) ? conv_type(c, ts_node_named_child(n, 0), depth + 1) : -1;
	if (node_is(n, "generic_type") && ts_node_named_child_count(n) >= 2) {
		int32_t e = ex_new(c, EX_SUBSCRIPT, n);
		int32_t v = conv_ex(c, ts_node_named_child(n, 0), depth + 1);
		TSNode params = ts_node_named_child(n, 1);
		int32_t arg = ts_node_named_child_count(params) ? conv_type(c, ts_node_named_child(params, 0), depth + 1) : -1;
		c->s->ex.items[e].a = v;
		c->s->ex.items[e].args = arg;
		return e;
	}
	if (node_is(n, "union_type")) {
		for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode m = ts_node_named_child(n, i);
			TSNode inner = node_is(m, "type") && ts_node_named_child_count(m) ? ts_node_named_child(m, 0) : m;
			if (!node_is(inner, "none"))
				return conv_type(c, m, depth + 1);
		}
		return -1;
	}
	return conv_ex(c, n, depth + 1);
}

static int32_t conv_params(struct conv *c, TSNode params)
{
	int32_t first = -1, last = -1;
	for (uint32_t i = 0; !ts_node_is_null(params) && i < ts_node_named_child_count(params); i++) {
		TSNode p = ts_node_named_child(params, i);
		TSNode name = p, type = {0};
		if (node_is(p, "typed_parameter")) {
			name = ts_node_named_child(p, 0);
			type = ts_node_child_by_field_name(p, "type", 4);
		} else if (node_is(p, "default_parameter") || node_is(p, "typed_default_parameter")) {
			name = ts_node_child_by_field_name(p, "name", 4);
			type = ts_node_child_by_field_name(p, "type", 4);
		}
		if (!node_is(name, "identifier"))
			continue; /* *args, **kwargs, separators */
		int32_t e = ex_new(c, EX_NAME, name);
		uint32_t s = str_node(c, name);
		c->s->ex.items[e].str = s;
		if (!ts_node_is_null(type)) {
			int32_t a = conv_type(c, type, 1);
			c->s->ex.items[e].a = a;
		}
		if (last < 0)
			first = e;
		else
			c->s->ex.items[last].next = e;
		last = e;
	}
	return first;
}

static void open_scope(struct conv *c, uint8_t kind, TSNode n)
{
	struct scope sc;
	memset(&sc, 0, sizeof sc);
	sc.kind = kind;
	sc.parent = cur_scope(c);
	sc.decorators = sc.bases = sc.params = sc.returns = -1;
	TSNode name = ts_node_child_by_field_name(n, "name", 4);
	sc.sp = span_of(c, ts_node_is_null(name) ? n : name);
	sc.name = ts_node_is_null(name) ? str_add(c, "<lambda>", 8) : str_node(c, name);
	const char *pname = "";
	int in_function = 0;
	if (sc.parent >= 0) {
		const struct scope *p = &c->s->scopes.items[sc.parent];
		pname = summary_str(c->s, p->qualname);
		in_function = p->kind != SC_CLASS;
	}
	char *q = sc.parent < 0 ? xstrdup(summary_str(c->s, sc.name))
				: xasprintf("%s%s.%s", pname, in_function ? ".<locals>" : "",
					    summary_str(c->s, sc.name));
	sc.qualname = str_add(c, q, strlen(q));
	free(q);
	if (ts_node_start_byte(n) == c->decorated_def_start && c->pending_decorators >= 0) {
		sc.decorators = c->pending_decorators;
		c->pending_decorators = -1;
	}
	if (kind == SC_CLASS) {
		TSNode sup = ts_node_child_by_field_name(n, "superclasses", 12);
		if (!ts_node_is_null(sup))
			sc.bases = conv_list(c, sup, 0);
	} else {
		sc.params = conv_params(c, ts_node_child_by_field_name(n, "parameters", 10));
		TSNode rt = ts_node_child_by_field_name(n, "return_type", 11);
		if (!ts_node_is_null(rt))
			sc.returns = conv_type(c, rt, 1);
	}
	VEC_PUSH(c->s->scopes, sc);
	struct open_scope os = {(int32_t)c->s->scopes.len - 1, ts_node_end_byte(n)};
	VEC_PUSH(c->open, os);
}

static void site_decorated(struct conv *c, TSNode n)
{
	int32_t first = -1, last = -1;
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode d = ts_node_named_child(n, i);
		if (!node_is(d, "decorator") || ts_node_named_child_count(d) == 0)
			continue;
		int32_t e = conv_ex(c, ts_node_named_child(d, 0), 0);
		if (last < 0)
			first = e;
		else
			c->s->ex.items[last].next = e;
		last = e;
	}
	TSNode def = ts_node_child_by_field_name(n, "definition", 10);
	c->decorated_def_start = ts_node_is_null(def) ? 0 : ts_node_start_byte(def);
	c->pending_decorators = first;
}

static void site_for(struct conv *c, TSNode n)
{
	TSNode left = ts_node_child_by_field_name(n, "left", 4);
	TSNode right = ts_node_child_by_field_name(n, "right", 5);
	if (ts_node_is_null(right))
		return;
	uint8_t flags = first_child_is(n, "async") ? EVF_ASYNC : 0;
	if (node_is(n, "for_in_clause"))
		flags |= EVF_COMPREHENSION;
	int32_t target = ts_node_is_null(left) ? -1 : conv_ex(c, left, 0);
	add_event(c, EV_FOR, flags, conv_ex(c, right, 0), target, right);
}

static void site_with(struct conv *c, TSNode n)
{
	uint8_t flags = first_child_is(n, "async") ? EVF_ASYNC : 0;
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode clause = ts_node_named_child(n, i);
		if (!node_is(clause, "with_clause"))
			continue;
		for (uint32_t k = 0; k < ts_node_named_child_count(clause); k++) {
			TSNode item = ts_node_named_child(clause, k);
			if (!node_is(item, "with_item"))
				continue;
			TSNode v = ts_node_child_by_field_name(item, "value", 5);
			if (ts_node_is_null(v))
				continue;
			int32_t target = -1;
			if (node_is(v, "as_pattern")) {
				TSNode alias = ts_node_child_by_field_name(v, "alias", 5);
				if (!ts_node_is_null(alias) && ts_node_named_child_count(alias))
					target = conv_ex(c, ts_node_named_child(alias, 0), 0);
				v = ts_node_named_child(v, 0);
			}
			add_event(c, EV_WITH, flags, conv_ex(c, v, 0), target, v);
		}
	}
}

static void site_in(struct conv *c, TSNode n)
{
	int after_in = 0;
	for (uint32_t i = 0; i < ts_node_child_count(n); i++) {
		TSNode ch = ts_node_child(n, i);
		if (!ts_node_is_named(ch)) {
			after_in = node_is(ch, "in") || node_is(ch, "not in");
			continue;
		}
		if (after_in && !node_is(ch, "comment"))
			add_event(c, EV_IN, 0, conv_ex(c, ch, 0), -1, ch);
		after_in = 0;
	}
}

/* Shallow summaries keep what the project index needs from function bodies: assignments and
 * returns in methods (custom QuerySet methods are judged by their returns). */
static int shallow_skips(const struct conv *c, enum cap kind)
{
	int32_t sc = cur_scope(c);
	if (!c->shallow || sc < 0)
		return 0;
	const struct scope *s = &c->s->scopes.items[sc];
	if (s->kind == SC_CLASS)
		return 0;
	switch (kind) {
	case CAP_CALL:
	case CAP_AWAIT:
	case CAP_FOR:
	case CAP_WITH:
	case CAP_TRUTH:
	case CAP_IN:
	case CAP_SUBSCRIPT:
	case CAP_ATTR:
		return 1;
	case CAP_ASSIGN:
	case CAP_RETURN:
		return !(s->parent >= 0 && c->s->scopes.items[s->parent].kind == SC_CLASS);
	default:
		return 0;
	}
}

/* Codes after `noqa:` or inside `ignore[...]`: "DJA101,DJA102"; only DJA codes count, so
 * `# noqa: E501` (another tool's) suppresses nothing of ours. Returns -1 when the list names
 * no DJA code at all. */
static int parse_codes(const char *p, const char *end, struct strbuf *out)
{
	int any = 0;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == ',' || *p == '\t'))
			p++;
		const char *w = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
			p++;
		if (p == w)
			break;
		if (p - w >= 6 && (w[0] == 'D' || w[0] == 'd') && (w[1] == 'J' || w[1] == 'j') &&
		    (w[2] == 'A' || w[2] == 'a')) {
			if (out->len)
				sb_putc(out, ',');
			for (const char *k = w; k < p; k++)
				sb_putc(out, (char)toupper((unsigned char)*k));
			any = 1;
		}
	}
	return any ? 0 : -1;
}

static void site_comment(struct conv *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *p = c->src + a, *end = c->src + b;
	struct strbuf codes = {0};
	int found = 0;
	for (const char *q = p; q < end; q++) {
		/* a directive starts a comment: `# noqa`, `# type: ignore  # noqa: DJA101` */
		const char *before = q;
		while (before > p && (before[-1] == ' ' || before[-1] == '\t'))
			before--;
		if (before == p || before[-1] != '#')
			continue;
		if ((size_t)(end - q) >= 4 && strncasecmp(q, "noqa", 4) == 0) {
			const char *r = q + 4;
			if (r < end && *r == ':') {
				if (parse_codes(r + 1, end, &codes) == 0)
					found = 1;
			} else {
				found = 1; /* bare noqa: every rule */
			}
			break;
		}
		if ((size_t)(end - q) >= 8 && strncmp(q, "djasync:", 8) == 0) {
			const char *r = q + 8;
			while (r < end && *r == ' ')
				r++;
			if ((size_t)(end - r) >= 9 && strncmp(r, "skip-file", 9) == 0) {
				c->s->skip_file = 1;
			} else if ((size_t)(end - r) >= 6 && strncmp(r, "ignore", 6) == 0) {
				r += 6;
				if (r < end && *r == '[') {
					const char *close = memchr(r, ']', (size_t)(end - r));
					if (parse_codes(r + 1, close ? close : end, &codes) == 0)
						found = 1;
				} else {
					found = 1;
				}
			}
			break;
		}
	}
	if (found) {
		struct suppression sup;
		memset(&sup, 0, sizeof sup);
		sup.line = (int32_t)ts_node_start_point(n).row + 1;
		sup.codes = codes.len ? str_add(c, codes.s, codes.len) : 0;
		sup.sp = span_of(c, n);
		VEC_PUSH(c->s->supp, sup);
	}
	sb_free(&codes);
}

static int text_has(const struct conv *c, TSNode n, const char *needle)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	size_t k = strlen(needle);
	for (uint32_t i = a; i + k <= b; i++)
		if (c->src[i] == needle[0] && memcmp(c->src + i, needle, k) == 0)
			return 1;
	return 0;
}

/* `try: asyncio.get_running_loop() ... except RuntimeError: <sync path>`: the handler runs
 * only outside an event loop, so nothing in it blocks async code. */
static void site_except(struct conv *c, TSNode n)
{
	TSNode caught = ts_node_child_by_field_name(n, "value", 5);
	if (ts_node_is_null(caught) || !text_has(c, caught, "RuntimeError"))
		return;
	TSNode try = ts_node_parent(n);
	TSNode body = ts_node_is_null(try) ? try : ts_node_child_by_field_name(try, "body", 4);
	if (ts_node_is_null(body) || !text_has(c, body, "get_running_loop("))
		return;
	uint32_t start = ts_node_start_byte(n);
	in_no_loop(c, start);
	VEC_PUSH(c->no_loop, ((struct byte_range){start, ts_node_end_byte(n)}));
}

/* The memo a condition tests, as text: `self._x` in `self._x is None`, `not self._x`,
 * `self._x is not None`, `self._x`, `key in self._cache`; *empty: the test is true when the
 * memo is empty. 0 when the condition is not such a test. The memo must be an attribute of
 * self/cls or a module name starting with `_` (a private global). */
static int memo_test(struct conv *c, TSNode cond, char *out, size_t cap, int *empty)
{
	while (!ts_node_is_null(cond) && node_is(cond, "parenthesized_expression") && ts_node_named_child_count(cond) == 1)
		cond = ts_node_named_child(cond, 0);
	if (ts_node_is_null(cond))
		return 0;
	TSNode x = cond;
	*empty = 0;
	if (node_is(cond, "not_operator")) {
		x = ts_node_child_by_field_name(cond, "argument", 8);
		*empty = 1;
	} else if (node_is(cond, "comparison_operator") && ts_node_named_child_count(cond) == 2) {
		TSNode l = ts_node_named_child(cond, 0), r = ts_node_named_child(cond, 1);
		uint32_t a = ts_node_end_byte(l), b = ts_node_start_byte(r);
		char op[16];
		size_t k = 0;
		for (uint32_t i = a; i < b && k + 1 < sizeof op; i++)
			if (c->src[i] != ' ' && c->src[i] != '\t')
				op[k++] = c->src[i];
		op[k] = 0;
		if (node_is(r, "none") && (!strcmp(op, "is") || !strcmp(op, "==")))
			x = l, *empty = 1;
		else if (node_is(r, "none") && (!strcmp(op, "isnot") || !strcmp(op, "!=")))
			x = l;
		else if (!strcmp(op, "in"))
			x = r;
		else if (!strcmp(op, "notin"))
			x = r, *empty = 1;
		else
			return 0;
	}
	if (ts_node_is_null(x))
		return 0;
	uint32_t a = ts_node_start_byte(x), b = ts_node_end_byte(x);
	if (b - a + 1 > cap || b - a < 2)
		return 0;
	memcpy(out, c->src + a, b - a);
	out[b - a] = 0;
	if (node_is(x, "attribute")) {
		if (strncmp(out, "self.", 5) != 0 && strncmp(out, "cls.", 4) != 0)
			return 0;
	} else if (!node_is(x, "identifier") || out[0] != '_') {
		return 0;
	}
	return 1;
}

/* Whether [a, b) assigns `memo` or one of its items: `memo = ...`, `memo[k] = ...`. */
static int assigns_memo(const struct conv *c, uint32_t a, uint32_t b, const char *memo)
{
	size_t k = strlen(memo);
	for (uint32_t i = a; i + k < b; i++) {
		if (c->src[i] != memo[0] || memcmp(c->src + i, memo, k) != 0)
			continue;
		if (i > 0 && (isalnum((unsigned char)c->src[i - 1]) || c->src[i - 1] == '_' || c->src[i - 1] == '.'))
			continue;
		uint32_t j = i + (uint32_t)k;
		if (c->src[j] == '[') { /* memo[key] = ...: skip the subscript */
			int depth = 0;
			for (; j < b; j++) {
				depth += c->src[j] == '[';
				depth -= c->src[j] == ']';
				if (!depth)
					break;
			}
			j++;
		}
		while (j < b && (c->src[j] == ' ' || c->src[j] == '\t'))
			j++;
		if (j + 1 < b && c->src[j] == '=' && c->src[j + 1] != '=')
			return 1;
	}
	return 0;
}

/* `if self._x is None: self._x = load()` (the body fills the memo), or `if self._x is not
 * None: return self._x` / `if key in self._cache: return self._cache[key]` (the rest of the
 * function fills it): that code runs only while the memo is empty, once per process or per
 * object, so a caller that asks again does not block. */
/* `if async_mode: await asyncio.sleep(d) else: time.sleep(d)`: a mode switch whose other
 * branch already does the async wait; the sync branch serves a sync caller (a test, a
 * sync server) and never runs on the event loop. Marked like code outside a loop. */
static void sleep_fallback(struct conv *c, TSNode n)
{
	TSNode body = ts_node_child_by_field_name(n, "consequence", 11);
	TSNode alt = ts_node_child_by_field_name(n, "alternative", 11);
	if (ts_node_is_null(body) || ts_node_is_null(alt) || !node_is(alt, "else_clause"))
		return;
	TSNode other = ts_node_child_by_field_name(alt, "body", 4);
	if (ts_node_is_null(other))
		return;
	TSNode sync;
	if (text_has(c, body, "await asyncio.sleep(") && text_has(c, other, "time.sleep(") && !text_has(c, other, "await "))
		sync = other;
	else if (text_has(c, other, "await asyncio.sleep(") && text_has(c, body, "time.sleep(") && !text_has(c, body, "await "))
		sync = body;
	else
		return;
	uint32_t start = ts_node_start_byte(sync);
	in_no_loop(c, start);
	VEC_PUSH(c->no_loop, ((struct byte_range){start, ts_node_end_byte(sync)}));
}

static void site_if(struct conv *c, TSNode n)
{
	sleep_fallback(c, n);
	if (!c->open.len || c->s->scopes.items[c->open.items[c->open.len - 1].index].kind == SC_CLASS)
		return;
	char memo[128];
	int empty;
	if (!memo_test(c, ts_node_child_by_field_name(n, "condition", 9), memo, sizeof memo, &empty))
		return;
	TSNode body = ts_node_child_by_field_name(n, "consequence", 11);
	if (ts_node_is_null(body))
		return;
	uint32_t a, b;
	if (empty) {
		a = ts_node_start_byte(body);
		b = ts_node_end_byte(body);
	} else {
		if (ts_node_named_child_count(body) != 1 || !node_is(ts_node_named_child(body, 0), "return_statement"))
			return;
		a = ts_node_end_byte(n);
		b = c->open.items[c->open.len - 1].end_byte;
	}
	if (a >= b || !assigns_memo(c, a, b, memo))
		return;
	in_memo(c, ts_node_start_byte(n));
	VEC_PUSH(c->memo_code, ((struct byte_range){a, b}));
}

static void site(struct conv *c, enum cap kind, TSNode n)
{
	if (shallow_skips(c, kind))
		return;
	switch (kind) {
	case CAP_IGNORE:
		break;
	case CAP_IMPORT:
		site_import(c, n);
		break;
	case CAP_DECORATED:
		site_decorated(c, n);
		break;
	case CAP_CLASS:
		open_scope(c, SC_CLASS, n);
		break;
	case CAP_FUNCTION:
		open_scope(c, first_child_is(n, "async") ? SC_ASYNC_FUNCTION : SC_FUNCTION, n);
		break;
	case CAP_LAMBDA:
		open_scope(c, SC_LAMBDA, n);
		break;
	case CAP_AWAIT:
		if (ts_node_named_child_count(n)) {
			TSNode inner = ts_node_named_child(n, 0);
			c->await_start = ts_node_start_byte(inner);
			c->await_end = ts_node_end_byte(inner);
		}
		break;
	case CAP_CALL: {
		uint8_t flags = ts_node_start_byte(n) == c->await_start && ts_node_end_byte(n) == c->await_end
					? EVF_AWAITED : 0;
		add_event(c, EV_CALL, flags, conv_ex(c, n, 0), -1, n);
		break;
	}
	case CAP_ASSIGN: {
		int walrus = node_is(n, "named_expression");
		TSNode right = ts_node_child_by_field_name(n, walrus ? "value" : "right", 5);
		if (ts_node_is_null(right)) {
			/* annotation only: `client: httpx.Client` (the type of an attribute) */
			TSNode type = ts_node_child_by_field_name(n, "type", 4);
			TSNode left = ts_node_child_by_field_name(n, "left", 4);
			if (!walrus && !ts_node_is_null(type) && nk(left) == NK_IDENTIFIER)
				add_event(c, EV_ANNOT, 0, conv_type(c, type, 0), conv_ex(c, left, 0), n);
			break;
		}
		int32_t target = conv_ex(c, ts_node_child_by_field_name(n, walrus ? "name" : "left", 4), 0);
		add_event(c, EV_ASSIGN, 0, conv_ex(c, right, 0), target, n);
		break;
	}
	case CAP_FOR:
		site_for(c, n);
		break;
	case CAP_WITH:
		site_with(c, n);
		break;
	case CAP_RETURN:
		add_event(c, EV_RETURN, 0,
			  ts_node_named_child_count(n) ? conv_ex(c, ts_node_named_child(n, 0), 0) : -1, -1, n);
		break;
	case CAP_TRUTH: {
		/* the tested operand: if/elif/while condition, `not x`, the left side of and/or */
		const char *t = ts_node_type(n);
		TSNode x = t[0] == 'n' ? ts_node_child_by_field_name(n, "argument", 8)
			   : t[0] == 'b' ? ts_node_child_by_field_name(n, "left", 4)
					 : ts_node_child_by_field_name(n, "condition", 9);
		if (!ts_node_is_null(x))
			add_event(c, EV_TRUTH, 0, conv_ex(c, x, 0), -1, x);
		if (t[0] == 'i')
			site_if(c, n); /* after the condition's event: the test itself reads the memo */
		break;
	}
	case CAP_IN:
		site_in(c, n);
		break;
	case CAP_SUBSCRIPT:
		add_event(c, EV_SUBSCRIPT, 0, conv_ex(c, n, 0), -1, n);
		break;
	case CAP_EXCEPT:
		site_except(c, n);
		break;
	case CAP_COMMENT:
		site_comment(c, n);
		break;
	case CAP_ATTR: {
		/* attribute reads: the top of a chain (book.author.name), not a method being called
		 * nor the inside of a longer chain; and every read through `.user` */
		int top = c->field != field_object && c->field != field_function;
		TSNode obj = ts_node_child_by_field_name(n, "object", 6);
		if (!top && nk(obj) == NK_ATTRIBUTE) {
			TSNode name = ts_node_child_by_field_name(obj, "attribute", 9);
			uint32_t a = ts_node_start_byte(name), b = ts_node_end_byte(name);
			top = b - a == 4 && memcmp(c->src + a, "user", 4) == 0;
		}
		if (top)
			add_event(c, EV_ATTR, 0, conv_ex(c, n, 0), -1, n);
		break;
	}
	}
}

/* Position of the first syntax error: descend into the first child that holds one. */
static void first_syntax_error(struct conv *c, TSNode root)
{
	TSNode n = root;
	for (;;) {
		if (ts_node_is_error(n) || ts_node_is_missing(n))
			break;
		TSNode next = {0};
		int found = 0;
		for (uint32_t i = 0; i < ts_node_child_count(n); i++) {
			TSNode ch = ts_node_child(n, i);
			if (ts_node_has_error(ch) || ts_node_is_missing(ch)) {
				next = ch;
				found = 1;
				break;
			}
		}
		if (!found)
			break;
		n = next;
	}
	struct span sp = span_of(c, n);
	c->s->syntax_error_line = sp.line;
	c->s->syntax_error_col = sp.col;
}

/* The function just opened is a method of a class whose bases name a QuerySet or a Manager. */
static int queryset_method(const struct conv *c)
{
	int32_t fn = cur_scope(c);
	if (fn < 0)
		return 0;
	int32_t cls = c->s->scopes.items[fn].parent;
	if (cls < 0 || c->s->scopes.items[cls].kind != SC_CLASS)
		return 0;
	for (int32_t b = c->s->scopes.items[cls].bases; b >= 0; b = c->s->ex.items[b].next) {
		const struct ex *x = &c->s->ex.items[b]; /* Name or module.Name: the last name */
		const char *name = x->kind == EX_NAME || x->kind == EX_ATTR ? summary_str(c->s, x->str) : "";
		if (strstr(name, "QuerySet") || strstr(name, "Manager"))
			return 1;
	}
	return 0;
}

/* Scopes inside function bodies (nested defs, lambdas, classes) are numbered after all the
 * others, so that a shallow summary (which does not see them) and the full one of the same
 * file agree on every other scope's index: the index keeps pointing at the right scopes when
 * phase 2 swaps one for the other. */
static void tier_scopes(struct summary *s)
{
	size_t n = s->scopes.len;
	if (!n)
		return;
	uint8_t *inner = xcalloc(n, 1);
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t p = s->scopes.items[i].parent;
		inner[i] = p >= 0 && (s->scopes.items[p].kind != SC_CLASS || inner[p]);
		any |= inner[i];
	}
	if (!any) {
		free(inner);
		return;
	}
	int32_t *to = xmalloc(n * sizeof *to);
	struct scope *old = s->scopes.items;
	struct scope *neu = xmalloc(n * sizeof *neu);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (inner[i] == pass) {
				to[i] = (int32_t)k;
				neu[k++] = old[i];
			}
	for (size_t i = 0; i < n; i++)
		if (neu[i].parent >= 0)
			neu[i].parent = to[neu[i].parent];
	for (size_t i = 0; i < s->ev.len; i++)
		if (s->ev.items[i].scope >= 0)
			s->ev.items[i].scope = to[s->ev.items[i].scope];
	for (size_t i = 0; i < s->imports.len; i++)
		if (s->imports.items[i].scope >= 0)
			s->imports.items[i].scope = to[s->imports.items[i].scope];
	free(old);
	s->scopes.items = neu;
	s->scopes.cap = n;
	free(to);
	free(inner);
}

int facts_wants_full(const struct source *src)
{
	/* `async` code, and code that turns Django's async safety check off (DJA221) */
	return memmem(src->buf, src->len, "async", 5) || memmem(src->buf, src->len, "DJANGO_ALLOW_ASYNC_UNSAFE", 25);
}

struct summary *facts_extract(facts_ctx *fc, const char *path, const struct source *src)
{
	return facts_extract_mode(fc, path, src, FACTS_FULL);
}

struct summary *facts_extract_mode(facts_ctx *fc, const char *path, const struct source *src,
				   enum facts_mode mode)
{
	int shallow = mode != FACTS_FULL;
	struct summary *s = xcalloc(1, sizeof *s);
	s->shallow = shallow;
	s->path = xstrdup(path);
	str_append(s, "", 0); /* offset 0 is the empty string */
	const char *text = src->buf + src->bom;
	uint32_t len = (uint32_t)(src->len - src->bom);
	int ascii = 1;
	for (uint32_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)text[i] < 0x80;
	size_t bad = ascii ? (size_t)-1 : source_invalid_utf8(text, len);
	if (bad != (size_t)-1) {
		s->invalid_utf8_line = 1;
		for (size_t i = 0; i < bad; i++)
			s->invalid_utf8_line += text[i] == '\n';
	}
	double t0 = now();
	/* A shallow summary never looks inside function bodies (but QuerySet/Manager methods):
	 * parse the file with them blanked out. Should the skeleton not parse cleanly, the file
	 * may have a syntax error outside the bodies: parse it as it is, to report it the same. */
	int skel = mode == FACTS_SHALLOW && skeleton_of(text, len, &fc->skel, &fc->skel_cap);
	TSTree *tree = ts_parser_parse_string(fc->parser, NULL, skel ? fc->skel : text, len);
	if (skel && (!tree || ts_node_has_error(ts_tree_root_node(tree)))) {
		ts_tree_delete(tree);
		skel = 0;
		tree = ts_parser_parse_string(fc->parser, NULL, text, len);
	}
	if (skel)
		text = fc->skel;
	double t1 = now();
	fc->t_parse += t1 - t0;
	fc->bytes += len;
	if (!tree)
		return s;
	TSNode root = ts_tree_root_node(tree);
	struct conv c = {.s = s, .src = text, .ascii = ascii, .pending_decorators = -1,
			 .await_start = UINT32_MAX, .shallow = shallow};
	if (ts_node_has_error(root))
		first_syntax_error(&c, root);
	/* The facts query is all single-node patterns: run it as one pre-order cursor walk that
	 * dispatches on the node's symbol (about half the cost of a general query cursor). Sites
	 * come in document order, which the scope stack relies on. No recursion. */
	TSTreeCursor cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		TSSymbol sym = ts_node_symbol(n); /* ERROR nodes have symbol 0xFFFF */
		uint16_t cap = sym < fc->n_symbols ? fc->site_of[sym] : 0;
		int skip = 0;
		if (cap) {
			uint32_t start = ts_node_start_byte(n);
			while (c.open.len && start >= c.open.items[c.open.len - 1].end_byte)
				c.open.len--;
			c.field = ts_tree_cursor_current_field_id(&cur);
			enum cap kind = (enum cap)fc->cap_kind[cap - 1];
			site(&c, kind, n);
			/* a shallow summary does not look inside function bodies, but for the methods
			 * of QuerySet/Manager classes (their returns decide laziness) */
			skip = shallow && kind == CAP_FUNCTION && !queryset_method(&c);
		}
		if (!skip && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cur);
	VEC_FREE(c.open);
	VEC_FREE(c.no_loop);
	VEC_FREE(c.memo_code);
	free(c.memo);
	free(c.intern);
	ts_tree_delete(tree);
	tier_scopes(s);
	/* summaries live until phase 2 ends: give back the growth slack */
	s->ex.items = xrealloc(s->ex.items, (s->ex.cap = s->ex.len) * sizeof *s->ex.items);
	s->ev.items = xrealloc(s->ev.items, (s->ev.cap = s->ev.len) * sizeof *s->ev.items);
	s->scopes.items = xrealloc(s->scopes.items, (s->scopes.cap = s->scopes.len) * sizeof *s->scopes.items);
	s->imports.items = xrealloc(s->imports.items, (s->imports.cap = s->imports.len) * sizeof *s->imports.items);
	s->supp.items = xrealloc(s->supp.items, (s->supp.cap = s->supp.len) * sizeof *s->supp.items);
	s->strs = xrealloc(s->strs, s->strs_cap = s->strs_len);
	fc->t_extract += now() - t1;
	return s;
}

int summary_upgrade_ok(const struct summary *shallow, const struct summary *full)
{
	if (!shallow || !full || !shallow->shallow || full->shallow || strcmp(shallow->path, full->path) != 0 ||
	    full->scopes.len < shallow->scopes.len)
		return 0;
	for (size_t i = 0; i < shallow->scopes.len; i++) {
		const struct scope *a = &shallow->scopes.items[i], *b = &full->scopes.items[i];
		if (a->kind != b->kind || a->parent != b->parent || a->sp.line != b->sp.line ||
		    strcmp(summary_str(shallow, a->qualname), summary_str(full, b->qualname)) != 0)
			return 0;
	}
	return 1;
}

int summary_upgrade(struct summary **slot, struct summary *full)
{
	if (!summary_upgrade_ok(*slot, full))
		return -1;
	*slot = full;
	return 0;
}
