/* rules/orm: the ORM rule family (DJA1xx) and the Django API table the engine consults.
 * Rows cite the sync_api column of analyzer/rules/django-async-api.tsv they cover. */
#include "rules.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

const struct rule rules_orm[] = {
	{"DJA101", "sync-orm-call-in-async", SEV_ERROR, "orm",
	 "Blocking QuerySet/Manager method called in async code",
	 "## What it does\n"
	 "Finds QuerySet and Manager methods that run a database query (get, count, first, exists,\n"
	 "create, update, delete, ...) called from async code, reached through `Model.objects`, a\n"
	 "custom manager, a chain of lazy methods or a local QuerySet variable.\n\n"
	 "## Why is this bad?\n"
	 "Django's database layer is synchronous: in async code these calls raise\n"
	 "`SynchronousOnlyOperation` at run time, and only on the path that ran.\n\n"
	 "## Example\n"
	 "    async def book(request, pk):\n"
	 "        book = Book.objects.filter(active=True).get(pk=pk)\n\n"
	 "## Use instead\n"
	 "    async def book(request, pk):\n"
	 "        book = await Book.objects.filter(active=True).aget(pk=pk)\n\n"
	 "The a-prefixed twins exist since Django 4.1; before that, wrap the call with\n"
	 "`sync_to_async`.\n",
	 5, EC_MECHANICAL, check_api_call, NULL},
	{"DJA102", "sync-model-method-in-async", SEV_ERROR, "orm",
	 "Blocking model instance method (save, delete, refresh_from_db) in async code",
	 "## What it does\n"
	 "Finds `save()`, `delete()` and `refresh_from_db()` called on a model instance in async code.\n\n"
	 "## Why is this bad?\n"
	 "Each runs a query synchronously and raises `SynchronousOnlyOperation` in async code.\n\n"
	 "## Example\n"
	 "    async def rename(request, pk):\n"
	 "        book = await Book.objects.aget(pk=pk)\n"
	 "        book.title = request.POST[\"title\"]\n"
	 "        book.save()\n\n"
	 "## Use instead\n"
	 "        await book.asave()\n\n"
	 "`asave()`, `adelete()` and `arefresh_from_db()` exist since Django 4.2.\n",
	 5, EC_MECHANICAL, check_api_call, NULL},
	{"DJA103", "sync-queryset-iteration-in-async", SEV_ERROR, "orm",
	 "QuerySet iterated synchronously in async code",
	 "## What it does\n"
	 "Finds QuerySets iterated with a plain `for`, a comprehension, or `list()`, `tuple()`,\n"
	 "`set()`, `sorted()`, `frozenset()` in async code.\n\n"
	 "## Why is this bad?\n"
	 "Iterating evaluates the QuerySet: a synchronous query that raises\n"
	 "`SynchronousOnlyOperation` in async code.\n\n"
	 "## Example\n"
	 "    async def titles(request):\n"
	 "        return [b.title for b in Book.objects.all()]\n\n"
	 "## Use instead\n"
	 "        return [b.title async for b in Book.objects.all()]\n\n"
	 "`async for` over a QuerySet works since Django 4.1.\n",
	 5, EC_MECHANICAL, check_api_call, "orm_report_evaluation (for loops and comprehensions over a QuerySet)"},
	{"DJA104", "sync-queryset-evaluation-in-async", SEV_ERROR, "orm",
	 "QuerySet evaluated implicitly (len, bool, if, in, indexing) in async code",
	 "## What it does\n"
	 "Finds QuerySets evaluated implicitly in async code: `len(qs)`, `bool(qs)`, `if qs:`,\n"
	 "`not qs`, `qs or default`, `x in qs`, `qs[0]`, `qs[::2]`.\n\n"
	 "## Why is this bad?\n"
	 "Each of these runs the query synchronously and raises `SynchronousOnlyOperation` in async\n"
	 "code. Slicing without a step (`qs[:10]`) stays lazy and is fine.\n\n"
	 "## Example\n"
	 "    async def shelf(request):\n"
	 "        books = Book.objects.filter(shelf=1)\n"
	 "        if books:\n"
	 "            return JsonResponse({\"count\": len(books)})\n\n"
	 "## Use instead\n"
	 "        if await books.aexists():\n"
	 "            return JsonResponse({\"count\": await books.acount()})\n",
	 5, EC_MECHANICAL, check_api_call, "orm_report_evaluation (truth tests, `in`, indexing)"},
	{"DJA105", "lazy-relation-access-in-async", SEV_ERROR, "orm",
	 "Related object loaded lazily (book.author) in async code",
	 "## What it does\n"
	 "Finds reads of a ForeignKey, OneToOneField or GenericForeignKey (and reverse one-to-one)\n"
	 "attribute of a model instance in async code, when the query that produced the instance\n"
	 "did not use `select_related()` / `prefetch_related()`.\n\n"
	 "## Why is this bad?\n"
	 "The first access runs a query synchronously: `SynchronousOnlyOperation` in async code.\n"
	 "Confidence is medium: the relation may have been cached by code djasync cannot see.\n\n"
	 "## Example\n"
	 "    book = await Book.objects.aget(pk=pk)\n"
	 "    return JsonResponse({\"author\": book.author.name})\n\n"
	 "## Use instead\n"
	 "    book = await Book.objects.select_related(\"author\").aget(pk=pk)\n",
	 10, EC_RELATION, NULL, "check_attr_read (engine.c: relation reads), judge_param_reads (reads on parameters)"},
	{"DJA106", "related-manager-write-in-async", SEV_ERROR, "orm",
	 "Related manager add/remove/clear/set in async code",
	 "## What it does\n"
	 "Finds `add()`, `remove()`, `clear()` and `set()` on related managers (ManyToMany fields and\n"
	 "reverse ForeignKey accessors) in async code.\n\n"
	 "## Why is this bad?\n"
	 "Each writes to the database synchronously: `SynchronousOnlyOperation` in async code.\n\n"
	 "## Example\n"
	 "    await book.tags.add(tag)  # wrong: add() is sync\n"
	 "    book.tags.add(tag)\n\n"
	 "## Use instead\n"
	 "    await book.tags.aadd(tag)\n\n"
	 "`aadd()`, `aremove()`, `aclear()` and `aset()` exist since Django 4.2.\n",
	 5, EC_MECHANICAL, check_api_call, NULL},
	{"DJA107", "lazy-queryset-escape", SEV_ERROR, "orm",
	 "QuerySet returned unevaluated by sync_to_async, then evaluated on the event loop",
	 "## What it does\n"
	 "Finds `qs = await sync_to_async(Book.objects.filter)(...)` (or `database_sync_to_async`)\n"
	 "followed by an evaluation of `qs` in async code: `for`, a comprehension, `list()`, `len()`,\n"
	 "`if qs:`, indexing.\n\n"
	 "## Why is this bad?\n"
	 "QuerySets are lazy: the wrapper ran nothing in the worker thread and returned an\n"
	 "unevaluated QuerySet; the query runs when it is evaluated, on the event loop, and raises\n"
	 "`SynchronousOnlyOperation`.\n\n"
	 "## Example\n"
	 "    books = await sync_to_async(Book.objects.filter)(shelf=1)\n"
	 "    titles = [b.title for b in books]\n\n"
	 "## Use instead\n"
	 "    books = await sync_to_async(lambda: list(Book.objects.filter(shelf=1)))()\n\n"
	 "or `[b.title async for b in Book.objects.filter(shelf=1)]` (Django 4.1+).\n",
	 10, EC_MECHANICAL, NULL, "orm_report_evaluation (a QuerySet that came back from sync_to_async unevaluated)"},
	{0},
};

/* One row per API, keyed by the TSV's sync_api column. Implicit evaluations use <names>. */
const struct djapi djapi_table[] = {
	{"QuerySet.get()", RECV_QUERYSET, "get", "await $R.aget($A)", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.count()", RECV_QUERYSET, "count", "await $R.acount($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.in_bulk()", RECV_QUERYSET, "in_bulk", "await $R.ain_bulk($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.latest()", RECV_QUERYSET, "latest", "await $R.alatest($A)", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.earliest()", RECV_QUERYSET, "earliest", "await $R.aearliest($A)", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.first()", RECV_QUERYSET, "first", "await $R.afirst()", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.last()", RECV_QUERYSET, "last", "await $R.alast()", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.aggregate()", RECV_QUERYSET, "aggregate", "await $R.aaggregate($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.exists()", RECV_QUERYSET, "exists", "await $R.aexists()", 401, "DJA101", RES_NONE},
	{"QuerySet.contains()", RECV_QUERYSET, "contains", "await $R.acontains($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.explain()", RECV_QUERYSET, "explain", "await $R.aexplain($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.iterator()", RECV_QUERYSET, "iterator", "async for obj in $R.aiterator($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.create()", RECV_QUERYSET, "create", "await $R.acreate($A)", 401, "DJA101", RES_INSTANCE},
	{"QuerySet.get_or_create()", RECV_QUERYSET, "get_or_create", "await $R.aget_or_create($A)", 401, "DJA101", RES_INSTANCE_TUPLE},
	/* Django's UserManager (a project's own create_user on a BaseUserManager is followed instead) */
	{"UserManager.create_user()", RECV_QUERYSET, "create_user", "await $R.acreate_user($A)", 502, "DJA101", RES_INSTANCE},
	{"UserManager.create_superuser()", RECV_QUERYSET, "create_superuser", "await $R.acreate_superuser($A)", 502, "DJA101", RES_INSTANCE},
	{"QuerySet.update_or_create()", RECV_QUERYSET, "update_or_create", "await $R.aupdate_or_create($A)", 401, "DJA101", RES_INSTANCE_TUPLE},
	{"QuerySet.bulk_create()", RECV_QUERYSET, "bulk_create", "await $R.abulk_create($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.bulk_update()", RECV_QUERYSET, "bulk_update", "await $R.abulk_update($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.update()", RECV_QUERYSET, "update", "await $R.aupdate($A)", 401, "DJA101", RES_NONE},
	{"QuerySet.delete()", RECV_QUERYSET, "delete", "await $R.adelete()", 401, "DJA101", RES_NONE},
	{"django.db.models.prefetch_related_objects()", RECV_FUNCTION, "django.db.models.prefetch_related_objects",
	 "await aprefetch_related_objects($A)", 500, "DJA101", RES_NONE},
	{"Model.save()", RECV_INSTANCE, "save", "await $R.asave($A)", 402, "DJA102", RES_NONE},
	{"Model.delete()", RECV_INSTANCE, "delete", "await $R.adelete($A)", 402, "DJA102", RES_NONE},
	{"Model.refresh_from_db()", RECV_INSTANCE, "refresh_from_db", "await $R.arefresh_from_db($A)", 402, "DJA102", RES_NONE},
	/* no async twin (the inventory's "-"): the suggestion is to wrap them */
	{"Model.full_clean()", RECV_INSTANCE, "full_clean", "", 0, "DJA102", RES_NONE},
	{"Model.validate_unique()", RECV_INSTANCE, "validate_unique", "", 0, "DJA102", RES_NONE},
	{"Model.validate_constraints()", RECV_INSTANCE, "validate_constraints", "", 0, "DJA102", RES_NONE},
	{"related_manager.add()", RECV_RELATED, "add", "await $R.aadd($A)", 402, "DJA106", RES_NONE},
	{"related_manager.remove()", RECV_RELATED, "remove", "await $R.aremove($A)", 402, "DJA106", RES_NONE},
	{"related_manager.clear()", RECV_RELATED, "clear", "await $R.aclear()", 402, "DJA106", RES_NONE},
	{"related_manager.set()", RECV_RELATED, "set", "await $R.aset($A)", 402, "DJA106", RES_NONE},
	{"PermissionsMixin.has_perm()", RECV_USER, "has_perm", "await $R.ahas_perm($A)", 502, "DJA211", RES_NONE},
	{"PermissionsMixin.has_perms()", RECV_USER, "has_perms", "await $R.ahas_perms($A)", 502, "DJA211", RES_NONE},
	{"PermissionsMixin.has_module_perms()", RECV_USER, "has_module_perms", "await $R.ahas_module_perms($A)", 502, "DJA211", RES_NONE},
	{"PermissionsMixin.get_all_permissions()", RECV_USER, "get_all_permissions", "await $R.aget_all_permissions($A)", 502, "DJA211", RES_NONE},
	{"PermissionsMixin.get_user_permissions()", RECV_USER, "get_user_permissions", "await $R.aget_user_permissions($A)", 502, "DJA211", RES_NONE},
	{"PermissionsMixin.get_group_permissions()", RECV_USER, "get_group_permissions", "await $R.aget_group_permissions($A)", 502, "DJA211", RES_NONE},
	{"AbstractBaseUser.check_password()", RECV_USER, "check_password", "await $R.acheck_password($A)", 500, "DJA211", RES_NONE},
	/* CPU-bound hashing (PBKDF2, 1,000,000 iterations in 5.2) holds the loop; no async twin */
	{"User.set_password() / make_password()", RECV_USER, "set_password", "", 0, "DJA211", RES_NONE},
	{"for obj in qs", RECV_QUERYSET, "<for>", "async for obj in $R", 401, "DJA103", RES_NONE},
	{"list(qs) / tuple(qs) / set(qs) / sorted(qs) / [x for x in qs]", RECV_QUERYSET, "<list>",
	 "[obj async for obj in $R]", 401, "DJA103", RES_NONE},
	{"len(qs)", RECV_QUERYSET, "<len>", "await $R.acount()", 401, "DJA104", RES_NONE},
	{"bool(qs) / if qs: / qs or default", RECV_QUERYSET, "<bool>", "await $R.aexists()", 401, "DJA104", RES_NONE},
	{"obj in qs", RECV_QUERYSET, "<in>", "await $R.acontains(obj)", 401, "DJA104", RES_NONE},
	{"qs[i] (integer index)", RECV_QUERYSET, "<index>", "[o async for o in $R[i:i+1]]", 401, "DJA104", RES_INSTANCE},
	{"qs[a:b:step] (slice with step)", RECV_QUERYSET, "<step>", "[o async for o in $R[a:b]][::step]", 401, "DJA104", RES_NONE},
	{0},
};

const char *const djapi_lazy_methods[] = {
	"filter", "exclude", "annotate", "alias", "order_by", "reverse", "distinct", "values",
	"values_list", "dates", "datetimes", "none", "all", "union", "intersection", "difference",
	"select_related", "prefetch_related", "extra", "using", "defer", "only",
	"select_for_update", "raw", "fetch_mode", "get_queryset", NULL,
};

const struct djapi *djapi_find(enum djapi_recv recv, const char *name)
{
	for (const struct djapi *d = djapi_table; d->tsv_api; d++)
		if (d->recv == recv && strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

const char *djapi_template_known(const char *s)
{
	for (const struct djapi *d = djapi_table; d->tsv_api; d++)
		if (strcmp(d->async_fix, s) == 0)
			return d->async_fix;
	return NULL;
}

enum djapi_result djapi_async_result(const char *method)
{
	/* `await qs.aget()` gives what `qs.get()` gives */
	if (method[0] != 'a')
		return RES_NONE;
	const struct djapi *d = djapi_find(RECV_QUERYSET, method + 1);
	return d ? d->result : RES_NONE;
}

/* --- checks ------------------------------------------------------------------------------- */

/* Fills a template: $R = receiver text, $A = "..." when the call had arguments. */
static char *fill(const char *tmpl, const char *recv, int has_args)
{
	struct strbuf b = {0};
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] == 'R') {
			sb_puts(&b, recv);
			p++;
		} else if (p[0] == '$' && p[1] == 'A') {
			if (has_args)
				sb_puts(&b, "...");
			p++;
		} else {
			sb_putc(&b, *p);
		}
	}
	return b.s ? b.s : xstrdup("");
}

/* Whether a Django API row's suggestion at the target version is its async twin. */
static struct fix api_fix(const struct ctx *c, const struct djapi *api)
{
	struct fix f = {api->async_fix[0] && c->o->django_version >= api->since, NULL, NULL};
	f.tmpl = f.twin ? api->async_fix : NULL;
	return f;
}

/* The suggestion for a Django API row at the target version. */
static char *api_suggestion(const struct ctx *c, const struct djapi *api, const char *recv,
			    const char *method, int has_args)
{
	if (!api->async_fix[0])
		return xasprintf("wrap it: `await sync_to_async(%s.%s)(%s)` (Django has no async twin)", recv, method,
				 has_args ? "..." : "");
	if (c->o->django_version >= api->since) {
		char *code = fill(api->async_fix, recv, has_args);
		char *s = xasprintf("use `%s`", code);
		free(code);
		return s;
	}
	char *need = eng_version_text(api->since);
	char *s;
	if (api->name[0] == '<')
		s = xasprintf("evaluate it in a worker thread, e.g. `await sync_to_async(list)(%s)` "
			      "(async iteration needs Django %s)", recv, need);
	else if (api->recv == RECV_FUNCTION)
		s = xasprintf("wrap it: `await sync_to_async(%s)(%s)` (the async twin needs Django %s)",
			      strrchr(api->name, '.') + 1, has_args ? "..." : "", need);
	else
		s = xasprintf("wrap it: `await sync_to_async(%s.%s)(%s)` (the async twin needs Django %s)",
			      recv, method, has_args ? "..." : "", need);
	free(need);
	return s;
}

void orm_report_evaluation(struct ctx *c, const struct event *ev, int32_t qs_ex, uint8_t conf,
			    const char *key, const char *how)
{
	const struct djapi *api = djapi_find(RECV_QUERYSET, key);
	struct type qt = ty_eval(c, ev->scope, qs_ex, 0);
	if (qt.rel & REL_CACHED)
		return; /* a prefetched relation's rows: read from memory */
	if (X(c, qs_ex)->kind == EX_NAME && ev->scope >= 0 &&
	    (!strcmp(key, "<len>") || !strcmp(key, "<bool>") || !strcmp(key, "<list>") || !strcmp(key, "<for>"))) {
		/* len(qs), if qs:, list(qs), for x in qs: all rows are fetched into qs's cache, so
		 * what follows reads memory (this evaluation is still reported) */
		struct type cached = qt;
		cached.rel |= REL_CACHED;
		ty_bind_target(c, ev->scope, qs_ex, cached);
	}
	char *recv = eng_render(c, qs_ex);
	if (qt.rel & REL_ESCAPED) {
		/* the QuerySet came out of sync_to_async unevaluated: the wrapper did nothing */
		char *what = xasprintf("evaluating QuerySet `%s`", recv);
		eng_emit(c, ev, &X(c, qs_ex)->sp, "DJA107", conf, no_fix, what,
		     xasprintf("QuerySet `%s` came back unevaluated from sync_to_async and is evaluated here, "
			       "on the event loop (%s)", recv, how),
		     xasprintf("evaluate it inside the wrapper: `await sync_to_async(lambda: list(...))()`, or "
			       "iterate with `async for`"));
		free(what);
		free(recv);
		return;
	}
	int iter = strcmp(api->rule_id, "DJA103") == 0;
	if (iter && eng_defer_param_rows(c, ev, qs_ex)) {
		free(recv);
		return; /* a parameter's related manager: the callers' prefetch decides */
	}
	char *what = xasprintf(iter ? "iterating QuerySet `%s`" : "evaluating QuerySet `%s`", recv);
	char *core = xasprintf(iter ? "QuerySet `%s` is iterated synchronously %s"
				    : "QuerySet `%s` is evaluated synchronously by %s", recv, how);
	char *sugg = api_suggestion(c, api, recv, "", 0);
	eng_emit(c, ev, &X(c, qs_ex)->sp, api->rule_id, conf, api_fix(c, api), what, core, sugg);
	free(what);
	free(recv);
}

/* DJA101/DJA102/DJA106/DJA211 and the evaluations named by a call (DJA103/DJA104): a call the
 * Django API table knows, on the event loop.
 *     book = Book.objects.filter(shelf=1).get(pk=pk)     # DJA101
 *     book.save()                                        # DJA102
 *     book.tags.add(tag)                                 # DJA106
 *     n = len(Book.objects.all())                        # DJA104 (the table's <len> row) */
void check_api_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r)
{
	(void)r;
	const struct djapi *api = k->api;
	if (!api)
		return; /* a blocking-call row names a rule of the API table: the table is wrong */
	const struct ex *call = X(c, ev->ex);
	const struct ex *fn = X(c, call->a);
	if (api->name[0] == '<') {
		const char *how = strcmp(api->name, "<list>") == 0 ? "by the call"
				  : strcmp(api->name, "<len>") == 0 ? "len()" : "bool()";
		orm_report_evaluation(c, ev, k->recv_ex, k->conf, api->name, how);
		return;
	}
	char *callee = eng_render(c, call->a);
	char *what = xasprintf("`%s()`", callee);
	char *recv = k->recv_ex >= 0 ? eng_render(c, k->recv_ex) : xstrdup("");
	const char *method = fn->kind == EX_ATTR ? S(c, fn->str) : "";
	char *core = strcmp(api->name, "set_password") == 0
			     ? xasprintf("`%s()` hashes the password on the event loop: CPU-bound work (PBKDF2) "
					 "that holds it", callee)
			: api->recv == RECV_INSTANCE
			     ? xasprintf("`%s()` on a model instance queries the database synchronously", callee)
			     : xasprintf("`%s()` runs a database query synchronously", callee);
	char *sg = api_suggestion(c, api, recv, method, call->args >= 0);
	eng_emit(c, ev, &ev->sp, api->rule_id, k->conf, api_fix(c, api), what, core, sg);
	free(recv);
	free(what);
	free(callee);
}
