/* env: the installed Python environment a scan follows calls into (`--python-env`, the
 * `python-env` key, `$VIRTUAL_ENV`, a `.venv`/`venv` folder at the project root). Third-party
 * packages the project imports are summarized with the project and their sync functions are
 * followed like the project's, down to the blocking calls the tables know (the standard
 * library is data, never followed). Packages the tables or the engine model (Django, DRF,
 * Channels, boto3, requests, redis, ...) are not read: their rows say more than their code. */
#ifndef DJASYNC_ENV_H
#define DJASYNC_ENV_H

#include "util.h"
#include "walk.h"

/* The site-packages folder of `given`: a folder named site-packages or dist-packages (or any
 * folder without pyvenv.cfg that holds packages) as it is, or a virtual environment's
 * lib/python3.X/site-packages. NULL when `given` is neither. Caller frees. */
char *env_site_packages(const char *given);

/* The environment found without being named: $VIRTUAL_ENV, else `.venv`, `venv` or `env`
 * (each with a pyvenv.cfg) in `root` (the project's folder). Its site-packages, or NULL. */
char *env_discover(const char *root);

/* Whether `path` is inside the environment's folder `site` (NULL: none). */
int env_holds(const char *site, const char *path);

/* Whether top-level package `name` is followed into (not modelled by a table or the engine). */
int env_follows(const char *name);

/* The library files already listed, by path, and the module paths already looked for. */
struct env_seen {
	struct strmap map, probed;
	VEC(char *) keys; /* the maps' keys, owned */
};

/* Appends to `out` the files Python runs for the import of `dotted` under folder `root` (the
 * site-packages folder, whose path is `site_len` bytes long, or a package folder for a relative
 * import): `a/__init__.py`, then `a/b/__init__.py` or `a/b.py`, ..., as far as the names are
 * modules; files in `seen`, and packages' tests and examples, are left out. Returns how many. */
size_t env_module_files(const char *root, size_t site_len, const char *dotted,
			struct env_seen *seen, struct file_list *out);
void env_seen_free(struct env_seen *seen);

#endif
