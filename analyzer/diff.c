/* diff: parses `git diff --unified=0 REV` hunk headers into per-file line ranges. Paths are
 * compared from the repository root, so findings reported relative to any folder match.
 *
 * git runs without a shell: posix_spawnp with an argv array, stdin and stderr on /dev/null, and
 * a hardened environment and command line, because the repository being checked may be a
 * stranger's: its .git/config must not run anything (core.fsmonitor, external diff drivers,
 * textconv filters, pagers) nor change the output's shape (diff.noprefix, mnemonic prefixes,
 * colour, renames). Paths are read as bytes: `ls-files -z`, and the `+++ ` header unquoted as
 * git quotes it (C-style, with octal bytes) or with its trailing tab removed. */
#include "diff.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct range {
	int start, end; /* inclusive; end == INT_MAX: the whole file */
};

struct file_ranges {
	char *path; /* relative to the repository root */
	VEC(struct range) r;
};

struct diff {
	char *root; /* repository root, absolute */
	VEC(struct file_ranges) files;
};

static int safe_rev(const char *rev)
{
	if (!rev[0] || rev[0] == '-')
		return 0;
	for (const char *p = rev; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._/~^@{}:-", *p))
			return 0;
	return 1;
}

/* Options that override whatever the repository's config says. */
static const char *const git_hardening[] = {
	"-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=true",
	"-c", "diff.external=", "-c", "core.pager=cat", "--no-pager", NULL,
};

/* The environment git runs in: the caller's, without what redirects git to other programs,
 * plus no system config and no prompts. Returns a NULL-terminated array the caller frees
 * (the strings are environ's, not copies). */
static char **git_environment(void)
{
	static char *const extra[] = {"GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat",
				      "GIT_OPTIONAL_LOCKS=0", NULL};
	static const char *const drop[] = {"GIT_EXTERNAL_DIFF=", "GIT_PAGER=", "PAGER=", "GIT_SSH=",
					   "GIT_SSH_COMMAND=", "GIT_EDITOR=", "GIT_CONFIG_SYSTEM=",
					   "GIT_CONFIG_NOSYSTEM=", "GIT_TERMINAL_PROMPT=", "GIT_OPTIONAL_LOCKS=",
					   "GIT_CONFIG_PARAMETERS=", "GIT_CONFIG_COUNT=", NULL};
	size_t n = 0;
	while (environ && environ[n])
		n++;
	char **env = xcalloc(n + sizeof extra / sizeof *extra + 1, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int keep = 1;
		for (size_t j = 0; drop[j]; j++)
			if (str_has_prefix(environ[i], drop[j]))
				keep = 0;
		if (keep && !str_has_prefix(environ[i], "GIT_CONFIG_KEY_") &&
		    !str_has_prefix(environ[i], "GIT_CONFIG_VALUE_"))
			env[k++] = environ[i];
	}
	for (size_t j = 0; extra[j]; j++)
		env[k++] = extra[j];
	env[k] = NULL;
	return env;
}

/* Runs `git <hardening> args...` and returns its whole standard output (NUL-terminated; the
 * length in *len), or NULL when git could not start. *status: git's exit status, -1 when it
 * did not exit normally or did not start. */
static char *run_git(const char *const *args, size_t *len, int *status)
{
	const char *argv[64];
	size_t n = 0;
	argv[n++] = "git";
	for (size_t i = 0; git_hardening[i]; i++)
		argv[n++] = git_hardening[i];
	for (size_t i = 0; args[i] && n < sizeof argv / sizeof *argv - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	*status = -1;
	int fd[2];
	if (pipe(fd) != 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	char **env = git_environment();
	pid_t pid;
	int err = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fd[1]);
	if (err != 0) {
		close(fd[0]);
		return NULL;
	}
	FILE *f = fdopen(fd[0], "r");
	char *out = f ? read_stream(f, len, NULL) : NULL;
	if (f)
		fclose(f);
	else
		close(fd[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	return out;
}

static struct file_ranges *file_of(diff *df, const char *path)
{
	for (size_t i = 0; i < df->files.len; i++)
		if (strcmp(df->files.items[i].path, path) == 0)
			return &df->files.items[i];
	struct file_ranges f = {xstrdup(path), {0}};
	VEC_PUSH(df->files, f);
	return &df->files.items[df->files.len - 1];
}

/* The path of a `+++ ` header line (after "+++ "), as git wrote it: "b/dir/f.py", or quoted
 * C-style when it holds unusual bytes ("\"b/na\\303\\257ve.py\""), or with a tab after it when
 * it holds a space. Returns the path without its "b/" prefix (caller frees), or NULL for
 * /dev/null (a deleted file) or a header it cannot read. */
char *diff_header_path(const char *h)
{
	struct strbuf b = {0};
	if (*h == '"') {
		for (h++; *h && *h != '"'; h++) {
			if (*h != '\\') {
				sb_putc(&b, *h);
				continue;
			}
			h++;
			static const char esc[] = "a\ab\bf\fn\nr\rt\tv\v\"\"\\\\";
			const char *e = *h ? strchr(esc, *h) : NULL;
			if (*h >= '0' && *h <= '7') {
				int v = 0;
				for (int k = 0; k < 3 && *h >= '0' && *h <= '7'; k++, h++)
					v = v * 8 + (*h - '0');
				h--;
				sb_putc(&b, (char)v);
			} else if (e && (e - esc) % 2 == 0) {
				sb_putc(&b, e[1]);
			} else {
				free(b.s);
				return NULL;
			}
		}
		if (*h != '"') {
			free(b.s);
			return NULL;
		}
	} else {
		size_t n = strcspn(h, "\t");
		sb_add(&b, h, n);
	}
	char *s = b.s ? b.s : xstrdup("");
	if (strncmp(s, "b/", 2) != 0) {
		free(s);
		return NULL;
	}
	memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

diff *diff_load(const char *rev, struct diag *d)
{
	if (!safe_rev(rev)) {
		diag_set(d, "--since: '%s' is not a git revision", rev);
		return NULL;
	}
	int st;
	size_t len;
	char *root = run_git((const char *[]){"rev-parse", "--show-toplevel", NULL}, &len, &st);
	if (st != 0 || !root || !root[0]) {
		diag_set(d, root || st >= 0 ? "--since needs a git repository: the current folder is not in one"
					    : "--since needs git, which could not be started");
		free(root);
		return NULL;
	}
	if (len && root[len - 1] == '\n')
		root[len - 1] = 0;
	char *spec = xasprintf("%s^{commit}", rev);
	free(run_git((const char *[]){"-C", root, "rev-parse", "--verify", "--quiet", spec, NULL}, &len, &st));
	free(spec);
	if (st != 0) {
		diag_set(d, "--since: unknown revision '%s'", rev);
		free(root);
		return NULL;
	}
	diff *df = xcalloc(1, sizeof *df);
	df->root = root;
	char *out = run_git((const char *[]){"-C", root, "diff", "--unified=0", "--no-color", "--no-ext-diff",
					     "--no-textconv", "--no-renames", "--src-prefix=a/",
					     "--dst-prefix=b/", rev, "--", NULL},
			    &len, &st);
	struct file_ranges *cur = NULL;
	for (char *line = out, *next; line && line < out + len; line = next) {
		next = memchr(line, '\n', (size_t)(out + len - line));
		if (next)
			*next++ = 0;
		else
			next = out + len;
		if (strncmp(line, "+++ ", 4) == 0) {
			char *p = diff_header_path(line + 4); /* NULL: /dev/null, a deleted file */
			cur = p ? file_of(df, p) : NULL;
			free(p);
		} else if (cur && strncmp(line, "@@ ", 3) == 0) {
			char *plus = strchr(line, '+');
			if (!plus)
				continue;
			long start = strtol(plus + 1, &plus, 10), count = 1;
			if (*plus == ',')
				count = strtol(plus + 1, NULL, 10);
			if (count > 0 && start > 0 && start <= INT_MAX && count <= INT_MAX - start)
				VEC_PUSH(cur->r, ((struct range){(int)start, (int)(start + count - 1)}));
		}
	}
	free(out);
	/* files git does not track yet are new from top to bottom */
	out = run_git((const char *[]){"-C", root, "ls-files", "-z", "--others", "--exclude-standard", NULL}, &len,
		      &st);
	for (char *p = out; p && p < out + len; p += strlen(p) + 1)
		if (*p)
			VEC_PUSH(file_of(df, p)->r, ((struct range){1, INT_MAX}));
	free(out);
	return df;
}

int diff_touches(const diff *df, const char *path, int line)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		return 0;
	size_t n = strlen(df->root);
	if (strncmp(abs, df->root, n) != 0 || abs[n] != '/')
		return 0;
	const char *rel = abs + n + 1;
	for (size_t i = 0; i < df->files.len; i++) {
		if (strcmp(df->files.items[i].path, rel) != 0)
			continue;
		for (size_t k = 0; k < df->files.items[i].r.len; k++)
			if (line >= df->files.items[i].r.items[k].start && line <= df->files.items[i].r.items[k].end)
				return 1;
	}
	return 0;
}

static int on_new_line(const struct finding *f, void *arg)
{
	return diff_touches(arg, f->path, f->line);
}

void diff_filter(const diff *df, struct report *r)
{
	report_filter(r, on_new_line, (void *)df, 1);
}

void diff_free(diff *df)
{
	if (!df)
		return;
	for (size_t i = 0; i < df->files.len; i++) {
		free(df->files.items[i].path);
		VEC_FREE(df->files.items[i].r);
	}
	VEC_FREE(df->files);
	free(df->root);
	free(df);
}
