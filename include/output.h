/* output: report formatters. Each one appends a whole document to a string buffer; main.c
 * writes it out. One function per format, one file per format (output_<format>.c). */
#ifndef DJASYNC_OUTPUT_H
#define DJASYNC_OUTPUT_H

#include "findings.h"
#include "util.h"

#define DJASYNC_VERSION "0.1.0"

struct out_opts {
	int color;                      /* ANSI colours (text only) */
	const char *django_version;     /* "5.2" */
	const char *django_version_from; /* where it came from: "default", "--django-version" */
	int show_suppressed;             /* json: also a "suppressed" array */
	int quiet;                       /* text: the findings, without the summary line */
};

struct cJSON;
/* The head every JSON document starts with (schema, tool, Django version and its source), as
 * a new object for the caller to complete. */
/* Adds `key`: path to a JSON object, and `<key>_bytes`: the path percent-encoded when it is
 * not valid UTF-8 (the printed document shows U+FFFD for such bytes, see json_fix_utf8). */
void json_add_path(struct cJSON *o, const char *key, const char *path);
struct cJSON *out_json_head(const char *django_version, const char *django_version_from);

void out_text(struct strbuf *b, const struct report *r, const struct out_opts *o);
void out_json(struct strbuf *b, const struct report *r, const struct out_opts *o);
void out_sarif(struct strbuf *b, const struct report *r, const struct out_opts *o);
void out_github(struct strbuf *b, const struct report *r, const struct out_opts *o);

#endif
