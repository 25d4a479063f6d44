/* fix: the safe mechanical fixes (fix.h). Each finding's span is found again in a fresh parse
 * of the text being fixed; a fix is made only when the node there is exactly the call or loop
 * the finding named, so a stale finding (the file changed since) fixes nothing. */
#include "fix.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"

#define LIST_TMPL "[obj async for obj in $R]" /* djapi's "<list>" row */

struct edit {
	size_t start, end; /* bytes of src replaced */
	char *text;
	int is_import; /* the import a wrap needs: applied with it, not counted */
};

/* Byte offset of 1-based (line, code-point column) in src, or (size_t)-1. */
static size_t offset_of(const char *src, size_t len, int line, int col)
{
	size_t i = 0;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(src + i, '\n', len - i);
		if (!nl)
			return (size_t)-1;
		i = (size_t)(nl - src) + 1;
	}
	for (int c = 1; c < col; c++) {
		if (i >= len || src[i] == '\n')
			return (size_t)-1;
		i++;
		while (i < len && ((unsigned char)src[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static char *text_of(const char *src, TSNode n)
{
	return xstrndup(src + ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
}

/* Whether n runs in the body of an `async def`: its nearest enclosing function is async and
 * no lambda or class body is in between. */
static int in_async_def(TSNode n)
{
	for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
		if (is(p, "lambda") || is(p, "class_definition"))
			return 0;
		if (is(p, "function_definition")) {
			TSNode first = ts_node_child(p, 0);
			return is(first, "async");
		}
	}
	return 0;
}

/* `await X` where n is X: parentheses are needed when n is what an attribute, subscript or
 * call applies to (`(await qs.aget()).title`); await binds tighter than everything else. */
static int needs_parens(TSNode n)
{
	TSNode p = ts_node_parent(n);
	if (is(p, "attribute"))
		return ts_node_eq(ts_node_child_by_field_name(p, "object", 6), n);
	if (is(p, "subscript"))
		return ts_node_eq(ts_node_child_by_field_name(p, "value", 5), n);
	if (is(p, "call"))
		return ts_node_eq(ts_node_child_by_field_name(p, "function", 8), n);
	return 0;
}

/* The call that spans exactly [a, b) (a finding's span), or a null node. */
static TSNode call_at(TSNode root, size_t a, size_t b)
{
	TSNode n = ts_node_descendant_for_byte_range(root, (uint32_t)a, (uint32_t)b);
	while (!ts_node_is_null(n) && !is(n, "call") && ts_node_start_byte(n) == a && ts_node_end_byte(n) == b)
		n = ts_node_parent(n);
	if (!is(n, "call") || ts_node_start_byte(n) != a || ts_node_end_byte(n) != b || ts_node_has_error(n))
		memset(&n, 0, sizeof n);
	return n;
}

/* "await $R.aget($A)" for the call at [a, b): the receiver and the arguments as written. */
static int call_fix(const char *src, TSNode root, size_t a, size_t b, const char *tmpl, struct edit *e)
{
	TSNode n = call_at(root, a, b);
	if (ts_node_is_null(n))
		return 0;
	TSNode fn = ts_node_child_by_field_name(n, "function", 8), args = ts_node_child_by_field_name(n, "arguments", 9);
	if (!is(fn, "attribute") || !is(args, "argument_list") || !in_async_def(n) || is(ts_node_parent(n), "await"))
		return 0;
	TSNode recv = ts_node_child_by_field_name(fn, "object", 6);
	if (ts_node_is_null(recv))
		return 0;
	int has_args = ts_node_named_child_count(args) > 0;
	if (has_args && !strstr(tmpl, "$A"))
		return 0; /* the twin takes no arguments: not the same call */
	struct strbuf t = {0};
	int paren = needs_parens(n);
	if (paren)
		sb_putc(&t, '(');
	char *r = text_of(src, recv);
	size_t ab = ts_node_start_byte(args) + 1, ae = ts_node_end_byte(args) - 1; /* inside the parentheses */
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] == 'R') {
			sb_puts(&t, r);
			p++;
		} else if (p[0] == '$' && p[1] == 'A') {
			sb_add(&t, src + ab, ae > ab ? ae - ab : 0);
			p++;
		} else {
			sb_putc(&t, *p);
		}
	}
	free(r);
	if (paren)
		sb_putc(&t, ')');
	*e = (struct edit){a, b, xstrdup(sb_str(&t)), 0};
	sb_free(&t);
	return 1;
}

/* "async for obj in $R": the for statement (or list/set/dict comprehension clause) whose
 * iterable is exactly [a, b) becomes `async for`; "[obj async for obj in $R]" (a QuerySet
 * evaluated into a list): only a comprehension's clause. */
static int for_fix(TSNode root, size_t a, size_t b, int comprehension_only, struct edit *e)
{
	TSNode n = ts_node_descendant_for_byte_range(root, (uint32_t)a, (uint32_t)b);
	for (int up = 0; up < 4 && !ts_node_is_null(n); up++, n = ts_node_parent(n)) {
		if (!is(n, "for_statement") && !is(n, "for_in_clause"))
			continue;
		TSNode right = ts_node_child_by_field_name(n, "right", 5);
		if (ts_node_is_null(right) || ts_node_start_byte(right) != a || ts_node_end_byte(right) != b)
			return 0; /* the iterable must be the finding's QuerySet itself, not list(qs) */
		if (comprehension_only && !is(n, "for_in_clause"))
			return 0;
		if (is(ts_node_child(n, 0), "async") || ts_node_has_error(n) || !in_async_def(n))
			return 0;
		if (is(n, "for_in_clause")) {
			TSNode comp = ts_node_parent(n);
			if (!is(comp, "list_comprehension") && !is(comp, "set_comprehension") &&
			    !is(comp, "dictionary_comprehension"))
				return 0; /* a generator expression would become an async generator */
		}
		size_t at = ts_node_start_byte(n);
		*e = (struct edit){at, at, xstrdup("async "), 0};
		return 1;
	}
	return 0;
}

/* "await sync_to_async(F)(ARGS)" for the call F(ARGS) at [a, b): F as written. */
static int wrap_fix(const char *src, TSNode root, size_t a, size_t b, struct edit *e)
{
	TSNode n = call_at(root, a, b);
	if (ts_node_is_null(n))
		return 0;
	TSNode fn = ts_node_child_by_field_name(n, "function", 8), args = ts_node_child_by_field_name(n, "arguments", 9);
	if (ts_node_is_null(fn) || !is(args, "argument_list") || !in_async_def(n) || is(ts_node_parent(n), "await"))
		return 0;
	char *f = text_of(src, fn), *ar = text_of(src, args);
	int paren = needs_parens(n);
	*e = (struct edit){a, b, xasprintf("%sawait sync_to_async(%s)%s%s", paren ? "(" : "", f, ar, paren ? ")" : ""), 0};
	free(f);
	free(ar);
	return 1;
}

/* The edit that makes `sync_to_async` importable, or 0 when it already is: the name added to
 * an existing `from asgiref.sync import ...`, else a new import after the module's leading
 * imports (after its docstring when it has no import), in the file's line ending. */
static int import_fix(const char *src, size_t len, TSNode root, struct edit *e)
{
	const char *nl = memchr(src, '\n', len);
	const char *eol = nl && nl > src && nl[-1] == '\r' ? "\r\n" : "\n";
	size_t after = 0; /* where a new import line goes */
	int seen_import = 0;
	uint32_t n = ts_node_named_child_count(root);
	for (uint32_t i = 0; i < n; i++) {
		TSNode st = ts_node_named_child(root, i);
		if (is(st, "import_from_statement")) {
			TSNode mod = ts_node_child_by_field_name(st, "module_name", 11);
			char *m = ts_node_is_null(mod) ? NULL : text_of(src, mod);
			int asgiref = m && strcmp(m, "asgiref.sync") == 0;
			free(m);
			if (asgiref) {
				TSNode last;
				memset(&last, 0, sizeof last);
				for (uint32_t k = 0; k < ts_node_named_child_count(st); k++) {
					TSNode c = ts_node_named_child(st, k);
					if (ts_node_eq(c, mod))
						continue;
					if (is(c, "wildcard_import"))
						return 0;
					TSNode name = is(c, "aliased_import") ? ts_node_child_by_field_name(c, "name", 4) : c;
					char *t = text_of(src, name);
					int has = strcmp(t, "sync_to_async") == 0 && !is(c, "aliased_import");
					free(t);
					if (has)
						return 0;
					last = c;
				}
				if (ts_node_is_null(last))
					continue;
				size_t at = ts_node_end_byte(last);
				*e = (struct edit){at, at, xstrdup(", sync_to_async"), 0};
				return 1;
			}
		}
		if (is(st, "import_statement") || is(st, "import_from_statement") || is(st, "future_import_statement")) {
			seen_import = 1;
			after = ts_node_end_byte(st);
		} else if (!seen_import && i == 0 && is(st, "expression_statement") && is(ts_node_named_child(st, 0), "string")) {
			after = ts_node_end_byte(st); /* the module docstring */
		} else {
			break;
		}
	}
	if (after == 0) {
		*e = (struct edit){0, 0, xasprintf("from asgiref.sync import sync_to_async%s", eol), 0};
		return 1;
	}
	/* at the end of that statement's line */
	const char *end = memchr(src + after, '\n', len - after);
	size_t at = end ? (size_t)(end - src) + 1 : len;
	*e = (struct edit){at, at, xasprintf("%sfrom asgiref.sync import sync_to_async%s", end ? "" : eol, end ? eol : ""), 0};
	return 1;
}

int fix_wrap_available(const struct finding *f)
{
	return f->suggestion && !fix_available(f) &&
	       (strstr(f->suggestion, "`await sync_to_async(") != NULL ||
		(f->id && strcmp(f->id, "DJA209") == 0 && strstr(f->suggestion, "await request.auser()") != NULL));
}

/* How many `OBJ.user` attributes the subtree of n holds. */
static int user_reads(const char *src, TSNode n, const char *obj)
{
	int count = 0;
	if (is(n, "attribute")) {
		TSNode name = ts_node_child_by_field_name(n, "attribute", 9), o = ts_node_child_by_field_name(n, "object", 6);
		if (!ts_node_is_null(name) && !ts_node_is_null(o) && ts_node_end_byte(name) - ts_node_start_byte(name) == 4 &&
		    strncmp(src + ts_node_start_byte(name), "user", 4) == 0 &&
		    ts_node_end_byte(o) - ts_node_start_byte(o) == strlen(obj) &&
		    strncmp(src + ts_node_start_byte(o), obj, strlen(obj)) == 0)
			count++;
	}
	for (uint32_t i = 0; i < ts_node_child_count(n); i++)
		count += user_reads(src, ts_node_child(n, i), obj);
	return count;
}

/* "(await X.auser())" for the read of `X.user` at [a, b) (the span is `X.user` or
 * `X.user.attr`), when it is the function's only one (the others would need it too: a
 * review). Unsafe: auser() gives the session's user, and a middleware may have set
 * request.user to another one. */
static int auser_fix(const char *src, TSNode root, size_t a, size_t b, struct edit *e)
{
	TSNode n = ts_node_descendant_for_byte_range(root, (uint32_t)a, (uint32_t)b);
	while (!ts_node_is_null(n) && !is(n, "attribute") && ts_node_start_byte(n) == a && ts_node_end_byte(n) == b)
		n = ts_node_parent(n);
	if (!is(n, "attribute") || ts_node_start_byte(n) != a || ts_node_end_byte(n) != b || ts_node_has_error(n))
		return 0;
	TSNode name = ts_node_child_by_field_name(n, "attribute", 9);
	char *t = ts_node_is_null(name) ? NULL : text_of(src, name);
	int is_user = t && strcmp(t, "user") == 0;
	free(t);
	if (!is_user) { /* request.user.email: the object is the read */
		n = ts_node_child_by_field_name(n, "object", 6);
		name = is(n, "attribute") ? ts_node_child_by_field_name(n, "attribute", 9) : n;
		t = is(n, "attribute") ? text_of(src, name) : NULL;
		is_user = t && strcmp(t, "user") == 0;
		free(t);
		if (!is_user)
			return 0;
	}
	TSNode p = ts_node_parent(n);
	if ((is(p, "assignment") || is(p, "augmented_assignment")) && ts_node_eq(ts_node_child_by_field_name(p, "left", 4), n))
		return 0; /* written, not read */
	if (!in_async_def(n) || is(p, "await"))
		return 0;
	char *obj = text_of(src, ts_node_child_by_field_name(n, "object", 6));
	TSNode fn = ts_node_parent(n);
	while (!ts_node_is_null(fn) && !is(fn, "function_definition"))
		fn = ts_node_parent(fn);
	if (user_reads(src, fn, obj) != 1) { /* every read would need it: a review, not a fix */
		free(obj);
		return 0;
	}
	int paren = needs_parens(n);
	*e = (struct edit){ts_node_start_byte(n), ts_node_end_byte(n),
			   xasprintf("%sawait %s.auser()%s", paren ? "(" : "", obj, paren ? ")" : ""), 0};
	free(obj);
	return 1;
}

int fix_available(const struct finding *f)
{
	return f->fix_tmpl && f->twin &&
	       (strncmp(f->fix_tmpl, "await $R.", 9) == 0 || strncmp(f->fix_tmpl, "async for ", 10) == 0 ||
		strcmp(f->fix_tmpl, LIST_TMPL) == 0);
}

static int by_start(const void *pa, const void *pb)
{
	const struct edit *x = pa, *y = pb;
	return x->start != y->start ? (x->start < y->start ? -1 : 1) : (x->end < y->end ? -1 : x->end > y->end);
}

size_t fix_source(const char *src, size_t len, const struct finding *const *fs, size_t n, int unsafe,
		  struct strbuf *out)
{
	struct edit *edits = xcalloc(n + 2, sizeof *edits);
	int wrapped = 0;
	size_t ne = 0, applied = 0;
	TSParser *p = parse_parser_new();
	TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
	TSNode root = ts_tree_root_node(tree);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		int wrap = unsafe && fix_wrap_available(f);
		if (!fix_available(f) && !wrap)
			continue;
		size_t a = offset_of(src, len, f->line, f->column), b = offset_of(src, len, f->end_line, f->end_column);
		if (a == (size_t)-1 || b == (size_t)-1 || b <= a)
			continue;
		struct edit e;
		int made = wrap && f->id && strcmp(f->id, "DJA209") == 0 ? auser_fix(src, root, a, b, &e)
			   : wrap ? (wrapped |= wrap_fix(src, root, a, b, &e))
			   : strncmp(f->fix_tmpl, "async for ", 10) == 0 ? for_fix(root, a, b, 0, &e)
			   : strcmp(f->fix_tmpl, LIST_TMPL) == 0         ? for_fix(root, a, b, 1, &e)
									 : call_fix(src, root, a, b, f->fix_tmpl, &e);
		if (made)
			edits[ne++] = e;
	}
	struct edit imp = {0};
	if (wrapped && import_fix(src, len, root, &imp)) {
		imp.is_import = 1;
		edits[ne++] = imp;
	}
	qsort(edits, ne, sizeof *edits, by_start);
	size_t at = 0;
	for (size_t i = 0; i < ne; i++) {
		if (edits[i].start < at) { /* overlaps the one before: the next round */
			free(edits[i].text);
			continue;
		}
		sb_add(out, src + at, edits[i].start - at);
		sb_puts(out, edits[i].text);
		at = edits[i].end;
		applied += !edits[i].is_import;
		free(edits[i].text);
	}
	sb_add(out, src + at, len - at);
	free(edits);
	ts_tree_delete(tree);
	ts_parser_delete(p);
	return applied;
}

/* Lines of `text`: starts and lengths (each with its '\n', the last maybe without). */
struct lines {
	const char **s;
	size_t *len, n;
};

static struct lines split_lines(const char *text, size_t len)
{
	struct lines l = {xcalloc(len + 1, sizeof *l.s), xcalloc(len + 1, sizeof *l.len), 0};
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) + 1 : len;
		l.s[l.n] = text + i;
		l.len[l.n++] = e - i;
		i = e;
	}
	return l;
}

static int same_line(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void put_line(struct strbuf *b, char mark, const char *s, size_t len)
{
	sb_putc(b, mark);
	sb_add(b, s, len);
	if (!len || s[len - 1] != '\n')
		sb_puts(b, "\n\\ No newline at end of file\n");
}

void fix_unified_diff(struct strbuf *b, const char *path, const char *old, size_t old_len, const char *new_text,
		      size_t new_len)
{
	struct lines a = split_lines(old, old_len), c = split_lines(new_text, new_len);
	char *p = text_safe(path);
	const char *pre = p[0] == '/' ? "" : "a/", *post = p[0] == '/' ? "" : "b/"; /* as git, for a relative path */
	sb_printf(b, "--- %s%s\n+++ %s%s\n", pre, p, post, p);
	free(p);
	if (a.n != c.n) { /* (fixes keep the line count; a whole-file hunk otherwise) */
		sb_printf(b, "@@ -1,%zu +1,%zu @@\n", a.n, c.n);
		for (size_t i = 0; i < a.n; i++)
			put_line(b, '-', a.s[i], a.len[i]);
		for (size_t i = 0; i < c.n; i++)
			put_line(b, '+', c.s[i], c.len[i]);
	} else {
		const size_t ctx = 3;
		for (size_t i = 0; i < a.n;) {
			if (same_line(&a, i, &c, i)) {
				i++;
				continue;
			}
			/* a hunk: changed lines with up to 3 unchanged ones between, 3 around */
			size_t start = i > ctx ? i - ctx : 0, end = i, last = i;
			while (end < a.n) {
				if (!same_line(&a, end, &c, end))
					last = end;
				else if (end - last > 2 * ctx)
					break;
				end++;
			}
			end = last + 1 + ctx < a.n ? last + 1 + ctx : a.n;
			sb_printf(b, "@@ -%zu,%zu +%zu,%zu @@\n", start + 1, end - start, start + 1, end - start);
			for (size_t k = start; k < end; k++) {
				if (same_line(&a, k, &c, k)) {
					put_line(b, ' ', a.s[k], a.len[k]);
					continue;
				}
				size_t run = k;
				while (run < end && !same_line(&a, run, &c, run))
					run++;
				for (size_t m = k; m < run; m++)
					put_line(b, '-', a.s[m], a.len[m]);
				for (size_t m = k; m < run; m++)
					put_line(b, '+', c.s[m], c.len[m]);
				k = run - 1;
			}
			i = end;
		}
	}
	free(a.s);
	free(a.len);
	free(c.s);
	free(c.len);
}

/* --- --add-noqa ---------------------------------------------------------------------------- */

static int code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The `# noqa` directive of a comment (`# noqa`, `# x  # noqa: DJA101, DJA102`): 0 when there
 * is none, 1 for a bare one (every rule), 2 with codes, *codes_end then where its list ends. */
static int noqa_of(const char *c, size_t len, size_t *codes_end)
{
	for (size_t q = 0; q + 4 <= len; q++) {
		size_t before = q;
		while (before > 0 && (c[before - 1] == ' ' || c[before - 1] == '\t'))
			before--;
		if (before == 0 || c[before - 1] != '#' || strncasecmp(c + q, "noqa", 4) != 0)
			continue;
		size_t r = q + 4;
		if (r >= len || c[r] != ':')
			return 1;
		size_t e = r + 1, last = r + 1;
		while (e < len && (c[e] == ' ' || c[e] == ',' || c[e] == '\t' || c[e] == '_' || c[e] == '-' ||
				   (c[e] >= 'A' && c[e] <= 'Z') || (c[e] >= 'a' && c[e] <= 'z') || (c[e] >= '0' && c[e] <= '9'))) {
			if (c[e] != ' ' && c[e] != '\t' && c[e] != ',')
				last = e + 1;
			e++;
		}
		*codes_end = last;
		return 2;
	}
	return 0;
}

size_t noqa_source(const char *src, size_t len, const struct finding *const *fs, size_t n, struct strbuf *out,
		   size_t *skipped)
{
	struct edit *edits = xcalloc(n ? n : 1, sizeof *edits);
	size_t ne = 0, added = 0;
	TSParser *p = parse_parser_new();
	TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
	TSNode root = ts_tree_root_node(tree);
	const char **codes = xcalloc(n ? n : 1, sizeof *codes);
	for (size_t i = 0; i < n;) {
		/* the findings of one line (fs is in report order: by line) */
		int line = fs[i]->line;
		size_t nc = 0, j = i;
		for (; j < n && fs[j]->line == line; j++) {
			int dup = 0;
			for (size_t k = 0; k < nc; k++)
				dup |= strcmp(codes[k], fs[j]->id) == 0;
			if (!dup)
				codes[nc++] = fs[j]->id;
		}
		i = j;
		qsort(codes, nc, sizeof *codes, code_cmp);
		size_t a = offset_of(src, len, line, 1);
		if (a == (size_t)-1)
			continue;
		const char *nl = memchr(src + a, '\n', len - a);
		size_t eol = nl ? (size_t)(nl - src) : len;
		if (eol > a && src[eol - 1] == '\r')
			eol--;
		size_t last = eol;
		while (last > a && (src[last - 1] == ' ' || src[last - 1] == '\t'))
			last--;
		if (last == a)
			continue;
		TSNode at = ts_node_descendant_for_byte_range(root, (uint32_t)(last - 1), (uint32_t)last);
		struct strbuf t = {0};
		size_t where = last;
		int append = 1; /* a new directive at the end of the line */
		if (is(at, "comment")) {
			size_t cs = ts_node_start_byte(at), ce = ts_node_end_byte(at), end = 0;
			int kind = noqa_of(src + cs, ce - cs, &end);
			if (kind == 1)
				continue; /* a bare noqa silences everything already */
			if (kind == 2) {
				append = 0;
				where = cs + end;
				for (size_t k = 0; k < nc; k++) {
					size_t cl = strlen(codes[k]);
					int has = 0;
					for (size_t q = cs; q + cl <= cs + end && !has; q++)
						has = strncasecmp(src + q, codes[k], cl) == 0;
					if (!has)
						sb_printf(&t, ", %s", codes[k]);
				}
			}
		} else {
			/* the line must end in code, not inside a string that goes on */
			int in_string = 0;
			for (TSNode u = at; !ts_node_is_null(u) && !in_string; u = ts_node_parent(u))
				in_string = (is(u, "string") || is(u, "string_content")) && ts_node_end_byte(u) > last;
			if (in_string) {
				(*skipped)++;
				continue;
			}
		}
		if (append) { /* after the code, or after another comment (`# type: ignore  # noqa: ...`) */
			sb_puts(&t, "  # noqa: ");
			for (size_t k = 0; k < nc; k++)
				sb_printf(&t, "%s%s", k ? ", " : "", codes[k]);
		}
		if (t.len) {
			edits[ne++] = (struct edit){where, where, xstrdup(sb_str(&t)), 0};
			added++;
		}
		sb_free(&t);
	}
	size_t pos = 0;
	for (size_t i = 0; i < ne; i++) {
		sb_add(out, src + pos, edits[i].start - pos);
		sb_puts(out, edits[i].text);
		pos = edits[i].end;
		free(edits[i].text);
	}
	sb_add(out, src + pos, len - pos);
	free(codes);
	free(edits);
	ts_tree_delete(tree);
	ts_parser_delete(p);
	return added;
}
