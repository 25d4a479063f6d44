/* diff: parses `git diff --unified=0 REV` hunk headers into per-file line ranges. Paths are
 * compared from the repository root, so findings reported relative to any folder match. */
#include "diff.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	if (!p) {
		*status = -1;
		return NULL;
	}
	char *out = read_stream(p, NULL, NULL);
	*status = pclose(p);
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

diff *diff_load(const char *rev, struct diag *d)
{
	if (!safe_rev(rev)) {
		diag_set(d, "--diff: '%s' is not a git revision", rev);
		return NULL;
	}
	int st;
	char *root = run("git rev-parse --show-toplevel 2>/dev/null", &st);
	if (st != 0 || !root || !root[0]) {
		diag_set(d, "--diff needs a git repository: the current folder is not in one");
		free(root);
		return NULL;
	}
	root[strcspn(root, "\n")] = 0;
	char *cmd = xasprintf("git -C '%s' rev-parse --verify --quiet '%s^{commit}' >/dev/null 2>&1", root, rev);
	free(run(cmd, &st));
	free(cmd);
	if (st != 0) {
		diag_set(d, "--diff: unknown revision '%s'", rev);
		free(root);
		return NULL;
	}
	diff *df = xcalloc(1, sizeof *df);
	df->root = root;
	cmd = xasprintf("git -C '%s' diff --unified=0 --no-color --no-ext-diff --no-renames '%s' --", root, rev);
	char *out = run(cmd, &st);
	free(cmd);
	struct file_ranges *cur = NULL;
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (strncmp(line, "+++ ", 4) == 0) {
			cur = strncmp(line + 4, "b/", 2) == 0 ? file_of(df, line + 6) : NULL; /* /dev/null: deleted */
		} else if (cur && strncmp(line, "@@ ", 3) == 0) {
			char *plus = strchr(line, '+');
			if (!plus)
				continue;
			int start = (int)strtol(plus + 1, &plus, 10), count = 1;
			if (*plus == ',')
				count = (int)strtol(plus + 1, NULL, 10);
			if (count > 0)
				VEC_PUSH(cur->r, ((struct range){start, start + count - 1}));
		}
	}
	free(out);
	/* files git does not track yet are new from top to bottom */
	cmd = xasprintf("git -C '%s' ls-files --others --exclude-standard", root);
	out = run(cmd, &st);
	free(cmd);
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (*line)
			VEC_PUSH(file_of(df, line)->r, ((struct range){1, INT_MAX}));
	}
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
