/* fixture: set-up pieces the cmocka suites share (static inline: a suite uses what it needs). */
#ifndef DJASYNC_TEST_FIXTURE_H
#define DJASYNC_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirfacts.h"
#include "facts.h"
#include "source.h"
#include "util.h"

/* Removes a scratch folder made by mkdtemp(): 0, or -1 (a failing cmocka teardown). */
static inline int remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Writes `text` to `path` (created or truncated): 0, or -1. */
static inline int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int bad = fputs(text, f) < 0;
	return fclose(f) != 0 || bad ? -1 : 0;
}

/* A facts context with the embedded queries, or NULL after saying why on stderr. */
static inline facts_ctx *new_facts_ctx(void)
{
	struct diag d = {{0}};
	facts_ctx *c = facts_ctx_new(NULL, &d);
	if (!c)
		fprintf(stderr, "facts_ctx_new: %s\n", d.msg);
	return c;
}

/* A small project's file, its text in memory (and on disk when the suite writes it). */
struct text_file {
	const char *path, *text;
};

/* Makes `scratch` (a mkdtemp template) the current folder, remembering the one before in
 * home[home_len], with folders dirs[0..nd) (parents first) and files[0..n) written: 0, or -1
 * (a failing cmocka setup). scratch_leave() undoes it. */
static inline int scratch_enter(char *scratch, char *home, size_t home_len, const char *const *dirs, size_t nd,
				const struct text_file *files, size_t n)
{
	if (!getcwd(home, home_len) || !mkdtemp(scratch) || chdir(scratch) != 0)
		return -1;
	for (size_t i = 0; i < nd; i++)
		if (mkdir(dirs[i], 0755) != 0)
			return -1;
	for (size_t i = 0; i < n; i++)
		if (write_text(files[i].path, files[i].text) != 0)
			return -1;
	return 0;
}

static inline int scratch_leave(const char *scratch, const char *home)
{
	return chdir(home) == 0 ? remove_tree(scratch) : -1;
}

/* Phase 1 over files[0..n): their summaries into sums[], and a new dirfacts with their folder
 * facts (read from the disk: write the files first where packages matter). NULL on failure. */
static inline dirfacts *summarize_files(const struct text_file *files, size_t n, struct summary **sums)
{
	facts_ctx *c = new_facts_ctx();
	if (!c)
		return NULL;
	dirfacts *df = dirfacts_new();
	for (size_t i = 0; i < n; i++) {
		struct source src;
		source_from_text(&src, files[i].text, strlen(files[i].text));
		sums[i] = facts_extract(c, files[i].path, &src);
		source_free(&src);
		dirfacts_add(df, files[i].path);
	}
	facts_ctx_free(c);
	return df;
}

/* The first field in which two summaries of the same file differ, or NULL. */
static inline const char *summaries_differ(const struct summary *a, const struct summary *b)
{
#define SAME_STR(x, y) (strcmp(summary_str(a, x), summary_str(b, y)) == 0)
#define SAME_SPAN(x, y) ((x).line == (y).line && (x).col == (y).col && (x).end_line == (y).end_line && (x).end_col == (y).end_col)
	if (a->syntax_error_line != b->syntax_error_line || a->syntax_error_col != b->syntax_error_col)
		return "syntax error";
	if (a->skip_file != b->skip_file || a->invalid_utf8_line != b->invalid_utf8_line || a->shallow != b->shallow)
		return "flags";
	if (a->ex.len != b->ex.len)
		return "number of expressions";
	for (size_t i = 0; i < a->ex.len; i++) {
		const struct ex *x = &a->ex.items[i], *y = &b->ex.items[i];
		if (x->kind != y->kind || x->flags != y->flags || !SAME_STR(x->str, y->str) || x->a != y->a ||
		    x->args != y->args || x->next != y->next || !SAME_SPAN(x->sp, y->sp))
			return "expression";
	}
	if (a->ev.len != b->ev.len)
		return "number of events";
	for (size_t i = 0; i < a->ev.len; i++) {
		const struct event *x = &a->ev.items[i], *y = &b->ev.items[i];
		if (x->kind != y->kind || x->flags != y->flags || x->scope != y->scope || x->ex != y->ex ||
		    x->target != y->target || !SAME_SPAN(x->sp, y->sp))
			return "event";
	}
	if (a->scopes.len != b->scopes.len)
		return "number of scopes";
	for (size_t i = 0; i < a->scopes.len; i++) {
		const struct scope *x = &a->scopes.items[i], *y = &b->scopes.items[i];
		if (x->kind != y->kind || x->parent != y->parent || !SAME_STR(x->name, y->name) ||
		    !SAME_STR(x->qualname, y->qualname) || x->decorators != y->decorators || x->bases != y->bases ||
		    x->params != y->params || !SAME_SPAN(x->sp, y->sp))
			return "scope";
	}
	if (a->imports.len != b->imports.len)
		return "number of imports";
	for (size_t i = 0; i < a->imports.len; i++) {
		const struct import *x = &a->imports.items[i], *y = &b->imports.items[i];
		if (!SAME_STR(x->local, y->local) || !SAME_STR(x->qual, y->qual) || x->star != y->star ||
		    x->scope != y->scope || !SAME_SPAN(x->sp, y->sp))
			return "import";
	}
	if (a->supp.len != b->supp.len)
		return "number of suppressions";
	for (size_t i = 0; i < a->supp.len; i++)
		if (a->supp.items[i].line != b->supp.items[i].line || !SAME_STR(a->supp.items[i].codes, b->supp.items[i].codes))
			return "suppression";
	return NULL;
#undef SAME_STR
#undef SAME_SPAN
}

#endif
