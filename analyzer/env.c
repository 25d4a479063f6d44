/* env: finding the installed environment and the files of the packages a scan follows. */
#include "env.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"
#include "util.h"

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* venv/lib/python3.X/site-packages (the highest X when there are several). */
static char *venv_site(const char *venv)
{
	char *lib = xasprintf("%s/lib", venv);
	DIR *d = opendir(lib);
	char *best = NULL;
	if (d) {
		for (struct dirent *e; (e = readdir(d)) != NULL;) {
			if (strncmp(e->d_name, "python3", 7) != 0)
				continue;
			char *site = xasprintf("%s/%s/site-packages", lib, e->d_name);
			if (is_dir(site) && (!best || strcmp(site, best) > 0)) {
				free(best);
				best = site;
			} else {
				free(site);
			}
		}
		closedir(d);
	}
	free(lib);
	return best;
}

char *env_site_packages(const char *given)
{
	if (!given || !given[0] || !is_dir(given))
		return NULL;
	char *cfg = xasprintf("%s/pyvenv.cfg", given);
	int venv = is_file(cfg);
	free(cfg);
	if (venv)
		return venv_site(given);
	char *site = venv_site(given); /* a venv whose pyvenv.cfg is gone, or a --prefix install */
	if (site)
		return site;
	size_t n = strlen(given);
	while (n > 1 && given[n - 1] == '/')
		n--;
	return xstrndup(given, n); /* site-packages, dist-packages, or a folder of packages */
}

char *env_discover(const char *root)
{
	const char *ve = getenv("VIRTUAL_ENV");
	if (ve && ve[0]) {
		char *site = env_site_packages(ve);
		if (site)
			return site;
	}
	static const char *const names[] = {".venv", "venv", "env", NULL};
	for (size_t i = 0; names[i]; i++) {
		char *dir = xasprintf("%s/%s", root && root[0] ? root : ".", names[i]);
		char *cfg = xasprintf("%s/pyvenv.cfg", dir);
		char *site = is_file(cfg) ? venv_site(dir) : NULL;
		free(cfg);
		free(dir);
		if (site)
			return site;
	}
	return NULL;
}

/* Modelled by the engine (frameworks whose classes and decorators it knows by name) or
 * without anything a call could block on; the tables' own packages are asked for too. */
static const char *const not_followed[] = {
	"django", "rest_framework", "adrf", "ninja", "ninja_extra", "channels", "daphne", "asgiref",
	"celery", "strawberry", "strawberry_django", "graphene", "graphene_django", "uvicorn",
	"gunicorn", "typing_extensions", "pytest", "_pytest", "mypy", "pip", "setuptools",
	"pkg_resources", "_distutils_hack", "wheel", "graphql", "graphql_relay", NULL,
};

/* Computation only: symbolic and numeric maths, parsing, validation, cryptography, data
 * tables. Nothing in them waits, and they are large (sympy alone is 400 files reached from a
 * units package): reading them would cost time and could only add wrong chains. */
static const char *const computes_only[] = {
	"sympy", "mpmath", "numpy", "scipy", "phonenumbers", "pydantic", "pydantic_core",
	"cryptography", "Cryptodome", "Crypto", "nacl", "rx", "reactivex", "attr", "attrs",
	"regex", "simplejson", "ujson", "orjson", "msgpack", "six", "idna", "text_unidecode",
	"unidecode", "pyparsing", "networkx", "shapely", "pyproj", "zxcvbn", NULL,
};

int env_holds(const char *site, const char *path)
{
	size_t n = site ? strlen(site) : 0;
	return n && strncmp(path, site, n) == 0 && path[n] == '/';
}

int env_follows(const char *name)
{
	if (!name || !name[0] || name[0] == '.' || name[0] == '_' || str_in(name, not_followed) >= 0 ||
	    str_in(name, computes_only) >= 0)
		return 0;
	return !library_of_qual(name) && !tables_know_package(name);
}

static int test_dir(const char *path)
{
	static const char *const skip[] = {"/tests/", "/test/", "/testing/", "/examples/", "/docs/", NULL};
	for (size_t i = 0; skip[i]; i++)
		if (strstr(path, skip[i]))
			return 1;
	return 0;
}

/* A copy of `s` that lives as long as `seen` (the maps' keys). */
static const char *keep(struct env_seen *seen, const char *s)
{
	char *copy = xstrdup(s);
	VEC_PUSH(seen->keys, copy);
	return copy;
}

/* Adds `path` to `out` unless `seen` has it. */
static size_t add_file(char *path, struct env_seen *seen, struct file_list *out)
{
	if (strmap_get(&seen->map, path, -1) >= 0) {
		free(path);
		return 0;
	}
	strmap_put(&seen->map, keep(seen, path), 1);
	file_list_push(out, path);
	return 1;
}

size_t env_module_files(const char *root, size_t site_len, const char *dotted,
			struct env_seen *seen, struct file_list *out)
{
	size_t added = 0;
	char *dir = xstrdup(root);
	for (const char *c = dotted; *c;) {
		size_t n = strcspn(c, ".");
		if (n == 0 || c[0] == '*')
			break;
		char *pkg = xasprintf("%s/%.*s", dir, (int)n, c);
		int64_t kind = strmap_get(&seen->probed, pkg, -1); /* 0 nothing, 1 package, 2 module */
		if (kind < 0) {
			char *init = xasprintf("%s/__init__.py", pkg), *mod = xasprintf("%s.py", pkg);
			kind = is_file(init) ? 1 : is_file(mod) ? 2 : 0;
			if (kind && test_dir(pkg + site_len)) /* a package's tests are not its code */
				kind = 0;
			if (kind)
				added += add_file(kind == 1 ? init : mod, seen, out);
			free(kind == 1 ? mod : init);
			if (!kind)
				free(mod);
			strmap_put(&seen->probed, keep(seen, pkg), kind);
		}
		int is_pkg = kind == 1;
		free(dir);
		dir = pkg;
		if (!is_pkg)
			break; /* a module's attributes are not files */
		c += n;
		c += *c == '.';
	}
	free(dir);
	return added;
}

void env_seen_free(struct env_seen *seen)
{
	for (size_t i = 0; i < seen->keys.len; i++)
		free(seen->keys.items[i]);
	VEC_FREE(seen->keys);
	strmap_free(&seen->map);
	strmap_free(&seen->probed);
}
