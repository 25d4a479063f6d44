/* options: argv to struct options for every subcommand, and the help texts. Values are
 * validated here so that main.c only dispatches. */
#include "options.h"
#include "cache.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_DJANGO "5.2"
#define DEFAULT_MAX_FILE_SIZE (10u * 1024 * 1024)
#define DEFAULT_MAX_DEPTH 10

static const char help_overview[] =
	"djasync - find blocking synchronous code in async Django code\n"
	"\n"
	"Usage: djasync <command> [options] [PATH...]\n"
	"\n"
	"Commands:\n"
	"  check [PATH...]   scan Python files (default: the current folder) and report findings\n"
	"  effort [PATH...]  estimate the work to move the project's views to async, view by\n"
	"                    view and app by app (--format text, json, markdown or html)\n"
	"  baseline [PATH...] -o FILE\n"
	"                    record today's findings, so `check --baseline FILE` reports only new ones\n"
	"  server            a language server (LSP over stdio) for editors\n"
	"  clean [PATH]      remove the summaries cache of PATH's project (default: the current\n"
	"                    folder's): its .djasync_cache/ at the project root, or --cache-dir\n"
	"  rules             list every rule with its id, severity and summary\n"
	"  rule ID           print the documentation of one rule (e.g. djasync rule DJA101)\n"
	"  version           print the version\n"
	"  generate-man      print the djasync(1) manual page (roff), made from these help texts\n"
	"  generate-shell-completion bash|zsh\n"
	"                    print a completion script (`make install` installs both)\n"
	"\n"
	"Run `djasync check --help` for the scan options.\n"
	"\n"
	"Exit status: 0 no findings, 1 findings, 2 usage or internal error.\n";

static const char help_check[] =
	"Usage: djasync check [options] [PATH...]\n"
	"\n"
	"Scans the .py files under each PATH (default: .) for blocking calls in async code.\n"
	"Folders are walked in sorted order; .git, __pycache__, node_modules, site-packages,\n"
	"hidden folders, virtualenvs (a folder with pyvenv.cfg) and what git ignores are skipped.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT           text (default), json, sarif (SARIF 2.1.0) or github (workflow\n"
	"                            commands that annotate a pull request)\n"
	"  --config FILE             settings from FILE ([tool.djasync] of a pyproject.toml, or a\n"
	"                            djasync.toml); default: the nearest .djasync.toml,\n"
	"                            djasync.toml or pyproject.toml with a [tool.djasync] table at\n"
	"                            or above the first PATH. Flags win over it.\n"
	"  --select CODES            run only these rules: codes or prefixes, comma-separated\n"
	"                            (DJA1 = DJA1xx, ALL = every rule); replaces the file's select\n"
	"  --extend-select CODES     add rules to those selected\n"
	"  --ignore CODES            do not run these rules (--extend-ignore: the same); the most\n"
	"                            specific code wins: --ignore DJA1 --extend-select DJA101 keeps\n"
	"                            DJA101. An unknown code is an error (exit 2).\n"
	"  -o, --output-file FILE    write the report to FILE (atomically) instead of stdout\n"
	"  --stdin-filename PATH     read PATH's text from stdin (an unsaved editor buffer) and\n"
	"                            report its findings, analyzed within its project (the folder\n"
	"                            above it with manage.py, pyproject.toml, setup.py or .git)\n"
	"  --context DIR             analyze DIR as the project (its helpers, settings, models) and\n"
	"                            report only the findings in the PATHs given (pre-commit passes\n"
	"                            the changed files: `djasync check --context . FILE...`)\n"
	"  --baseline FILE           report only findings that are not in FILE (djasync baseline)\n"
	"  --since REV               report only findings on lines added or changed since git REV\n"
	"                            (--diff=REV: the same, the old spelling)\n"
	"  --fix                     rewrite what has a safe mechanical fix (the async twin at the\n"
	"                            target version: `await Book.objects.aget(...)`, `await\n"
	"                            obj.asave()`, `async for`), re-check, and report what is left\n"
	"  --diff                    print the safe fixes as a unified diff and write nothing\n"
	"                            (exit 1 when there is one, as Ruff)\n"
	"  --unsafe-fixes            with --fix or --diff, also the fixes that need a review: a\n"
	"                            blocking helper call wrapped, `await sync_to_async(helper)(...)`,\n"
	"                            the import added\n"
	"  --add-noqa                silence today's findings where they are: `# noqa: DJA101` at\n"
	"                            the end of each line (merged into a `# noqa: ...` there)\n"
	"  --statistics              one line per rule: how many findings, most frequent first\n"
	"  -q, --quiet               the findings only, without the summary line\n"
	"  --show-files              list the files a scan would read, then exit\n"
	"  --show-settings           print the settings in force (configuration and flags\n"
	"                            resolved, the rules enabled), then exit\n"
	"  --show-suppressed         also list findings silenced by # noqa / # djasync: ignore[...] /\n"
	"                            skip-file comments or by the baseline\n"
	"  --fail-on LEVEL           exit 1 only for findings of LEVEL or worse: info (default),\n"
	"                            warning or error\n"
	"  --exit-zero               exit 0 even when there are findings\n"
	"  --django-version X.Y      Django version the suggestions target (default: " DEFAULT_DJANGO ");\n"
	"                            below the version an async API appeared in, the\n"
	"                            suggestion is sync_to_async\n"
	"  --min-confidence LEVEL    report only findings at low|medium|high confidence or above\n"
	"                            (default: medium; low findings are guesses about a type, such\n"
	"                            as a relation read on a parameter); confidence says how sure\n"
	"                            the receiver's type is\n"
	"  --max-depth N             follow calls into sync helpers at most N hops deep (default 10)\n"
	"  --no-follow               do not follow calls into sync helpers (no DJA501)\n"
	"  --python-env DIR          follow calls into the third-party packages installed in DIR\n"
	"                            (a virtualenv, or a site-packages / dist-packages folder);\n"
	"                            default: $VIRTUAL_ENV, else .venv/, venv/ or env/ at the\n"
	"                            project root, else none\n"
	"  --no-python-env           the project's code only, even when an environment is found\n"
	"  --exclude GLOB            skip paths matching GLOB (on the path relative to the project\n"
	"                            root, the path as typed or the base name); repeatable, e.g.\n"
	"                            --exclude 'migrations' --exclude '*/tests/*'\n"
	"  --no-respect-gitignore    also scan what git ignores (.gitignore files, .git/info/exclude,\n"
	"                            core.excludesFile) and what .ignore files name\n"
	"  --max-file-size SIZE      skip larger files with a note (default: 10M; 0 = no limit)\n"
	"  -j, --jobs N              parse with N threads (default: number of cores); the output\n"
	"                            is identical for every N\n"
	"  --color auto|always|never colour the text output (default: auto: on a terminal, unless\n"
	"                            NO_COLOR is set)\n"
	"  --no-color                same as --color never\n"
	"  --no-cache                do not read or write the summaries cache\n"
	"  --cache-dir DIR           where to keep it (default: $DJASYNC_CACHE_DIR when set, else\n"
	"                            .djasync_cache at the project root: the folder of the\n"
	"                            configuration in use, else the git root, else the current\n"
	"                            folder; made with a .gitignore). Entries are checked with a\n"
	"                            key kept in ~/.cache/djasync, so a cache that comes with the\n"
	"                            scanned tree is never trusted. `djasync clean` removes it.\n"
	"  --stats                   print where the time went (walk, parse, facts, index, rules)\n"
	"                            on stderr\n"
	"  --query-dir DIR           read tree-sitter queries from DIR instead of the built-in copy\n"
	"                            (for rule authors)\n"
	"  -h, --help                this help\n"
	"\n"
	"Examples:\n"
	"  djasync check .\n"
	"  djasync check --format json --django-version 4.2 myproject/ > findings.json\n"
	"  djasync check --min-confidence high --exclude '*/migrations/*' src/\n"
	"\n"
	"Suppressing one finding: `# noqa: DJA101` (or `# djasync: ignore[DJA101]`) at the end of\n"
	"its line; bare `# noqa` silences every rule there; `# djasync: skip-file` a whole file.\n"
	"\n"
	"Exit status: 0 no findings, 1 findings, 2 usage or internal error. A syntax error is a\n"
	"finding (DJA001). Files that cannot be read are reported on stderr and do not change\n"
	"the status. Options a command does not take are errors.\n";

static const char help_baseline[] =
	"Usage: djasync baseline [options] [PATH...] [-o FILE]\n"
	"\n"
	"Scans like `djasync check` and records every finding's fingerprint in FILE (default\n"
	".djasync-baseline.json), written atomically. Later, `djasync check --baseline FILE`\n"
	"reports and fails only on findings that are not in it. Fingerprints ignore line numbers:\n"
	"inserting lines above a finding, editing other functions or moving its function keeps it\n"
	"known; changing the flagged statement makes it new.\n"
	"\n"
	"Options: those of `djasync check` that choose what is scanned (--exclude, --django-version,\n"
	"--min-confidence, --max-depth, --no-follow, -j, caching), and -o/--output FILE.\n";

static const char help_effort[] =
	"Usage: djasync effort [options] [PATH...]\n"
	"\n"
	"Estimates the effort to move a project toward async views. Views come from the URLconfs\n"
	"(path, re_path, url, include() across files, View.as_view(), DRF routers, django-ninja),\n"
	"plus view classes no URLconf reaches (counted: registered at run time?) and view-like\n"
	"functions no URLconf reaches (listed apart). Apps are Django's (AppConfig, INSTALLED_APPS).\n"
	"Each sync view is analyzed as if it were async: every blocking event it would meet,\n"
	"directly or through helpers, is classified mechanical (an async twin exists at the target\n"
	"Django version), wrap (needs sync_to_async around a block), relation, framework (DRF or\n"
	"generic class views, sync-only middleware) or library (requests, redis, ...), and priced\n"
	"by the cost model (README; override it in [tool.djasync.effort]). Reports totals per\n"
	"view, app and project as\n"
	"ranges, readiness today and after the mechanical steps, the framework and library share,\n"
	"and the order of work, each item with the events (file:line, rule) its minutes are made of.\n"
	"\n"
	"  djasync effort --format html -o report.html .   one self-contained page to look at\n"
	"  djasync effort --format json -o sprint-12.json . then, later:\n"
	"  djasync effort --compare sprint-12.json .       views made async-safe, minutes removed,\n"
	"                                                   new blockers (repeat --compare, oldest\n"
	"                                                   first, for the HTML burn-down)\n"
	"\n"
	"Options: --format text|json|markdown|html, -o/--output-file FILE, and those of check\n"
	"that choose what is scanned (--exclude, --django-version, --config, -j, caching).\n";

static const char help_rules[] =
	"Usage: djasync rules\n"
	"\n"
	"Lists every rule: id, severity, slug and a one-line summary.\n";

static const char help_rule[] =
	"Usage: djasync rule ID\n"
	"\n"
	"Prints the documentation of rule ID (e.g. DJA101) or of a slug\n"
	"(e.g. sync-orm-call-in-async): what it does, why it matters, an example and the fix.\n";

const char *options_help(enum command cmd)
{
	switch (cmd) {
	case CMD_CHECK:
		return help_check;
	case CMD_BASELINE:
		return help_baseline;
	case CMD_EFFORT:
		return help_effort;
	case CMD_RULES:
		return help_rules;
	case CMD_RULE:
		return help_rule;
	default:
		return help_overview;
	}
}

static const struct {
	const char *name;
	enum command cmd;
} commands[] = {
	{"check", CMD_CHECK}, {"effort", CMD_EFFORT}, {"baseline", CMD_BASELINE}, {"server", CMD_SERVER}, {"rules", CMD_RULES}, {"rule", CMD_RULE},
	{"clean", CMD_CLEAN}, {"generate-man", CMD_GEN_MAN}, {"generate-shell-completion", CMD_GEN_COMPLETION},
	{"version", CMD_VERSION}, {"help", CMD_HELP}, {NULL, CMD_NONE},
};

#define ON(c) (1u << (c))
#define SCANS (ON(CMD_CHECK) | ON(CMD_EFFORT) | ON(CMD_BASELINE) | ON(CMD_SERVER))
#define REPORTS (ON(CMD_CHECK) | ON(CMD_EFFORT) | ON(CMD_BASELINE))

/* Which commands take each option: any other command refuses it. */
static const struct {
	const char *name;
	unsigned commands;
} option_commands[] = {
	{"--format", ON(CMD_CHECK) | ON(CMD_EFFORT)},
	{"--output-file", REPORTS},
	{"-o", REPORTS},
	{"--stdin-filename", ON(CMD_CHECK)},
	{"--context", ON(CMD_CHECK)},
	{"--baseline", ON(CMD_CHECK)},
	{"--diff", ON(CMD_CHECK)},
	{"--since", ON(CMD_CHECK)},
	{"--fail-on", ON(CMD_CHECK)},
	{"--exit-zero", ON(CMD_CHECK)},
	{"--fix", ON(CMD_CHECK)},
	{"--unsafe-fixes", ON(CMD_CHECK)},
	{"--add-noqa", ON(CMD_CHECK)},
	{"--show-suppressed", ON(CMD_CHECK)},
	{"--statistics", ON(CMD_CHECK)},
	{"--quiet", ON(CMD_CHECK)},
	{"-q", ON(CMD_CHECK)},
	{"--color", ON(CMD_CHECK) | ON(CMD_EFFORT)},
	{"--no-color", ON(CMD_CHECK) | ON(CMD_EFFORT)},
	{"--stats", REPORTS},
	{"--show-settings", REPORTS},
	{"--show-files", REPORTS},
	{"--django-version", SCANS},
	{"--min-confidence", SCANS},
	{"--exclude", SCANS},
	{"--compare", ON(CMD_EFFORT)},
	{"--max-file-size", SCANS},
	{"--jobs", SCANS},
	{"-j", SCANS},
	{"--max-depth", SCANS},
	{"--no-follow", SCANS},
	{"--cache-dir", SCANS | ON(CMD_CLEAN)},
	{"--config", SCANS | ON(CMD_CLEAN)},
	{"--no-cache", SCANS},
	{"--python-env", SCANS},
	{"--no-python-env", SCANS},
	{"--query-dir", SCANS},
	{"--no-respect-gitignore", SCANS},
	{"--select", SCANS},
	{"--extend-select", SCANS},
	{"--ignore", SCANS},
	{"--extend-ignore", SCANS},
	{NULL, 0},
};

/* 0, or -1 with d set when `a` is an option that `cmd` does not take. */
static int option_applies(enum command cmd, const char *a, const char *cmd_name, struct diag *d)
{
	size_t n = strcspn(a, "=");
	if (a[0] == '-' && a[1] == 'j')
		n = 2;
	for (size_t k = 0; option_commands[k].name; k++)
		if (strlen(option_commands[k].name) == n && strncmp(option_commands[k].name, a, n) == 0) {
			if (option_commands[k].commands & ON(cmd))
				return 0;
			diag_set(d, "%.*s: `djasync %s` does not take this option (see djasync %s --help)", (int)n, a,
				 cmd_name, cmd_name);
			return -1;
		}
	return 0;
}

/* "10M", "512K", "1000" -> bytes; -1 when malformed. */
static long long parse_size(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || v < 0)
		return -1;
	if (*end == 'K' || *end == 'k')
		v *= 1024, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1024 * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		v *= 1024LL * 1024 * 1024, end++;
	return *end ? -1 : v;
}

/* `--name VALUE` or `--name=VALUE`; advances *i. NULL when this is not that option. */
static const char *take_value(int argc, char **argv, int *i, const char *name, const char *alt,
			      int *missing)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) == 0 && a[n] == '=')
		return a + n + 1;
	if (strcmp(a, name) == 0 || (alt && strcmp(a, alt) == 0)) {
		if (*i + 1 >= argc) {
			*missing = 1;
			return NULL;
		}
		return argv[++*i];
	}
	return NULL;
}

int options_parse(struct options *o, int argc, char **argv, struct diag *d)
{
	memset(o, 0, sizeof *o);
	o->django_version = DEFAULT_DJANGO;
	o->scan.max_file_size = DEFAULT_MAX_FILE_SIZE;
	o->scan.engine.django_version = django_version_parse(DEFAULT_DJANGO);
	o->scan.engine.min_confidence = CONF_MEDIUM; /* low findings are guesses: shown on request */
	o->scan.engine.max_depth = DEFAULT_MAX_DEPTH;
	if (argc < 2) {
		o->cmd = CMD_HELP;
		return 0;
	}
	int i = 1;
	const char *c = argv[1];
	if (strcmp(c, "-h") == 0 || strcmp(c, "--help") == 0) {
		o->cmd = CMD_HELP;
		return 0;
	}
	if (strcmp(c, "--version") == 0 || strcmp(c, "-V") == 0) {
		o->cmd = CMD_VERSION;
		return 0;
	}
	for (size_t k = 0; commands[k].name; k++)
		if (strcmp(c, commands[k].name) == 0)
			o->cmd = commands[k].cmd;
	if (o->cmd == CMD_NONE) {
		diag_set(d, "unknown command '%s' (commands: check, effort, baseline, server, clean, rules, rule, "
			    "version; see djasync --help)", c);
		return -1;
	}
	int only_paths = 0;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		int missing = 0;
		if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
			if ((o->cmd == CMD_RULE || o->cmd == CMD_GEN_COMPLETION) && !o->rule_id) {
				o->rule_id = a;
				continue;
			}
			if (o->cmd != CMD_CHECK && o->cmd != CMD_BASELINE && o->cmd != CMD_EFFORT && o->cmd != CMD_CLEAN) {
				diag_set(d, "unexpected argument '%s'", a);
				return -1;
			}
			o->paths = xrealloc(o->paths, (o->n_paths + 1) * sizeof *o->paths);
			o->paths[o->n_paths++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_paths = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->cmd = o->cmd == CMD_HELP ? CMD_HELP : o->cmd;
			o->rule_id = "--help";
			return 0;
		} else if (option_applies(o->cmd, a, argv[1], d) != 0) {
			return -1;
		} else if ((v = take_value(argc, argv, &i, "--format", NULL, &missing))) {
			int f = format_find(v);
			if (f < 0) {
				char *cn = format_names(0, 0), *en = format_names(1, 0);
				diag_set(d, "--format: unknown format '%s' (%s; effort: %s)", v, cn, en);
				free(cn);
				free(en);
				return -1;
			}
			o->format = (enum format)f;
		} else if ((v = take_value(argc, argv, &i, "--output-file", "-o", &missing)) ||
			   (o->cmd == CMD_BASELINE && (v = take_value(argc, argv, &i, "--output", "-o", &missing)))) {
			o->output_file = v;
		} else if ((v = take_value(argc, argv, &i, "--config", NULL, &missing))) {
			o->config_file = v;
		} else if ((v = take_value(argc, argv, &i, "--stdin-filename", NULL, &missing))) {
			o->stdin_filename = v;
		} else if ((v = take_value(argc, argv, &i, "--context", NULL, &missing))) {
			o->context = v;
		} else if ((v = take_value(argc, argv, &i, "--baseline", NULL, &missing))) {
			o->baseline = v;
		} else if (strcmp(a, "--diff") == 0) {
			o->fix_diff = 1; /* as Ruff: print the fixes as a diff, write nothing */
		} else if ((v = take_value(argc, argv, &i, "--since", NULL, &missing)) ||
			   (strncmp(a, "--diff=", 7) == 0 && (v = a + 7))) { /* --diff=REV: the old spelling */
			o->diff_rev = v;
		} else if ((v = take_value(argc, argv, &i, "--fail-on", NULL, &missing))) {
			if (strcmp(v, "info") == 0)
				o->fail_on = SEV_INFO;
			else if (strcmp(v, "warning") == 0)
				o->fail_on = SEV_WARNING;
			else if (strcmp(v, "error") == 0)
				o->fail_on = SEV_ERROR;
			else {
				diag_set(d, "--fail-on: expected info, warning or error, got '%s'", v);
				return -1;
			}
			o->fail_on_given = 1;
		} else if ((v = take_value(argc, argv, &i, "--select", NULL, &missing))) {
			o->sel.has_select = 1;
			if (selection_add(&o->sel.select, v, "--select", d) != 0)
				return -1;
		} else if ((v = take_value(argc, argv, &i, "--extend-select", NULL, &missing))) {
			if (selection_add(&o->sel.extend_select, v, "--extend-select", d) != 0)
				return -1;
		} else if ((v = take_value(argc, argv, &i, "--ignore", NULL, &missing))) {
			if (selection_add(&o->sel.ignore, v, "--ignore", d) != 0)
				return -1;
		} else if ((v = take_value(argc, argv, &i, "--extend-ignore", NULL, &missing))) {
			if (selection_add(&o->sel.extend_ignore, v, "--extend-ignore", d) != 0)
				return -1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o->quiet = 1;
		} else if (strcmp(a, "--statistics") == 0) {
			o->statistics = 1;
		} else if (strcmp(a, "--show-settings") == 0) {
			o->show_settings = 1;
		} else if (strcmp(a, "--show-files") == 0) {
			o->show_files = 1;
		} else if (strcmp(a, "--fix") == 0) {
			o->fix = 1;
		} else if (strcmp(a, "--unsafe-fixes") == 0) {
			o->unsafe_fixes = 1;
		} else if (strcmp(a, "--add-noqa") == 0) {
			o->add_noqa = 1;
		} else if (strcmp(a, "--exit-zero") == 0) {
			o->exit_zero = 1;
		} else if (strcmp(a, "--show-suppressed") == 0) {
			o->show_suppressed = 1;
		} else if ((v = take_value(argc, argv, &i, "--django-version", NULL, &missing))) {
			int ver = django_version_parse(v);
			if (ver < 0) {
				diag_set(d, "--django-version: expected a version like 4.2 or 5.2, got '%s'", v);
				return -1;
			}
			o->django_version = v;
			o->django_version_given = 1;
			o->scan.engine.django_version = ver;
		} else if ((v = take_value(argc, argv, &i, "--min-confidence", NULL, &missing))) {
			int cf = confidence_parse(v);
			if (cf < 0) {
				diag_set(d, "--min-confidence: expected low, medium or high, got '%s'", v);
				return -1;
			}
			o->scan.engine.min_confidence = (enum confidence)cf;
			o->min_confidence_given = 1;
		} else if ((v = take_value(argc, argv, &i, "--compare", NULL, &missing))) {
			o->compare = xrealloc(o->compare, (o->n_compare + 1) * sizeof *o->compare);
			o->compare[o->n_compare++] = v;
		} else if ((v = take_value(argc, argv, &i, "--exclude", NULL, &missing))) {
			o->excludes = xrealloc(o->excludes, (o->n_excludes + 1) * sizeof *o->excludes);
			o->excludes[o->n_excludes++] = v;
		} else if ((v = take_value(argc, argv, &i, "--max-file-size", NULL, &missing))) {
			long long sz = parse_size(v);
			if (sz < 0) {
				diag_set(d, "--max-file-size: expected a size like 10M, 512K or 0, got '%s'", v);
				return -1;
			}
			o->scan.max_file_size = (size_t)sz;
		} else if ((v = take_value(argc, argv, &i, "--jobs", "-j", &missing))) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 256) {
				diag_set(d, "--jobs: expected a number from 1 to 256, got '%s'", v);
				return -1;
			}
			o->scan.jobs = (int)n;
		} else if ((v = take_value(argc, argv, &i, "--color", NULL, &missing))) {
			if (strcmp(v, "auto") == 0)
				o->color = COLOR_AUTO;
			else if (strcmp(v, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(v, "never") == 0)
				o->color = COLOR_NEVER;
			else {
				diag_set(d, "--color: expected auto, always or never, got '%s'", v);
				return -1;
			}
		} else if ((v = take_value(argc, argv, &i, "--max-depth", NULL, &missing))) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 1000) {
				diag_set(d, "--max-depth: expected a number from 1 to 1000, got '%s'", v);
				return -1;
			}
			o->scan.engine.max_depth = (int)n;
		} else if ((v = take_value(argc, argv, &i, "--cache-dir", NULL, &missing))) {
			if (!v[0]) {
				diag_set(d, "--cache-dir: an empty folder name (use --no-cache for no cache)");
				return -1;
			}
			o->scan.cache_dir = v;
		} else if (strcmp(a, "--no-cache") == 0) {
			o->no_cache = 1;
		} else if ((v = take_value(argc, argv, &i, "--python-env", NULL, &missing))) {
			o->python_env = v;
		} else if (strcmp(a, "--no-python-env") == 0) {
			o->no_python_env = 1;
		} else if (strcmp(a, "--no-respect-gitignore") == 0) {
			o->scan.walk.no_gitignore = 1;
			o->no_gitignore_given = 1;
		} else if (strcmp(a, "--no-follow") == 0) {
			o->scan.engine.no_follow = 1;
		} else if (strcmp(a, "--stats") == 0) {
			o->stats = 1;
		} else if (strcmp(a, "--no-color") == 0) {
			o->color = COLOR_NEVER;
		} else if ((v = take_value(argc, argv, &i, "--query-dir", NULL, &missing))) {
			o->scan.query_dir = v;
		} else if (missing) {
			diag_set(d, "%s needs a value", a);
			return -1;
		} else if (strncmp(a, "-j", 2) == 0 && a[2]) {
			char *end;
			long n = strtol(a + 2, &end, 10);
			if (*end || n < 1 || n > 256) {
				diag_set(d, "-j: expected a number from 1 to 256, got '%s'", a + 2);
				return -1;
			}
			o->scan.jobs = (int)n;
		} else {
			diag_set(d, "unknown option '%s' (see djasync %s --help)", a, argv[1]);
			return -1;
		}
		if (missing) {
			diag_set(d, "%s needs a value", a);
			return -1;
		}
	}
	if (o->cmd == CMD_RULE && !o->rule_id) {
		diag_set(d, "rule: which rule? e.g. djasync rule DJA101 (djasync rules lists them)");
		return -1;
	}
	if (o->cmd == CMD_GEN_COMPLETION && !o->rule_id) {
		diag_set(d, "generate-shell-completion: which shell? bash or zsh");
		return -1;
	}
	if ((o->cmd == CMD_CHECK || o->cmd == CMD_EFFORT) && !format_written_by(o->format, o->cmd == CMD_EFFORT)) {
		int effort = o->cmd == CMD_EFFORT;
		char *names = format_names(effort, 1);
		const char *name = formats[o->format].name;
		if (format_written_by(o->format, !effort))
			diag_set(d, "--format %s: `djasync %s` writes %s (%s is `djasync %s`'s)", name, effort ? "effort" : "check",
				 names, name, effort ? "check" : "effort");
		else
			diag_set(d, "--format %s: `djasync %s` writes %s", name, effort ? "effort" : "check", names);
		free(names);
		return -1;
	}
	if (o->statistics && o->format != FMT_TEXT) {
		diag_set(d, "--statistics writes text: it does not combine with --format");
		return -1;
	}
	if (o->add_noqa && (o->fix || o->fix_diff || o->stdin_filename || o->statistics)) {
		diag_set(d, "--add-noqa writes comments only: not with --fix, --diff, --statistics or --stdin-filename");
		return -1;
	}
	if (o->unsafe_fixes && !o->fix && !o->fix_diff) {
		diag_set(d, "--unsafe-fixes widens --fix or --diff: give one of them");
		return -1;
	}
	if (o->fix_diff && (o->fix || o->statistics || o->output_file)) {
		diag_set(d, "--diff prints the fixes instead of writing them: not with --fix, --statistics or --output-file");
		return -1;
	}
	if ((o->fix || o->fix_diff) && o->stdin_filename) {
		diag_set(d, "--fix/--diff and --stdin-filename: they fix files on disk (the editor's code actions fix buffers)");
		return -1;
	}
	if (o->context && o->stdin_filename) {
		diag_set(d, "--context and --stdin-filename: one at a time");
		return -1;
	}
	if (o->show_settings && o->show_files) {
		diag_set(d, "--show-settings and --show-files: one at a time");
		return -1;
	}
	if (o->no_cache)
		o->scan.cache_dir = NULL;
	o->scan.cache_at_root = !o->no_cache && !o->scan.cache_dir; /* main.c (the server: server.c) */
	o->scan.walk.excludes = o->excludes;
	o->scan.walk.n_excludes = o->n_excludes;
	return 0;
}

void options_free(struct options *o)
{
	selection_free(&o->sel);
	free(o->extra_names);
	free(o->extra_fixes);
	o->extra_names = o->extra_fixes = NULL;
	free(o->paths);
	free(o->excludes);
	free(o->compare);
	free(o->cache_dir_owned);
	o->cache_dir_owned = NULL;
	free(o->python_env_owned);
	o->python_env_owned = NULL;
	free(o->root_real);
	free(o->cwd_real);
	o->root_real = o->cwd_real = NULL;
	o->paths = NULL;
	o->excludes = NULL;
	o->compare = NULL;
}

/* roff-escaped: a backslash doubled, a line starting with . or ' protected. */
static void roff_text(struct strbuf *b, const char *text)
{
	int bol = 1;
	for (const char *p = text; *p; p++) {
		if (bol && (*p == '.' || *p == '\''))
			sb_puts(b, "\\&");
		if (*p == '\\')
			sb_puts(b, "\\e");
		else if (*p == '-')
			sb_puts(b, "\\-");
		else
			sb_putc(b, *p);
		bol = *p == '\n';
	}
}

void options_man(struct strbuf *b)
{
	static const struct {
		const char *title;
		enum command cmd;
	} sections[] = {
		{"COMMANDS", CMD_NONE}, {"CHECK", CMD_CHECK}, {"BASELINE", CMD_BASELINE}, {"EFFORT", CMD_EFFORT},
		{"RULES", CMD_RULES}, {"RULE", CMD_RULE},
	};
	sb_puts(b, ".TH DJASYNC 1 \"\" \"djasync\" \"User Commands\"\n"
		   ".SH NAME\ndjasync \\- find blocking synchronous code in async Django code\n"
		   ".SH SYNOPSIS\n.B djasync\n.I command\n[\\fIoptions\\fR] [\\fIPATH\\fR...]\n");
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		sb_printf(b, ".SH %s\n.nf\n", sections[i].title);
		roff_text(b, options_help(sections[i].cmd));
		sb_puts(b, ".fi\n");
	}
	sb_puts(b, ".SH FILES\n.TP\n.I .djasync_cache/\nthe summaries cache, at the project root "
		   "(\\fBdjasync clean\\fR removes it)\n.TP\n.I ~/.cache/djasync/key\n"
		   "the key that authenticates cache entries\n.TP\n.I pyproject.toml, djasync.toml, .djasync.toml\n"
		   "the configuration ([tool.djasync])\n"
		   ".SH EXIT STATUS\n0 no findings, 1 findings, 2 usage or internal error.\n");
}

static int cmd_takes(const char *opt, enum command cmd)
{
	for (size_t k = 0; option_commands[k].name; k++)
		if (strcmp(option_commands[k].name, opt) == 0)
			return (option_commands[k].commands & ON(cmd)) != 0;
	return 0;
}

int options_completion(struct strbuf *b, const char *shell)
{
	int bash = strcmp(shell, "bash") == 0;
	if (!bash && strcmp(shell, "zsh") != 0)
		return -1;
	static const enum command with_opts[] = {CMD_CHECK, CMD_EFFORT, CMD_BASELINE, CMD_SERVER, CMD_CLEAN};
	if (bash)
		sb_puts(b, "# bash completion for djasync (made by `djasync generate-shell-completion bash`)\n"
			   "_djasync() {\n\tlocal cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}\n"
			   "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n\t\tCOMPREPLY=($(compgen -W \"");
	else
		sb_puts(b, "#compdef djasync\n# zsh completion for djasync (made by `djasync "
			   "generate-shell-completion zsh`)\n_djasync() {\n\tif (( CURRENT == 2 )); then\n"
			   "\t\tcompadd -- ");
	for (size_t k = 0; commands[k].name; k++)
		sb_printf(b, "%s%s", k ? " " : "", commands[k].name);
	sb_puts(b, bash ? "\" -- \"$cur\"))\n\t\treturn\n\tfi\n\tcase $cmd in\n"
			: "\n\t\treturn\n\tfi\n\tcase ${words[2]} in\n");
	for (size_t c = 0; c < sizeof with_opts / sizeof *with_opts; c++) {
		const char *name = NULL;
		for (size_t k = 0; commands[k].name; k++)
			if (commands[k].cmd == with_opts[c])
				name = commands[k].name;
		sb_printf(b, "\t%s)\n", name);
		sb_puts(b, bash ? "\t\tif [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"" : "\t\tcompadd -- ");
		int first = 1;
		for (size_t k = 0; option_commands[k].name; k++)
			if (option_commands[k].name[1] == '-' && cmd_takes(option_commands[k].name, with_opts[c])) {
				sb_printf(b, "%s%s", first ? "" : " ", option_commands[k].name);
				first = 0;
			}
		sb_puts(b, first ? "" : " ");
		sb_puts(b, "--help");
		sb_puts(b, bash ? "\" -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n\t\t;;\n"
				: "\n\t\t_files\n\t\t;;\n");
	}
	if (bash)
		sb_puts(b, "\tgenerate-shell-completion)\n\t\tCOMPREPLY=($(compgen -W \"bash zsh\" -- \"$cur\"))\n\t\t;;\n"
			   "\tesac\n}\ncomplete -F _djasync djasync\n");
	else
		sb_puts(b, "\tgenerate-shell-completion)\n\t\tcompadd -- bash zsh\n\t\t;;\n\tesac\n}\n"
			   "_djasync \"$@\"\n");
	return 0;
}
