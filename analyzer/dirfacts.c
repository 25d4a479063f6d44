/* dirfacts: the folder facts phase 2 asks about, read once before it. Both questions walk up
 * from a file's folder; dirfacts_add runs the same walks with a probe that reads the disk, the
 * questions with one that only looks in the map, so the two can never disagree on which folders
 * matter. */
#include "dirfacts.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

enum { DF_INIT = 1, DF_MANAGE = 2, DF_APPS = 4, DF_MODELS = 8 };

struct dirfacts {
	struct strmap bits; /* folder -> DF_* bits */
	VEC(char *) keys;   /* the map's keys, owned */
};

/* A walk's view of the folders: `df` to look in, and `fill` when missing ones are read. */
struct probe {
	const dirfacts *df;
	dirfacts *fill;
};

static int has(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir[0] ? dir : "", name); /* "" is the root: "/name" */
	int yes = access(p, F_OK) == 0;
	free(p);
	return yes;
}

static int bits_of(struct probe pr, const char *dir)
{
	int64_t b = strmap_get(&pr.df->bits, dir, -1);
	if (b >= 0 || !pr.fill)
		return b < 0 ? 0 : (int)b;
	b = (has(dir, "__init__.py") ? DF_INIT : 0) | (has(dir, "manage.py") ? DF_MANAGE : 0) |
	    (has(dir, "apps.py") ? DF_APPS : 0) | (has(dir, "models.py") ? DF_MODELS : 0);
	char *key = xstrdup(dir);
	VEC_PUSH(pr.fill->keys, key);
	strmap_put(&pr.fill->bits, key, b);
	return (int)b;
}

static int import_depth(struct probe pr, const char *path, int is_package)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int depth = is_package ? 0 : 1;
	if (!slash) {
		free(dir);
		return depth ? depth : 1;
	}
	*slash = 0;
	for (;;) {
		int b = bits_of(pr, dir);
		if (!(b & DF_INIT) || (b & DF_MANAGE))
			break;
		depth++;
		slash = strrchr(dir, '/');
		if (!slash || strcmp(slash + 1, "..") == 0 || strcmp(slash + 1, ".") == 0)
			break;
		*slash = 0;
	}
	free(dir);
	return depth ? depth : 1;
}

static char *app_dir(struct probe pr, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	for (int level = 0; level < 4; level++) {
		if (bits_of(pr, dir) & (DF_APPS | DF_MODELS))
			return dir;
		char *up = strrchr(dir, '/');
		if (!up)
			break;
		*up = 0;
	}
	free(dir);
	return NULL;
}

dirfacts *dirfacts_new(void)
{
	return xcalloc(1, sizeof(dirfacts));
}

void dirfacts_free(dirfacts *df)
{
	if (!df)
		return;
	for (size_t i = 0; i < df->keys.len; i++)
		free(df->keys.items[i]);
	VEC_FREE(df->keys);
	strmap_free(&df->bits);
	free(df);
}

void dirfacts_add(dirfacts *df, const char *path)
{
	struct probe pr = {df, df};
	import_depth(pr, path, 0);
	free(app_dir(pr, path));
}

int dirfacts_import_depth(const dirfacts *df, const char *path, int is_package)
{
	return import_depth((struct probe){df, NULL}, path, is_package);
}

char *dirfacts_app_dir(const dirfacts *df, const char *path)
{
	return app_dir((struct probe){df, NULL}, path);
}
