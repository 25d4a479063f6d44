/* findings: the plain value structs a scan produces (findings, per-file errors) and the report
 * that collects them in a stable order. Output modules read a report; nothing here prints. */
#ifndef DJASYNC_FINDINGS_H
#define DJASYNC_FINDINGS_H

#include <stddef.h>

enum confidence { CONF_LOW = 0, CONF_MEDIUM = 1, CONF_HIGH = 2 };
enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 };

const char *confidence_name(enum confidence c);
const char *severity_name(enum severity s);
/* Parses "low"/"medium"/"high"; returns -1 when unknown. */
int confidence_parse(const char *s);

/* One hop of a call chain (issue: blocking through helpers). */
struct chain_hop {
	char *path;
	char *function; /* the function this hop is in */
	int line, column;
	char *note; /* what happens there: "calls `g()`", "`Book.objects.get()` (DJA101)" */
};

struct rule;

/* A finding owns copies of every string it reports. Lines and columns are 1-based; columns
 * count code points. */
struct finding {
	const struct rule *rule;  /* its row in the rule tables */
	const struct rule *cause; /* the rule of the blocking line itself: for a chain (DJA501) the
				   * one it ends in, else `rule` */
	const char *library;      /* static: the client library the blocking call belongs to
				   * ("requests", "httpx", "urllib", "redis", "smtplib"), or NULL */
	int twin;                 /* the suggestion is the API's async twin at the target version */
	const char *fix_tmpl;     /* static: the twin as a template for fix.c ("await $R.aget($A)",
				   * "async for obj in $R"), or NULL: no mechanical fix */
	const char *id;   /* static: rule->id */
	const char *slug; /* static: rule->slug */
	enum severity severity;
	enum confidence confidence;
	char *path;
	int line, column, end_line, end_column;
	char *message;
	char *suggestion;
	char *function; /* enclosing function's qualified name, or NULL at module level */
	const char *root; /* static: what kind of async root the function is ("view", ...) */
	struct chain_hop *chain;
	size_t chain_len;
	char *source_line; /* the text of `line`, for the text output; may be NULL */
	char *fingerprint; /* stable across edits that do not touch the finding (baseline, SARIF) */
};

struct scan_error {
	char *path;
	char *message;
	int fatal; /* 1: the path could not be scanned at all (missing CLI path): exit code 2 */
};

struct report {
	struct finding *findings;
	size_t n_findings, cap_findings;
	struct finding *suppressed; /* by comments, or by the baseline */
	size_t n_suppressed, cap_suppressed;
	struct scan_error *errors;
	size_t n_errors, cap_errors;
	size_t files_scanned;
	size_t duplicates; /* findings made twice for one (span, rule), dropped by report_sort: an
			    * engine bug the suites check for */
};

/* The report takes ownership of every string in `f`. */
void report_add_finding(struct report *r, struct finding f);
/* The same, among the suppressed findings. */
void report_add_suppressed(struct report *r, struct finding f);
/* Frees the strings a finding owns (not the finding itself). */
void finding_free(struct finding *f);
void report_add_error(struct report *r, const char *path, int fatal, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sorts findings by path, line, column, id and errors by path: output order for any -j. */
void report_sort(struct report *r);
/* Reads each file with findings once and fills finding.source_line, when `same` (if given) says
 * the bytes read are the ones the findings were made from: a file that changed since phase 1
 * read it gets no lines, never lines of another version. */
void report_load_source_lines(struct report *r, int (*same)(const char *path, const char *buf, size_t len, void *arg),
			      void *arg);
/* The same for the findings of `path`, from `text` (an editor buffer) instead of the disk. */
void report_source_lines_from(struct report *r, const char *path, const char *text, size_t len);
/* Keeps only the findings for which keep() returns nonzero; the others move to
 * r->suppressed when `to_suppressed`, else they are freed. */
void report_filter(struct report *r, int (*keep)(const struct finding *, void *), void *arg,
		   int to_suppressed);
/* Fingerprints every finding: a hash of rule, path, enclosing function, the flagged line's
 * text without white space, and its rank among identical ones. Line numbers are left out, so
 * inserting lines above, editing other functions or moving the function keeps it; changing
 * the flagged statement makes a new one. Needs report_load_source_lines() first. */
void report_fingerprint(struct report *r);
void report_free(struct report *r);

/* Rewrites every path of `r` (findings, suppressed findings, their chains, errors) below the
 * real folder `root` relative to it (path_below: as typed, from the real current folder
 * `cwd`); paths outside it (an installed library's) stay as they are. */
void report_relativize(struct report *r, const char *root, const char *cwd);

#endif
