/* query: the tree-sitter queries kept as data in queries/ (embedded at build time, or read
 * from --query-dir), compiled once, with the text predicates the C library leaves to us. */
#ifndef DJASYNC_QUERY_H
#define DJASYNC_QUERY_H

#include <stddef.h>
#include <tree_sitter/api.h>

#include "util.h"

struct embedded_query {
	const char *name; /* path below queries/, e.g. "python/facts.scm" */
	const char *text;
	size_t len;
};
extern const struct embedded_query query_embedded[]; /* generated; ends with {0} */

typedef struct query query;

/* Compiles queries/<name> from `dir` when non-NULL, else from the embedded copy. Errors name
 * the place: "queries/python/facts.scm:7:12: invalid node type". Unknown predicates are
 * refused. Returns NULL on error. Free with query_free(). */
query *query_load(const TSLanguage *lang, const char *name, const char *dir, struct diag *d);
const TSQuery *query_ts(const query *q);
/* Whether the match satisfies its pattern's predicates (#eq?, #not-eq?, #any-of?, #match?). */
int query_predicates_ok(const query *q, const TSQueryMatch *m, const char *src);
void query_free(query *q);
/* The query's source text (for fingerprints of what a cached result was made with). */
const char *query_text(const query *q);
/* The text of queries/<name> from `dir` or the embedded copy, without compiling it; NULL when
 * missing. Caller frees. */
char *query_source(const char *name, const char *dir);

/* For a query made only of single-node patterns `(node_type) @capture` (facts.scm): a table
 * from grammar symbol to capture id + 1 (0 = not a site), sized ts_language_symbol_count().
 * Such a query runs as one cursor walk dispatching on symbols, much cheaper than a general
 * query cursor. Returns NULL (d says where) when a pattern is not a single node. Caller frees. */
uint16_t *query_single_node_table(const query *q, const TSLanguage *lang, struct diag *d);

#endif
