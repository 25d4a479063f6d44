/* source: reading one file into memory with the checks every scanned file needs (size limit,
 * binary content, UTF-8 BOM), and code-point columns. Parsing is parse.c's job. */
#ifndef DJASYNC_SOURCE_H
#define DJASYNC_SOURCE_H

#include <stddef.h>

#include "util.h"

struct source {
	char *buf;  /* owned; NUL-terminated; the BOM, if any, is kept */
	size_t len; /* bytes in buf */
	size_t bom; /* 3 when the file starts with a UTF-8 BOM, else 0 */
};

/* Reads `path` (`max_size` 0 = no limit). Returns 0 on success, 1 when the file is skipped on
 * purpose (too large, binary; `d` says why) and -1 on error (`d` says why). */
int source_load(struct source *s, const char *path, size_t max_size, struct diag *d);
/* Takes a copy of an in-memory text (e.g. an editor buffer read from stdin). */
void source_from_text(struct source *s, const char *text, size_t len);
void source_free(struct source *s);

/* Byte offset of the first invalid UTF-8 sequence, or (size_t)-1 when the text is valid. */
size_t source_invalid_utf8(const char *buf, size_t len);
/* 1-based column, in code points, of byte `byte` on the line that starts at `line_start`. */
int source_column(const char *buf, size_t line_start, size_t byte);
/* Start of 1-based line `line` and its length without the line break; NULL past the end. */
const char *source_line(const char *buf, size_t len, int line, size_t *line_len);

#endif
