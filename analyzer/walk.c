/* walk: directory traversal with an explicit stack (no recursion an input can drive deep),
 * symlink-loop detection by (device, inode), the skip rules and --exclude globs. */
#include "walk.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const skip_dirs[] = {
	".git", "__pycache__", "node_modules", "site-packages", ".tox", ".venv", "venv", NULL,
};

void file_list_push(struct file_list *l, char *p)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->paths = xrealloc(l->paths, l->cap * sizeof *l->paths);
	}
	l->paths[l->len++] = p;
}

void file_list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof *l);
}

int walk_excluded(const struct walk_opts *o, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char *rel = o && o->n_excludes && o->root && o->cwd ? path_below(path, o->root, o->cwd) : NULL;
	int hit = 0;
	for (size_t i = 0; o && i < o->n_excludes && !hit; i++)
		hit = fnmatch(o->excludes[i], path, 0) == 0 || fnmatch(o->excludes[i], base, 0) == 0 ||
		      (rel && fnmatch(o->excludes[i], rel, 0) == 0);
	free(rel);
	return hit;
}

static char *join(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0)
		return xstrdup(name);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

struct dev_ino {
	dev_t dev;
	ino_t ino;
};

/* A folder still to read: its path, and when it could be opened relative to its parent
 * (saving the kernel a walk down the whole path), that descriptor. */
struct pending {
	char *path;
	int fd;
	char *rel; /* the folder in the repository's work tree ("." at its top), or NULL */
};

/* At most this many folders wait with an open descriptor; the rest are opened by path. */
#define MAX_OPEN_PENDING 128

struct walker {
	const struct walk_opts *o;
	git_repository *repo; /* the repository of the path being walked, for its ignore rules */
	char *workdir;        /* its work tree, a real path */
	/* The last path segment of every rule that could ignore something (not negated), from every
	 * ignore file seen: a name none of them matches is not ignored, and libgit2 (whose every
	 * question stats each folder's .gitignore up the tree) is asked only about the others. */
	struct strmap literal; /* segments without wildcards: 1 any entry, 2 folders only */
	VEC(char *) keys;      /* literal's keys (owned) */
	VEC(char *) globs;     /* with wildcards, "/" appended for a folder-only rule */
	int unsafe;            /* an ignore file libgit2 would read is a FIFO or a device */
	struct file_list *out;
	struct report *r;
	struct dev_ino *seen;     /* open-addressing set of the folders entered (symlink loops) */
	size_t seen_len, seen_cap;
	VEC(struct pending) stack; /* folders still to read */
	size_t open_pending;
};

static size_t dev_ino_slot(const struct walker *w, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15u) ^ ((uint64_t)dev * 0xC2B2AE3D27D4EB4Fu);
	size_t i = (size_t)(h >> 17) & (w->seen_cap - 1);
	while (w->seen[i].ino || w->seen[i].dev) {
		if (w->seen[i].dev == dev && w->seen[i].ino == ino)
			break;
		i = (i + 1) & (w->seen_cap - 1);
	}
	return i;
}

/* Remembers a folder; says whether it was already there. (A zero device and inode pair
 * marks an empty slot; no real folder has it.) */
static int seen_before(struct walker *w, const struct stat *st)
{
	if ((w->seen_len + 1) * 2 > w->seen_cap) {
		struct dev_ino *old = w->seen;
		size_t old_cap = w->seen_cap;
		w->seen_cap = old_cap ? old_cap * 2 : 256;
		w->seen = xcalloc(w->seen_cap, sizeof *w->seen);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].ino || old[i].dev)
				w->seen[dev_ino_slot(w, old[i].dev, old[i].ino)] = old[i];
		free(old);
	}
	size_t i = dev_ino_slot(w, st->st_dev, st->st_ino);
	if (w->seen[i].ino == st->st_ino && w->seen[i].dev == st->st_dev &&
	    (st->st_ino || st->st_dev))
		return 1;
	w->seen[i] = (struct dev_ino){st->st_dev, st->st_ino};
	w->seen_len++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void file_list_sort(struct file_list *l)
{
	if (l->len)
		qsort(l->paths, l->len, sizeof *l->paths, cmp_str);
}

/* Reads one folder: files go to the output, sub-folders onto the stack. */
struct entry {
	char *name;
	unsigned char type; /* DT_* from readdir: most entries need no stat() */
	ino_t ino;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* --- what git ignores --------------------------------------------------------------------- */

static void note_outer_rules(struct walker *w, const char *start);
static void close_repo(struct walker *w);
static void add_dot_ignore(struct walker *w, const char *dir, const char *reldir);

/* The repository `path` is in (its ignore rules), when there is one with a work tree. */
/* Whether `path` is absent or a regular file: libgit2 reads ignore and config files without
 * looking, and a FIFO or a device there (a hostile checkout's) would hang it. */
static int plain_or_absent(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 ? errno == ENOENT : S_ISREG(st.st_mode);
}

/* The .git folder above `path` has plain files where libgit2 looks first (config, info/exclude,
 * HEAD); a `.git` file (a linked work tree, a submodule) or a hostile one is not opened. */
static int plain_repository(const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return 0;
	struct stat st;
	if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode) && strrchr(real, '/') && strrchr(real, '/') != real)
		*strrchr(real, '/') = 0;
	for (;;) {
		char *git = xasprintf("%s/.git", real);
		int found = lstat(git, &st) == 0;
		int ok = found && S_ISDIR(st.st_mode);
		static const char *const files[] = {"config", "HEAD", "info/exclude", "commondir", NULL};
		for (size_t i = 0; ok && files[i]; i++) {
			char *f = xasprintf("%s/%s", git, files[i]);
			ok = plain_or_absent(f);
			free(f);
		}
		free(git);
		if (found)
			return ok;
		char *up = strrchr(real, '/');
		if (!up || up == real)
			return 0;
		*up = 0;
	}
}

static void open_repo(struct walker *w, const char *path)
{
	if ((w->o && w->o->no_gitignore) || !plain_repository(path))
		return;
	git_repository *repo = NULL;
	if (git_repository_open_ext(&repo, path, 0, NULL) != 0)
		return;
	const char *wd = git_repository_workdir(repo);
	char real[PATH_MAX];
	if (!wd || !realpath(wd, real)) {
		git_repository_free(repo);
		return;
	}
	w->repo = repo;
	w->workdir = xstrdup(real);
	note_outer_rules(w, path);
	if (w->unsafe) /* an ignore file above that is not a file: libgit2 would hang on it */
		close_repo(w);
}

/* The rules of an ignore file's text, for the prefilter. */
static void note_rules(struct walker *w, const char *text)
{
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = xstrndup(p, n);
		p = e ? e + 1 : NULL;
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = 0;
		int dir_only = len && line[len - 1] == '/';
		while (len && line[len - 1] == '/')
			line[--len] = 0;
		const char *seg = strrchr(line, '/');
		seg = seg ? seg + 1 : line;
		if (!line[0] || line[0] == '#' || line[0] == '!' || !seg[0]) {
			free(line);
			continue;
		}
		if (strpbrk(seg, "*?[\\")) {
			VEC_PUSH(w->globs, dir_only ? xasprintf("%s/", seg) : xstrdup(seg));
		} else {
			int64_t was = strmap_get(&w->literal, seg, 0);
			if (!was) {
				char *key = xstrdup(seg);
				VEC_PUSH(w->keys, key);
				strmap_set(&w->literal, key, !dir_only ? 1 : 2);
			} else if (was == 2 && !dir_only) {
				strmap_set(&w->literal, seg, 1);
			}
		}
		free(line);
	}
}

static void note_rules_file(struct walker *w, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return; /* (a FIFO named .gitignore is never read) */
	char *text = read_file(path, NULL);
	note_rules(w, text);
	free(text);
}

/* Whether some rule could ignore `name`: only then is libgit2 asked. */
static int may_be_ignored(const struct walker *w, const char *name, int is_dir)
{
	int64_t lit = strmap_get(&w->literal, name, 0);
	if (lit == 1 || (lit == 2 && is_dir))
		return 1;
	for (size_t i = 0; i < w->globs.len; i++) {
		const char *g = w->globs.items[i];
		size_t n = strlen(g);
		if (g[n - 1] == '/') {
			if (!is_dir)
				continue;
			char *pat = xstrndup(g, n - 1);
			int hit = fnmatch(pat, name, 0) == 0;
			free(pat);
			if (hit)
				return 1;
		} else if (fnmatch(g, name, 0) == 0) {
			return 1;
		}
	}
	return 0;
}

/* The rules that apply before the walk meets any .gitignore: .git/info/exclude, the user's
 * core.excludesFile (or git's default, $XDG_CONFIG_HOME/git/ignore), and the .gitignore files
 * of the folders from the work tree's top down to `start`. */
static void note_outer_rules(struct walker *w, const char *start)
{
	char *info = xasprintf("%sinfo/exclude", git_repository_path(w->repo));
	note_rules_file(w, info);
	free(info);
	git_config *cfg = NULL;
	git_buf buf = {0};
	if (git_repository_config_snapshot(&cfg, w->repo) == 0 &&
	    git_config_get_path(&buf, cfg, "core.excludesfile") == 0) {
		if (!plain_or_absent(buf.ptr))
			w->unsafe = 1;
		note_rules_file(w, buf.ptr);
	} else {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		char *def = xdg && xdg[0] ? xasprintf("%s/git/ignore", xdg)
			    : home ? xasprintf("%s/.config/git/ignore", home) : NULL;
		if (def)
			note_rules_file(w, def);
		free(def);
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	char real[PATH_MAX];
	if (!realpath(start, real))
		return;
	char *dir = xstrdup(w->workdir);
	char *rel = path_below(real, w->workdir, "/");
	for (char *p = rel && strcmp(rel, ".") ? rel : NULL; p;) { /* the top's own is read by the walk */
		char *gi = xasprintf("%s/.gitignore", dir), *ig = xasprintf("%s/.ignore", dir);
		if (!plain_or_absent(gi) || !plain_or_absent(ig))
			w->unsafe = 1;
		note_rules_file(w, gi);
		note_rules_file(w, ig);
		char *reldir = path_below(dir, w->workdir, "/");
		if (reldir && access(ig, F_OK) == 0 && plain_or_absent(ig))
			add_dot_ignore(w, dir, reldir);
		free(reldir);
		free(gi);
		free(ig);
		char *slash = strchr(p, '/');
		char *next = xasprintf("%s/%.*s", dir, slash ? (int)(slash - p) : (int)strlen(p), p);
		free(dir);
		dir = next;
		p = slash ? slash + 1 : NULL;
	}
	free(rel);
	free(dir);
}

static void close_repo(struct walker *w)
{
	git_repository_free(w->repo);
	free(w->workdir);
	w->repo = NULL;
	w->workdir = NULL;
	w->unsafe = 0;
	strmap_free(&w->literal);
	memset(&w->literal, 0, sizeof w->literal);
	for (size_t i = 0; i < w->keys.len; i++)
		free(w->keys.items[i]);
	VEC_FREE(w->keys);
	for (size_t i = 0; i < w->globs.len; i++)
		free(w->globs.items[i]);
	VEC_FREE(w->globs);
}

/* Folder `dir` relative to the work tree ("." at its top), or NULL when it is not in it. */
static char *dir_in_repo(const struct walker *w, const char *dir)
{
	char real[PATH_MAX];
	if (!w->repo || !realpath(dir, real))
		return NULL;
	return path_below(real, w->workdir, "/");
}

/* A sub-folder's place in the work tree, by name: git does not follow links either. */
static char *child_rel(const char *reldir, const char *name)
{
	if (!reldir)
		return NULL;
	return strcmp(reldir, ".") == 0 ? xstrdup(name) : xasprintf("%s/%s", reldir, name);
}

static int git_ignores(const struct walker *w, const char *reldir, const char *name, int is_dir)
{
	if (!reldir || !may_be_ignored(w, name, is_dir))
		return 0;
	int top = strcmp(reldir, ".") == 0; /* the work tree's own top */
	char *rel = xasprintf("%s%s%s%s", top ? "" : reldir, top ? "" : "/", name, is_dir ? "/" : "");
	int ign = 0;
	if (git_ignore_path_is_ignored(&ign, w->repo, rel) != 0)
		ign = 0;
	free(rel);
	return ign;
}

/* A folder's `.ignore` (ripgrep's and fd's convention: .gitignore's syntax, for tools only):
 * its patterns become repository rules anchored at that folder. */
static void add_dot_ignore(struct walker *w, const char *dir, const char *reldir)
{
	char *path = xasprintf("%s/.ignore", dir);
	char *text = read_file(path, NULL);
	free(path);
	if (!text)
		return;
	const char *base = strcmp(reldir, ".") == 0 ? "" : reldir;
	struct strbuf rules = {0};
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = 0;
		if (!n || line[0] == '#')
			continue;
		int neg = line[0] == '!';
		const char *pat = line + neg;
		const char *slash = strchr(pat, '/');
		int anchored = slash && slash[1]; /* a slash before the end: relative to this folder */
		if (pat[0] == '/')
			pat++;
		sb_printf(&rules, "%s/%s%s%s%s\n", neg ? "!" : "", base, base[0] ? "/" : "", anchored ? "" : "**/", pat);
	}
	if (rules.len)
		git_ignore_add_rule(w->repo, sb_str(&rules));
	sb_free(&rules);
	free(text);
}

/* Reads one folder: files go to the output, sub-folders onto the stack. A folder holding
 * pyvenv.cfg is a virtualenv and contributes nothing, nor does what git ignores. */
static void read_dir(struct walker *w, const char *dir, int fd, const char *reldir)
{
	DIR *d = NULL;
	if (fd >= 0 && !(d = fdopendir(fd)))
		close(fd);
	if (!d)
		d = opendir(dir);
	if (!d) {
		report_add_error(w->r, dir, 0, "cannot read directory: %s", strerror(errno));
		return;
	}
	VEC(struct entry) names = {0};
	struct dirent *e;
	int venv = 0;
	struct stat dst;
	dev_t dev = fstat(dirfd(d), &dst) == 0 ? dst.st_dev : 0;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, "pyvenv.cfg") == 0)
			venv = 1;
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			VEC_PUSH(names, ((struct entry){xstrdup(e->d_name), e->d_type, e->d_ino}));
	}
	if (venv) {
		for (size_t i = 0; i < names.len; i++)
			free(names.items[i].name);
		names.len = 0;
	}
	if (names.len)
		qsort(names.items, names.len, sizeof *names.items, cmp_entry);
	for (size_t i = 0; reldir && i < names.len; i++) {
		const char *n = names.items[i].name;
		if (strcmp(n, ".gitignore") == 0 || strcmp(n, ".ignore") == 0) {
			char *f = xasprintf("%s/%s", dir, n);
			int plain = plain_or_absent(f);
			free(f);
			if (!plain) { /* libgit2 would hang reading it: this folder's rules are not read */
				report_add_error(w->r, dir, 0, "%s is not a regular file: git's ignore rules are not "
							  "applied in this folder", n);
				reldir = NULL;
				break;
			}
		}
	}
	for (size_t i = 0; reldir && i < names.len; i++) {
		const char *n = names.items[i].name;
		if (strcmp(n, ".ignore") == 0)
			add_dot_ignore(w, dir, reldir);
		if (strcmp(n, ".gitignore") == 0 || strcmp(n, ".ignore") == 0) {
			char *f = xasprintf("%s/%s", dir, n);
			note_rules_file(w, f);
			free(f);
		}
	}
	size_t first_dir = w->stack.len;
	for (size_t i = 0; i < names.len; i++) {
		char *name = names.items[i].name;
		unsigned char type = names.items[i].type;
		char *path = join(dir, name);
		struct stat st;
		if (name[0] == '.' || str_in(name, skip_dirs) >= 0 || walk_excluded(w->o, path)) {
			free(path); /* hidden, VCS, cache or excluded: files and folders alike */
			free(name);
			continue;
		}
		if ((type == DT_REG && str_has_suffix(name, ".py") && git_ignores(w, reldir, name, 0)) ||
		    (type == DT_DIR && git_ignores(w, reldir, name, 1))) {
			free(path); /* git ignores it */
			free(name);
			continue;
		}
		if (type == DT_REG) {
			if (str_has_suffix(name, ".py"))
				file_list_push(w->out, path);
			else
				free(path);
		} else if (type != DT_DIR && type != DT_LNK && type != DT_UNKNOWN) {
			free(path); /* sockets, pipes, devices */
		} else if (type == DT_DIR) {
			/* remembered (without a stat) so that a link back to it is caught */
			st.st_dev = dev;
			st.st_ino = names.items[i].ino;
			if (seen_before(w, &st)) {
				free(path);
			} else {
				int sub = -1;
				if (w->open_pending < MAX_OPEN_PENDING)
					sub = openat(dirfd(d), name,
						     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				w->open_pending += sub >= 0;
				VEC_PUSH(w->stack, ((struct pending){path, sub, child_rel(reldir, name)}));
			}
		} else if (stat(path, &st) != 0) {
			if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
				if (str_has_suffix(name, ".py"))
					report_add_error(w->r, path, 0, "broken symbolic link, skipped");
			} else if (str_has_suffix(name, ".py")) {
				report_add_error(w->r, path, 0, "cannot stat: %s", strerror(errno));
			}
			free(path);
		} else if ((S_ISDIR(st.st_mode) && git_ignores(w, reldir, name, 1)) ||
			   (S_ISREG(st.st_mode) && str_has_suffix(name, ".py") && git_ignores(w, reldir, name, 0))) {
			free(path); /* a link to something git ignores */
		} else if (S_ISDIR(st.st_mode)) {
			if (seen_before(w, &st)) {
				report_add_error(w->r, path, 0,
						 "folder already scanned (symbolic link loop or duplicate), skipped");
				free(path);
			} else {
				VEC_PUSH(w->stack, ((struct pending){path, -1, child_rel(reldir, name)}));
			}
		} else if (S_ISREG(st.st_mode) && str_has_suffix(name, ".py")) {
			file_list_push(w->out, path);
		} else {
			free(path);
		}
		free(name);
	}
	/* reverse the folders just pushed so the smallest name is on top */
	for (size_t a = first_dir, b = w->stack.len; a + 1 < b; a++, b--) {
		struct pending t = w->stack.items[a];
		w->stack.items[a] = w->stack.items[b - 1];
		w->stack.items[b - 1] = t;
	}
	VEC_FREE(names);
	closedir(d);
}

int walk_collect(const char *const *paths, size_t n_paths, const struct walk_opts *o,
		 struct file_list *out, struct report *r)
{
	struct walker w = {.o = o, .out = out, .r = r};
	int fatal = 0;
	git_libgit2_init();
	/* only ignore rules are read (no hook, filter or fsmonitor runs): a checkout owned by
	 * another user (a CI container's) is read like any other */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	for (size_t i = 0; i < n_paths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			report_add_error(r, paths[i], 1, "%s", strerror(errno));
			fatal++;
			continue;
		}
		/* the same folder or file spelled twice (p, ./p) is scanned once, silently */
		if (seen_before(&w, &st))
			continue;
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
			/* a FIFO or device named on the command line is never opened (it could block) */
			report_add_error(r, paths[i], 1, "cannot read file: not a regular file (FIFOs, sockets and "
							 "devices are never read)");
			fatal++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			file_list_push(out, xstrdup(paths[i])); /* named explicitly: taken as Python */
			continue;
		}
		open_repo(&w, paths[i]);
		VEC_PUSH(w.stack, ((struct pending){xstrdup(paths[i]), -1, dir_in_repo(&w, paths[i])}));
		while (w.stack.len) {
			struct pending p = w.stack.items[--w.stack.len];
			w.open_pending -= p.fd >= 0;
			read_dir(&w, p.path, p.fd, p.rel);
			free(p.path);
			free(p.rel);
		}
		close_repo(&w);
	}
	free(w.seen);
	VEC_FREE(w.stack);
	git_libgit2_shutdown();
	file_list_sort(out);
	/* the same file reached twice (overlapping arguments) is scanned once */
	size_t j = 0;
	for (size_t i = 0; i < out->len; i++) {
		if (j && strcmp(out->paths[j - 1], out->paths[i]) == 0)
			free(out->paths[i]);
		else
			out->paths[j++] = out->paths[i];
	}
	out->len = j;
	return fatal;
}

int walk_git_tracks(const char *dir)
{
	char real[PATH_MAX];
	if (!realpath(dir, real) || !plain_repository(real))
		return 0;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	git_repository *repo = NULL;
	git_index *index = NULL;
	int tracked = 0;
	char wd[PATH_MAX];
	if (git_repository_open_ext(&repo, real, 0, NULL) == 0 && git_repository_workdir(repo) &&
	    realpath(git_repository_workdir(repo), wd) && git_repository_index(&index, repo) == 0) {
		char *rel = path_below(real, wd, "/");
		if (rel && strcmp(rel, ".") != 0) {
			char *prefix = xasprintf("%s/", rel);
			size_t pos = 0;
			tracked = git_index_find_prefix(&pos, index, prefix) == 0;
			free(prefix);
		}
		free(rel);
	}
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return tracked;
}
