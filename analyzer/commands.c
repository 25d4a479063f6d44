/* commands.c: the command table (options.h's commands, each with what it needs and the function
 * that runs it) and the commands that do not scan for findings. */
#include "cache.h"
#include "commands.h"
#include "config.h"
#include "rules.h"
#include "server.h"
#include "version.h"
#include "walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_rule_line(const struct rule *r, void *arg)
{
	(void)arg;
	printf("%s  %-8s %-36s %s\n", r->id, severity_name(r->severity), r->slug, r->summary);
}

static int cmd_rule(const char *id)
{
	const struct rule *r = rule_find(id);
	if (!r) {
		fprintf(stderr, "djasync: no rule '%s' (djasync rules lists them)\n", id);
		return EXIT_ERROR;
	}
	printf("%s %s (%s, family %s)\n\n%s\n", r->id, r->slug, severity_name(r->severity), r->family,
	       r->summary);
	printf("\n%s", r->doc);
	return EXIT_CLEAN;
}


static int show_files(const struct options *o)
{
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct file_list files = {0};
	struct report r = {0};
	int fatal = walk_collect(paths, n, &o->scan.walk, &files, &r);
	for (size_t i = 0; i < r.n_errors; i++)
		print_scan_error(&r.errors[i]);
	for (size_t i = 0; i < files.len; i++) {
		char *p = text_safe(files.paths[i]);
		puts(p);
		free(p);
	}
	file_list_free(&files);
	report_free(&r);
	return fatal ? EXIT_ERROR : EXIT_CLEAN;
}

static void print_list(const char *key, const struct str_vec *v)
{
	printf("%s = [", key);
	for (size_t i = 0; i < v->len; i++)
		printf("%s\"%s\"", i ? ", " : "", v->items[i]);
	puts("]");
}

static void print_enabled(const struct rule *r, void *arg)
{
	if (config_rule_enabled(arg, r->id))
		printf("    \"%s\",  # %s\n", r->id, r->slug);
}

/* --show-settings: the settings in force after the configuration and the flags, as TOML. */
static int show_settings(const struct options *o)
{
	const struct config *c = o->config;
	size_t n;
	const char *const *paths = scan_paths(o, &n);
	struct detected_version dv = {.version = -1};
	const char *ver, *from;
	target_version(o, paths, n, &dv, &ver, &from);
	static const char *const conf[] = {"low", "medium", "high"};
	static const char *const sev[] = {"info", "warning", "error"};
	printf("# djasync %s settings for", DJASYNC_VERSION);
	for (size_t i = 0; i < n; i++)
		printf(" %s", paths[i]);
	printf("\n# configuration: %s\n", c->path ? c->path : "(none: defaults and flags)");
	printf("django-version = \"%s\"  # from %s\n", ver, from);
	printf("min-confidence = \"%s\"\n", conf[o->scan.engine.min_confidence]);
	printf("fail-on = \"%s\"\n", sev[o->fail_on]);
	printf("python-env = \"%s\"\n", o->scan.python_env ? o->scan.python_env : "");
	printf("cache-dir = \"%s\"\n", o->scan.cache_dir ? o->scan.cache_dir : "");
	printf("max-depth = %d\nfollow = %s\n", o->scan.engine.max_depth, o->scan.engine.no_follow ? "false" : "true");
	printf("exclude = [");
	for (size_t i = 0; i < o->n_excludes; i++)
		printf("%s\"%s\"", i ? ", " : "", o->excludes[i]);
	puts("]");
	print_list("async-roots", &c->async_roots);
	print_list("safe-calls", &c->safe_calls);
	for (size_t i = 0; i < c->n_per_file; i++) {
		char *k = xasprintf("per-file-ignores.\"%s\"", c->per_file[i].glob);
		print_list(k, &c->per_file[i].codes);
		free(k);
	}
	puts("enabled-rules = [");
	rules_each(print_enabled, (void *)c);
	puts("]");
	version_free(&dv);
	return EXIT_CLEAN;
}

/* djasync clean: the cache folder of the project, or --cache-dir's. */
static int cmd_clean(const struct options *o)
{
	if (!o->scan.cache_dir) {
		puts("No cache (--no-cache).");
		return EXIT_CLEAN;
	}
	struct diag d = {{0}};
	int rc = cache_clean(o->scan.cache_dir, &d);
	char *p = text_safe(o->scan.cache_dir);
	if (rc < 0)
		fprintf(stderr, "djasync: %s\n", d.msg);
	else
		printf(rc ? "Removed %s\n" : "No cache at %s\n", p);
	free(p);
	return rc < 0 ? EXIT_ERROR : EXIT_CLEAN;
}


static int cmd_rules(const struct options *o)
{
	(void)o;
	rules_each(print_rule_line, NULL);
	return EXIT_CLEAN;
}

static int cmd_rule_named(const struct options *o)
{
	return cmd_rule(o->rule_id);
}

static int cmd_server(const struct options *o)
{
	return server_run(stdin, stdout, stderr, &o->scan, o->config);
}

static int cmd_version(const struct options *o)
{
	(void)o;
	printf("djasync %s\n", DJASYNC_VERSION);
	return EXIT_CLEAN;
}

static int cmd_help(const struct options *o)
{
	(void)o;
	fputs(options_help(CMD_NONE), stdout);
	return EXIT_CLEAN;
}

static int cmd_man(const struct options *o)
{
	(void)o;
	struct strbuf b = {0};
	options_man(&b);
	fwrite(sb_str(&b), 1, b.len, stdout);
	sb_free(&b);
	return EXIT_CLEAN;
}

static int cmd_completion(const struct options *o)
{
	struct strbuf b = {0};
	int rc = EXIT_CLEAN;
	if (options_completion(&b, o->rule_id) != 0) {
		fprintf(stderr, "djasync: generate-shell-completion: unknown shell '%s' (bash or zsh)\n", o->rule_id);
		rc = EXIT_ERROR;
	}
	fwrite(sb_str(&b), 1, b.len, stdout);
	sb_free(&b);
	return rc;
}

/* check's --show-files and --show-settings answer instead of the scan. */
static int cmd_check_or_show(const struct options *o)
{
	return o->show_files ? show_files(o) : o->show_settings ? show_settings(o) : cmd_check(o);
}

static int cmd_baseline_or_show(const struct options *o)
{
	return o->show_files ? show_files(o) : o->show_settings ? show_settings(o) : cmd_baseline(o);
}

static int cmd_effort_or_show(const struct options *o)
{
	return o->show_files ? show_files(o) : o->show_settings ? show_settings(o) : cmd_effort(o);
}

static const struct command_row rows[] = {
	{CMD_CHECK, 1, cmd_check_or_show},
	{CMD_BASELINE, 1, cmd_baseline_or_show},
	{CMD_EFFORT, 1, cmd_effort_or_show},
	{CMD_SERVER, 1, cmd_server},
	{CMD_CLEAN, 1, cmd_clean},
	{CMD_RULES, 0, cmd_rules},
	{CMD_RULE, 0, cmd_rule_named},
	{CMD_GEN_MAN, 0, cmd_man},
	{CMD_GEN_COMPLETION, 0, cmd_completion},
	{CMD_VERSION, 0, cmd_version},
	{CMD_NONE, 0, cmd_help}, /* the sentinel: help, and any command without a row */
};

const struct command_row *command_find(enum command cmd)
{
	const struct command_row *r = rows;
	while (r->cmd != CMD_NONE && r->cmd != cmd)
		r++;
	return r;
}
