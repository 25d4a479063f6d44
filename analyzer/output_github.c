/* output_github: GitHub Actions workflow commands (`::error file=...,line=...::message`), which
 * annotate the pull request's diff. */
#include "output.h"

#include <stdlib.h>

/* Workflow-command escaping: % \r \n in data; also : and , in properties. */
static void put_escaped(struct strbuf *b, const char *raw, int property)
{
	char *text = utf8_lossy(raw);
	for (const char *s = text; *s; s++) {
		switch (*s) {
		case '%':
			sb_puts(b, "%25");
			break;
		case '\r':
			sb_puts(b, "%0D");
			break;
		case '\n':
			sb_puts(b, "%0A");
			break;
		case ':':
			sb_puts(b, property ? "%3A" : ":");
			break;
		case ',':
			sb_puts(b, property ? "%2C" : ",");
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7F)
				sb_printf(b, "%%%02X", (unsigned char)*s); /* no other control byte reaches the log */
			else
				sb_putc(b, *s);
		}
	}
	free(text);
}

void out_github(struct strbuf *b, const struct report *r, const struct out_opts *o)
{
	(void)o;
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		sb_printf(b, "::%s file=", f->severity == SEV_ERROR ? "error" : f->severity == SEV_WARNING ? "warning" : "notice");
		put_escaped(b, f->path, 1);
		sb_printf(b, ",line=%d,col=%d,endLine=%d,endColumn=%d,title=", f->line, f->column, f->end_line,
			  f->end_column);
		put_escaped(b, f->id, 1);
		sb_putc(b, ' ');
		put_escaped(b, f->slug, 1);
		sb_puts(b, "::");
		put_escaped(b, f->message, 0);
		sb_puts(b, " (fix: ");
		put_escaped(b, f->suggestion, 0);
		sb_puts(b, ")");
		for (size_t k = 0; k < f->chain_len; k++) {
			sb_puts(b, "%0A  ");
			char *hop = xasprintf("%s:%d: in `%s`: %s", f->chain[k].path, f->chain[k].line,
					      f->chain[k].function, f->chain[k].note ? f->chain[k].note : "");
			put_escaped(b, hop, 0);
			free(hop);
		}
		sb_putc(b, '\n');
	}
}
