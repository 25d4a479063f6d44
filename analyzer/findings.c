/* findings: collecting, sorting and freeing findings and per-file errors. Rules create
 * findings (engine.c); output_*.c print them. */
#include "findings.h"
#include "source.h"
#include "util.h"

#include <stdarg.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const confidence_names[] = {"low", "medium", "high", NULL};
static const char *const severity_names[] = {"info", "warning", "error", NULL};

const char *confidence_name(enum confidence c)
{
	return confidence_names[c];
}

const char *severity_name(enum severity s)
{
	return severity_names[s];
}

int confidence_parse(const char *s)
{
	return str_in(s, confidence_names);
}

void report_add_finding(struct report *r, struct finding f)
{
	if (r->n_findings == r->cap_findings) {
		r->cap_findings = r->cap_findings ? r->cap_findings * 2 : 16;
		r->findings = xrealloc(r->findings, r->cap_findings * sizeof *r->findings);
	}
	r->findings[r->n_findings++] = f;
}

void report_add_suppressed(struct report *r, struct finding f)
{
	if (r->n_suppressed == r->cap_suppressed) {
		r->cap_suppressed = r->cap_suppressed ? r->cap_suppressed * 2 : 8;
		r->suppressed = xrealloc(r->suppressed, r->cap_suppressed * sizeof *r->suppressed);
	}
	r->suppressed[r->n_suppressed++] = f;
}

void report_add_error(struct report *r, const char *path, int fatal, const char *fmt, ...)
{
	if (r->n_errors == r->cap_errors) {
		r->cap_errors = r->cap_errors ? r->cap_errors * 2 : 8;
		r->errors = xrealloc(r->errors, r->cap_errors * sizeof *r->errors);
	}
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->errors[r->n_errors++] = (struct scan_error){xstrdup(path), xstrdup(buf), fatal};
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	c = strcmp(a->id, b->id);
	if (c)
		return c;
	if (a->end_line != b->end_line)
		return a->end_line < b->end_line ? -1 : 1;
	if (a->end_column != b->end_column)
		return a->end_column < b->end_column ? -1 : 1;
	return strcmp(a->message, b->message);
}

static int cmp_error(const void *pa, const void *pb)
{
	const struct scan_error *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : strcmp(a->message, b->message);
}


void report_sort(struct report *r)
{
	if (r->n_findings)
		qsort(r->findings, r->n_findings, sizeof *r->findings, cmp_finding);
	if (r->n_errors)
		qsort(r->errors, r->n_errors, sizeof *r->errors, cmp_error);
	/* one finding per (span, rule): the engine judges each site once, so a second one is a bug
	 * (nested calls that start at the same place, `qs.first().tags.exists()`, are two sites).
	 * The user gets each once; the suites check that none was dropped (r->duplicates). */
	size_t kept = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *p = kept ? &r->findings[kept - 1] : NULL, *f = &r->findings[i];
		if (p && strcmp(p->path, f->path) == 0 && p->line == f->line && p->column == f->column &&
		    p->end_line == f->end_line && p->end_column == f->end_column && strcmp(p->id, f->id) == 0) {
			finding_free(&r->findings[i]);
			r->duplicates++;
			continue;
		}
		if (kept != i)
			r->findings[kept] = r->findings[i];
		kept++;
	}
	r->n_findings = kept;
}

void finding_free(struct finding *f)
{
	free(f->path);
	free(f->message);
	free(f->suggestion);
	free(f->function);
	for (size_t i = 0; i < f->chain_len; i++) {
		free(f->chain[i].path);
		free(f->chain[i].function);
		free(f->chain[i].note);
	}
	free(f->chain);
	free(f->source_line);
	free(f->fingerprint);
}

void report_filter(struct report *r, int (*keep)(const struct finding *, void *), void *arg,
		   int to_suppressed)
{
	size_t j = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		if (keep(&r->findings[i], arg)) {
			r->findings[j++] = r->findings[i];
		} else if (to_suppressed) {
			report_add_suppressed(r, r->findings[i]);
		} else {
			finding_free(&r->findings[i]);
		}
	}
	r->n_findings = j;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull; /* field separator */
}

void report_fingerprint(struct report *r)
{
	/* findings are sorted: identical (rule, path, function, text) ones are ranked in order,
	 * counted in an open-addressing table of (hash, times seen so far) */
	size_t cap = 16;
	while (cap < r->n_findings * 2)
		cap *= 2;
	struct {
		uint64_t h;
		int seen;
	} *tab = xcalloc(cap, sizeof *tab);
	struct strbuf text = {0};
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		text.len = 0;
		if (text.s)
			text.s[0] = '\0';
		for (const char *p = f->source_line ? f->source_line : ""; *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r')
				sb_putc(&text, *p);
		uint64_t h = 14695981039346656037ull;
		h = fnv(h, f->id);
		h = fnv(h, f->path);
		h = fnv(h, f->function ? f->function : "");
		h = fnv(h, sb_str(&text));
		size_t k = (size_t)(h ^ (h >> 29)) & (cap - 1);
		while (tab[k].seen && tab[k].h != h)
			k = (k + 1) & (cap - 1);
		tab[k].h = h;
		int rank = tab[k].seen++;
		char buf[40];
		snprintf(buf, sizeof buf, "%016llx:%d", (unsigned long long)h, rank);
		free(r->findings[i].fingerprint);
		r->findings[i].fingerprint = xstrdup(buf);
	}
	sb_free(&text);
	free(tab);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n_findings; i++)
		finding_free(&r->findings[i]);
	free(r->findings);
	for (size_t i = 0; i < r->n_suppressed; i++)
		finding_free(&r->suppressed[i]);
	free(r->suppressed);
	for (size_t i = 0; i < r->n_errors; i++) {
		free(r->errors[i].path);
		free(r->errors[i].message);
	}
	free(r->errors);
	memset(r, 0, sizeof *r);
}

void report_load_source_lines(struct report *r, int (*same)(const char *path, const char *buf, size_t len, void *arg),
			      void *arg)
{
	struct source src = {0};
	const char *loaded = NULL;
	int ok = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		if (f->source_line)
			continue; /* (an editor buffer's, given before) */
		if (!loaded || strcmp(loaded, f->path) != 0) {
			source_free(&src);
			struct diag d;
			ok = source_load(&src, f->path, 0, &d) == 0 && (!same || same(f->path, src.buf, src.len, arg));
			loaded = f->path;
		}
		size_t n;
		const char *line = ok ? source_line(src.buf + src.bom, src.len - src.bom, f->line, &n) : NULL;
		if (line)
			f->source_line = xstrndup(line, n);
	}
	source_free(&src);
}

void report_source_lines_from(struct report *r, const char *path, const char *text, size_t len)
{
	struct source src = {0};
	source_from_text(&src, text, len);
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		size_t n;
		const char *line;
		if (f->source_line || strcmp(f->path, path) != 0)
			continue;
		if ((line = source_line(src.buf + src.bom, src.len - src.bom, f->line, &n)) != NULL)
			f->source_line = xstrndup(line, n);
	}
	source_free(&src);
}

static void relativize(char **path, const char *root, const char *cwd)
{
	char *rel = *path ? path_below(*path, root, cwd) : NULL;
	if (rel) {
		free(*path);
		*path = rel;
	}
}

static void relativize_finding(struct finding *f, const char *root, const char *cwd)
{
	relativize(&f->path, root, cwd);
	for (size_t k = 0; k < f->chain_len; k++)
		relativize(&f->chain[k].path, root, cwd);
}

void report_relativize(struct report *r, const char *root, const char *cwd)
{
	for (size_t i = 0; i < r->n_findings; i++)
		relativize_finding(&r->findings[i], root, cwd);
	for (size_t i = 0; i < r->n_suppressed; i++)
		relativize_finding(&r->suppressed[i], root, cwd);
	for (size_t i = 0; i < r->n_errors; i++)
		relativize(&r->errors[i].path, root, cwd);
}
