/* formats: the output formats as one sentinel-terminated table. A row is the name --format
 * takes and its writers: one for `djasync check`'s report, one for `djasync effort`'s, NULL
 * where that command does not write the format. Option parsing validates --format against the
 * table and the commands call the row's writer. */
#ifndef DJASYNC_FORMATS_H
#define DJASYNC_FORMATS_H

#include "effort.h"
#include "output.h"

/* Row numbers of formats[] (its initializers are designated by them). */
enum format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_GITHUB, FMT_MARKDOWN, FMT_HTML };

struct format_row {
	const char *name;
	void (*check)(struct strbuf *b, const struct report *r, const struct out_opts *o);
	void (*effort)(struct strbuf *b, const struct effort *e, const struct out_opts *o);
};

extern const struct format_row formats[]; /* ends with a row whose name is NULL */

/* The row number of format `name`, or -1. */
int format_find(const char *name);
/* Whether command `effort` (1) or check (0) writes format `f`. */
int format_written_by(enum format f, int effort);
/* The names the command writes, "a, b or c" (with_or) or "a, b, c". Caller frees. */
char *format_names(int effort, int with_or);

#endif
