/* diff: the lines a git revision range added or changed, for pull-request gates
 * (`--diff REV`). Runs git; knows nothing about findings beyond path and line. */
#ifndef DJASYNC_DIFF_H
#define DJASYNC_DIFF_H

#include "findings.h"
#include "util.h"

typedef struct diff diff;

/* The lines added or changed since `rev` (committed, staged and unstaged changes), and every
 * line of untracked files. NULL with d set outside a git repository or for a bad revision. */
diff *diff_load(const char *rev, struct diag *d);
/* The path of a `+++ ` diff header (the text after "+++ ") without its "b/", unquoted as git
 * quotes unusual names; NULL for /dev/null or an unreadable header. Caller frees. */
char *diff_header_path(const char *header);
/* Whether `path` (as reported, relative to the current folder or absolute) line `line` is new. */
int diff_touches(const diff *df, const char *path, int line);
/* Keeps the findings on new lines; the others move to r->suppressed. */
void diff_filter(const diff *df, struct report *r);
void diff_free(diff *df);

#endif
