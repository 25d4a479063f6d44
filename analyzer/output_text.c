/* output_text: compiler-style messages (`path:line:col: DJA101 [high] message`), the source
 * line with a caret under the flagged code, the suggestion, and a closing summary. */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C(o, code) ((o)->color ? "\033[" code "m" : "")
#define RESET(o) C(o, "0")
/* the severity colour: red for errors, yellow for warnings */
#define SEVC(o, f) ((o)->color ? ((f)->severity == SEV_ERROR ? "\033[31;1m" : "\033[33;1m") : "")

static void caret_line(struct strbuf *b, const struct finding *f, const struct out_opts *o,
		       int gutter)
{
	const char *s = f->source_line;
	sb_printf(b, "%*s %s|%s ", gutter, "", C(o, "34;1"), RESET(o));
	/* pad with the line's own tabs so the caret lines up in any tab width */
	int col = 1;
	const char *p = s;
	for (; *p && col < f->column; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		sb_putc(b, *p == '\t' ? '\t' : ' ');
		col++;
	}
	int width = 0;
	if (f->end_line == f->line) {
		width = f->end_column - f->column;
	} else {
		for (; *p; p++)
			width += ((unsigned char)*p & 0xC0) != 0x80;
	}
	if (width < 1)
		width = 1;
	sb_puts(b, SEVC(o, f));
	for (int i = 0; i < width; i++)
		sb_putc(b, '^');
	sb_printf(b, "%s\n", RESET(o));
}

static void findings_and_summary(struct strbuf *b, const struct report *r, const struct out_opts *o)
{
	size_t n_err = 0, n_warn = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		n_err += f->severity == SEV_ERROR;
		n_warn += f->severity == SEV_WARNING;
		char *path = text_safe(f->path), *msg = text_safe(f->message);
		sb_printf(b, "%s%s:%d:%d:%s %s%s%s [%s] %s\n", C(o, "1"), path, f->line, f->column,
			  RESET(o), SEVC(o, f), f->id, RESET(o),
			  confidence_name(f->confidence), msg);
		free(path);
		free(msg);
		if (f->source_line) {
			char num[16];
			int gutter = snprintf(num, sizeof num, "%d", f->line);
			sb_printf(b, "%s%*s |%s\n", C(o, "34;1"), gutter, "", RESET(o));
			sb_printf(b, "%s%s |%s %s\n", C(o, "34;1"), num, RESET(o), f->source_line);
			caret_line(b, f, o, gutter);
			sb_printf(b, "%*s %s=%s %shelp:%s %s\n", gutter, "", C(o, "34;1"), RESET(o),
				  C(o, "36;1"), RESET(o), f->suggestion);
		} else {
			sb_printf(b, "  %shelp:%s %s\n", C(o, "36;1"), RESET(o), f->suggestion);
		}
		for (size_t k = 0; k < f->chain_len; k++) {
			char *hop = text_safe(f->chain[k].path);
			sb_printf(b, "%s:%d:%d: %snote:%s in `%s`: %s\n", hop, f->chain[k].line,
				  f->chain[k].column, C(o, "36;1"), RESET(o), f->chain[k].function,
				  f->chain[k].note ? f->chain[k].note : "");
			free(hop);
		}
		sb_putc(b, '\n');
	}
	if (o->quiet)
		return;
	size_t files = r->files_scanned;
	char from[512] = "";
	if (o->django_version_from && strcmp(o->django_version_from, "default") != 0 &&
	    strcmp(o->django_version_from, "--django-version") != 0)
		snprintf(from, sizeof from, ", from %s", o->django_version_from);
	if (r->n_findings == 0)
		sb_printf(b, "%sNo findings%s in %zu file%s (Django %s%s).", C(o, "32;1"), RESET(o), files,
			  files == 1 ? "" : "s", o->django_version, from);
	else
		sb_printf(b, "%sFound %zu finding%s%s (%zu error%s, %zu warning%s) in %zu file%s (Django %s%s).",
			  C(o, "1"), r->n_findings, r->n_findings == 1 ? "" : "s", RESET(o), n_err,
			  n_err == 1 ? "" : "s", n_warn, n_warn == 1 ? "" : "s", files, files == 1 ? "" : "s",
			  o->django_version, from);
	if (r->n_errors)
		sb_printf(b, " %zu file problem%s reported on stderr.", r->n_errors, r->n_errors == 1 ? "" : "s");
	sb_putc(b, '\n');
}

/* --show-suppressed: the findings suppression comments silenced, after the summary. */
static void suppressed_list(struct strbuf *b, const struct report *r)
{
	sb_printf(b, "\nSuppressed (%zu):\n", r->n_suppressed);
	for (size_t i = 0; i < r->n_suppressed; i++) {
		const struct finding *f = &r->suppressed[i];
		sb_printf(b, "%s:%d:%d: %s [suppressed] %s\n", f->path, f->line, f->column, f->id, f->message);
	}
}

void out_text(struct strbuf *b, const struct report *r, const struct out_opts *o)
{
	findings_and_summary(b, r, o);
	if (o->show_suppressed && r->n_suppressed)
		suppressed_list(b, r);
}
