/* source: loads a file with its guards (size limit, NUL bytes = binary) and answers the
 * line/column questions the outputs ask. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* BOM detection, and old Mac line endings: Python reads a lone \r as a line break but the
 * grammar does not, so it becomes \n (same length: byte offsets do not move). */
static void source_prepare(struct source *s)
{
	s->bom = s->len >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (char *p = memchr(s->buf, '\r', s->len); p; p = memchr(p + 1, '\r', s->len - (size_t)(p + 1 - s->buf))) {
		if ((size_t)(p + 1 - s->buf) >= s->len || p[1] != '\n')
			*p = '\n';
		if ((size_t)(p + 1 - s->buf) >= s->len)
			break;
	}
}

int source_load(struct source *s, const char *path, size_t max_size, struct diag *d)
{
	memset(s, 0, sizeof *s);
	off_t size;
	FILE *f = fopen_regular(path, &size);
	if (!f) {
		diag_set(d, "cannot read file: %s", io_strerror());
		return -1;
	}
	if (max_size && (size_t)size > max_size) {
		diag_set(d, "file is %lld bytes, over --max-file-size %zu: skipped", (long long)size, max_size);
		fclose(f);
		return 1;
	}
	size_t cap = (size_t)size + 1, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (len < cap - 1) {
			if (ferror(f)) {
				diag_set(d, "read error: %s", strerror(errno));
				free(buf);
				fclose(f);
				return -1;
			}
			break;
		}
		cap *= 2; /* the file grew while we read it */
		buf = xrealloc(buf, cap);
	}
	fclose(f);
	buf[len] = 0;
	if (memchr(buf, 0, len)) {
		diag_set(d, "binary file (contains NUL bytes): skipped");
		free(buf);
		return 1;
	}
	s->buf = buf;
	s->len = len;
	source_prepare(s);
	return 0;
}

void source_from_text(struct source *s, const char *text, size_t len)
{
	s->buf = xstrndup(text, len);
	s->len = len;
	source_prepare(s);
}

void source_free(struct source *s)
{
	free(s->buf);
	memset(s, 0, sizeof *s);
}

size_t source_invalid_utf8(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, min = 0x10000, c &= 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
				return i;
			c = (c << 6) | (p[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return (size_t)-1;
}

int source_column(const char *buf, size_t line_start, size_t byte)
{
	int col = 1;
	for (size_t i = line_start; i < byte; i++)
		if (((unsigned char)buf[i] & 0xC0) != 0x80)
			col++;
	return col;
}

const char *source_line(const char *buf, size_t len, int line, size_t *line_len)
{
	/* Lines end at \n, as tree-sitter counts rows; a \r before it is not shown. */
	const char *p = buf, *end = buf + len;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	const char *e = memchr(p, '\n', (size_t)(end - p));
	if (!e)
		e = end;
	if (e > p && e[-1] == '\r')
		e--;
	*line_len = (size_t)(e - p);
	return p;
}
