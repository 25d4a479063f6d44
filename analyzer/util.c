/* util: allocation wrappers that abort on out-of-memory, string buffers, diagnostics.
 * Nothing here knows about Python, Django or the command line. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(size_t n)
{
	fprintf(stderr, "djasync: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, aq);
	va_end(aq);
	return p;
}

void diag_set(struct diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

static void sb_reserve(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_add(struct strbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_puts(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_putc(struct strbuf *b, char c)
{
	sb_add(b, &c, 1);
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, aq);
	va_end(aq);
	b->len += (size_t)n;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

int str_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_in(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	/* FNV's low bits depend only on the low bits of each byte; the table uses the low bits */
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 29);
}

static void strmap_grow(struct strmap *m)
{
	struct strmap n = {0};
	n.cap = m->cap ? m->cap * 2 : 16;
	n.keys = xcalloc(n.cap, sizeof *n.keys);
	n.vals = xcalloc(n.cap, sizeof *n.vals);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			strmap_put(&n, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = n;
}

int strmap_put(struct strmap *m, const char *key, int64_t val)
{
	if ((m->len + 1) * 2 > m->cap)
		strmap_grow(m);
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0)
			return 0;
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->len++;
	return 1;
}

int strmap_set(struct strmap *m, const char *key, int64_t val)
{
	if (m->cap) {
		for (size_t i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
			if (strcmp(m->keys[i], key) == 0) {
				m->vals[i] = val;
				return 0;
			}
	}
	return strmap_put(m, key, val);
}

int64_t strmap_get(const struct strmap *m, const char *key, int64_t missing)
{
	if (!m->cap)
		return missing;
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return missing;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

char *read_stream(FILE *f, size_t *len, int *error)
{
	struct strbuf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&b, chunk, n);
	if (error)
		*error = ferror(f) != 0;
	if (len)
		*len = b.len;
	return b.s ? b.s : xstrdup("");
}

/* Why the last read_file/fopen_regular/write_file_atomic of this thread failed. */
static _Thread_local const char *io_reason;

void warn_not_read(const char *path)
{
	if (errno == EINVAL || errno == EFBIG)
		fprintf(stderr, "djasync: %s: not read: %s\n", path, io_strerror());
}

const char *io_strerror(void)
{
	return io_reason ? io_reason : "unknown error";
}

static void io_fail(const char *why)
{
	io_reason = why;
}

FILE *fopen_regular(const char *path, off_t *size)
{
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer; it is cleared once
	 * fstat says the file is regular (regular files ignore it anyway) */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		io_fail(strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		io_fail(S_ISDIR(st.st_mode) ? "is a folder, not a file"
					     : "not a regular file (FIFOs, sockets and devices are never read)");
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		io_fail(strerror(errno));
		close(fd);
		return NULL;
	}
	if (size)
		*size = st.st_size;
	return f;
}

char *read_file(const char *path, size_t *len)
{
	off_t size;
	FILE *f = fopen_regular(path, &size);
	if (!f)
		return NULL;
	if (size > READ_FILE_MAX) {
		fclose(f);
		io_fail("file too large (over 256 MB): not read");
		errno = EFBIG;
		return NULL;
	}
	int bad = 0;
	char *text = read_stream(f, len, &bad);
	fclose(f);
	if (bad) {
		io_fail("read error");
		free(text);
		return NULL;
	}
	return text;
}

/* Writes all of text to fd: 1, or 0 with errno set. */
static int write_all(int fd, const char *text, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		off += (size_t)n;
	}
	return 1;
}

/* Names the unnamed file fd at `tmp` (its last six bytes are replaced): linkat to a new name
 * never follows a planted link (EEXIST, and another name is tried). 1, or 0 with errno set. */
static int link_unnamed(int fd, char *tmp)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	size_t stem = strlen(tmp) - 6;
	for (unsigned k = 0; k < 100; k++) {
		snprintf(tmp + stem, 7, "%06x", (unsigned)((getpid() * 2654435761u + k * 40503u) & 0xffffff));
		if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
			return 1;
		if (errno != EEXIST)
			return 0;
	}
	return 0;
}

int write_file_atomic(const char *path, const char *text, size_t len)
{
	if (strcmp(path, "-") == 0) {
		int ok = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
		if (!ok)
			io_fail(strerror(errno));
		return ok ? 0 : -1;
	}
	/* a link is written through to its target (as cp does), which must be a regular file the
	 * user may write: a device, FIFO or folder is refused, and so is a read-only file */
	char *target = NULL;
	struct stat st;
	int exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		target = realpath(path, NULL);
		if (!target || stat(target, &st) != 0) {
			io_fail("a link to a file that does not exist: not written");
			free(target);
			errno = ENOENT;
			return -1;
		}
	}
	const char *dest = target ? target : path;
	if (exists && !S_ISREG(st.st_mode)) {
		io_fail(S_ISDIR(st.st_mode) ? "is a folder: not written"
					     : "not a regular file (a device, FIFO or socket): not replaced");
		free(target);
		errno = EINVAL;
		return -1;
	}
	if (exists && (access(dest, W_OK) != 0 || !(st.st_mode & 0222))) { /* root: the mode bits */
		io_fail("the file is read-only: not replaced");
		free(target);
		errno = EACCES;
		return -1;
	}
	mode_t mode;
	if (exists) {
		mode = st.st_mode & 07777;
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	const char *slash = strrchr(dest, '/');
	char *dir = slash ? xasprintf("%.*s", (int)(slash - dest + (slash == dest)), dest) : xstrdup(".");
	char *tmp = slash ? xasprintf("%.*s/.%s.tmp.XXXXXX", (int)(slash - dest), dest, slash + 1)
			  : xasprintf(".%s.tmp.XXXXXX", dest);
	/* the bytes go to an unnamed file first (O_TMPFILE), so a writer killed while writing leaves
	 * nothing behind; it gets a name only for the rename. mkstemp where the file system (or a
	 * missing /proc) does not allow it. */
	int named = 0, ok = 0;
	int fd = -1;
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	if (fd >= 0) {
		ok = fchmod(fd, mode) == 0 && write_all(fd, text, len);
		if (ok && !(named = link_unnamed(fd, tmp))) {
			close(fd); /* no name to give it: write again through mkstemp */
			fd = -1;
			memcpy(tmp + strlen(tmp) - 6, "XXXXXX", 6);
		}
	}
#endif
	if (fd < 0) {
		fd = mkstemp(tmp); /* O_CREAT|O_EXCL: never opens a planted file or link */
		named = fd >= 0;
		ok = named && fchmod(fd, mode) == 0 && write_all(fd, text, len);
	}
	ok = ok && named;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, dest) != 0)
		ok = 0;
	if (!ok) {
		int saved = errno;
		io_fail(strerror(saved));
		if (named)
			unlink(tmp);
		errno = saved;
	}
	free(tmp);
	free(dir);
	free(target);
	return ok ? 0 : -1;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when the bytes there are not one
 * (overlong forms, surrogates and code points over U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n;
	uint32_t cp;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

int utf8_valid(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq(p);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

char *utf8_lossy(const char *s)
{
	struct strbuf b = {0};
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq(p);
		if (n) {
			sb_add(&b, (const char *)p, n);
			p += n;
		} else {
			sb_puts(&b, "\xEF\xBF\xBD"); /* U+FFFD for each byte that is not UTF-8 */
			p++;
		}
	}
	return b.s ? b.s : xstrdup("");
}

char *percent_encode(const char *s, const char *keep)
{
	struct strbuf b = {0};
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((isalnum(*p) && *p < 0x80) || strchr("-._~", *p) || (keep && strchr(keep, *p)))
			sb_putc(&b, (char)*p);
		else
			sb_printf(&b, "%%%02X", *p);
	}
	return b.s ? b.s : xstrdup("");
}

void sb_put_text(struct strbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq(p);
		if (n > 1) {
			sb_add(b, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '\n':
			sb_puts(b, "\\n");
			break;
		case '\r':
			sb_puts(b, "\\r");
			break;
		case '\t':
			sb_putc(b, '\t'); /* harmless on a terminal and in a log */
			break;
		default:
			if (n == 0 || *p < 0x20 || *p == 0x7F)
				sb_printf(b, "\\x%02X", *p);
			else
				sb_putc(b, (char)*p);
		}
		p++;
	}
}

char *text_safe(const char *s)
{
	struct strbuf b = {0};
	sb_put_text(&b, s ? s : "");
	return b.s ? b.s : xstrdup("");
}

void json_fix_utf8(char **text)
{
	if (!*text || utf8_valid(*text))
		return;
	char *fixed = utf8_lossy(*text); /* the bytes that are not UTF-8 are all inside strings */
	free(*text);
	*text = fixed;
}

char *path_below(const char *path, const char *root, const char *cwd)
{
	char *full = path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", cwd, path);
	/* the components, "." dropped and ".." taking the one before back */
	size_t n = strlen(full), out = 0;
	char *norm = xmalloc(n + 2);
	for (const char *p = full; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0)
			break;
		if (len == 1 && p[0] == '.') {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (out > 0 && norm[out - 1] != '/')
				out--;
			if (out > 0)
				out--;
		} else {
			norm[out++] = '/';
			memcpy(norm + out, p, len);
			out += len;
		}
		p += len;
	}
	norm[out] = 0;
	free(full);
	size_t r = strlen(root);
	while (r > 1 && root[r - 1] == '/')
		r--;
	char *rel = NULL;
	if (r == 1 && root[0] == '/')
		rel = xstrdup(norm[0] ? norm + 1 : ".");
	else if (strncmp(norm, root, r) == 0 && (norm[r] == '/' || norm[r] == 0))
		rel = xstrdup(norm[r] ? norm + r + 1 : ".");
	free(norm);
	return rel;
}
