/* walk: directory traversal with an explicit stack (no recursion an input can drive deep),
 * symlink-loop detection by (device, inode), the skip rules and --exclude globs. */
#include "walk.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
};

/* At most this many folders wait with an open descriptor; the rest are opened by path. */
#define MAX_OPEN_PENDING 128

struct walker {
	const struct walk_opts *o;
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

/* Reads one folder: files go to the output, sub-folders onto the stack. A folder holding
 * pyvenv.cfg is a virtualenv and contributes nothing. */
static void read_dir(struct walker *w, const char *dir, int fd)
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
				VEC_PUSH(w->stack, ((struct pending){path, sub}));
			}
		} else if (stat(path, &st) != 0) {
			if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
				if (str_has_suffix(name, ".py"))
					report_add_error(w->r, path, 0, "broken symbolic link, skipped");
			} else if (str_has_suffix(name, ".py")) {
				report_add_error(w->r, path, 0, "cannot stat: %s", strerror(errno));
			}
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			if (seen_before(w, &st)) {
				report_add_error(w->r, path, 0,
						 "folder already scanned (symbolic link loop or duplicate), skipped");
				free(path);
			} else {
				VEC_PUSH(w->stack, ((struct pending){path, -1}));
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
		VEC_PUSH(w.stack, ((struct pending){xstrdup(paths[i]), -1}));
		while (w.stack.len) {
			struct pending p = w.stack.items[--w.stack.len];
			w.open_pending -= p.fd >= 0;
			read_dir(&w, p.path, p.fd);
			free(p.path);
		}
	}
	free(w.seen);
	VEC_FREE(w.stack);
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
