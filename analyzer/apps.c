/* apps: the project's Django apps from its AppConfig classes and its settings' app lists, each
 * with the folder that holds it; a file belongs to the app whose folder is its longest prefix
 * (folders, not dotted names: namespace packages and a manage.py inside the package make
 * import names unreliable, and baserow has both). */
#include "apps.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct app {
	char *label, *name, *dir; /* dir: "shop" for shop/apps.py; "" for an app at the root */
};

struct app_table {
	VEC(struct app) apps;
};

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

static const char *last_part(const char *dotted)
{
	const char *dot = strrchr(dotted, '.');
	return dot ? dot + 1 : dotted;
}

static void add(app_table *t, const char *name, const char *label, char *dir)
{
	if (strchr(name, '{') || strchr(name, ' ')) { /* a template's placeholder, not an app */
		free(dir);
		return;
	}
	for (size_t i = 0; i < t->apps.len; i++)
		if (strcmp(t->apps.items[i].dir, dir) == 0) { /* one app per folder: the AppConfig's first */
			free(dir);
			return;
		}
	struct app a = {xstrdup(label ? label : last_part(name)), xstrdup(name), dir};
	VEC_PUSH(t->apps, a);
}

static int is_app_config(djindex *ix, int cls)
{
	const char *bases[16];
	size_t nb = index_external_bases(ix, cls, bases, 16);
	for (size_t b = 0; b < nb; b++)
		if (strcmp(bases[b], "django.apps.AppConfig") == 0 || strcmp(bases[b], "django.apps.config.AppConfig") == 0)
			return 1;
	return 0;
}

/* The string a class body binds to `attr` (`name = "shop"`), or NULL. */
static const char *class_string(const struct summary *s, int scope, const char *attr)
{
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->kind != EV_ASSIGN || ev->scope != scope || ev->target < 0 || ev->ex < 0)
			continue;
		const struct ex *t = &s->ex.items[ev->target], *v = &s->ex.items[ev->ex];
		if (t->kind == EX_NAME && strcmp(summary_str(s, t->str), attr) == 0 && v->kind == EX_STRING && v->str &&
		    summary_str(s, v->str)[0])
			return summary_str(s, v->str);
	}
	return NULL;
}

/* An entry of an app list naming a project package: the package whose import name is the
 * entry; else, for a dotted entry, the package whose folder ends with the entry's path
 * ("baserow/contrib/database" for "baserow.contrib.database": baserow's manage.py sits inside
 * the package, so it is imported here as "contrib.database"), the shortest such path. -1 when
 * none (Django's apps, third-party ones). */
static int app_package(djindex *ix, const char *entry, size_t n)
{
	char *as_path = xstrdup(entry);
	for (char *p = as_path; *p; p++)
		if (*p == '.')
			*p = '/';
	size_t lp = strlen(as_path);
	int best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = index_summary(ix, (int)i)->path;
		if (!str_has_suffix(path, "__init__.py"))
			continue;
		if (strcmp(index_import_name(ix, (int)i), entry) == 0) {
			best = (int)i;
			break;
		}
		size_t ld = strlen(path) - strlen("__init__.py"); /* "proj/shop/" */
		if (!strchr(entry, '.') || ld < lp + 1 || strncmp(path + ld - lp - 1, as_path, lp) != 0 ||
		    (ld > lp + 1 && path[ld - lp - 2] != '/'))
			continue;
		if (best < 0 || ld < best_len) {
			best = (int)i;
			best_len = ld;
		}
	}
	free(as_path);
	return best;
}

static void app_lists(app_table *t, djindex *ix, const struct summary *s, size_t n)
{
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->kind != EV_ASSIGN || ev->scope != -1 || ev->target < 0 || ev->ex < 0 ||
		    s->ex.items[ev->target].kind != EX_NAME || !str_has_suffix(summary_str(s, s->ex.items[ev->target].str), "APPS"))
			continue;
		const struct ex *v = &s->ex.items[ev->ex];
		if (v->kind != EX_LIST && v->kind != EX_TUPLE)
			continue;
		for (int32_t a = v->args; a >= 0; a = s->ex.items[a].next) {
			const struct ex *x = &s->ex.items[a];
			if (x->kind != EX_STRING || !x->str || !summary_str(s, x->str)[0])
				continue;
			const char *entry = summary_str(s, x->str);
			int pkg = app_package(ix, entry, n);
			if (pkg < 0)
				continue;
			const char *path = index_summary(ix, pkg)->path;
			add(t, entry, NULL, dir_of(path));
		}
	}
}

app_table *apps_read(djindex *ix, struct summary *const *sums, size_t n)
{
	app_table *t = xcalloc(1, sizeof *t);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sums[i]->scopes.len; k++) {
			const struct scope *sc = &sums[i]->scopes.items[k];
			if (sc->kind != SC_CLASS || sc->parent != -1)
				continue;
			int cls = index_class_of_scope(ix, (int)i, (int)k);
			const char *name = cls >= 0 && is_app_config(ix, cls) ? class_string(sums[i], (int)k, "name") : NULL;
			if (name)
				add(t, name, class_string(sums[i], (int)k, "label"), dir_of(sums[i]->path));
		}
	for (size_t i = 0; i < n; i++)
		app_lists(t, ix, sums[i], n);
	return t;
}

void apps_free(app_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->apps.len; i++) {
		free(t->apps.items[i].label);
		free(t->apps.items[i].name);
		free(t->apps.items[i].dir);
	}
	VEC_FREE(t->apps);
	free(t);
}

size_t apps_count(const app_table *t)
{
	return t->apps.len;
}

const char *apps_label_of(const app_table *t, const char *path)
{
	const struct app *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < t->apps.len; i++) {
		const struct app *a = &t->apps.items[i];
		size_t len = strlen(a->dir);
		int inside = len == 0 || (strncmp(path, a->dir, len) == 0 && path[len] == '/');
		if (inside && (!best || len > best_len)) {
			best = a;
			best_len = len;
		}
	}
	return best ? best->label : NULL;
}
