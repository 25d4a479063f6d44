/* index: phase 2's project model, built once over all module summaries: module names,
 * top-level symbols, imports resolved to project symbols or external qualified names, which
 * classes are Django models, managers and querysets, and each model's manager attributes. */
#ifndef DJASYNC_INDEX_H
#define DJASYNC_INDEX_H

#include <stddef.h>

#include "dirfacts.h"
#include "facts.h"

typedef struct djindex djindex;

enum sym_kind {
	SYM_NONE,
	SYM_MODULE,   /* a project module: sum */
	SYM_CLASS,    /* a project class: cls (global class id) */
	SYM_FUNCTION, /* a project top-level function: sum, scope */
	SYM_VAR,      /* a project module-level variable: sum, name */
	SYM_EXTERNAL, /* outside the project: qual */
};

struct sym {
	enum sym_kind kind;
	int sum, scope, cls;
	const char *qual; /* SYM_EXTERNAL: owned by the index (valid while it lives) */
	const char *name; /* SYM_VAR */
	int heuristic;    /* resolved by a naming guess, not by a definition */
};

enum class_kind { CK_PLAIN, CK_MODEL, CK_MANAGER, CK_QUERYSET };

struct manager_attr {
	const char *name;
	int custom; /* project Manager/QuerySet class giving its extra methods, or -1 */
};

/* A relation of a model: forward fields and the reverse accessors other models give it. */
enum rel_kind {
	REL_FK,          /* book.author: loads the row on first access */
	REL_O2O,         /* same, one-to-one */
	REL_M2M,         /* book.tags: a related manager */
	REL_GENERIC_FK,  /* GenericForeignKey: loads on access */
	REL_REVERSE_FK,  /* author.book_set / related_name: a related manager */
	REL_REVERSE_O2O, /* profile.user's reverse: loads on access */
	REL_FILE,        /* a FileField / ImageField: a FieldFile whose methods touch storage */
};

struct relation {
	const char *name;
	enum rel_kind kind;
	int target; /* the other model's class, or -1 when unresolved */
};

/* A relation whose first read loads one row (book.author), not a related manager or a file. */
static inline int relation_loads_row(const struct relation *r)
{
	return r && (r->kind == REL_FK || r->kind == REL_O2O || r->kind == REL_GENERIC_FK || r->kind == REL_REVERSE_O2O);
}

/* A class-body attribute made by calling something external: `_executor = ThreadPoolExecutor()`. */
struct class_attr {
	const char *name;
	const char *qual; /* the external callee, owned by the index */
};

struct class_info {
	int sum, scope;
	enum class_kind kind;
	int heuristic; /* model only by a naming guess about an external base */
	int maybe_model; /* CK_PLAIN with an external base of unknown kind (see index_build) */
	struct manager_attr *managers;
	size_t n_managers;
	struct class_attr *attrs;
	size_t n_attrs;
	struct relation *relations;
	size_t n_relations;
};

/* The first model that has an instance of project Manager/QuerySet class `mgr` as a manager
 * (`objects = EmailUserManager()`), or -1: what `self.model` is in the manager's methods. */
int index_model_of_manager(const djindex *ix, int mgr);
/* The relation `name` of model `cls` (its own fields, its bases', and reverse accessors), or
 * NULL. */
const struct relation *index_relation(const djindex *ix, int cls, const char *name);

/* The external callee whose result class `cls` binds to `name` in its body, or NULL. */
const char *index_class_attr(const djindex *ix, int cls, const char *name);

/* Builds the index over `sums` (borrowed: they must outlive the index), with the folder facts
 * `df` read before phase 2 (packages: __init__.py); it reads nothing from the disk. */
djindex *index_build(struct summary *const *sums, size_t n, const dirfacts *df);
void index_free(djindex *ix);

/* Dotted module name of summary `sum` ("shop.catalog.models"). */
const char *index_module_name(const djindex *ix, int sum);
/* The name Python imports module `sum` by ("catalog.models": the packages above it, found by
 * __init__.py, and itself). */
const char *index_import_name(const djindex *ix, int sum);
/* The summary the index was built with at position `sum`. */
const struct summary *index_summary(const djindex *ix, int sum);
/* Resolves a name at the top level of module `sum` (definitions, imports, star imports). */
struct sym index_resolve_name(djindex *ix, int sum, const char *name);
/* Resolves a qualified name ("catalog.models.Book", "django.db.models.Model"). */
struct sym index_resolve_qual(djindex *ix, const char *qual);
/* Resolves an import's target as seen from module `sum` (relative imports made absolute). */
struct sym index_resolve_import(djindex *ix, int sum, const struct import *im);
/* Interns a string for the index's lifetime (for external qualified names). */
const char *index_intern(djindex *ix, const char *s);

const struct class_info *index_class(const djindex *ix, int cls);
/* The global class id of scope `scope` of summary `sum`, or -1. */
int index_class_of_scope(const djindex *ix, int sum, int scope);
/* The first of project class `cls`'s bases that is a project class (the one its methods and
 * attributes are looked up in next), or -1. */
int index_first_base(djindex *ix, int cls);
/* The project classes among `cls`'s bases, in the order written: at most `max` into out. */
size_t index_project_bases(djindex *ix, int cls, int *out, size_t max);
/* How many project classes the index holds (class ids are 0 .. count-1). */
size_t index_class_count(const djindex *ix);
/* The method `name` of project class `cls` or of its project bases (leftmost first): its
 * scope, or -1. */
int index_method(djindex *ix, int cls, const char *name, int *sum_out);

/* The external (non-project) base classes of project class `cls` and of its project bases,
 * as qualified names ("channels.generic.websocket.AsyncWebsocketConsumer"); at most `max`. */
size_t index_external_bases(djindex *ix, int cls, const char **out, size_t max);

/* How many summaries the index holds. */
size_t index_count(const djindex *ix);
/* A project model class named `name` (by class name), or -1. */
int index_model_named(const djindex *ix, const char *name);

/* Well-known Django model classes that live outside the project (auth.User, ...). */
int index_external_is_model(const char *qual);

#endif
