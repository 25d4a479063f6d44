/* test_index: the phase-2 project model built over in-memory summaries of a small project
 * (proj/core, proj/app): module names, name and import resolution (relative, absolute by
 * suffix, star, external), class kinds across files, and manager attributes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "index.h"
#include "source.h"
#include "util.h"

enum { M_INIT, M_CORE, M_MODELS, M_VIEWS, M_THIRD, N_MODS };

static const struct {
	const char *path, *text;
} files[N_MODS] = {
	[M_INIT] = {"proj/app/__init__.py", "from .models import *\n"},
	[M_CORE] = {"proj/core/models.py",
		    "from django.db import models\n"
		    "\n"
		    "class BookQuerySet(models.QuerySet):\n"
		    "    def published(self):\n"
		    "        return self.filter(p=True)\n"
		    "\n"
		    "class BookManager(models.Manager):\n"
		    "    pass\n"
		    "\n"
		    "class TimeStamped(models.Model):\n"
		    "    objects = BookManager()\n"
		    "    class Meta:\n"
		    "        abstract = True\n"},
	[M_MODELS] = {"proj/app/models.py",
		      "from django.db import models\n"
		      "from core.models import TimeStamped, BookQuerySet\n"
		      "from django.contrib.auth.models import User\n"
		      "\n"
		      "class Book(TimeStamped):\n"
		      "    items = BookQuerySet.as_manager()\n"
		      "    title = models.CharField(max_length=10)\n"
		      "\n"
		      "class Plain:\n"
		      "    pass\n"
		      "\n"
		      "class Other(models.Model):\n"
		      "    plain = models.Manager()\n"
		      "\n"
		      "class Sub(Plain):\n"
		      "    pass\n"},
	[M_VIEWS] = {"proj/app/views.py",
		     "from .models import Book\n"
		     "from app.models import Book as B2\n"
		     "from . import models as app_models\n"
		     "import json\n"
		     "LIMIT = 10\n"
		     "\n"
		     "async def view(request):\n"
		     "    pass\n"},
	[M_THIRD] = {"proj/app/third.py",
		     "from django.db import models\n"
		     "from polymorphic.models import PolymorphicModel\n"
		     "from acme.models import AcmeModel\n"
		     "from corelib.db import Base\n"
		     "\n"
		     "class Shape(PolymorphicModel):\n"
		     "    pass\n"
		     "\n"
		     "class Widget(AcmeModel):\n"
		     "    pass\n"
		     "\n"
		     "class Unknown(Base):\n"
		     "    pass\n"
		     "\n"
		     "class Fields:\n"
		     "    name = models.CharField(max_length=5)\n"
		     "\n"
		     "class Target:\n"
		     "    pass\n"
		     "\n"
		     "class Holder(Unknown):\n"
		     "    target = models.ForeignKey(Target, on_delete=None)\n"
		     "\n"
		     "class Mixin(object):\n"
		     "    pass\n"},
};

static struct summary *sums[N_MODS];
static djindex *ix;
static dirfacts *dirs;

static int setup(void **state)
{
	(void)state;
	struct diag d = {{0}};
	facts_ctx *c = facts_ctx_new(NULL, &d);
	if (!c)
		return -1;
	for (int i = 0; i < N_MODS; i++) {
		struct source src;
		source_from_text(&src, files[i].text, strlen(files[i].text));
		sums[i] = facts_extract(c, files[i].path, &src);
		source_free(&src);
	}
	facts_ctx_free(c);
	dirs = dirfacts_new();
	for (int i = 0; i < N_MODS; i++)
		dirfacts_add(dirs, files[i].path);
	ix = index_build(sums, N_MODS, dirs);
	return ix ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	index_free(ix);
	dirfacts_free(dirs);
	index_free(NULL);
	for (int i = 0; i < N_MODS; i++)
		summary_free(sums[i]);
	return 0;
}

/* The global class id of top-level class `name` in module m. */
static int class_id(int m, const char *name)
{
	struct sym s = index_resolve_name(ix, m, name);
	if (s.kind != SYM_CLASS)
		fail_msg("%s in %s: kind %d, not a class", name, files[m].path, s.kind);
	assert_true(s.cls >= 0);
	assert_int_equal(s.sum, m);
	return s.cls;
}

static void test_module_names(void **state)
{
	(void)state;
	assert_string_equal(index_module_name(ix, M_INIT), "proj.app");
	assert_string_equal(index_module_name(ix, M_CORE), "proj.core.models");
	assert_string_equal(index_module_name(ix, M_MODELS), "proj.app.models");
	assert_string_equal(index_module_name(ix, M_VIEWS), "proj.app.views");
	assert_ptr_equal(index_summary(ix, M_VIEWS), sums[M_VIEWS]);
	/* modules by full name and by dotted suffix */
	struct sym s = index_resolve_qual(ix, "proj.app.models");
	assert_int_equal(s.kind, SYM_MODULE);
	assert_int_equal(s.sum, M_MODELS);
	s = index_resolve_qual(ix, "app.models");
	assert_int_equal(s.kind, SYM_MODULE);
	assert_int_equal(s.sum, M_MODELS);
	s = index_resolve_qual(ix, "proj.app");
	assert_int_equal(s.kind, SYM_MODULE);
	assert_int_equal(s.sum, M_INIT);
}

static void test_module_names_odd_paths(void **state)
{
	(void)state;
	static const char *const paths[] = {"./a/b/__init__.py", "../x/c.py", "top.py", "/abs/d/e.py"};
	static const char *const want[] = {"a.b", "x.c", "top", "abs.d.e"};
	struct summary *s[4];
	for (int i = 0; i < 4; i++) {
		s[i] = xcalloc(1, sizeof **s);
		s[i]->path = xstrdup(paths[i]);
		s[i]->strs = xstrdup(""); /* offset 0 = "" */
		s[i]->strs_len = s[i]->strs_cap = 1;
	}
	dirfacts *none = dirfacts_new(); /* no folder is a package */
	djindex *x = index_build(s, 4, none);
	for (int i = 0; i < 4; i++)
		assert_string_equal(index_module_name(x, i), want[i]);
	index_free(x);
	dirfacts_free(none);
	for (int i = 0; i < 4; i++)
		summary_free(s[i]);
}

static void test_resolve_project_names(void **state)
{
	(void)state;
	int book = class_id(M_MODELS, "Book");
	/* relative: from .models import Book */
	struct sym s = index_resolve_name(ix, M_VIEWS, "Book");
	assert_int_equal(s.kind, SYM_CLASS);
	assert_int_equal(s.cls, book);
	assert_int_equal(s.sum, M_MODELS);
	/* absolute by suffix: from app.models import Book as B2 (the scan root is above proj/) */
	s = index_resolve_name(ix, M_VIEWS, "B2");
	assert_int_equal(s.kind, SYM_CLASS);
	assert_int_equal(s.cls, book);
	/* star import in the package's __init__ */
	s = index_resolve_name(ix, M_INIT, "Book");
	assert_int_equal(s.kind, SYM_CLASS);
	assert_int_equal(s.cls, book);
	/* from . import models as app_models: a submodule */
	s = index_resolve_name(ix, M_VIEWS, "app_models");
	assert_int_equal(s.kind, SYM_MODULE);
	assert_int_equal(s.sum, M_MODELS);
	/* a package's submodule by name */
	s = index_resolve_name(ix, M_INIT, "views");
	assert_int_equal(s.kind, SYM_MODULE);
	assert_int_equal(s.sum, M_VIEWS);
	/* functions and variables */
	s = index_resolve_name(ix, M_VIEWS, "view");
	assert_int_equal(s.kind, SYM_FUNCTION);
	assert_int_equal(s.sum, M_VIEWS);
	assert_string_equal(summary_str(sums[M_VIEWS], sums[M_VIEWS]->scopes.items[s.scope].name), "view");
	s = index_resolve_name(ix, M_VIEWS, "LIMIT");
	assert_int_equal(s.kind, SYM_VAR);
	assert_string_equal(s.name, "LIMIT");
	/* a name bound nowhere */
	s = index_resolve_name(ix, M_VIEWS, "undefined_name");
	assert_int_equal(s.kind, SYM_NONE);
	/* a qualified name through a module */
	s = index_resolve_qual(ix, "proj.app.models.Book");
	assert_int_equal(s.kind, SYM_CLASS);
	assert_int_equal(s.cls, book);
	/* index_resolve_import on the relative import itself */
	const struct import *im = &sums[M_VIEWS]->imports.items[0];
	assert_string_equal(summary_str(sums[M_VIEWS], im->qual), ".models.Book");
	s = index_resolve_import(ix, M_VIEWS, im);
	assert_int_equal(s.kind, SYM_CLASS);
	assert_int_equal(s.cls, book);
}

static void test_resolve_external(void **state)
{
	(void)state;
	struct sym s = index_resolve_name(ix, M_MODELS, "models");
	assert_int_equal(s.kind, SYM_EXTERNAL);
	assert_string_equal(s.qual, "django.db.models");
	s = index_resolve_qual(ix, "django.db.models.Model");
	assert_int_equal(s.kind, SYM_EXTERNAL);
	assert_string_equal(s.qual, "django.db.models.Model");
	assert_int_equal(s.sum, -1);
	s = index_resolve_name(ix, M_MODELS, "User");
	assert_int_equal(s.kind, SYM_EXTERNAL);
	assert_string_equal(s.qual, "django.contrib.auth.models.User");
	assert_true(index_external_is_model(s.qual));
	assert_false(index_external_is_model("django.db.models.Model"));
	s = index_resolve_name(ix, M_VIEWS, "json");
	assert_int_equal(s.kind, SYM_EXTERNAL);
	assert_string_equal(s.qual, "json");
	/* interned: equal text, same pointer, owned by the index */
	char buf[] = "some.external.Name";
	const char *a = index_intern(ix, buf);
	buf[0] = 'X';
	const char *b = index_intern(ix, "some.external.Name");
	assert_ptr_equal(a, b);
	assert_string_equal(a, "some.external.Name");
}

static void test_class_kinds(void **state)
{
	(void)state;
	int qs = class_id(M_CORE, "BookQuerySet"), mgr = class_id(M_CORE, "BookManager");
	int ts = class_id(M_CORE, "TimeStamped"), book = class_id(M_MODELS, "Book");
	int plain = class_id(M_MODELS, "Plain"), other = class_id(M_MODELS, "Other");
	int sub = class_id(M_MODELS, "Sub"), shape = class_id(M_THIRD, "Shape");
	assert_int_equal(index_class(ix, qs)->kind, CK_QUERYSET);
	assert_int_equal(index_class(ix, mgr)->kind, CK_MANAGER);
	assert_int_equal(index_class(ix, ts)->kind, CK_MODEL);
	assert_int_equal(index_class(ix, ts)->heuristic, 0);
	/* a model through an abstract project base defined in another file */
	assert_int_equal(index_class(ix, book)->kind, CK_MODEL);
	assert_int_equal(index_class(ix, book)->heuristic, 0);
	assert_int_equal(index_class(ix, other)->kind, CK_MODEL);
	assert_int_equal(index_class(ix, plain)->kind, CK_PLAIN);
	assert_int_equal(index_class(ix, sub)->kind, CK_PLAIN);
	assert_false(index_class(ix, plain)->maybe_model);
	assert_false(index_class(ix, sub)->maybe_model);
	/* a third-party model base of the table: a model */
	assert_int_equal(index_class(ix, shape)->kind, CK_MODEL);
	assert_int_equal(index_class(ix, shape)->heuristic, 0);
	/* another: a model by a naming guess */
	int widget = class_id(M_THIRD, "Widget");
	assert_int_equal(index_class(ix, widget)->kind, CK_MODEL);
	assert_int_equal(index_class(ix, widget)->heuristic, 1);
	/* an external base of unknown kind: plain, maybe a model */
	int unknown = class_id(M_THIRD, "Unknown");
	assert_int_equal(index_class(ix, unknown)->kind, CK_PLAIN);
	assert_true(index_class(ix, unknown)->maybe_model);
	/* model fields in the body; a ForeignKey's target */
	assert_int_equal(index_class(ix, class_id(M_THIRD, "Fields"))->kind, CK_MODEL);
	assert_int_equal(index_class(ix, class_id(M_THIRD, "Holder"))->kind, CK_MODEL);
	assert_int_equal(index_class(ix, class_id(M_THIRD, "Target"))->kind, CK_MODEL);
	assert_int_equal(index_class(ix, class_id(M_THIRD, "Mixin"))->kind, CK_PLAIN);
	assert_false(index_class(ix, class_id(M_THIRD, "Mixin"))->maybe_model);
	/* Meta, nested in TimeStamped, is a plain class with its own id */
	int meta = -1;
	const struct summary *s = sums[M_CORE];
	for (size_t i = 0; i < s->scopes.len; i++)
		if (strcmp(summary_str(s, s->scopes.items[i].qualname), "TimeStamped.Meta") == 0)
			meta = index_class_of_scope(ix, M_CORE, (int)i);
	assert_true(meta >= 0);
	assert_int_equal(index_class(ix, meta)->kind, CK_PLAIN);
	/* class_of_scope maps back; non-class scopes and bad ids give -1 / NULL */
	assert_int_equal(index_class_of_scope(ix, M_CORE, index_class(ix, qs)->scope), qs);
	struct sym v = index_resolve_name(ix, M_VIEWS, "view");
	assert_int_equal(index_class_of_scope(ix, M_VIEWS, v.scope), -1);
	assert_int_equal(index_class_of_scope(ix, M_VIEWS, -1), -1);
	assert_null(index_class(ix, -1));
	assert_null(index_class(ix, 100000));
}

static const struct manager_attr *manager(const struct class_info *ci, const char *name)
{
	for (size_t i = 0; i < ci->n_managers; i++)
		if (strcmp(ci->managers[i].name, name) == 0)
			return &ci->managers[i];
	return NULL;
}

static void test_managers(void **state)
{
	(void)state;
	int qs = class_id(M_CORE, "BookQuerySet"), mgr = class_id(M_CORE, "BookManager");
	const struct class_info *ts = index_class(ix, class_id(M_CORE, "TimeStamped"));
	const struct class_info *book = index_class(ix, class_id(M_MODELS, "Book"));
	const struct class_info *other = index_class(ix, class_id(M_MODELS, "Other"));
	/* objects = BookManager() */
	assert_int_equal(ts->n_managers, 1);
	assert_non_null(manager(ts, "objects"));
	assert_int_equal(manager(ts, "objects")->custom, mgr);
	/* items = BookQuerySet.as_manager(), plus `objects` inherited from the abstract base;
	 * `title = models.CharField(...)` is not a manager */
	assert_int_equal(book->n_managers, 2);
	assert_non_null(manager(book, "items"));
	assert_int_equal(manager(book, "items")->custom, qs);
	assert_non_null(manager(book, "objects"));
	assert_int_equal(manager(book, "objects")->custom, mgr);
	assert_null(manager(book, "title"));
	/* plain = models.Manager(): a manager without a custom class */
	assert_int_equal(other->n_managers, 1);
	assert_non_null(manager(other, "plain"));
	assert_int_equal(manager(other, "plain")->custom, -1);
	/* Meta's `abstract = True` is no manager of anything */
	assert_null(manager(ts, "abstract"));
}

static void test_methods(void **state)
{
	(void)state;
	int qs = class_id(M_CORE, "BookQuerySet");
	int sum = -1;
	int sc = index_method(ix, qs, "published", &sum);
	assert_true(sc >= 0);
	assert_int_equal(sum, M_CORE);
	assert_string_equal(summary_str(sums[M_CORE], sums[M_CORE]->scopes.items[sc].qualname),
			    "BookQuerySet.published");
	assert_int_equal(index_method(ix, qs, "missing", &sum), -1);
	/* Meta is a nested class, not a method */
	assert_int_equal(index_method(ix, class_id(M_CORE, "TimeStamped"), "Meta", &sum), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_names),
		cmocka_unit_test(test_module_names_odd_paths),
		cmocka_unit_test(test_resolve_project_names),
		cmocka_unit_test(test_resolve_external),
		cmocka_unit_test(test_class_kinds),
		cmocka_unit_test(test_managers),
		cmocka_unit_test(test_methods),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
