/* skeleton: blanks function bodies out of a Python file before a shallow parse. It reads only
 * what Python's tokenizer needs to find logical lines and their indentation (strings, brackets,
 * comments, backslash continuations); whether the result parses is checked by the caller. */
#include "skeleton.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_BLOCKS 256 /* nesting of class/def blocks tracked; deeper files are parsed as they are */

enum block { B_CLASS, B_CLASS_KEEP, B_DEF };

struct lex {
	const char *t;
	size_t n, i;
};

static int ident_char(unsigned char ch)
{
	return ch == '_' || ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

/* `word` at t[i], not followed by an identifier character */
static int word_at(const struct lex *L, size_t i, const char *word)
{
	size_t k = strlen(word);
	return L->n - i >= k && memcmp(L->t + i, word, k) == 0 && (i + k == L->n || !ident_char((unsigned char)L->t[i + k]));
}

/* A string literal from its opening quote at L->i. Backslashes escape the next character, in raw
 * strings too as far as the end of the literal goes. 0: unterminated. */
static int skip_string(struct lex *L)
{
	const char *t = L->t;
	char q = t[L->i];
	int triple = L->n - L->i >= 3 && t[L->i + 1] == q && t[L->i + 2] == q;
	L->i += triple ? 3 : 1;
	while (L->i < L->n) {
		char ch = t[L->i];
		if (ch == '\\') {
			L->i += 2;
			continue;
		}
		if (ch == q && (!triple || (L->n - L->i >= 3 && t[L->i + 1] == q && t[L->i + 2] == q))) {
			L->i += triple ? 3 : 1;
			return 1;
		}
		if (ch == '\n' && !triple)
			return 0;
		L->i++;
	}
	L->i = L->n;
	return 0;
}

/* A string prefix: at most two of r, b, u, f, t in either case (rb, Rf, ...). */
static int string_prefix(const char *p, size_t k)
{
	if (k == 0 || k > 2)
		return 0;
	for (size_t j = 0; j < k; j++)
		if (!strchr("rRbBuUfFtT", p[j]))
			return 0;
	return 1;
}

/* The logical line from L->i up to its newline (left at L->i) or the end of the text. `colon`:
 * the first ':' outside brackets; `code_end`: just past its last character that is neither
 * white space nor comment. 0 when the text is beyond this lexer. */
static int logical_line(struct lex *L, size_t *colon, size_t *code_end)
{
	const char *t = L->t;
	int depth = 0;
	*colon = SIZE_MAX;
	*code_end = L->i;
	while (L->i < L->n) {
		unsigned char ch = (unsigned char)t[L->i];
		switch (ch) {
		case '\n':
			if (depth == 0)
				return 1;
			L->i++;
			continue;
		case ' ':
		case '\t':
		case '\r':
			L->i++;
			continue;
		case '#': {
			const char *nl = memchr(t + L->i, '\n', L->n - L->i);
			L->i = nl ? (size_t)(nl - t) : L->n;
			continue;
		}
		case '\\':
			/* a continuation joins the next line; elsewhere a stray backslash */
			if (L->n - L->i >= 2 && t[L->i + 1] == '\n')
				L->i += 2;
			else if (L->n - L->i >= 3 && t[L->i + 1] == '\r' && t[L->i + 2] == '\n')
				L->i += 3;
			else
				L->i++;
			continue;
		case '(':
		case '[':
		case '{':
			depth++;
			L->i++;
			break;
		case ')':
		case ']':
		case '}':
			if (depth == 0)
				return 0;
			depth--;
			L->i++;
			break;
		case '"':
		case '\'':
			if (!skip_string(L))
				return 0;
			break;
		case ':':
			if (depth == 0 && *colon == SIZE_MAX)
				*colon = L->i;
			L->i++;
			break;
		default:
			if (ident_char(ch)) {
				size_t s = L->i;
				while (L->i < L->n && ident_char((unsigned char)t[L->i]))
					L->i++;
				if (L->i < L->n && (t[L->i] == '"' || t[L->i] == '\'') && string_prefix(t + s, L->i - s) &&
				    !(t[s] >= '0' && t[s] <= '9') && !skip_string(L))
					return 0;
			} else {
				L->i++;
			}
			break;
		}
		*code_end = L->i;
	}
	return depth == 0;
}

/* Indentation width of the line starting at L->i (tabs to the next multiple of 8, as Python);
 * L->i is left on its first other character. */
static int indentation(struct lex *L)
{
	int w = 0;
	while (L->i < L->n && (L->t[L->i] == ' ' || L->t[L->i] == '\t')) {
		w = L->t[L->i] == '\t' ? (w / 8 + 1) * 8 : w + 1;
		L->i++;
	}
	return w;
}

/* A line with nothing but white space or a comment: L->i moves to the next line. */
static int skip_blank_line(struct lex *L)
{
	if (L->i < L->n && L->t[L->i] != '\n' && L->t[L->i] != '\r' && L->t[L->i] != '#')
		return 0;
	const char *nl = memchr(L->t + L->i, '\n', L->n - L->i);
	L->i = nl ? (size_t)(nl - L->t) + 1 : L->n;
	return 1;
}

static int names_queryset(const char *p, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++)
		if ((p[i] == 'Q' && n - i >= 8 && memcmp(p + i, "QuerySet", 8) == 0) ||
		    (p[i] == 'M' && memcmp(p + i, "Manager", 7) == 0))
			return 1;
	return 0;
}

/* The body of the def whose header's colon is at `colon`, on a line indented `indent`: from
 * its first character to the end of its last code. L->i is left at the start of the line after
 * the body. 0 when there is none (a syntax error: the caller gives up). */
static int find_body(struct lex *L, int indent, size_t colon, size_t eol, size_t code_end, size_t *from, size_t *to)
{
	size_t b = colon + 1;
	while (b < eol && (L->t[b] == ' ' || L->t[b] == '\t'))
		b++;
	if (b < code_end) { /* def f(): return x */
		*from = b;
		*to = code_end;
		L->i = eol < L->n ? eol + 1 : L->n;
		return 1;
	}
	*from = SIZE_MAX;
	L->i = eol < L->n ? eol + 1 : L->n;
	int body_indent = indent + 1;
	while (L->i < L->n) {
		size_t line = L->i;
		int w = indentation(L);
		if (skip_blank_line(L))
			continue;
		/* Python refuses a line indented less than the body but more than the def; the
		 * parser (whose tree must not change) takes it as the end of the body */
		if (w < body_indent) {
			L->i = line;
			break;
		}
		if (*from == SIZE_MAX) {
			*from = L->i;
			body_indent = w;
		}
		size_t c, end;
		if (!logical_line(L, &c, &end))
			return 0;
		*to = end;
		if (L->i < L->n)
			L->i++;
	}
	return *from != SIZE_MAX;
}

int skeleton_of(const char *text, size_t len, char **buf, size_t *cap)
{
	if (memchr(text, '\f', len))
		return 0;
	for (const char *r = memchr(text, '\r', len); r; r = memchr(r + 1, '\r', len - (size_t)(r + 1 - text)))
		if ((size_t)(r + 1 - text) >= len || r[1] != '\n')
			return 0; /* old Mac line ends */
	struct lex L = {text, len, 0};
	struct {
		int indent;
		enum block kind;
	} stack[MAX_BLOCKS];
	int sp = 0;
	char *out = NULL;
	while (L.i < L.n) {
		int indent = indentation(&L);
		if (skip_blank_line(&L))
			continue;
		while (sp && stack[sp - 1].indent >= indent)
			sp--;
		size_t kw = L.i;
		int is_class = word_at(&L, kw, "class"), is_def = word_at(&L, kw, "def");
		if (word_at(&L, kw, "async")) {
			size_t j = kw + 5;
			while (j < L.n && (text[j] == ' ' || text[j] == '\t'))
				j++;
			is_def = word_at(&L, j, "def");
		}
		size_t colon, code_end;
		if (!logical_line(&L, &colon, &code_end))
			goto fail;
		size_t eol = L.i;
		int keep = sp && stack[sp - 1].kind == B_CLASS_KEEP;
		if ((is_class || (is_def && keep)) && colon != SIZE_MAX) {
			if (sp == MAX_BLOCKS)
				goto fail;
			stack[sp].indent = indent;
			stack[sp++].kind = is_def ? B_DEF : names_queryset(text + kw, colon - kw) ? B_CLASS_KEEP : B_CLASS;
		} else if (is_def && colon != SIZE_MAX) {
			size_t from, to;
			if (!find_body(&L, indent, colon, eol, code_end, &from, &to))
				goto fail;
			if (!out) {
				if (*cap < len + 1) {
					free(*buf); /* no need to copy the old contents */
					*buf = xmalloc(*cap = len + 1);
				}
				out = *buf;
				memcpy(out, text, len);
				out[len] = 0;
			}
			out[from] = '0';
			for (size_t k = from + 1; k < to; k++)
				if (out[k] != '\n' && out[k] != '\r')
					out[k] = ' ';
			continue; /* L.i is at the line after the body */
		}
		if (L.i < L.n)
			L.i++;
	}
	return out != NULL;
fail:
	return 0;
}
