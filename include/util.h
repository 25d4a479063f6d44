/* util: allocation that aborts on out-of-memory, growable buffers and vectors, small string
 * helpers, and the diagnostic struct every library module fills instead of printing. */
#ifndef DJASYNC_UTIL_H
#define DJASYNC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* A library module's error report: the caller owns it, modules fill `msg` and return -1. */
struct diag {
	char msg[512];
};
void diag_set(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Allocation: abort with a message on out-of-memory, like tree-sitter's default allocator. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable vector of any element type: `VEC(struct x) v = {0}; VEC_PUSH(v, item);`. */
#define VEC(T) struct { T *items; size_t len, cap; }
#define VEC_GROW(v) \
	((v).len == (v).cap ? ((v).cap = (v).cap ? (v).cap * 2 : 8, \
	 (v).items = xrealloc((v).items, (v).cap * sizeof *(v).items)) : 0)
#define VEC_PUSH(v, x) (VEC_GROW(v), (v).items[(v).len++] = (x))
#define VEC_FREE(v) (free((v).items), (v).items = NULL, (v).len = (v).cap = 0)

/* Growable NUL-terminated string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_putc(struct strbuf *b, char c);
void sb_free(struct strbuf *b);
/* The buffer's string, never NULL (an empty buffer gives ""). */
const char *sb_str(const struct strbuf *b);

int str_has_suffix(const char *s, const char *suffix);
int str_has_prefix(const char *s, const char *prefix);
/* Index of `s` in a NULL-terminated array of strings, or -1. */
int str_in(const char *s, const char *const *list);



/* Everything left in `f` (NUL-terminated; *len gets its length when len is non-NULL); *error
 * is set when a read failed (what came before is returned). Caller frees. */
char *read_stream(FILE *f, size_t *len, int *error);
/* Opens a regular file for reading, never blocking: a FIFO, socket, device or folder is refused
 * (NULL, io_strerror() says why). *size gets its size when size is non-NULL. */
FILE *fopen_regular(const char *path, off_t *size);
/* The whole regular file (NUL-terminated; *len gets its length when len is non-NULL), or NULL
 * when it cannot be read, is not a regular file or is over READ_FILE_MAX bytes (io_strerror()
 * says which). Caller frees. */
#define READ_FILE_MAX ((off_t)256 << 20)
char *read_file(const char *path, size_t *len);
/* Writes `len` bytes to `path` ("-": standard output) through a temporary file made with
 * mkstemp beside it and a rename, so readers never see half a file and no planted file or link
 * is opened. A link is written through to its target; a target that is not a regular file, or
 * is read-only, is refused. 0, or -1 (io_strerror() says why; nothing is left behind). */
int write_file_atomic(const char *path, const char *text, size_t len);
/* After read_file gave NULL for a file found by discovery (configuration, dependency files):
 * says on stderr that it was not read when it exists but is not a regular file or is too
 * large; a missing file is silent. */
void warn_not_read(const char *path);
/* Why this thread's last fopen_regular/read_file/write_file_atomic failed. */
const char *io_strerror(void);

/* --- text that came from the file system or the scanned source ---------------------------- */
/* Whether s is valid UTF-8. */
int utf8_valid(const char *s);
/* s with each byte that is not part of valid UTF-8 replaced by U+FFFD. Caller frees. */
char *utf8_lossy(const char *s);
/* s percent-encoded byte by byte: ASCII letters, digits, "-._~" and the bytes in `keep` stay.
 * Caller frees. */
char *percent_encode(const char *s, const char *keep);
/* Appends s for a terminal or a log: control characters as \n, \r, \t or \xNN, bytes that
 * are not UTF-8 as \xNN; everything else as it is. */
void sb_put_text(struct strbuf *b, const char *s);
/* sb_put_text into a new string. Caller frees. */
char *text_safe(const char *s);
/* Makes a printed JSON document valid UTF-8 in place (bytes that are not, which can only be
 * inside strings, become U+FFFD). */
void json_fix_utf8(char **text);

/* String-keyed hash map to int64 values. Keys are not copied: they must outlive the map. */
struct strmap {
	const char **keys;
	int64_t *vals;
	size_t len, cap;
};
/* Sets key -> val; returns 1 when the key was new, 0 when it was kept (first value wins). */
int strmap_put(struct strmap *m, const char *key, int64_t val);
/* Like strmap_put, but a key already there gets the new value (returns 0 then). */
int strmap_set(struct strmap *m, const char *key, int64_t val);
/* The value for key, or `missing`. */
int64_t strmap_get(const struct strmap *m, const char *key, int64_t missing);
void strmap_free(struct strmap *m);
/* `path` (as typed: relative to the current folder `cwd`, or absolute) relative to folder
 * `root`, both real absolute paths: "." and ".." components are resolved by their spelling, not
 * on disk. NULL when the path is not below the root. Caller frees. */
char *path_below(const char *path, const char *root, const char *cwd);

#endif
