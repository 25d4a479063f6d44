/* options: the command line parsed into plain values. No I/O beyond the diagnostic text. */
#ifndef DJASYNC_OPTIONS_H
#define DJASYNC_OPTIONS_H

#include <stddef.h>

#include "config.h"
#include "formats.h"
#include "scan.h"
#include "util.h"

enum command { CMD_NONE, CMD_CHECK, CMD_EFFORT, CMD_BASELINE, CMD_SERVER, CMD_RULES, CMD_RULE, CMD_VERSION, CMD_HELP, CMD_CLEAN, CMD_GEN_MAN, CMD_GEN_COMPLETION };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	enum command cmd;
	enum format format;
	const struct config *config; /* the configuration in force (main owns it), once read */
	const char **extra_names, **extra_fixes; /* owned: its blocking-calls, as scan.engine takes them */
	enum color_mode color;
	const char **paths; /* owned array; strings point into argv */
	size_t n_paths;
	const char **excludes;
	size_t n_excludes;
	const char **compare; /* effort --compare: saved reports, oldest first */
	size_t n_compare;
	const char *rule_id;       /* CMD_RULE; CMD_GEN_COMPLETION: the shell */
	const char *django_version; /* text as given, or "5.2" */
	int django_version_given;
	int stats; /* --stats: timings on stderr */
	int no_cache;
	char *cache_dir_owned;
	int show_suppressed;     /* list findings silenced by comments or the baseline */
	const char *baseline;    /* check: --baseline FILE */
	const char *output_file; /* check: --output-file; baseline: -o (default .djasync-baseline.json) */
	const char *diff_rev;    /* --since REV (--diff=REV) */
	const char *stdin_filename; /* --stdin-filename PATH: the file's text is on stdin */
	const char *context;     /* --context DIR: scanned as the project; only PATHs are reported */
	int exit_zero;
	int fix;      /* check --fix */
	int fix_diff; /* check --diff: the fixes as a diff, nothing written */
	int unsafe_fixes; /* check --unsafe-fixes: the wraps in sync_to_async too */
	int add_noqa;     /* check --add-noqa */
	const char *config_file;  /* --config FILE */
	const char *python_env;   /* --python-env DIR, as given */
	int no_python_env;        /* --no-python-env: the project alone, nothing discovered */
	char *python_env_owned;   /* the site-packages folder resolved (scan.python_env) */
	char *root_real, *cwd_real; /* the project root and the current folder, real paths (main.c):
				     * reported paths are relative to the root */
	int min_confidence_given, fail_on_given;
	int no_gitignore_given;  /* --no-respect-gitignore */
	int fail_on;             /* lowest severity that fails: SEV_INFO (default) .. SEV_ERROR */
	struct selection sel;    /* --select, --extend-select, --ignore, --extend-ignore (owned) */
	int quiet;               /* --quiet: the findings, no summary line */
	int statistics;          /* --statistics: a count per rule instead of the findings */
	int show_settings;       /* --show-settings: the settings in force, then exit */
	int show_files;          /* --show-files: the files a scan would read, then exit */
	struct scan_opts scan;
};

/* Parses argv (argv[0] is the program). Returns 0, or -1 with d set for a usage error. */
int options_parse(struct options *o, int argc, char **argv, struct diag *d);
void options_free(struct options *o);
/* The --help text for `cmd` (CMD_NONE: the overview). */
const char *options_help(enum command cmd);
/* djasync(1) in roff, made from the --help texts (`djasync generate-man`). */
void options_man(struct strbuf *b);
/* A completion script for `shell` ("bash" or "zsh") from the command and option tables;
 * -1 for another shell. */
int options_completion(struct strbuf *b, const char *shell);

#endif
