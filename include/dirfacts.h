/* dirfacts: what phase 2 needs to know about the folders of the scanned files: whether each
 * holds __init__.py, manage.py, apps.py, models.py. The orchestration reads them before phase 2
 * (dirfacts_add, one stat per folder and name, memoized), so that the index and the effort
 * analysis answer from memory and phase 2 never touches the disk. */
#ifndef DJASYNC_DIRFACTS_H
#define DJASYNC_DIRFACTS_H

typedef struct dirfacts dirfacts;

dirfacts *dirfacts_new(void);
void dirfacts_free(dirfacts *df);
/* Reads the facts of every folder the two questions below may ask about for file `path`. */
void dirfacts_add(dirfacts *df, const char *path);
/* 1 + the number of folders above `path` that hold __init__.py (and no manage.py: the folder
 * Django runs from is a source root), up to the first that does not; for a package's own
 * __init__.py (is_package) the package is the module. A folder never added counts as none. */
int dirfacts_import_depth(const dirfacts *df, const char *path, int is_package);
/* The nearest folder at or above `path`'s, up to 4 levels, holding apps.py or models.py;
 * NULL when none. Caller frees. */
char *dirfacts_app_dir(const dirfacts *df, const char *path);

#endif
