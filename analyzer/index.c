/* index: the project model of phase 2. Names modules after their paths, resolves imports
 * (relative and absolute, by module-name suffix, so a scan rooted anywhere works), and finds
 * models, managers and querysets through base classes across files to a fixpoint. */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RESOLVE_DEPTH 12

struct mod {
	char *name;
	size_t n_scopes; /* of the summary the index was built with (a full one may have more) */
	int is_package;
	int import_depth; /* parts of the name Python imports it by: packages above it + 1 */
	struct strmap top; /* name -> packed symbol (see pack_top) */
	VEC(int) star;     /* import indices of star imports at module level */
	int *class_of_scope;
};

/* One more module a dotted suffix names (see djindex.alt_head). */
struct alt {
	int sum, next;
};

struct djindex {
	struct summary *const *sums;
	size_t n;
	struct mod *mods;
	struct strmap by_name; /* full module names and every dotted suffix -> summary */
	/* every module a dotted suffix names, when more than one does (a monorepo's services with
	 * the same package names): name -> first of a chain in `alts` */
	struct strmap alt_head;
	VEC(struct alt) alts;
	VEC(struct class_info) classes;
	VEC(char *) interned;
	struct strmap interned_map;
};

enum top_kind { TOP_CLASS = 1, TOP_FUNCTION, TOP_IMPORT, TOP_VAR };
#define PACK(kind, idx) (((int64_t)(kind) << 32) | (uint32_t)(idx))

const char *index_intern(djindex *ix, const char *s)
{
	int64_t i = strmap_get(&ix->interned_map, s, -1);
	if (i >= 0)
		return ix->interned.items[i];
	char *copy = xstrdup(s);
	VEC_PUSH(ix->interned, copy);
	strmap_put(&ix->interned_map, copy, (int64_t)ix->interned.len - 1);
	return copy;
}

/* "./a/b/__init__.py" -> "a.b"; "../x/c.py" -> "x.c". */
static char *module_name_of(const char *path, int *is_package)
{
	struct strbuf b = {0};
	const char *p = path;
	*is_package = 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int last = !e;
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
			/* skip empty, "." and ".." components */
		} else if (last) {
			size_t m = n;
			if (m > 3 && memcmp(p + m - 3, ".py", 3) == 0)
				m -= 3;
			if (m == 8 && memcmp(p, "__init__", 8) == 0) {
				*is_package = 1;
			} else {
				if (b.len)
					sb_putc(&b, '.');
				sb_add(&b, p, m);
			}
		} else {
			if (b.len)
				sb_putc(&b, '.');
			sb_add(&b, p, n);
		}
		p += n + (e ? 1 : 0);
	}
	return b.s ? b.s : xstrdup("");
}

const char *index_module_name(const djindex *ix, int sum)
{
	return ix->mods[sum].name;
}

const char *index_import_name(const djindex *ix, int sum)
{
	const struct mod *md = &ix->mods[sum];
	int parts = 1;
	for (const char *p = md->name; *p; p++)
		parts += *p == '.';
	const char *p = md->name;
	for (int skip = parts - md->import_depth; skip > 0 && p; skip--) {
		p = strchr(p, '.');
		if (p)
			p++;
	}
	return p && *p ? p : md->name;
}

const struct summary *index_summary(const djindex *ix, int sum)
{
	return ix->sums[sum];
}

/* How many leading path components two paths share. */
static size_t shared_dirs(const char *a, const char *b)
{
	size_t n = 0;
	for (size_t i = 0; a[i] && a[i] == b[i]; i++)
		n += a[i] == '/';
	return n;
}

/* The module `name` answers for, seen from module `from` (-1: nowhere in particular): of the
 * modules a dotted suffix names, the one whose path shares the most folders with `from`'s (the
 * importing service's own copy), else the one nearest the top of the tree. */
static int find_module_from(const djindex *ix, const char *name, int from)
{
	int m = (int)strmap_get(&ix->by_name, name, -1);
	int64_t h = from >= 0 && m >= 0 ? strmap_get(&ix->alt_head, name, -1) : -1;
	if (h < 0)
		return m;
	const char *fp = ix->sums[from]->path;
	size_t best = shared_dirs(ix->sums[m]->path, fp);
	for (int64_t k = h; k >= 0; k = ix->alts.items[k].next) {
		int cand = ix->alts.items[k].sum;
		size_t d = shared_dirs(ix->sums[cand]->path, fp);
		if (d > best) {
			best = d;
			m = cand;
		}
	}
	return m;
}

static int find_module(const djindex *ix, const char *name)
{
	return find_module_from(ix, name, -1);
}

static struct sym sym_external(djindex *ix, const char *qual)
{
	struct sym s = {.kind = SYM_EXTERNAL, .sum = -1, .scope = -1, .cls = -1};
	s.qual = index_intern(ix, qual);
	return s;
}

static struct sym sym_none(void)
{
	return (struct sym){.kind = SYM_NONE, .sum = -1, .scope = -1, .cls = -1};
}

static struct sym resolve_name_depth(djindex *ix, int sum, const char *name, int depth);

static struct sym resolve_qual_depth(djindex *ix, const char *qual, int depth, int from)
{
	if (depth > MAX_RESOLVE_DEPTH)
		return sym_none();
	int m = find_module_from(ix, qual, from);
	const char *dot = strrchr(qual, '.');
	if (m >= 0 && dot) {
		/* `from shop.models import Item` where models/Item.py defines class Item and the
		 * package's __init__ does `from .Item import *`: the package's attribute is the class
		 * (the import bound it over the submodule), as Python's lookup finds it first */
		char *prefix = xstrndup(qual, (size_t)(dot - qual));
		int p = find_module_from(ix, prefix, from);
		free(prefix);
		if (p >= 0 && p != m && ix->mods[p].is_package) {
			struct sym s = resolve_name_depth(ix, p, dot + 1, depth + 1);
			if (s.kind == SYM_CLASS || s.kind == SYM_FUNCTION || s.kind == SYM_VAR)
				return s;
		}
	}
	if (m >= 0)
		return (struct sym){.kind = SYM_MODULE, .sum = m, .scope = -1, .cls = -1};
	/* module prefix + one name: "catalog.models.Book" */
	if (dot) {
		char *prefix = xstrndup(qual, (size_t)(dot - qual));
		m = find_module_from(ix, prefix, from);
		free(prefix);
		if (m >= 0) {
			struct sym s = resolve_name_depth(ix, m, dot + 1, depth + 1);
			if (s.kind != SYM_NONE)
				return s;
		}
	}
	return sym_external(ix, qual);
}

struct sym index_resolve_qual(djindex *ix, const char *qual)
{
	return resolve_qual_depth(ix, qual, 0, -1);
}

/* Makes a relative import absolute from the importing module's package. */
static char *absolute_qual(const djindex *ix, int sum, const char *qual)
{
	if (qual[0] != '.')
		return xstrdup(qual);
	int level = 0;
	while (qual[level] == '.')
		level++;
	const struct mod *md = &ix->mods[sum];
	char *pkg = xstrdup(md->name);
	/* a module's package is its name minus the last part; a package is its own package */
	int drop = level - (md->is_package ? 1 : 0);
	for (int i = 0; i < drop; i++) {
		char *d = strrchr(pkg, '.');
		if (d)
			*d = 0;
		else
			pkg[0] = 0;
	}
	const char *rest = qual + level;
	char *out = xasprintf("%s%s%s", pkg, pkg[0] && rest[0] ? "." : "", rest);
	free(pkg);
	return out;
}

struct sym index_resolve_import(djindex *ix, int sum, const struct import *im)
{
	char *q = absolute_qual(ix, sum, summary_str(ix->sums[sum], im->qual));
	struct sym s = resolve_qual_depth(ix, q, 0, sum);
	free(q);
	return s;
}

static struct sym resolve_name_depth(djindex *ix, int sum, const char *name, int depth)
{
	if (depth > MAX_RESOLVE_DEPTH)
		return sym_none();
	const struct mod *md = &ix->mods[sum];
	const struct summary *s = ix->sums[sum];
	int64_t v = strmap_get(&md->top, name, -1);
	if (v >= 0) {
		int kind = (int)(v >> 32), idx = (int)(v & 0xffffffff);
		switch (kind) {
		case TOP_CLASS:
			return (struct sym){.kind = SYM_CLASS, .sum = sum, .scope = idx,
					    .cls = md->class_of_scope[idx]};
		case TOP_FUNCTION:
			return (struct sym){.kind = SYM_FUNCTION, .sum = sum, .scope = idx, .cls = -1};
		case TOP_VAR:
			return (struct sym){.kind = SYM_VAR, .sum = sum, .scope = -1, .cls = -1,
					    .name = index_intern(ix, name)}; /* name may be a caller's temporary */
		case TOP_IMPORT: {
			char *q = absolute_qual(ix, sum, summary_str(s, s->imports.items[idx].qual));
			struct sym r = resolve_qual_depth(ix, q, depth + 1, sum);
			free(q);
			return r;
		}
		}
	}
	/* `from .models import *`: look in the star-imported project modules */
	for (size_t i = 0; i < md->star.len; i++) {
		char *q = absolute_qual(ix, sum, summary_str(s, s->imports.items[md->star.items[i]].qual));
		int m = find_module_from(ix, q, sum);
		free(q);
		if (m >= 0 && m != sum) {
			struct sym r = resolve_name_depth(ix, m, name, depth + 1);
			if (r.kind != SYM_NONE)
				return r;
		}
	}
	if (md->is_package) {
		/* `import pkg` then `pkg.sub`: a submodule of a package */
		char *q = xasprintf("%s.%s", md->name, name);
		int m = find_module(ix, q);
		free(q);
		if (m >= 0)
			return (struct sym){.kind = SYM_MODULE, .sum = m, .scope = -1, .cls = -1};
	}
	return sym_none();
}

struct sym index_resolve_name(djindex *ix, int sum, const char *name)
{
	return resolve_name_depth(ix, sum, name, 0);
}

int index_model_of_manager(const djindex *ix, int mgr)
{
	for (size_t i = 0; mgr >= 0 && i < ix->classes.len; i++) {
		const struct class_info *ci = &ix->classes.items[i];
		if (ci->kind != CK_MODEL)
			continue;
		for (size_t k = 0; k < ci->n_managers; k++)
			if (ci->managers[k].custom == mgr)
				return (int)i;
	}
	return -1;
}

const struct class_info *index_class(const djindex *ix, int cls)
{
	return cls >= 0 && (size_t)cls < ix->classes.len ? &ix->classes.items[cls] : NULL;
}

int index_class_of_scope(const djindex *ix, int sum, int scope)
{
	if (sum < 0 || scope < 0 || (size_t)scope >= ix->mods[sum].n_scopes)
		return -1; /* a scope inside a function body of a file summarized in full later */
	return ix->mods[sum].class_of_scope[scope];
}

/* --- resolving class-level expressions (bases, manager constructors) ------------------ */

/* A dotted expression (Name or Name.attr.attr) at module level, as a symbol. */
static struct sym resolve_dotted(djindex *ix, int sum, int32_t e, int depth)
{
	const struct summary *s = ix->sums[sum];
	if (e < 0 || depth > MAX_RESOLVE_DEPTH)
		return sym_none();
	const struct ex *x = &s->ex.items[e];
	if (x->kind == EX_NAME)
		return index_resolve_name(ix, sum, summary_str(s, x->str));
	if (x->kind != EX_ATTR)
		return sym_none();
	struct sym o = resolve_dotted(ix, sum, x->a, depth + 1);
	const char *attr = summary_str(s, x->str);
	if (o.kind == SYM_EXTERNAL) {
		char *q = xasprintf("%s.%s", o.qual, attr);
		struct sym r = sym_external(ix, q);
		free(q);
		return r;
	}
	if (o.kind == SYM_MODULE)
		return index_resolve_name(ix, o.sum, attr);
	return sym_none();
}

/* A class's base expression as the class it names: generic aliases unwrapped
 * (`models.Manager["Run"]`, `QuerySet[Book]`), and `models.Manager.from_queryset(QS)` taken as
 * the Manager (its queryset's methods come in through from_queryset_class). */
static struct sym resolve_base(djindex *ix, int sum, int32_t b)
{
	const struct summary *s = ix->sums[sum];
	if (b >= 0 && s->ex.items[b].kind == EX_SUBSCRIPT)
		b = s->ex.items[b].a;
	if (b >= 0 && s->ex.items[b].kind == EX_CALL) {
		const struct ex *f = &s->ex.items[s->ex.items[b].a];
		if (f->kind == EX_ATTR && strcmp(summary_str(s, f->str), "from_queryset") == 0)
			b = f->a;
	}
	return resolve_dotted(ix, sum, b, 0);
}

/* The project QuerySet class a `X.from_queryset(QS)` base brings in, or -1. */
static int from_queryset_class(djindex *ix, int sum, int32_t b)
{
	const struct summary *s = ix->sums[sum];
	if (b < 0 || s->ex.items[b].kind != EX_CALL)
		return -1;
	const struct ex *f = &s->ex.items[s->ex.items[b].a];
	if (f->kind != EX_ATTR || strcmp(summary_str(s, f->str), "from_queryset") != 0)
		return -1;
	struct sym q = resolve_dotted(ix, sum, s->ex.items[b].args, 0);
	return q.kind == SYM_CLASS ? q.cls : -1;
}

static const char *const model_bases[] = {
	"django.db.models.Model", "django.db.models.base.Model",
	"django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.AbstractBaseUser",
	"django.contrib.auth.base_user.AbstractBaseUser", "django.contrib.auth.models.User",
	"django.contrib.gis.db.models.Model", NULL,
};
static const char *const manager_bases[] = {
	"django.db.models.Manager", "django.db.models.manager.Manager",
	"django.db.models.manager.BaseManager", "django.contrib.auth.models.UserManager",
	"django.contrib.auth.base_user.BaseUserManager", "django.contrib.auth.models.BaseUserManager",
	NULL,
};
static const char *const queryset_bases[] = {
	"django.db.models.QuerySet", "django.db.models.query.QuerySet", NULL,
};
static const char *const external_models[] = {
	"django.contrib.auth.models.User", "django.contrib.auth.models.Group",
	"django.contrib.auth.models.Permission", "django.contrib.contenttypes.models.ContentType",
	"django.contrib.sites.models.Site", "django.contrib.sessions.models.Session",
	"django.contrib.admin.models.LogEntry", "django.contrib.flatpages.models.FlatPage",
	"django.contrib.redirects.models.Redirect", NULL,
};

int index_external_is_model(const char *qual)
{
	return str_in(qual, external_models) >= 0;
}

/* Abstract model bases of third-party apps, by qualified name or, ending in '.', by module. */
static const char *const third_party_model_bases[] = {
	"django_lifecycle.LifecycleModel", "django_lifecycle.models.LifecycleModel",
	"django_lifecycle.LifecycleModelMixin", "django_lifecycle.mixins.LifecycleModelMixin",
	"model_utils.models.", "django_extensions.db.models.", "polymorphic.models.PolymorphicModel",
	"mptt.models.MPTTModel", "treebeard.mp_tree.MP_Node", "treebeard.ns_tree.NS_Node",
	"treebeard.al_tree.AL_Node", "safedelete.models.SafeDeleteModel",
	"ordered_model.models.OrderedModel", "ordered_model.models.OrderedModelBase",
	"parler.models.TranslatableModel", "wagtail.models.Page", "wagtail.core.models.Page",
	"taggit.models.TagBase", "taggit.models.GenericTaggedItemBase", "taggit.models.TaggedItemBase",
	"django_celery_beat.models.", "django_celery_results.models.", "oauth2_provider.models.",
	"guardian.models.", "reversion.models.", "auditlog.models.", "softdelete.models.",
	"timezone_field.", "organizations.abstract.", "organizations.base.", NULL,
};

static int third_party_model(const char *qual)
{
	for (size_t i = 0; third_party_model_bases[i]; i++) {
		const char *b = third_party_model_bases[i];
		if (str_has_suffix(b, ".") ? str_has_prefix(qual, b) && qual[strlen(b)] >= 'A' && qual[strlen(b)] <= 'Z'
					   : strcmp(qual, b) == 0)
			return 1;
	}
	return 0;
}

/* A base outside the project that looks like a model base of a third-party app:
 * "polymorphic.models.PolymorphicModel", "mptt.models.MPTTModel". */
static int external_model_guess(const char *qual)
{
	return !str_has_prefix(qual, "django.") && strstr(qual, ".models.") &&
	       str_has_suffix(qual, "Model");
}

/* Packages whose classes are never Django models: a project class deriving only from these
 * (and from known kinds) is a plain class; any other external base leaves it unknown. */
static const char *const never_model_packages[] = {
	"builtins.", "typing.", "typing_extensions.", "enum.", "abc.", "collections.", "dataclasses.",
	"django.", "rest_framework.", "ninja.", "channels.", "graphene.", "strawberry.", "pydantic.",
	"celery.", "unittest.", "pytest.", "asyncio.", "threading.", "json.", "logging.", "argparse.",
	"io.", "contextlib.", "functools.", "adrf.", "factory.", "marshmallow.", "starlette.", "fastapi.",
	"asgiref.", "requests.", "httpx.", "aiohttp.", "socketserver.", "http.", "email.", "string.",
	"numbers.", "datetime.", "decimal.", "pathlib.", "os.", NULL,
};

static int never_model(const char *qual)
{
	if (!strchr(qual, '.'))
		return 1; /* object, Exception, a builtin */
	for (size_t i = 0; never_model_packages[i]; i++)
		if (str_has_prefix(qual, never_model_packages[i]))
			return 1;
	return 0;
}

/* A field of a model: django.db.models.CharField, ForeignKey, contrib's JSONField, ... */
static int is_model_field(const char *qual)
{
	static const char *const modules[] = {
		"django.db.models.", "django.contrib.postgres.fields.", "django.contrib.gis.db.models.",
		"django.contrib.contenttypes.fields.", NULL,
	};
	for (size_t i = 0; modules[i]; i++) {
		if (!str_has_prefix(qual, modules[i]))
			continue;
		const char *last = strrchr(qual, '.') + 1;
		return str_has_suffix(last, "Field") || strcmp(last, "ForeignKey") == 0 ||
		       strcmp(last, "GenericForeignKey") == 0 || strcmp(last, "GenericRelation") == 0;
	}
	return 0;
}

static enum class_kind base_kind(djindex *ix, struct sym b, int *heuristic)
{
	if (b.kind == SYM_CLASS && b.cls >= 0) {
		*heuristic = ix->classes.items[b.cls].heuristic;
		return ix->classes.items[b.cls].kind;
	}
	if (b.kind != SYM_EXTERNAL)
		return CK_PLAIN;
	if (str_in(b.qual, model_bases) >= 0 || third_party_model(b.qual))
		return CK_MODEL;
	if (str_in(b.qual, manager_bases) >= 0)
		return CK_MANAGER;
	if (str_in(b.qual, queryset_bases) >= 0)
		return CK_QUERYSET;
	if (external_model_guess(b.qual)) {
		*heuristic = 1;
		return CK_MODEL;
	}
	return CK_PLAIN;
}

static void classify_classes(djindex *ix)
{
	for (int changed = 1, round = 0; changed && round < 32; round++) {
		changed = 0;
		for (size_t c = 0; c < ix->classes.len; c++) {
			struct class_info *ci = &ix->classes.items[c];
			if (ci->kind != CK_PLAIN)
				continue;
			const struct summary *s = ix->sums[ci->sum];
			for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0; b = s->ex.items[b].next) {
				int heuristic = 0;
				enum class_kind k = base_kind(ix, resolve_base(ix, ci->sum, b), &heuristic);
				if (k != CK_PLAIN) {
					ci->kind = k;
					ci->heuristic = heuristic;
					changed = 1;
					break;
				}
			}
		}
	}
}

static int manager_value(djindex *ix, int sum, int32_t e);

/* Model-ness by evidence, for classes their bases left plain: model fields or a manager in
 * the class body, or being the target of a ForeignKey / OneToOneField / ManyToManyField.
 * Returns whether a class changed. */
static int model_evidence(djindex *ix)
{
	int changed = 0;
	for (size_t si = 0; si < ix->n; si++) {
		const struct summary *s = ix->sums[si];
		for (size_t i = 0; i < s->ev.len; i++) {
			const struct event *ev = &s->ev.items[i];
			if (ev->kind != EV_ASSIGN || ev->scope < 0 || ev->ex < 0 || s->ex.items[ev->ex].kind != EX_CALL)
				continue;
			int cls = ix->mods[si].class_of_scope[ev->scope];
			if (cls < 0)
				continue;
			struct class_info *ci = &ix->classes.items[cls];
			struct sym f = resolve_dotted(ix, (int)si, s->ex.items[ev->ex].a, 0);
			int field = f.kind == SYM_EXTERNAL && is_model_field(f.qual);
			if (ci->kind == CK_PLAIN && (field || manager_value(ix, (int)si, ev->ex) >= -1)) {
				ci->kind = CK_MODEL;
				ci->heuristic = 0;
				changed = 1;
			}
			const char *last = field ? strrchr(f.qual, '.') + 1 : "";
			int32_t first = s->ex.items[ev->ex].args;
			if (first < 0 || s->ex.items[first].kind == EX_KWARG ||
			    (strcmp(last, "ForeignKey") && strcmp(last, "OneToOneField") && strcmp(last, "ManyToManyField")))
				continue;
			struct sym t = resolve_dotted(ix, (int)si, first, 0);
			if (t.kind == SYM_CLASS && t.cls >= 0 && ix->classes.items[t.cls].kind == CK_PLAIN) {
				ix->classes.items[t.cls].kind = CK_MODEL;
				changed = 1;
			}
		}
	}
	return changed;
}

/* Project classes still plain that derive from an external class of unknown kind (a base of
 * a package nobody listed), directly or through project bases: `Thing.objects` on them is
 * taken as a manager, as surely as on a model class imported from outside the scan. */
static void unknown_kinds(djindex *ix)
{
	for (int changed = 1, round = 0; changed && round < 32; round++) {
		changed = 0;
		for (size_t c = 0; c < ix->classes.len; c++) {
			struct class_info *ci = &ix->classes.items[c];
			if (ci->kind != CK_PLAIN || ci->maybe_model)
				continue;
			const struct summary *s = ix->sums[ci->sum];
			for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0 && !ci->maybe_model; b = s->ex.items[b].next) {
				if (s->ex.items[b].kind == EX_KWARG)
					continue; /* metaclass=... */
				struct sym y = resolve_base(ix, ci->sum, b);
				ci->maybe_model = (y.kind == SYM_EXTERNAL && y.qual && !never_model(y.qual)) ||
						  (y.kind == SYM_CLASS && y.cls >= 0 && ix->classes.items[y.cls].maybe_model);
			}
			changed |= ci->maybe_model;
		}
	}
}

static void add_manager(struct class_info *ci, const char *name, int custom)
{
	for (size_t i = 0; i < ci->n_managers; i++)
		if (strcmp(ci->managers[i].name, name) == 0)
			return;
	ci->managers = xrealloc(ci->managers, (ci->n_managers + 1) * sizeof *ci->managers);
	ci->managers[ci->n_managers++] = (struct manager_attr){name, custom};
}

/* `objects = BookManager()`, `objects = BookQuerySet.as_manager()`,
 * `objects = BaseManager.from_queryset(BookQuerySet)()`: the custom class, or -2 when the
 * value is not a manager at all. */
static int manager_value(djindex *ix, int sum, int32_t e)
{
	const struct summary *s = ix->sums[sum];
	const struct ex *x = &s->ex.items[e];
	if (x->kind != EX_CALL)
		return -2;
	const struct ex *fn = &s->ex.items[x->a];
	if (fn->kind == EX_ATTR && strcmp(summary_str(s, fn->str), "as_manager") == 0) {
		struct sym q = resolve_dotted(ix, sum, fn->a, 0);
		if (q.kind == SYM_CLASS && ix->classes.items[q.cls].kind == CK_QUERYSET)
			return q.cls;
		return q.kind == SYM_EXTERNAL && str_in(q.qual, queryset_bases) >= 0 ? -1 : -2;
	}
	if (fn->kind == EX_CALL) {
		const struct ex *inner = &s->ex.items[fn->a];
		if (inner->kind == EX_ATTR && strcmp(summary_str(s, inner->str), "from_queryset") == 0 &&
		    fn->args >= 0) {
			struct sym q = resolve_dotted(ix, sum, fn->args, 0);
			return q.kind == SYM_CLASS ? q.cls : -1;
		}
		return -2;
	}
	struct sym m = resolve_dotted(ix, sum, x->a, 0);
	if (m.kind == SYM_CLASS && ix->classes.items[m.cls].kind == CK_MANAGER)
		return m.cls;
	if (m.kind == SYM_EXTERNAL && str_in(m.qual, manager_bases) >= 0)
		return -1;
	return -2;
}

const char *index_class_attr(const djindex *ix, int cls, const char *name)
{
	if (cls < 0 || (size_t)cls >= ix->classes.len)
		return NULL;
	const struct class_info *ci = &ix->classes.items[cls];
	const char *found = NULL;
	for (size_t i = 0; i < ci->n_attrs; i++)
		if (strcmp(ci->attrs[i].name, name) == 0)
			found = ci->attrs[i].qual; /* the last assignment wins */
	return found;
}

/* Class-body assignments `name = value`: a model's managers, and in any class the attributes
 * made by an external call (`_executor = ThreadPoolExecutor(...)`), by which the engine types
 * `cls._executor` / `self._executor`. */
static void collect_class_body(djindex *ix)
{
	for (size_t si = 0; si < ix->n; si++) {
		const struct summary *s = ix->sums[si];
		for (size_t i = 0; i < s->ev.len; i++) {
			const struct event *ev = &s->ev.items[i];
			if (ev->kind != EV_ASSIGN || ev->scope < 0 || ev->target < 0)
				continue;
			int cls = ix->mods[si].class_of_scope[ev->scope];
			const struct ex *t = &s->ex.items[ev->target];
			if (cls < 0 || t->kind != EX_NAME)
				continue;
			struct class_info *ci = &ix->classes.items[cls];
			const char *name = summary_str(s, t->str);
			if (ci->kind == CK_MODEL) {
				int custom = manager_value(ix, (int)si, ev->ex);
				if (custom >= -1)
					add_manager(ci, name, custom);
			}
			const struct ex *x = ev->ex >= 0 ? &s->ex.items[ev->ex] : NULL;
			if (!x || x->kind != EX_CALL || x->a < 0)
				continue;
			struct sym q = resolve_dotted(ix, (int)si, x->a, 0);
			if (q.kind != SYM_EXTERNAL || !q.qual)
				continue;
			ci->attrs = xrealloc(ci->attrs, (ci->n_attrs + 1) * sizeof *ci->attrs);
			ci->attrs[ci->n_attrs++] = (struct class_attr){name, q.qual};
		}
	}
}

static void collect_managers(djindex *ix)
{
	collect_class_body(ix);
	/* managers are inherited from project model bases (abstract or not) */
	for (int round = 0; round < 8; round++) {
		for (size_t c = 0; c < ix->classes.len; c++) {
			struct class_info *ci = &ix->classes.items[c];
			if (ci->kind != CK_MODEL)
				continue;
			const struct summary *s = ix->sums[ci->sum];
			for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0; b = s->ex.items[b].next) {
				struct sym bs = resolve_base(ix, ci->sum, b);
				if (bs.kind != SYM_CLASS || (size_t)bs.cls == c)
					continue;
				const struct class_info *base = &ix->classes.items[bs.cls];
				for (size_t k = 0; k < base->n_managers; k++)
					add_manager(ci, base->managers[k].name, base->managers[k].custom);
			}
		}
	}
}

static void add_relation(struct class_info *ci, const char *name, enum rel_kind kind, int target)
{
	for (size_t i = 0; i < ci->n_relations; i++)
		if (strcmp(ci->relations[i].name, name) == 0)
			return;
	ci->relations = xrealloc(ci->relations, (ci->n_relations + 1) * sizeof *ci->relations);
	ci->relations[ci->n_relations++] = (struct relation){name, kind, target};
}

/* A relation target: a class expression, "app_label.Model", "Model" or "self". */
static int relation_target(djindex *ix, int sum, int self, int32_t e)
{
	const struct summary *s = ix->sums[sum];
	if (e < 0)
		return -1;
	const struct ex *x = &s->ex.items[e];
	if (x->kind == EX_STRING) {
		const char *t = summary_str(s, x->str);
		if (strcmp(t, "self") == 0)
			return self;
		const char *dot = strrchr(t, '.');
		return index_model_named(ix, dot ? dot + 1 : t);
	}
	struct sym y = resolve_dotted(ix, sum, e, 0);
	return y.kind == SYM_CLASS && ix->classes.items[y.cls].kind == CK_MODEL ? y.cls : -1;
}

static const char *kwarg_string(const struct summary *s, int32_t call, const char *key)
{
	for (int32_t a = s->ex.items[call].args; a >= 0; a = s->ex.items[a].next) {
		const struct ex *x = &s->ex.items[a];
		if (x->kind == EX_KWARG && strcmp(summary_str(s, x->str), key) == 0 && x->a >= 0 &&
		    s->ex.items[x->a].kind == EX_STRING)
			return summary_str(s, s->ex.items[x->a].str);
	}
	return NULL;
}

/* ForeignKey / OneToOneField / ManyToManyField / GenericForeignKey fields of the models, and
 * the reverse accessors they give their targets (related_name, or <model>_set). */
static void collect_relations(djindex *ix)
{
	for (size_t si = 0; si < ix->n; si++) {
		const struct summary *s = ix->sums[si];
		for (size_t i = 0; i < s->ev.len; i++) {
			const struct event *ev = &s->ev.items[i];
			if (ev->kind != EV_ASSIGN || ev->scope < 0 || ev->target < 0 ||
			    s->ex.items[ev->target].kind != EX_NAME || s->ex.items[ev->ex].kind != EX_CALL)
				continue;
			int cls = ix->mods[si].class_of_scope[ev->scope];
			if (cls < 0 || ix->classes.items[cls].kind != CK_MODEL)
				continue;
			struct sym f = resolve_dotted(ix, (int)si, s->ex.items[ev->ex].a, 0);
			if (f.kind != SYM_EXTERNAL)
				continue;
			const char *last = strrchr(f.qual, '.');
			last = last ? last + 1 : f.qual;
			enum rel_kind kind;
			if (strcmp(last, "ForeignKey") == 0)
				kind = REL_FK;
			else if (strcmp(last, "OneToOneField") == 0)
				kind = REL_O2O;
			else if (strcmp(last, "ManyToManyField") == 0)
				kind = REL_M2M;
			else if (strcmp(last, "GenericForeignKey") == 0)
				kind = REL_GENERIC_FK;
			else if (strcmp(last, "FileField") == 0 || strcmp(last, "ImageField") == 0) {
				add_relation(&ix->classes.items[cls], summary_str(s, s->ex.items[ev->target].str), REL_FILE, -1);
				continue;
			} else
				continue;
			const char *name = summary_str(s, s->ex.items[ev->target].str);
			int32_t first = s->ex.items[ev->ex].args;
			if (first >= 0 && s->ex.items[first].kind == EX_KWARG)
				first = -1;
			int target = kind == REL_GENERIC_FK ? -1 : relation_target(ix, (int)si, cls, first);
			add_relation(&ix->classes.items[cls], name, kind, target);
			const char *rn = kwarg_string(s, ev->ex, "related_name");
			if (target < 0 || kind == REL_GENERIC_FK || (rn && rn[0] == '+'))
				continue;
			const char *model = summary_str(s, s->scopes.items[ix->classes.items[cls].scope].name);
			char *lower = xstrdup(model);
			for (char *p = lower; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			char *rev = rn ? xstrdup(rn) : kind == REL_O2O ? xstrdup(lower) : xasprintf("%s_set", lower);
			add_relation(&ix->classes.items[target], index_intern(ix, rev),
				     kind == REL_O2O ? REL_REVERSE_O2O : REL_REVERSE_FK, cls);
			free(rev);
			free(lower);
		}
	}
}

size_t index_count(const djindex *ix)
{
	return ix->n;
}

int index_model_named(const djindex *ix, const char *name)
{
	for (size_t c = 0; c < ix->classes.len; c++) {
		const struct class_info *ci = &ix->classes.items[c];
		if (ci->kind == CK_MODEL &&
		    strcmp(summary_str(ix->sums[ci->sum], ix->sums[ci->sum]->scopes.items[ci->scope].name), name) == 0)
			return (int)c;
	}
	return -1;
}

const struct relation *index_relation(const djindex *ix, int cls, const char *name)
{
	for (int depth = 0; cls >= 0 && depth < MAX_RESOLVE_DEPTH; depth++) {
		const struct class_info *ci = &ix->classes.items[cls];
		for (size_t i = 0; i < ci->n_relations; i++)
			if (strcmp(ci->relations[i].name, name) == 0)
				return &ci->relations[i];
		/* fields of an abstract base model */
		const struct summary *s = ix->sums[ci->sum];
		int next = -1;
		for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0 && next < 0; b = s->ex.items[b].next) {
			struct sym bs = resolve_base((djindex *)ix, ci->sum, b);
			if (bs.kind == SYM_CLASS && bs.cls != cls)
				next = bs.cls;
		}
		cls = next;
	}
	return NULL;
}

int index_method(djindex *ix, int cls, const char *name, int *sum_out)
{
	/* depth first over the project bases, leftmost first: Python's MRO for hierarchies
	 * without diamonds (`class V(AdminMixin, CreateView)` finds CreateView's get) */
	int todo[32], n_todo = 0, seen[32], n_seen = 0;
	if (cls >= 0)
		todo[n_todo++] = cls;
	while (n_todo > 0) {
		int c = todo[--n_todo];
		int dup = 0;
		for (int i = 0; i < n_seen; i++)
			dup |= seen[i] == c;
		if (dup || n_seen == 32)
			continue;
		seen[n_seen++] = c;
		const struct class_info *ci = &ix->classes.items[c];
		const struct summary *s = ix->sums[ci->sum];
		for (size_t i = 0; i < s->scopes.len; i++) {
			const struct scope *sc = &s->scopes.items[i];
			if (sc->parent == ci->scope && sc->kind != SC_CLASS && strcmp(summary_str(s, sc->name), name) == 0) {
				*sum_out = ci->sum;
				return (int)i;
			}
		}
		int bases[16];
		int nb = (int)index_project_bases(ix, c, bases, 16);
		while (nb > 0 && n_todo < 32)
			todo[n_todo++] = bases[--nb]; /* the leftmost on top */
	}
	return -1;
}

size_t index_project_bases(djindex *ix, int cls, int *out, size_t max)
{
	const struct class_info *ci = &ix->classes.items[cls];
	const struct summary *s = ix->sums[ci->sum];
	size_t n = 0;
	for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0 && n < max; b = s->ex.items[b].next) {
		struct sym bs = resolve_base(ix, ci->sum, b);
		if (bs.kind == SYM_CLASS && bs.cls != cls)
			out[n++] = bs.cls;
		int qs = from_queryset_class(ix, ci->sum, b);
		if (qs >= 0 && qs != cls && n < max)
			out[n++] = qs; /* Manager.from_queryset(QS): QS's methods are the manager's */
	}
	return n;
}

size_t index_class_count(const djindex *ix)
{
	return ix->classes.len;
}

int index_first_base(djindex *ix, int cls)
{
	int first;
	return index_project_bases(ix, cls, &first, 1) ? first : -1;
}

size_t index_external_bases(djindex *ix, int cls, const char **out, size_t max)
{
	int todo[32], n_todo = 0, seen[32], n_seen = 0;
	size_t n = 0;
	if (cls >= 0)
		todo[n_todo++] = cls;
	while (n_todo > 0 && n < max) {
		int c = todo[--n_todo];
		int dup = 0;
		for (int i = 0; i < n_seen; i++)
			dup |= seen[i] == c;
		if (dup || n_seen == 32)
			continue;
		seen[n_seen++] = c;
		const struct class_info *ci = &ix->classes.items[c];
		const struct summary *s = ix->sums[ci->sum];
		for (int32_t b = s->scopes.items[ci->scope].bases; b >= 0 && n < max; b = s->ex.items[b].next) {
			struct sym y = resolve_base(ix, ci->sum, b);
			if (y.kind == SYM_EXTERNAL)
				out[n++] = y.qual;
			else if (y.kind == SYM_CLASS && n_todo < 32)
				todo[n_todo++] = y.cls;
		}
	}
	return n;
}

djindex *index_build(struct summary *const *sums, size_t n, const dirfacts *df)
{
	djindex *ix = xcalloc(1, sizeof *ix);
	ix->sums = sums;
	ix->n = n;
	ix->mods = xcalloc(n ? n : 1, sizeof *ix->mods);
	for (size_t i = 0; i < n; i++) {
		struct mod *md = &ix->mods[i];
		md->name = module_name_of(sums[i]->path, &md->is_package);
	}
	/* A module is also named by the dotted suffixes of its path down to the name Python imports
	 * it by (the packages above it, found by __init__.py): `catalog.models` for
	 * shop/catalog/models.py, so a scan rooted anywhere resolves absolute imports, while
	 * proj/celery.py never answers for `import celery`. */
	for (size_t i = 0; i < n; i++)
		ix->mods[i].import_depth = dirfacts_import_depth(df, sums[i]->path, ix->mods[i].is_package);
	for (size_t i = 0; i < n; i++)
		strmap_put(&ix->by_name, ix->mods[i].name, (int64_t)i);
	/* Suffixes, shallowest modules first: when two modules answer for the same dotted suffix
	 * (`frontend.views` of proj/frontend/ and of proj/old/copy/frontend/), the one nearer the
	 * top of the tree wins, not the one that sorts first. */
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	int *depth_of = xmalloc((n ? n : 1) * sizeof *depth_of);
	int max_parts = 0;
	for (size_t i = 0; i < n; i++) {
		int parts = 1;
		for (const char *p = ix->mods[i].name; *p; p++)
			parts += *p == '.';
		depth_of[i] = parts;
		max_parts = parts > max_parts ? parts : max_parts;
	}
	size_t n_order = 0;
	for (int d = 1; d <= max_parts; d++) /* a counting sort: stable, in path order within a depth */
		for (size_t i = 0; i < n; i++)
			if (depth_of[i] == d)
				order[n_order++] = i;
	for (size_t j = 0; j < n_order; j++) {
		size_t i = order[j];
		int parts = depth_of[i];
		for (const char *p = strchr(ix->mods[i].name, '.'); p && --parts >= ix->mods[i].import_depth; p = strchr(p + 1, '.'))
			if (!strmap_put(&ix->by_name, p + 1, (int64_t)i)) {
				/* another module answers already: keep this one as an alternative */
				struct alt a = {(int)i, (int)strmap_get(&ix->alt_head, p + 1, -1)};
				VEC_PUSH(ix->alts, a);
				int64_t h = (int64_t)ix->alts.len - 1;
				if (a.next >= 0)
					strmap_set(&ix->alt_head, p + 1, h);
				else
					strmap_put(&ix->alt_head, p + 1, h);
			}
	}
	free(order);
	free(depth_of);
	for (size_t i = 0; i < n; i++) {
		const struct summary *s = sums[i];
		struct mod *md = &ix->mods[i];
		md->class_of_scope = xmalloc((s->scopes.len ? s->scopes.len : 1) * sizeof(int));
		md->n_scopes = s->scopes.len;
		for (size_t k = 0; k < s->scopes.len; k++) {
			const struct scope *sc = &s->scopes.items[k];
			md->class_of_scope[k] = -1;
			/* classes inside function bodies are not indexed: a shallow summary lacks them */
			int inner = 0;
			for (int32_t p = sc->parent; p >= 0 && !inner; p = s->scopes.items[p].parent)
				inner = s->scopes.items[p].kind != SC_CLASS;
			if (sc->kind == SC_CLASS && !inner) {
				struct class_info ci = {.sum = (int)i, .scope = (int)k};
				VEC_PUSH(ix->classes, ci);
				md->class_of_scope[k] = (int)ix->classes.len - 1;
			}
		}
		/* later definitions win in Python; keep the last by inserting in reverse */
		for (size_t k = s->scopes.len; k-- > 0;) {
			const struct scope *sc = &s->scopes.items[k];
			if (sc->parent == -1 && sc->kind != SC_LAMBDA)
				strmap_put(&md->top, summary_str(s, sc->name),
					   PACK(sc->kind == SC_CLASS ? TOP_CLASS : TOP_FUNCTION, k));
		}
		for (size_t k = s->imports.len; k-- > 0;) {
			const struct import *im = &s->imports.items[k];
			if (im->scope != -1)
				continue;
			if (im->star)
				VEC_PUSH(md->star, (int)k);
			else
				strmap_put(&md->top, summary_str(s, im->local), PACK(TOP_IMPORT, k));
		}
		for (size_t k = 0; k < s->ev.len; k++) {
			const struct event *ev = &s->ev.items[k];
			if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 &&
			    s->ex.items[ev->target].kind == EX_NAME)
				strmap_put(&md->top, summary_str(s, s->ex.items[ev->target].str), PACK(TOP_VAR, k));
		}
	}
	for (int round = 0; round < 8; round++) {
		classify_classes(ix);
		if (!model_evidence(ix))
			break;
	}
	unknown_kinds(ix);
	collect_managers(ix);
	collect_relations(ix);
	return ix;
}

void index_free(djindex *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->n; i++) {
		free(ix->mods[i].name);
		strmap_free(&ix->mods[i].top);
		VEC_FREE(ix->mods[i].star);
		free(ix->mods[i].class_of_scope);
	}
	free(ix->mods);
	strmap_free(&ix->by_name);
	strmap_free(&ix->alt_head);
	VEC_FREE(ix->alts);
	for (size_t i = 0; i < ix->classes.len; i++) {
		free(ix->classes.items[i].managers);
		free(ix->classes.items[i].attrs);
		free(ix->classes.items[i].relations);
	}
	VEC_FREE(ix->classes);
	for (size_t i = 0; i < ix->interned.len; i++)
		free(ix->interned.items[i]);
	VEC_FREE(ix->interned);
	strmap_free(&ix->interned_map);
	free(ix);
}
