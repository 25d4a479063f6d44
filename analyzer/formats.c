/* formats: the table of output formats. */
#include "formats.h"

#include <string.h>

const struct format_row formats[] = {
	[FMT_TEXT] = {"text", out_text, out_effort_text},
	[FMT_JSON] = {"json", out_json, out_effort_json},
	[FMT_SARIF] = {"sarif", out_sarif, NULL},
	[FMT_GITHUB] = {"github", out_github, NULL},
	[FMT_MARKDOWN] = {"markdown", NULL, out_effort_markdown},
	[FMT_HTML] = {"html", NULL, out_effort_html},
	{NULL, NULL, NULL},
};

int format_find(const char *name)
{
	for (int i = 0; formats[i].name; i++)
		if (strcmp(formats[i].name, name) == 0)
			return i;
	return -1;
}

int format_written_by(enum format f, int effort)
{
	return effort ? formats[f].effort != NULL : formats[f].check != NULL;
}

char *format_names(int effort, int with_or)
{
	struct strbuf b = {0};
	int n = 0, total = 0;
	for (int i = 0; formats[i].name; i++)
		total += format_written_by((enum format)i, effort);
	for (int i = 0; formats[i].name; i++) {
		if (!format_written_by((enum format)i, effort))
			continue;
		if (n)
			sb_puts(&b, n == total - 1 && with_or ? " or " : ", ");
		sb_puts(&b, formats[i].name);
		n++;
	}
	return b.s ? b.s : xstrdup("");
}
