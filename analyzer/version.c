/* version: reads dependency files for the Django requirement. One small scanner serves the
 * requirement-string formats (pip, PEP 621, setup.cfg/py) and the key = "spec" formats
 * (Poetry, Pipfile); lock files are read as [[package]] name/version pairs. */
#include "version.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LEVELS 12

/* "4.2", "5.2.*", "4" -> 402, 502, 400; -1 when no version starts at p. */
static int parse_ver(const char *p)
{
	if (!isdigit((unsigned char)*p))
		return -1;
	long major = strtol(p, (char **)&p, 10), minor = 0;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		minor = strtol(p + 1, NULL, 10);
	if (major < 1 || major > 99 || minor > 99)
		return -1;
	return (int)(major * 100 + minor);
}

/* The spec after a `django` token up to the end of the line: the first lower bound or exact
 * version, skipping upper bounds (<, <=) and exclusions (!=). */
static int parse_spec(const char *p, const char *end)
{
	while (p < end && *p == '[') { /* extras: django[argon2] */
		const char *q = memchr(p, ']', (size_t)(end - p));
		p = q ? q + 1 : end;
	}
	/* a specifier or a `key = value` follows; prose ("Django 4.2 LTS") does not count */
	const char *t = p;
	while (t < end && (*t == ' ' || *t == '\t'))
		t++;
	if (t >= end || !strchr("=~>^<!(\"'", *t))
		return -1;
	while (p < end) {
		const char *clause = p;
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		while (clause < stop && strchr(" \t\"'={:(", *clause))
			clause++;
		if (clause + 7 < stop && strncmp(clause, "version", 7) == 0) /* Poetry table */
			for (clause += 7; clause < stop && strchr(" \t\"'=", *clause); clause++)
				;
		if (clause < stop && *clause != '<' && !(clause[0] == '!' && clause[1] == '=')) {
			while (clause < stop && strchr("=~^>", *clause))
				clause++;
			while (clause < stop && strchr(" \t\"'", *clause))
				clause++;
			int v = parse_ver(clause);
			if (v >= 0)
				return v;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return -1;
}

static int lock_file(const char *name)
{
	return strcmp(name, "poetry.lock") == 0 || strcmp(name, "uv.lock") == 0;
}

int version_from_text(const char *name, const char *text, int *line)
{
	int lineno = 0, want_version = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		lineno++;
		const char *s = p;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (lock_file(name)) {
			/* [[package]] name = "django" then version = "4.2.7" */
			if (strncmp(s, "[[package]]", 11) == 0)
				want_version = 0;
			else if (strncmp(s, "name = \"django\"", 15) == 0 || strncasecmp(s, "name = \"Django\"", 15) == 0)
				want_version = 1;
			else if (want_version && strncmp(s, "version = \"", 11) == 0) {
				*line = lineno;
				return parse_ver(s + 11);
			}
		} else if (*s != '#') {
			for (const char *q = s; q + 6 <= end; q++) {
				if (strncasecmp(q, "django", 6) != 0)
					continue;
				char before = q > s ? q[-1] : ' ';
				char after = q + 6 < end ? q[6] : ' ';
				if (isalnum((unsigned char)before) || before == '_' || before == '-' || before == '.' ||
				    isalnum((unsigned char)after) || after == '_' || after == '-' || after == '.')
					continue;
				int v = parse_spec(q + 6, end);
				if (v >= 0) {
					*line = lineno;
					return v;
				}
			}
		}
		p = *end ? end + 1 : end;
	}
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct str_list {
	char **items;
	size_t len, cap;
};

/* The dependency files of one folder, in the order they are trusted. */
static void candidates(const char *dir, struct str_list *out)
{
	static const char *const fixed_first[] = {"uv.lock", "poetry.lock", NULL};
	static const char *const fixed_last[] = {"pyproject.toml", "setup.cfg", "setup.py", "Pipfile", NULL};
	for (size_t i = 0; fixed_first[i]; i++)
		VEC_PUSH(*out, xasprintf("%s/%s", dir, fixed_first[i]));
	const char *subdirs[] = {"", "/requirements", NULL};
	for (size_t k = 0; subdirs[k]; k++) {
		char *d = xasprintf("%s%s", dir, subdirs[k]);
		DIR *dh = opendir(d);
		VEC(char *) found = {0};
		struct dirent *e;
		while (dh && (e = readdir(dh))) {
			const char *n = e->d_name;
			int req = (k == 1 || strncmp(n, "requirements", 12) == 0) &&
				  (str_has_suffix(n, ".txt") || str_has_suffix(n, ".in"));
			if (req)
				VEC_PUSH(found, xasprintf("%s/%s", d, n));
		}
		if (dh)
			closedir(dh);
		if (found.len)
			qsort(found.items, found.len, sizeof *found.items, cmp_str);
		for (size_t i = 0; i < found.len; i++)
			VEC_PUSH(*out, found.items[i]);
		VEC_FREE(found);
		free(d);
	}
	for (size_t i = 0; fixed_last[i]; i++)
		VEC_PUSH(*out, xasprintf("%s/%s", dir, fixed_last[i]));
}

static int try_dir(const char *dir, struct detected_version *out)
{
	struct str_list files = {0};
	candidates(dir, &files);
	int found = 0;
	for (size_t i = 0; i < files.len; i++) {
		if (!found) {
			char *text = read_file(files.items[i], NULL);
			if (!text)
				warn_not_read(files.items[i]);
			const char *base = strrchr(files.items[i], '/');
			base = base ? base + 1 : files.items[i];
			int line = 0;
			int v = text ? version_from_text(base, text, &line) : -1;
			if (v >= 0) {
				const char *shown = files.items[i];
				if (strncmp(shown, "./", 2) == 0)
					shown += 2;
				out->version = v;
				out->text = xasprintf("%d.%d", v / 100, v % 100);
				out->source = xasprintf("%s:%d", shown, line);
				found = 1;
			}
			free(text);
		}
		free(files.items[i]);
	}
	VEC_FREE(files);
	return found;
}

/* Folders a dependency search below the repository root leaves out: hidden ones, caches,
 * virtualenvs, and the folders of other projects (a manage.py of their own). */
static int skipped_dir(const char *parent, const char *name)
{
	static const char *const names[] = {"node_modules", "site-packages", "dist-packages", "__pycache__", NULL};
	if (name[0] == '.' || str_in(name, names) >= 0)
		return 1;
	char *cfg = xasprintf("%s/%s/pyvenv.cfg", parent, name);
	char *manage = xasprintf("%s/%s/manage.py", parent, name);
	/* a virtualenv, or another Django project of a monorepo (its own manage.py) */
	int other = access(cfg, F_OK) == 0 || access(manage, F_OK) == 0;
	free(cfg);
	free(manage);
	return other;
}

/* Below the repository root `root`, breadth first and in sorted order (at most 4 levels and
 * 2000 folders): the folders whose dependency files name Django (a Dockerfile's
 * `buildrun/docker/app/requirements/prod.txt`, a `backend/pyproject.toml`). The first is
 * taken when they all name the same version; when they disagree (fixtures, several projects)
 * none is: a guess would be as likely wrong as the default. */
static int search_below(const char *root, struct detected_version *out)
{
	struct str_list level = {0}, next = {0};
	VEC_PUSH(level, xstrdup(root));
	int found = 0; /* 1: a version, -1: versions that disagree */
	size_t visited = 0;
	for (int depth = 0; depth < 4 && level.len && found >= 0; depth++) {
		for (size_t i = 0; i < level.len; i++) {
			DIR *d = found < 0 || visited > 2000 ? NULL : opendir(level.items[i]);
			struct str_list subs = {0};
			struct dirent *e;
			while (d && (e = readdir(d))) {
				if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
				    skipped_dir(level.items[i], e->d_name))
					continue;
				char *p = xasprintf("%s/%s", level.items[i], e->d_name);
				struct stat st;
				if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
					VEC_PUSH(subs, p);
				else
					free(p);
			}
			if (d)
				closedir(d);
			if (subs.len)
				qsort(subs.items, subs.len, sizeof *subs.items, cmp_str);
			for (size_t k = 0; k < subs.len; k++) {
				struct detected_version here = {.version = -1};
				if (++visited <= 2000 && found >= 0 && try_dir(subs.items[k], &here)) {
					if (!found) {
						*out = here;
						found = 1;
					} else {
						if (here.version != out->version)
							found = -1; /* they disagree */
						version_free(&here);
					}
				}
				VEC_PUSH(next, subs.items[k]);
			}
			VEC_FREE(subs);
		}
		for (size_t i = 0; i < level.len; i++)
			free(level.items[i]);
		level.len = 0;
		struct str_list t = level;
		level = next;
		next = t;
	}
	for (size_t i = 0; i < level.len; i++)
		free(level.items[i]);
	VEC_FREE(level);
	VEC_FREE(next);
	if (found < 0) {
		version_free(out);
		out->version = -1;
	}
	return found > 0;
}

struct detected_version version_detect(const char *const *paths, size_t n)
{
	struct detected_version v = {.version = -1};
	for (size_t i = 0; i < n && v.version < 0; i++) {
		struct stat st;
		char *dir;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			dir = xstrdup(paths[i]);
		} else {
			const char *slash = strrchr(paths[i], '/');
			dir = slash ? xstrndup(paths[i], (size_t)(slash - paths[i])) : xstrdup(".");
		}
		size_t len = strlen(dir);
		while (len > 1 && dir[len - 1] == '/')
			dir[--len] = 0;
		/* climb until a file says, a repository root, or the file-system root */
		for (int level = 0; level < MAX_LEVELS && v.version < 0; level++) {
			if (try_dir(dir, &v))
				break;
			char *git = xasprintf("%s/.git", dir);
			int at_root = access(git, F_OK) == 0;
			free(git);
			char *up = strcmp(dir, ".") == 0 ? xstrdup("..")
				   : str_has_suffix(dir, "..") ? xasprintf("%s/..", dir)
				   : strrchr(dir, '/') ? xstrndup(dir, (size_t)(strrchr(dir, '/') - dir))
				   : xstrdup(".");
			if (at_root || strcmp(dir, "/") == 0 || up[0] == 0) {
				free(up);
				if (at_root) /* nothing on the way up: the repository's own subfolders */
					search_below(dir, &v);
				break;
			}
			char real_a[4096], real_b[4096];
			if (realpath(dir, real_a) && realpath(up, real_b) && strcmp(real_a, real_b) == 0) {
				free(up);
				break;
			}
			free(dir);
			dir = up;
		}
		free(dir);
	}
	return v;
}

void version_free(struct detected_version *v)
{
	free(v->text);
	free(v->source);
	v->text = v->source = NULL;
}
