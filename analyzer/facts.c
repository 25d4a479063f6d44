/* facts: phase 1. Runs queries/python/facts.scm over one parsed file and converts each
 * captured site into summary events and simplified expressions. Scopes come from the capture
 * order (document order), so no parent walks are needed. Knows Python syntax, not Django. */
#include "facts.h"
#include "parse.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

/* Expressions deeper than this become EX_OTHER: bounds our recursion whatever the input. */
#define MAX_EX_DEPTH 40
#define MATCH_LIMIT 4096

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
};

static const char *const cap_names[] = {
	"", "import", "decorated", "class", "function", "lambda", "await", "call", "assign",
	"for", "with", "return", "truth", "in", "subscript", NULL,
};

struct facts_ctx {
	TSParser *parser;
	query *q;
	TSQueryCursor *cursor;
	uint8_t *cap_kind; /* capture id -> enum cap */
};

facts_ctx *facts_ctx_new(const char *query_dir, struct diag *d)
{
	query *q = query_load(parse_language(), "python/facts.scm", query_dir, d);
	if (!q)
		return NULL;
	facts_ctx *c = xcalloc(1, sizeof *c);
	c->q = q;
	c->parser = parse_parser_new();
	c->cursor = ts_query_cursor_new();
	ts_query_cursor_set_match_limit(c->cursor, MATCH_LIMIT);
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
	return c;
}

void facts_ctx_free(facts_ctx *c)
{
	if (!c)
		return;
	ts_query_cursor_delete(c->cursor);
	ts_parser_delete(c->parser);
	query_free(c->q);
	free(c->cap_kind);
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
	free(s);
}

/* --- conversion state for one file --- */

struct open_scope {
	int32_t index;
	uint32_t end_byte;
};

struct conv {
	struct summary *s;
	const char *src; /* text as parsed (after the BOM) */
	VEC(struct open_scope) open;
	uint32_t decorated_def_start; /* definition start of the last decorated_definition */
	int32_t pending_decorators;
	uint32_t await_start, await_end; /* the expression under the last `await` */
};

static uint32_t str_add(struct summary *s, const char *p, size_t n)
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

static uint32_t str_node(struct conv *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return str_add(c->s, c->src + a, b - a);
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
	sp.col = source_column(c->src, sa - a.column, sa);
	sp.end_line = (int)b.row + 1;
	sp.end_col = source_column(c->src, sb - b.column, sb);
	return sp;
}

static int32_t ex_new(struct conv *c, uint8_t kind, TSNode n)
{
	struct ex e = {.kind = kind, .a = -1, .args = -1, .next = -1, .sp = span_of(c, n)};
	VEC_PUSH(c->s->ex, e);
	return (int32_t)c->s->ex.len - 1;
}

static int32_t conv_ex(struct conv *c, TSNode n, int depth);

/* Converts the named children of `n` (skipping comments) into a linked list. */
static int32_t conv_list(struct conv *c, TSNode n, int depth)
{
	int32_t first = -1, last = -1;
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (node_is(ch, "comment"))
			continue;
		int32_t e = conv_ex(c, ch, depth + 1);
		if (last < 0)
			first = e;
		else
			c->s->ex.items[last].next = e;
		last = e;
	}
	return first;
}

static int32_t conv_ex(struct conv *c, TSNode n, int depth)
{
	const char *t = ts_node_type(n);
	int32_t e;
	if (depth > MAX_EX_DEPTH)
		return ex_new(c, EX_OTHER, n);
	if (strcmp(t, "parenthesized_expression") == 0 && ts_node_named_child_count(n) == 1) {
		TSNode inner = ts_node_named_child(n, 0);
		if (!node_is(inner, "comment"))
			return conv_ex(c, inner, depth + 1);
	}
	if (strcmp(t, "identifier") == 0) {
		e = ex_new(c, EX_NAME, n);
		uint32_t s = str_node(c, n);
		c->s->ex.items[e].str = s;
	} else if (strcmp(t, "attribute") == 0) {
		e = ex_new(c, EX_ATTR, n);
		int32_t obj = conv_ex(c, ts_node_child_by_field_name(n, "object", 6), depth + 1);
		uint32_t s = str_node(c, ts_node_child_by_field_name(n, "attribute", 9));
		c->s->ex.items[e].a = obj;
		c->s->ex.items[e].str = s;
	} else if (strcmp(t, "call") == 0) {
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
	} else if (strcmp(t, "keyword_argument") == 0) {
		e = ex_new(c, EX_KWARG, n);
		uint32_t s = str_node(c, ts_node_child_by_field_name(n, "name", 4));
		int32_t v = conv_ex(c, ts_node_child_by_field_name(n, "value", 5), depth + 1);
		c->s->ex.items[e].str = s;
		c->s->ex.items[e].a = v;
	} else if (strcmp(t, "list_splat") == 0 || strcmp(t, "dictionary_splat") == 0) {
		e = ex_new(c, EX_OTHER, n);
		c->s->ex.items[e].flags = EXF_SPLAT;
	} else if (strcmp(t, "subscript") == 0) {
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
		c->s->ex.items[e].a = v;
		c->s->ex.items[e].flags = flags;
	} else if (strcmp(t, "await") == 0) {
		e = ex_new(c, EX_AWAIT, n);
		int32_t v = ts_node_named_child_count(n) ? conv_ex(c, ts_node_named_child(n, 0), depth + 1) : -1;
		c->s->ex.items[e].a = v;
	} else if (strcmp(t, "lambda") == 0) {
		e = ex_new(c, EX_LAMBDA, n);
	} else if (strcmp(t, "pattern_list") == 0 || strcmp(t, "tuple_pattern") == 0 ||
		   strcmp(t, "list_pattern") == 0 || strcmp(t, "tuple") == 0 ||
		   strcmp(t, "expression_list") == 0) {
		e = ex_new(c, EX_TUPLE, n);
		int32_t first = conv_list(c, n, depth);
		c->s->ex.items[e].args = first;
	} else if (strcmp(t, "string") == 0 || strcmp(t, "concatenated_string") == 0) {
		e = ex_new(c, EX_STRING, n);
	} else if (strcmp(t, "integer") == 0 || strcmp(t, "float") == 0 ||
		   (strcmp(t, "unary_operator") == 0 && ts_node_named_child_count(n) == 1 &&
		    node_is(ts_node_named_child(n, 0), "integer"))) {
		e = ex_new(c, EX_NUMBER, n);
	} else if (strcmp(t, "list") == 0 || strcmp(t, "set") == 0 || strcmp(t, "dictionary") == 0 ||
		   str_has_suffix(t, "_comprehension") || strcmp(t, "generator_expression") == 0) {
		e = ex_new(c, EX_LIST, n);
	} else {
		e = ex_new(c, EX_OTHER, n);
	}
	return e;
}

static int32_t cur_scope(struct conv *c)
{
	return c->open.len ? c->open.items[c->open.len - 1].index : -1;
}

static void add_event(struct conv *c, uint8_t kind, uint8_t flags, int32_t ex, int32_t target,
		      TSNode at)
{
	struct event ev = {kind, flags, cur_scope(c), ex, target, span_of(c, at)};
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
	struct import im = {.star = (uint8_t)star, .scope = cur_scope(c), .sp = span_of(c, at)};
	im.local = str_add(c->s, local, local_len);
	im.qual = str_add(c->s, qual, strlen(qual));
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
		if (!ts_node_is_null(type) && ts_node_named_child_count(type)) {
			int32_t a = conv_ex(c, ts_node_named_child(type, 0), 1);
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
	struct scope sc = {.kind = kind, .parent = cur_scope(c), .decorators = -1, .bases = -1,
			   .params = -1};
	TSNode name = ts_node_child_by_field_name(n, "name", 4);
	sc.sp = span_of(c, ts_node_is_null(name) ? n : name);
	sc.name = ts_node_is_null(name) ? str_add(c->s, "<lambda>", 8) : str_node(c, name);
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
	sc.qualname = str_add(c->s, q, strlen(q));
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

static void site(struct conv *c, enum cap kind, TSNode n)
{
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
		TSNode right = ts_node_child_by_field_name(n, "right", 5);
		if (ts_node_is_null(right))
			break; /* annotation only: `x: int` */
		int32_t target = conv_ex(c, ts_node_child_by_field_name(n, "left", 4), 0);
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
	case CAP_TRUTH:
		add_event(c, EV_TRUTH, 0, conv_ex(c, n, 0), -1, n);
		break;
	case CAP_IN:
		site_in(c, n);
		break;
	case CAP_SUBSCRIPT:
		add_event(c, EV_SUBSCRIPT, 0, conv_ex(c, n, 0), -1, n);
		break;
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

struct summary *facts_extract(facts_ctx *fc, const char *path, const struct source *src)
{
	struct summary *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	str_add(s, "", 0); /* offset 0 is the empty string */
	const char *text = src->buf + src->bom;
	uint32_t len = (uint32_t)(src->len - src->bom);
	size_t bad = source_invalid_utf8(text, len);
	if (bad != (size_t)-1) {
		s->invalid_utf8_line = 1;
		for (size_t i = 0; i < bad; i++)
			s->invalid_utf8_line += text[i] == '\n';
	}
	TSTree *tree = ts_parser_parse_string(fc->parser, NULL, text, len);
	if (!tree)
		return s;
	TSNode root = ts_tree_root_node(tree);
	struct conv c = {.s = s, .src = text, .pending_decorators = -1, .await_start = UINT32_MAX};
	if (ts_node_has_error(root))
		first_syntax_error(&c, root);
	ts_query_cursor_exec(fc->cursor, query_ts(fc->q), root);
	TSQueryMatch m;
	uint32_t ci;
	while (ts_query_cursor_next_capture(fc->cursor, &m, &ci)) {
		if (!query_predicates_ok(fc->q, &m, text)) {
			ts_query_cursor_remove_match(fc->cursor, m.id);
			continue;
		}
		TSNode n = m.captures[ci].node;
		uint32_t start = ts_node_start_byte(n);
		while (c.open.len && start >= c.open.items[c.open.len - 1].end_byte)
			c.open.len--;
		site(&c, (enum cap)fc->cap_kind[m.captures[ci].index], n);
	}
	VEC_FREE(c.open);
	ts_tree_delete(tree);
	return s;
}
