/* version: finds the Django version a project targets in its dependency files
 * (requirements*.txt / *.in, pyproject.toml with PEP 621 or Poetry, setup.cfg, setup.py,
 * Pipfile, poetry.lock, uv.lock), looking in each scanned folder and the folders above it. */
#ifndef DJASYNC_VERSION_H
#define DJASYNC_VERSION_H

#include <stddef.h>

struct detected_version {
	int version;   /* major*100+minor, or -1 when nothing was found */
	char *text;    /* "4.2" */
	char *source;  /* "shop/requirements.txt:3" */
};

/* Looks for the version in the folders of `paths` (a file's own folder) and their parents,
 * nearest first, up to the repository root; when none says, in the root's subfolders
 * (breadth first, sorted, 4 levels); lock files (exact versions) win over ranges in the same folder. For a range
 * the lowest allowed version is taken: suggestions must exist there. Free with
 * version_free(). */
struct detected_version version_detect(const char *const *paths, size_t n);
/* Parses one dependency file's text: the Django version it requires, or -1; *line gets the
 * 1-based line. `name` is the file's base name (it picks the syntax). */
int version_from_text(const char *name, const char *text, int *line);
void version_free(struct detected_version *v);

#endif
