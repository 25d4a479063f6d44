/* The subcommands: one row per command of options.h with what it needs and the function that
 * runs it. main parses the options, loads and applies the project's configuration when the row
 * asks for it, runs the row and exits with what it returns. */
#ifndef DJASYNC_COMMANDS_H
#define DJASYNC_COMMANDS_H

#include "findings.h"
#include "options.h"
#include "version.h"

#include <stddef.h>

/* The exit statuses, stable (as Ruff's): 0 clean, 1 findings at or above --fail-on, 2 error. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

struct command_row {
	enum command cmd;
	unsigned needs_config : 1;           /* the project's configuration is loaded first */
	int (*run)(const struct options *o); /* returns the exit status */
};

/* The row for `cmd`: the overview help's for a command without one. Never NULL. */
const struct command_row *command_find(enum command cmd);

/* check.c: the scanning commands, and what commands.c shares with them. */
int cmd_check(const struct options *o);
int cmd_baseline(const struct options *o);
int cmd_effort(const struct options *o);
/* A scan error on stderr, its path and message escaped (a file name may hold a newline). */
void print_scan_error(const struct scan_error *e);
/* report_filter's keep: the rule is enabled and not ignored for the file by `arg`, a config. */
int config_keeps(const struct finding *f, void *arg);
/* The paths to scan: the command line's, or ".". */
const char *const *scan_paths(const struct options *o, size_t *n);
/* The Django version suggestions target (see check.c); *dv is freed by the caller. */
int target_version(const struct options *o, const char *const *paths, size_t n, struct detected_version *dv,
		   const char **text, const char **from);

#endif
