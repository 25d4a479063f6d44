/* query: loading and compiling the queries/ files, and evaluating their text predicates in C
 * (the tree-sitter C library parses predicates but does not evaluate them). */
#include "query.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pred_op { P_EQ, P_NOT_EQ, P_ANY_OF, P_MATCH };

struct pred {
	enum pred_op op;
	uint32_t capture;    /* capture id of the first argument */
	int64_t capture2;    /* second capture for #eq? @a @b, else -1 */
	const char **values; /* strings owned by the TSQuery */
	size_t n_values;
	regex_t re; /* P_MATCH */
};

struct query {
	TSQuery *ts;
	char *text; /* the source, for error positions and single-node tables */
	char *label;
	struct pred **preds; /* per pattern: array of predicates */
	size_t *n_preds;
	uint32_t n_patterns;
};

static void line_col(const char *text, uint32_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (uint32_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n')
			(*line)++, *col = 1;
		else
			(*col)++;
	}
}

static const char *const error_names[] = {
	"no error", "syntax error", "invalid node type", "invalid field name",
	"invalid capture name", "impossible pattern", "invalid structure", "unsupported language",
};

static int parse_predicates(query *q, const char *label, const char *text, struct diag *d)
{
	q->n_patterns = ts_query_pattern_count(q->ts);
	q->preds = xcalloc(q->n_patterns, sizeof *q->preds);
	q->n_preds = xcalloc(q->n_patterns, sizeof *q->n_preds);
	for (uint32_t p = 0; p < q->n_patterns; p++) {
		uint32_t n;
		const TSQueryPredicateStep *s = ts_query_predicates_for_pattern(q->ts, p, &n);
		uint32_t i = 0;
		while (i < n) {
			uint32_t j = i;
			while (j < n && s[j].type != TSQueryPredicateStepTypeDone)
				j++;
			int line, col;
			line_col(text, ts_query_start_byte_for_pattern(q->ts, p), &line, &col);
			if (s[i].type != TSQueryPredicateStepTypeString) {
				diag_set(d, "%s:%d:%d: malformed predicate", label, line, col);
				return -1;
			}
			uint32_t len;
			const char *name = ts_query_string_value_for_id(q->ts, s[i].value_id, &len);
			struct pred pr = {.capture2 = -1};
			if (strcmp(name, "eq?") == 0)
				pr.op = P_EQ;
			else if (strcmp(name, "not-eq?") == 0)
				pr.op = P_NOT_EQ;
			else if (strcmp(name, "any-of?") == 0)
				pr.op = P_ANY_OF;
			else if (strcmp(name, "match?") == 0)
				pr.op = P_MATCH;
			else {
				diag_set(d, "%s:%d:%d: unknown predicate \"#%s\"", label, line, col, name);
				return -1;
			}
			if (j - i < 3 || s[i + 1].type != TSQueryPredicateStepTypeCapture) {
				diag_set(d, "%s:%d:%d: #%s needs a capture and a value", label, line, col, name);
				return -1;
			}
			pr.capture = s[i + 1].value_id;
			if (s[i + 2].type == TSQueryPredicateStepTypeCapture && pr.op != P_ANY_OF &&
			    pr.op != P_MATCH) {
				pr.capture2 = s[i + 2].value_id;
			} else {
				pr.n_values = j - i - 2;
				pr.values = xcalloc(pr.n_values, sizeof *pr.values);
				for (size_t k = 0; k < pr.n_values; k++) {
					if (s[i + 2 + k].type != TSQueryPredicateStepTypeString) {
						diag_set(d, "%s:%d:%d: #%s takes strings", label, line, col, name);
						free(pr.values);
						return -1;
					}
					pr.values[k] = ts_query_string_value_for_id(q->ts, s[i + 2 + k].value_id, &len);
				}
				if (pr.op == P_MATCH && regcomp(&pr.re, pr.values[0], REG_EXTENDED | REG_NOSUB)) {
					diag_set(d, "%s:%d:%d: invalid regular expression \"%s\"", label, line, col,
						 pr.values[0]);
					free(pr.values);
					return -1;
				}
			}
			q->preds[p] = xrealloc(q->preds[p], (q->n_preds[p] + 1) * sizeof **q->preds);
			q->preds[p][q->n_preds[p]++] = pr;
			i = j + 1;
		}
	}
	return 0;
}

query *query_load(const TSLanguage *lang, const char *name, const char *dir, struct diag *d)
{
	char *owned = NULL, *label = xasprintf("queries/%s", name);
	const char *text = NULL;
	size_t len = 0;
	query *q = NULL;
	if (dir) {
		char *path = xasprintf("%s/%s", dir, name);
		owned = read_file(path, &len);
		if (!owned)
			diag_set(d, "%s: cannot read query file", path);
		free(label);
		label = path;
		text = owned;
	} else {
		for (const struct embedded_query *e = query_embedded; e->name; e++)
			if (strcmp(e->name, name) == 0)
				text = e->text, len = e->len;
		if (!text)
			diag_set(d, "%s: no such embedded query", label);
	}
	if (!text)
		goto out;
	uint32_t off;
	TSQueryError err;
	TSQuery *ts = ts_query_new(lang, text, (uint32_t)len, &off, &err);
	if (!ts) {
		int line, col;
		line_col(text, off, &line, &col);
		diag_set(d, "%s:%d:%d: %s", label, line, col,
			 err < sizeof error_names / sizeof *error_names ? error_names[err] : "error");
		goto out;
	}
	q = xcalloc(1, sizeof *q);
	q->ts = ts;
	q->text = xstrndup(text, len);
	q->label = xstrdup(label);
	if (parse_predicates(q, label, text, d) != 0) {
		query_free(q);
		q = NULL;
	}
out:
	free(owned);
	free(label);
	return q;
}

char *query_source(const char *name, const char *dir)
{
	if (dir) {
		char *path = xasprintf("%s/%s", dir, name);
		size_t len;
		char *t = read_file(path, &len);
		free(path);
		return t;
	}
	for (const struct embedded_query *e = query_embedded; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return xstrndup(e->text, e->len);
	return NULL;
}

const char *query_text(const query *q)
{
	return q->text;
}

const TSQuery *query_ts(const query *q)
{
	return q->ts;
}

static int node_text_eq(TSNode n, const char *src, const char *s, size_t slen)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return b - a == slen && memcmp(src + a, s, slen) == 0;
}

static int find_capture(const TSQueryMatch *m, uint32_t id, TSNode *out)
{
	for (uint16_t i = 0; i < m->capture_count; i++)
		if (m->captures[i].index == id) {
			*out = m->captures[i].node;
			return 1;
		}
	return 0;
}

int query_predicates_ok(const query *q, const TSQueryMatch *m, const char *src)
{
	for (size_t i = 0; i < q->n_preds[m->pattern_index]; i++) {
		const struct pred *p = &q->preds[m->pattern_index][i];
		TSNode n;
		if (!find_capture(m, p->capture, &n))
			continue; /* optional capture absent: predicate does not apply */
		int ok = 0;
		if (p->capture2 >= 0) {
			TSNode n2;
			if (!find_capture(m, (uint32_t)p->capture2, &n2))
				continue;
			uint32_t a = ts_node_start_byte(n2);
			ok = node_text_eq(n, src, src + a, ts_node_end_byte(n2) - a);
		} else if (p->op == P_MATCH) {
			uint32_t a = ts_node_start_byte(n);
			char *t = xstrndup(src + a, ts_node_end_byte(n) - a);
			ok = regexec(&p->re, t, 0, NULL, 0) == 0;
			free(t);
		} else {
			for (size_t k = 0; k < p->n_values && !ok; k++)
				ok = node_text_eq(n, src, p->values[k], strlen(p->values[k]));
		}
		if (p->op == P_NOT_EQ)
			ok = !ok;
		if (!ok)
			return 0;
	}
	return 1;
}

void query_free(query *q)
{
	if (!q)
		return;
	for (uint32_t p = 0; q->preds && p < q->n_patterns; p++) {
		for (size_t i = 0; i < q->n_preds[p]; i++) {
			if (q->preds[p][i].op == P_MATCH)
				regfree(&q->preds[p][i].re);
			free(q->preds[p][i].values);
		}
		free(q->preds[p]);
	}
	free(q->preds);
	free(q->n_preds);
	free(q->text);
	free(q->label);
	ts_query_delete(q->ts);
	free(q);
}

uint16_t *query_single_node_table(const query *q, const TSLanguage *lang, struct diag *d)
{
	uint32_t n_sym = ts_language_symbol_count(lang);
	uint16_t *table = xcalloc(n_sym, sizeof *table);
	for (uint32_t p = 0; p < q->n_patterns; p++) {
		uint32_t off = ts_query_start_byte_for_pattern(q->ts, p);
		const char *t = q->text + off;
		int line, col;
		line_col(q->text, off, &line, &col);
		/* `(name) @capture` and nothing else */
		size_t n = 0;
		if (t[0] == '(')
			while (t[1 + n] == '_' || (t[1 + n] >= 'a' && t[1 + n] <= 'z'))
				n++;
		uint32_t caps;
		const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q->ts, p, &caps);
		(void)steps;
		if (n == 0 || t[1 + n] != ')' || caps != 0) {
			diag_set(d, "%s:%d:%d: only single-node patterns `(node) @capture` are supported here",
				 q->label, line, col);
			free(table);
			return NULL;
		}
		const char *at = t + 2 + n;
		while (*at == ' ' || *at == '\t')
			at++;
		uint32_t cap_id = UINT32_MAX;
		for (uint32_t c = 0; *at == '@' && c < ts_query_capture_count(q->ts); c++) {
			uint32_t len;
			const char *name = ts_query_capture_name_for_id(q->ts, c, &len);
			if (strncmp(at + 1, name, len) == 0 && !(at[1 + len] == '_' || (at[1 + len] >= 'a' && at[1 + len] <= 'z')))
				cap_id = c;
		}
		if (cap_id == UINT32_MAX) {
			diag_set(d, "%s:%d:%d: pattern needs one capture", q->label, line, col);
			free(table);
			return NULL;
		}
		/* a node type may have several symbols (aliases): map them all */
		for (uint32_t sym = 0; sym < n_sym; sym++) {
			const char *name = ts_language_symbol_name(lang, (TSSymbol)sym);
			if (ts_language_symbol_type(lang, (TSSymbol)sym) == TSSymbolTypeRegular && name &&
			    strlen(name) == n && strncmp(name, t + 1, n) == 0)
				table[sym] = (uint16_t)(cap_id + 1);
		}
	}
	return table;
}
