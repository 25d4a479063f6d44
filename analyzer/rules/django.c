/* rules/django: Django APIs beyond the ORM (DJA2xx): auth, shortcuts, cache, signals, mail,
 * transactions and raw cursors, Redis and Celery clients, request.user and request.session.
 * The tables map qualified callees to rules; versions come from the Django async API TSV. The
 * structural rules (DJA203's @cache_page, DJA206's @transaction.atomic, DJA220-DJA224) have
 * their checks at the end of this file, each under the Python shape it matches. */
#include "rules.h"
#include "check.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const struct rule rules_django[] = {
	{"DJA201", "sync-auth-call-in-async", SEV_ERROR, "django",
	 "authenticate / login / logout / get_user / check_password in async code",
	 DOC("Finds `django.contrib.auth.authenticate()`, `login()`, `logout()`, `get_user()`,\n"
	     "`update_session_auth_hash()`, `hashers.check_password()` and `hashers.make_password()`\n"
	     "called in async code.",
	     "They query the database and the session store synchronously: in async code they raise\n"
	     "`SynchronousOnlyOperation` or block the loop; hashing a password (`make_password()`,\n"
	     "PBKDF2) holds the CPU, and so the loop, for a while.",
	     "    async def sign_in(request):\n        user = authenticate(request, username=u, password=p)\n"
	     "        login(request, user)",
	     "    async def sign_in(request):\n        user = await aauthenticate(request, username=u, password=p)\n"
	     "        await alogin(request, user)\n\n(Django 5.0; before, wrap with `sync_to_async`.)"),
	 5, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA202", "sync-shortcut-in-async", SEV_ERROR, "django",
	 "get_object_or_404 / get_list_or_404 in async code",
	 DOC("Finds `django.shortcuts.get_object_or_404()` and `get_list_or_404()` in async code.",
	     "Both run a query synchronously and raise `SynchronousOnlyOperation` in async code.",
	     "    async def detail(request, pk):\n        book = get_object_or_404(Book, pk=pk)",
	     "    async def detail(request, pk):\n        book = await aget_object_or_404(Book, pk=pk)\n\n"
	     "(Django 5.0; before, wrap with `sync_to_async`.)"),
	 3, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA203", "sync-cache-call-in-async", SEV_WARNING, "django",
	 "Sync Django cache call (cache.get/set/...) in async code",
	 DOC("Finds the sync methods of `django.core.cache.cache` and `caches[\"name\"]` (get, set, add,\n"
	     "delete, get_many, set_many, get_or_set, incr, ...) in async code.",
	     "With a database, Redis or Memcached backend each call does network or disk I/O on the\n"
	     "event loop.",
	     "    async def profile(request):\n        data = cache.get(key)",
	     "    async def profile(request):\n        data = await cache.aget(key)\n\n(Django 4.0.)"),
	 3, EC_MECHANICAL, check_blocking_call, "check_cache_page (@cache_page on an async def)"},
	{"DJA204", "sync-signal-send-in-async", SEV_WARNING, "django",
	 "Signal.send() / send_robust() in async code",
	 DOC("Finds `.send()` and `.send_robust()` on Django signals (a module-level `Signal()`, the\n"
	     "model signals such as `post_save`, `request_started`) in async code.",
	     "Sync receivers run right there on the event loop, and async receivers are run through\n"
	     "`async_to_sync`.",
	     "    async def pay(request):\n        order_paid.send(sender=Order, order=order)",
	     "    async def pay(request):\n        await order_paid.asend(sender=Order, order=order)\n\n(Django 5.0.)"),
	 5, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA205", "blocking-mail-in-async", SEV_WARNING, "django",
	 "Sending mail (send_mail, EmailMessage.send, ...) in async code",
	 DOC("Finds `send_mail()`, `send_mass_mail()`, `mail_admins()`, `mail_managers()`,\n"
	     "`EmailMessage.send()` / `EmailMultiAlternatives.send()` and\n"
	     "`get_connection().send_messages()` in async code.",
	     "Django's mail API is synchronous: an SMTP conversation on the event loop. There is no\n"
	     "async twin.",
	     "    async def contact(request):\n        send_mail(subject, body, None, [to])",
	     "    async def contact(request):\n        await sync_to_async(send_mail)(subject, body, None, [to])"),
	 10, EC_WRAP, check_blocking_call, NULL},
	{"DJA206", "sync-transaction-in-async", SEV_ERROR, "django",
	 "transaction.atomic / connection.cursor() / on_commit in async code",
	 DOC("Finds `with transaction.atomic():` blocks and `@transaction.atomic` on `async def`,\n"
	     "`connection.cursor()` / `connections[alias].cursor()` and `transaction.on_commit()` in\n"
	     "async code.",
	     "Transactions and raw cursors are not supported in async code: they raise\n"
	     "`SynchronousOnlyOperation`, and a transaction cannot span awaits.",
	     "    async def transfer(request):\n        with transaction.atomic():\n            ...",
	     "    def transfer_sync(...):\n        with transaction.atomic():\n            ...\n\n"
	     "    async def transfer(request):\n        await sync_to_async(transfer_sync)(...)"),
	 20, EC_WRAP, check_blocking_call, "check_atomic_decorator (@transaction.atomic on an async def)"},
	{"DJA207", "sync-redis-in-async", SEV_WARNING, "django",
	 "Sync Redis client (redis.Redis) used in async code",
	 DOC("Finds the methods of `redis.Redis`, `redis.StrictRedis` and `redis.from_url()` clients\n"
	     "called in async code. `redis.asyncio` clients are fine.",
	     "Each command is a network round trip on the event loop.",
	     "    r = redis.Redis()\n\n    async def hits(request):\n        n = r.incr(\"hits\")",
	     "    r = redis.asyncio.Redis()\n\n    async def hits(request):\n        n = await r.incr(\"hits\")"),
	 15, EC_LIBRARY, check_blocking_call, NULL},
	{"DJA208", "celery-dispatch-in-async", SEV_WARNING, "django",
	 "Celery task.delay() / apply_async() / AsyncResult.get() in async code",
	 DOC("Finds `.delay()` and `.apply_async()` on Celery tasks of the project (`@shared_task`,\n"
	     "`@app.task`) called in async code, and the result they give (or `AsyncResult(task_id)`)\n"
	     "asked for its outcome: `.get()`, `.wait()`, `.ready()`, `.successful()`, `.failed()`,\n"
	     "`.forget()`, `.revoke()`, `.state`, `.status`, `.result`, `.info`.",
	     "Publishing to the broker is synchronous network I/O (and may retry) on the event loop;\n"
	     "asking the result backend is another round trip, and `.get()` waits until a worker has\n"
	     "finished the task.",
	     "    async def checkout(request):\n        send_receipt.delay(order.pk)",
	     "    async def checkout(request):\n        await sync_to_async(send_receipt.delay)(order.pk)"),
	 5, EC_WRAP, check_blocking_call, "check_attr_read (AsyncResult.state and the like)"},
	{"DJA209", "sync-request-user-in-async", SEV_ERROR, "django",
	 "request.user read in async code",
	 DOC("Finds attribute reads and truth tests of `request.user` in async functions taking\n"
	     "`request`.",
	     "`request.user` is a lazy object: its first use loads the session and the user from the\n"
	     "database synchronously, raising `SynchronousOnlyOperation` in async code.",
	     "    async def me(request):\n        if request.user.is_authenticated:\n            ...",
	     "    async def me(request):\n        user = await request.auser()\n        if user.is_authenticated:\n"
	     "            ...\n\n(Django 5.0.)"),
	 5, EC_MECHANICAL, check_blocking_call, "report_request (engine.c: reads and truth tests of request.user)"},
	{"DJA210", "sync-session-in-async", SEV_ERROR, "django",
	 "request.session read or written with the sync API in async code",
	 DOC("Finds `request.session[key]`, `request.session[key] = value`, `key in request.session`\n"
	     "and the sync session methods (get, pop, setdefault, update, keys, values, items, flush,\n"
	     "cycle_key, set_expiry, ...) in async functions taking `request`.",
	     "The first access loads the session from its store (database, cache, file) synchronously.",
	     "    async def cart(request):\n        items = request.session.get(\"cart\", [])",
	     "    async def cart(request):\n        items = await request.session.aget(\"cart\", [])\n\n"
	     "(Django 5.1.)"),
	 5, EC_MECHANICAL, check_session_call, "report_request (engine.c: indexing and `in` on the session)"},
	{"DJA211", "sync-user-method-in-async", SEV_ERROR, "django",
	 "User permission / password method (has_perm, check_password, ...) in async code",
	 DOC("Finds `has_perm()`, `has_perms()`, `has_module_perms()`, `get_all_permissions()`,\n"
	     "`get_user_permissions()`, `get_group_permissions()`, `check_password()` and\n"
	     "`set_password()` called on a user (from `await request.auser()`, or a model deriving\n"
	     "from Django's user classes) in async code (`hashers.make_password()` is DJA201's).",
	     "Permissions are loaded with queries; `check_password()` may save a rehashed password;\n"
	     "hashing a password (`set_password()`, `make_password()`: PBKDF2 with 1,000,000\n"
	     "iterations in Django 5.2) holds the CPU, and so the event loop, for a while, and has no\n"
	     "async twin: run it in a worker thread.",
	     "    async def edit(request):\n        user = await request.auser()\n"
	     "        if user.has_perm(\"shop.change_book\"):\n            ...",
	     "        if await user.ahas_perm(\"shop.change_book\"):\n\n"
	     "(`ahas_perm()` and the permission twins: Django 5.2; `acheck_password()`: 5.0.)"),
	 5, EC_MECHANICAL, check_api_call, NULL},
	{"DJA212", "sync-paginator-in-async", SEV_WARNING, "django",
	 "Paginator.page() / get_page() in async code",
	 DOC("Finds `page()`, `get_page()`, `validate_number()` and `get_elided_page_range()` of a\n"
	     "`django.core.paginator.Paginator` in async code.",
	     "They count and slice the object list: with a QuerySet, synchronous queries.",
	     "    async def books(request):\n        page = Paginator(Book.objects.all(), 20).get_page(n)",
	     "    async def books(request):\n        page = await AsyncPaginator(Book.objects.all(), 20).aget_page(n)\n\n"
	     "(`AsyncPaginator`: Django 6.0; before, wrap with `sync_to_async`.)"),
	 10, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA213", "sync-form-or-serializer-in-async", SEV_WARNING, "django",
	 "ModelForm / DRF ModelSerializer is_valid(), save() or .data in async code",
	 DOC("Finds `is_valid()`, `save()`, `full_clean()` of `ModelForm` subclasses and `is_valid()`,\n"
	     "`save()`, `.data` of DRF `ModelSerializer` subclasses in async code.",
	     "Validation checks uniqueness with queries, `save()` writes, `.data` follows relations:\n"
	     "all synchronous database work.",
	     "    async def create(request):\n        form = BookForm(request.POST)\n"
	     "        if form.is_valid():\n            form.save()",
	     "    async def create(request):\n        form = BookForm(request.POST)\n"
	     "        if await sync_to_async(form.is_valid)():\n            await sync_to_async(form.save)()"),
	 15, EC_MECHANICAL, check_blocking_call, "check_attr_read (engine.c: serializer .data)"},
	{"DJA214", "sync-template-render-in-async", SEV_WARNING, "django",
	 "render() / render_to_string() of a lazy context in async code",
	 DOC("Finds `render(request, ...)` in async code (the request feeds context processors, such as\n"
	     "the lazy `user`), and `render_to_string()` / `get_template(...).render()` whose context\n"
	     "holds a QuerySet, a model instance or the request. When every `TEMPLATES` entry of the\n"
	     "settings lists only Django's own context processors and the context holds plain values,\n"
	     "a query happens only if the template reads `user`, `perms` or `messages`: low confidence.",
	     "Templates evaluate QuerySets, follow relations and load the user synchronously while\n"
	     "rendering: queries on the event loop. A `TemplateResponse` is rendered later by Django in\n"
	     "a worker thread and is safe.",
	     "    async def shelf(request):\n        return render(request, \"shelf.html\", {\"books\": Book.objects.all()})",
	     "    async def shelf(request):\n        return TemplateResponse(request, \"shelf.html\", {\"books\": Book.objects.all()})"),
	 15, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA215", "blocking-file-storage-in-async", SEV_WARNING, "django",
	 "Django storage or FieldFile I/O in async code",
	 DOC("Finds `default_storage` operations (save, open, delete, exists, size, listdir, ...) and\n"
	     "FileField / ImageField file operations (`open()`, `read()`, `save()`, `delete()`, `.size`)\n"
	     "in async code.",
	     "Storage backends do file-system or network I/O (S3, GCS) synchronously.",
	     "    async def upload(request):\n        default_storage.save(name, request.FILES[\"f\"])",
	     "    async def upload(request):\n        await sync_to_async(default_storage.save)(name, request.FILES[\"f\"])"),
	 10, EC_MECHANICAL, check_blocking_call, "check_attr_read (engine.c: FieldFile.size)"},
	{"DJA220", "mixed-sync-async-handlers", SEV_ERROR, "django",
	 "Class-based view mixing sync and async HTTP handlers",
	 DOC("Finds class-based views (subclasses of Django's `View`) whose HTTP handlers (get, post,\n"
	     "put, patch, delete, head, options) mix `def` and `async def`. Reported on the class.",
	     "Django refuses such a view when it is used: `ImproperlyConfigured` (\"HTTP handlers must\n"
	     "either be all sync or all async\").",
	     "    class BookView(View):\n        def get(self, request): ...\n"
	     "        async def post(self, request): ...",
	     "    class BookView(View):\n        async def get(self, request): ...\n"
	     "        async def post(self, request): ..."),
	 15, EC_MECHANICAL, NULL, "check_mixed_handlers"},
	{"DJA221", "async-unsafe-enabled", SEV_WARNING, "django",
	 "DJANGO_ALLOW_ASYNC_UNSAFE set in code",
	 DOC("Finds code that sets the `DJANGO_ALLOW_ASYNC_UNSAFE` environment variable\n"
	     "(`os.environ[...] =`, `os.environ.setdefault(...)`, `os.putenv(...)`), anywhere.",
	     "It disables the check that raises `SynchronousOnlyOperation`: sync database access in async\n"
	     "code then runs silently on the event loop, with the risk of data corruption the check\n"
	     "guards against. Django's deploy check async.E001 refuses it in production.",
	     "    os.environ[\"DJANGO_ALLOW_ASYNC_UNSAFE\"] = \"true\"",
	     "    # fix the blocking calls djasync reports instead"),
	 5, EC_MECHANICAL, NULL, "check_unsafe_env"},
	{"DJA222", "decorator-not-async-capable", SEV_ERROR, "django",
	 "View decorator that handles async views only in a later Django version",
	 DOC("Finds view decorators applied to an `async def` view that handle async views only from a\n"
	     "Django version later than the project's: `login_required`, `permission_required`,\n"
	     "`user_passes_test` (5.1), `csrf_exempt`, `require_GET`/`POST`/`http_methods`, `never_cache`,\n"
	     "`cache_control`, `vary_on_*`, `gzip_page`, `xframe_options_*`, ... (5.0),\n"
	     "`method_decorator` on async methods (5.2). Reported on the decorator.",
	     "Before that version the decorator wraps the view in a sync function: the coroutine is\n"
	     "returned unawaited or the view runs in a worker thread.",
	     "    # Django 4.2\n    @login_required\n    async def dashboard(request): ...",
	     "    upgrade (5.1), or check the user inside the view: `user = await request.auser()`"),
	 10, EC_MECHANICAL, NULL, "check_decorator_versions"},
	{"DJA223", "sync-middleware-with-async-views", SEV_WARNING, "django",
	 "Sync-only project middleware while the project has async views",
	 DOC("Finds project middleware listed in `settings.MIDDLEWARE` that has no async support (no\n"
	     "`async_capable = True` with an async `__call__`, no `__acall__`) when the project has async\n"
	     "views. Reported on its line in the settings.",
	     "Django adapts the request for it: every request switches to a worker thread and back,\n"
	     "which costs latency and removes the benefit of the async views.",
	     "    MIDDLEWARE = [\n        \"shop.middleware.AuditMiddleware\",  # sync only\n    ]",
	     "    class AuditMiddleware:\n        async_capable = True\n        sync_capable = False\n\n"
	     "        def __init__(self, get_response):\n            self.get_response = get_response\n"
	     "            markcoroutinefunction(self)\n\n        async def __call__(self, request):\n"
	     "            return await self.get_response(request)"),
	 30, EC_MECHANICAL, NULL, "middleware_with_async_views (engine.c: settings.MIDDLEWARE)"},
	{"DJA224", "sync-access-mixin-on-async-view", SEV_ERROR, "django",
	 "Async class-based view with Django's sync access mixin (LoginRequiredMixin, ...)",
	 DOC("Finds class-based views with `async def` handlers that derive from\n"
	     "`LoginRequiredMixin`, `PermissionRequiredMixin`, `UserPassesTestMixin` or another\n"
	     "`AccessMixin` subclass (directly or through project classes). Reported on the class.",
	     "The mixins' `dispatch()` is sync in every Django release so far (ticket 37124): it reads\n"
	     "`request.user` (and runs `has_perms()` / `test_func()`) on the event loop before the handler\n"
	     "is awaited, a synchronous session and user query that raises `SynchronousOnlyOperation`.",
	     "    class Dashboard(LoginRequiredMixin, View):\n        async def get(self, request): ...",
	     "    class Dashboard(View):\n        async def get(self, request):\n"
	     "            user = await request.auser()\n            if not user.is_authenticated:\n"
	     "                return redirect_to_login(request.get_full_path())"),
	 20, EC_MECHANICAL, NULL, "check_access_mixin"},
	{"DJA225", "sync-drf-view-method-in-async", SEV_WARNING, "django",
	 "DRF / adrf generic view's sync get_object(), paginate_queryset() or perform_*() in async code",
	 DOC("Finds `self.get_object()`, `self.paginate_queryset(...)` and `self.perform_create()` /\n"
	     "`perform_update()` / `perform_destroy()` in async handlers of views deriving from DRF's\n"
	     "or adrf's generic views and viewsets, when the project does not override the method.",
	     "`get_object()` runs the view's queryset (`get_object_or_404`), `paginate_queryset()` counts\n"
	     "and slices it, and the `perform_*()` methods save or delete through the serializer or the\n"
	     "instance: synchronous queries on the event loop. adrf's generic views have\n"
	     "`aget_object()`; the others run in a worker thread.",
	     "    class BookDetail(generics.RetrieveAPIView):\n        async def get(self, request, pk):\n"
	     "            book = self.get_object()",
	     "    class BookDetail(adrf.generics.RetrieveAPIView):\n        async def get(self, request, pk):\n"
	     "            book = await self.aget_object()"),
	 15, EC_MECHANICAL, check_blocking_call, NULL},
	{0},
};

#define WRAP "wrap it: `await sync_to_async(...)(...)` or `await asyncio.to_thread(...)`"
#define CACHE(m) {"django.core.cache.cache." m, "DJA203", "use `await cache.a" m "(...)`", NULL, 400}, \
	{"django.core.cache.caches[]." m, "DJA203", "use `await caches[...].a" m "(...)`", NULL, 400}
#define SESSION(m) {"django.http.request.session." m, "DJA210", "use `await request.session.a" m "(...)`", NULL, 501}

const struct blocking_call django_calls[] = {
	{"django.contrib.auth.authenticate", "DJA201", "use `await aauthenticate(...)`", NULL, 500},
	{"django.contrib.auth.login", "DJA201", "use `await alogin(...)`", NULL, 500},
	{"django.contrib.auth.logout", "DJA201", "use `await alogout(...)`", NULL, 500},
	{"django.contrib.auth.get_user", "DJA201", "use `await aget_user(...)`", NULL, 500},
	{"django.contrib.auth.update_session_auth_hash", "DJA201", "use `await aupdate_session_auth_hash(...)`", NULL, 500},
	{"django.contrib.auth.hashers.check_password", "DJA201", "use `await acheck_password(...)`", NULL, 500},
	{"django.contrib.auth.hashers.make_password", "DJA201", WRAP ": hashing a password holds the CPU for a while", NULL, 0},
	{"django.shortcuts.get_object_or_404", "DJA202", "use `await aget_object_or_404(...)`", NULL, 500},
	{"django.shortcuts.get_list_or_404", "DJA202", "use `await aget_list_or_404(...)`", NULL, 500},
	CACHE("get"), CACHE("set"), CACHE("add"), CACHE("touch"), CACHE("delete"), CACHE("get_many"),
	CACHE("set_many"), CACHE("delete_many"), CACHE("get_or_set"), CACHE("has_key"), CACHE("incr"),
	CACHE("decr"), CACHE("clear"), CACHE("incr_version"), CACHE("decr_version"), CACHE("close"),
	{"django.dispatch.Signal.send", "DJA204", "use `await signal.asend(...)`", NULL, 500},
	{"django.dispatch.Signal.send_robust", "DJA204", "use `await signal.asend_robust(...)`", NULL, 500},
	{"django.core.mail.send_mail", "DJA205", WRAP, NULL, 0},
	{"django.core.mail.send_mass_mail", "DJA205", WRAP, NULL, 0},
	{"django.core.mail.mail_admins", "DJA205", WRAP, NULL, 0},
	{"django.core.mail.mail_managers", "DJA205", WRAP, NULL, 0},
	{"django.core.mail.EmailMessage.send", "DJA205", WRAP, NULL, 0},
	{"django.core.mail.EmailMultiAlternatives.send", "DJA205", WRAP, NULL, 0},
	/* attach_file() reads the whole file from disk, there and then */
	{"django.core.mail.EmailMessage.attach_file", "DJA303", WRAP " (it reads the file)", NULL, 0},
	{"django.core.mail.EmailMultiAlternatives.attach_file", "DJA303", WRAP " (it reads the file)", NULL, 0},
	{"django.core.mail.backends.base.BaseEmailBackend.send_messages", "DJA205", WRAP, NULL, 0},
	{"django.db.connection.cursor", "DJA206", WRAP " around the whole block", NULL, 0},
	{"django.db.connections[].cursor", "DJA206", WRAP " around the whole block", NULL, 0},
	{"django.db.transaction.on_commit", "DJA206", WRAP " around the transaction", NULL, 0},
	{"django.db.transaction.atomic", "DJA206", "move the transaction into a sync function and "
	 "`await sync_to_async(that_function)(...)`", NULL, 0},
	SESSION("get"), SESSION("pop"), SESSION("setdefault"), SESSION("update"), SESSION("keys"),
	SESSION("values"), SESSION("items"), SESSION("flush"), SESSION("cycle_key"),
	SESSION("set_expiry"), SESSION("get_expiry_age"), SESSION("get_expiry_date"),
	SESSION("has_key"), SESSION("set_test_cookie"), SESSION("test_cookie_worked"),
	SESSION("delete_test_cookie"), SESSION("get_expire_at_browser_close"),
	/* writing the store back, by hand (request.session, a consumer's scope["session"], a
	 * SessionStore made directly) */
	SESSION("save"), SESSION("delete"), SESSION("create"), SESSION("exists"), SESSION("load"),
	{"django.http.request.session[]", "DJA210", "use `await request.session.aget(...)` / `aset(...)`", NULL, 501},
	{"django.http.request.session.<in>", "DJA210", "use `await request.session.ahas_key(...)`", NULL, 501},
	{"django.http.request.user.<read>", "DJA209", "use `user = await request.auser()` and read `user`", NULL, 500},
	{"redis.Pipeline.execute", "DJA207", "use an async pipeline from `redis.asyncio` and `await p.execute()`", NULL, 0},
	{"django.core.paginator.Paginator.page", "DJA212", "use `await paginator.apage(...)` (AsyncPaginator)", NULL, 600},
	{"django.core.paginator.Paginator.get_page", "DJA212", "use `await paginator.aget_page(...)` (AsyncPaginator)", NULL, 600},
	{"django.core.paginator.Paginator.validate_number", "DJA212", "use `await paginator.avalidate_number(...)` (AsyncPaginator)", NULL, 600},
	{"django.core.paginator.Paginator.get_elided_page_range", "DJA212", "use `async for p in paginator.aget_elided_page_range(...)`", NULL, 600},
#define FORM(base, m) {base "." m, "DJA213", WRAP, NULL, 0}
	FORM("django.forms.ModelForm", "is_valid"), FORM("django.forms.ModelForm", "save"),
	FORM("django.forms.ModelForm", "full_clean"), FORM("django.forms.models.ModelForm", "is_valid"),
	FORM("django.forms.models.ModelForm", "save"), FORM("django.forms.models.ModelForm", "full_clean"),
	FORM("rest_framework.serializers.ModelSerializer", "is_valid"),
	FORM("rest_framework.serializers.ModelSerializer", "save"),
	FORM("rest_framework.serializers.HyperlinkedModelSerializer", "is_valid"),
	FORM("rest_framework.serializers.HyperlinkedModelSerializer", "save"),
#define DRF_OBJECT "use adrf's `await self.aget_object()`, or `await sync_to_async(self.get_object)()`"
#define DRF_VIEW(base)                                                                            \
	{base ".get_object", "DJA225", DRF_OBJECT, NULL, 0},                                      \
	{base ".paginate_queryset", "DJA225", WRAP, NULL, 0},                                     \
	{base ".perform_create", "DJA225", WRAP, NULL, 0},                                        \
	{base ".perform_update", "DJA225", WRAP, NULL, 0},                                        \
	{base ".perform_destroy", "DJA225", WRAP, NULL, 0}
#define DRF_GENERICS(pkg)                                                                         \
	DRF_VIEW(pkg ".generics.GenericAPIView"), DRF_VIEW(pkg ".generics.CreateAPIView"),        \
	DRF_VIEW(pkg ".generics.ListAPIView"), DRF_VIEW(pkg ".generics.RetrieveAPIView"),         \
	DRF_VIEW(pkg ".generics.DestroyAPIView"), DRF_VIEW(pkg ".generics.UpdateAPIView"),        \
	DRF_VIEW(pkg ".generics.ListCreateAPIView"), DRF_VIEW(pkg ".generics.RetrieveUpdateAPIView"), \
	DRF_VIEW(pkg ".generics.RetrieveDestroyAPIView"),                                         \
	DRF_VIEW(pkg ".generics.RetrieveUpdateDestroyAPIView"),                                   \
	DRF_VIEW(pkg ".viewsets.GenericViewSet"), DRF_VIEW(pkg ".viewsets.ModelViewSet"),         \
	DRF_VIEW(pkg ".viewsets.ReadOnlyModelViewSet")
	DRF_GENERICS("rest_framework"), DRF_GENERICS("adrf"),
	FORM("adrf.serializers.ModelSerializer", "is_valid"), FORM("adrf.serializers.ModelSerializer", "save"),
	{"adrf.serializers.ModelSerializer.data", "DJA213", "use `await serializer.adata` (adrf)", "<attribute>", 0},
	{"rest_framework.serializers.ModelSerializer.data", "DJA213", WRAP, "<attribute>", 0},
	{"rest_framework.serializers.HyperlinkedModelSerializer.data", "DJA213", WRAP, "<attribute>", 0},
	{"<template-render>", "DJA214", "render in a worker thread: return `TemplateResponse(request, template, context)` "
	 "(rendered by Django in a thread), or `await sync_to_async(render)(...)`", NULL, 0},
#define STORAGE(m) {"django.core.files.storage.default_storage." m, "DJA215", WRAP, NULL, 0}
	STORAGE("save"), STORAGE("open"), STORAGE("delete"), STORAGE("exists"), STORAGE("size"),
	STORAGE("listdir"), STORAGE("get_accessed_time"), STORAGE("get_created_time"),
	STORAGE("get_modified_time"), STORAGE("get_available_name"),
#define FIELDFILE(m) {"django.db.models.fields.files.FieldFile." m, "DJA215", WRAP, NULL, 0}
	FIELDFILE("open"), FIELDFILE("read"), FIELDFILE("save"), FIELDFILE("delete"), FIELDFILE("close"),
	FIELDFILE("readline"), FIELDFILE("readlines"), FIELDFILE("chunks"), FIELDFILE("write"),
	{"django.db.models.fields.files.FieldFile.size", "DJA215", WRAP, "<attribute>", 0},
	{"celery.Task.delay", "DJA208", "wrap it: `await sync_to_async(task.delay)(...)`", NULL, 0},
	{"celery.Task.apply_async", "DJA208", "wrap it: `await sync_to_async(task.apply_async)(...)`", NULL, 0},
	/* the result of delay()/apply_async(), or AsyncResult(task_id): asking the result backend */
#define CELERY_RESULT(m, ret) {"celery.result.AsyncResult." m, "DJA208", \
	"wrap it: `await sync_to_async(result." m ")(...)`, or poll from a worker thread", ret, 0}
	CELERY_RESULT("get", NULL), CELERY_RESULT("wait", NULL), CELERY_RESULT("ready", NULL),
	CELERY_RESULT("successful", NULL), CELERY_RESULT("failed", NULL), CELERY_RESULT("forget", NULL),
	CELERY_RESULT("revoke", NULL), CELERY_RESULT("state", "<attribute>"), CELERY_RESULT("status", "<attribute>"),
	CELERY_RESULT("result", "<attribute>"), CELERY_RESULT("info", "<attribute>"),
	{0},
};

/* Calls that give an object whose methods are looked up as "<class>.<method>". */
const char *const django_classes[][2] = {
	{"django.core.mail.EmailMessage", "django.core.mail.EmailMessage"},
	{"django.core.mail.message.EmailMessage", "django.core.mail.EmailMessage"},
	{"django.core.mail.EmailMultiAlternatives", "django.core.mail.EmailMultiAlternatives"},
	{"django.core.mail.get_connection", "django.core.mail.backends.base.BaseEmailBackend"},
	{"django.dispatch.Signal", "django.dispatch.Signal"},
	{"django.dispatch.dispatcher.Signal", "django.dispatch.Signal"},
	{"django.core.paginator.Paginator", "django.core.paginator.Paginator"},
	{"django.template.loader.get_template", "django.template.backends.django.Template"},
	{"django.template.loader.select_template", "django.template.backends.django.Template"},
	{"redis.Redis", "redis.Redis"},
	{"redis.StrictRedis", "redis.Redis"},
	{"redis.client.Redis", "redis.Redis"},
	{"redis.from_url", "redis.Redis"},
	{"redis.Redis.from_url", "redis.Redis"},
	{"redis.Redis.pipeline", "redis.Pipeline"},
	/* django-redis: the raw client behind the cache */
	{"django_redis.get_redis_connection", "redis.Redis"},
	/* a SessionStore made directly: the same API as request.session (signed_cookies does no I/O) */
	{"django.contrib.sessions.backends.db.SessionStore", "django.http.request.session"},
	{"django.contrib.sessions.backends.cache.SessionStore", "django.http.request.session"},
	{"django.contrib.sessions.backends.cached_db.SessionStore", "django.http.request.session"},
	{"django.contrib.sessions.backends.file.SessionStore", "django.http.request.session"},
	/* a strawberry resolver's `info.context.request` under strawberry.django's views: Django's
	 * request (its user lazy, DJA209) */
	{"strawberry.Info.context", "strawberry.django.context.StrawberryDjangoContext"},
	{"strawberry.types.Info.context", "strawberry.django.context.StrawberryDjangoContext"},
	{"strawberry.types.info.Info.context", "strawberry.django.context.StrawberryDjangoContext"},
	{"strawberry.django.context.StrawberryDjangoContext.request", "django.http.HttpRequest"},
	{NULL, NULL},
};

/* a pipeline only queues commands: its execute() is the round trip */
static const char *const redis_quiet[] = {"pipeline", "from_url", "lock", NULL};

const struct blocking_class_rule django_any_method[] = {
	{"redis.Redis", "DJA207", "use `redis.asyncio.Redis` and `await` its commands", redis_quiet, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, 0},
};

/* View decorators that handle async views only from some Django version (DJA222), by the
 * inventory's rows (test_tsv checks the versions against it). */
const struct async_decorator django_async_decorators[] = {
	{"@login_required on an async def view", "django.contrib.auth.decorators.login_required", 501},
	{"@permission_required on an async def view", "django.contrib.auth.decorators.permission_required", 501},
	{"@user_passes_test on an async def view", "django.contrib.auth.decorators.user_passes_test", 501},
	{"@staff_member_required on an async def view", "django.contrib.admin.views.decorators.staff_member_required", 501},
	{"@csrf_exempt on an async def view", "django.views.decorators.csrf.csrf_exempt", 500},
	{"@csrf_protect on an async def view", "django.views.decorators.csrf.csrf_protect", 500},
	{"@ensure_csrf_cookie on an async def view", "django.views.decorators.csrf.ensure_csrf_cookie", 500},
	{"@requires_csrf_token on an async def view", "django.views.decorators.csrf.requires_csrf_token", 500},
	{"@require_http_methods on an async def view", "django.views.decorators.http.require_http_methods", 500},
	{"@require_GET on an async def view", "django.views.decorators.http.require_GET", 500},
	{"@require_POST on an async def view", "django.views.decorators.http.require_POST", 500},
	{"@require_safe on an async def view", "django.views.decorators.http.require_safe", 500},
	{"@condition on an async def view", "django.views.decorators.http.condition", 500},
	{"@etag on an async def view", "django.views.decorators.http.etag", 500},
	{"@last_modified on an async def view", "django.views.decorators.http.last_modified", 500},
	{"@never_cache on an async def view", "django.views.decorators.cache.never_cache", 500},
	{"@cache_control on an async def view", "django.views.decorators.cache.cache_control", 500},
	{"@no_append_slash on an async def view", "django.views.decorators.common.no_append_slash", 500},
	{"@vary_on_cookie on an async def view", "django.views.decorators.vary.vary_on_cookie", 500},
	{"@vary_on_headers on an async def view", "django.views.decorators.vary.vary_on_headers", 500},
	{"@gzip_page on an async def view", "django.views.decorators.gzip.gzip_page", 500},
	{"@xframe_options_deny on an async def view", "django.views.decorators.clickjacking.xframe_options_deny", 500},
	{"@xframe_options_sameorigin on an async def view", "django.views.decorators.clickjacking.xframe_options_sameorigin", 500},
	{"@xframe_options_exempt on an async def view", "django.views.decorators.clickjacking.xframe_options_exempt", 500},
	{"@sensitive_variables on an async def view", "django.views.decorators.debug.sensitive_variables", 500},
	{"@sensitive_post_parameters on an async def view", "django.views.decorators.debug.sensitive_post_parameters", 500},
	{"@method_decorator(...) on async def methods", "django.utils.decorators.method_decorator", 502},
	{NULL, NULL, 0},
};

/* --- checks: structural shapes of Django's async support ---------------------------------- */

void check_decorator_versions(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = ty_eval(c, sc->parent, e, 0);
		if (t.kind != T_EXTERNAL)
			continue;
		for (size_t i = 0; django_async_decorators[i].qual; i++) {
			if (strcmp(t.qual, django_async_decorators[i].qual) != 0 ||
			    c->o->django_version >= django_async_decorators[i].since)
				continue;
			char *need = eng_version_text(django_async_decorators[i].since);
			const char *name = strrchr(t.qual, '.') + 1;
			eng_emit_structural(c, &X(c, d)->sp, fn, "DJA222",
					xasprintf("`@%s` handles async views only from Django %s: on `%s` it returns "
						  "the coroutine unawaited or runs sync code around it",
						  name, need, S(c, sc->qualname)),
					xasprintf("upgrade to Django %s, or apply it to a sync wrapper", need));
			free(need);
		}
	}
}

/* class BookView(View): def get(...) and async def post(...): Django refuses the class. */
void check_mixed_handlers(struct ctx *c, int cls_scope)
{
	static const char *const handlers[] = {"get", "post", "put", "patch", "delete", "head", "options", NULL};
	int cls = index_class_of_scope(c->ix, c->sum, cls_scope);
	if (cls < 0 || !ty_has_external_base(c, cls, "django.views.", NULL))
		return;
	int sync = 0, async = 0;
	for (size_t k = (size_t)cls_scope + 1; k < c->s->scopes.len; k++) {
		const struct scope *m = &c->s->scopes.items[k];
		if (m->parent != cls_scope || str_in(S(c, m->name), handlers) < 0)
			continue;
		sync += m->kind == SC_FUNCTION;
		async += m->kind == SC_ASYNC_FUNCTION;
	}
	if (sync && async)
		eng_emit_structural(c, &c->s->scopes.items[cls_scope].sp, cls_scope, "DJA220",
				xasprintf("`%s` mixes sync and async HTTP handlers: Django raises ImproperlyConfigured",
					  S(c, c->s->scopes.items[cls_scope].qualname)),
				xstrdup("make every handler `async def` (or every one `def`)"));
}

/* class Dashboard(LoginRequiredMixin, View): async def get(...): the mixin's sync dispatch()
 * reads request.user on the event loop. */
void check_access_mixin(struct ctx *c, int cls_scope)
{
	static const char *const mixins[] = {
		"django.contrib.auth.mixins.LoginRequiredMixin", "django.contrib.auth.mixins.PermissionRequiredMixin",
		"django.contrib.auth.mixins.UserPassesTestMixin", "django.contrib.auth.mixins.AccessMixin", NULL,
	};
	int cls = index_class_of_scope(c->ix, c->sum, cls_scope);
	if (cls < 0)
		return;
	const char *bases[16], *mixin = NULL;
	size_t nb = index_external_bases(c->ix, cls, bases, 16);
	for (size_t i = 0; i < nb && !mixin; i++)
		if (str_in(bases[i], mixins) >= 0)
			mixin = strrchr(bases[i], '.') + 1;
	if (!mixin)
		return;
	int async = 0, as_if = 0;
	for (size_t k = (size_t)cls_scope + 1; k < c->s->scopes.len && !async; k++) {
		const struct scope *m = &c->s->scopes.items[k];
		if (m->parent != cls_scope || str_in(S(c, m->name), eng_http_methods) < 0)
			continue;
		async = m->kind == SC_ASYNC_FUNCTION;
		as_if |= c->roots && c->roots[k]; /* analyzed as if async (effort prices the sync view so) */
	}
	if (async || as_if)
		eng_emit_structural(c, &c->s->scopes.items[cls_scope].sp, cls_scope, "DJA224",
				xasprintf("`%s` %s but derives from `%s`, whose sync `dispatch()` reads `request.user` on "
					  "the event loop", S(c, c->s->scopes.items[cls_scope].qualname),
					  async ? "has async handlers" : "is to get async handlers", mixin),
				xstrdup("check access in the handler: `user = await request.auser()`, then the test the "
					"mixin made"));
}

static int is_unsafe_env_key(struct ctx *c, int32_t e)
{
	return e >= 0 && X(c, e)->kind == EX_STRING && strcmp(S(c, X(c, e)->str), "DJANGO_ALLOW_ASYNC_UNSAFE") == 0;
}

/* Whether a call's arguments hold the key: update({"DJANGO_ALLOW_ASYNC_UNSAFE": "1"}) or
 * update(DJANGO_ALLOW_ASYNC_UNSAFE="1"). */
static int update_sets_unsafe_key(struct ctx *c, int32_t call)
{
	for (int32_t a = X(c, call)->args; a >= 0; a = X(c, a)->next) {
		const struct ex *x = X(c, a);
		if (x->kind == EX_KWARG && strcmp(S(c, x->str), "DJANGO_ALLOW_ASYNC_UNSAFE") == 0)
			return 1;
		if (x->kind == EX_LIST) /* a dict display keeps its pairs as keyword-like items */
			for (int32_t k = x->args; k >= 0; k = X(c, k)->next)
				if (X(c, k)->kind == EX_KWARG && strcmp(S(c, X(c, k)->str), "DJANGO_ALLOW_ASYNC_UNSAFE") == 0)
					return 1;
	}
	return 0;
}

/* Whether the function that set the key also removes it (`os.environ.pop(KEY)`): the scoped
 * workaround Playwright's sync API documents for a test, not a process-wide switch. */
static int removed_in_same_function(struct ctx *c, int scope)
{
	if (scope < 0)
		return 0;
	const struct scope_events *se = ty_scope_events(c->rm, c->s, c->sum);
	for (size_t i = se->first[scope]; i < se->first[scope + 1]; i++) {
		const struct event *e = &c->s->ev.items[se->ev[i]];
		if (e->kind != EV_CALL || !is_unsafe_env_key(c, ty_nth_arg(c, e->ex, 0)))
			continue;
		struct type f = ty_eval(c, e->scope, X(c, e->ex)->a, 0);
		if (f.kind == T_EXTERNAL && strcmp(f.qual, "os.environ.pop") == 0)
			return 1;
	}
	return 0;
}

/* os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = ..., os.environ.setdefault(...), os.putenv(...),
 * os.environ.update({"DJANGO_ALLOW_ASYNC_UNSAFE": ...}); not when the same function pops it. */
void check_unsafe_env(struct ctx *c, const struct event *ev)
{
	int hit = 0;
	if (ev->kind == EV_CALL && !is_unsafe_env_key(c, ty_nth_arg(c, ev->ex, 0)) && !update_sets_unsafe_key(c, ev->ex))
		return; /* the cheap test first: this runs on every call */
	if (ev->kind == EV_ASSIGN && ev->target >= 0 && X(c, ev->target)->kind == EX_SUBSCRIPT) {
		struct type v = ty_eval(c, ev->scope, X(c, ev->target)->a, 0);
		hit = v.kind == T_EXTERNAL && strcmp(v.qual, "os.environ") == 0 && is_unsafe_env_key(c, X(c, ev->target)->args);
	} else if (ev->kind == EV_CALL) {
		struct type f = ty_eval(c, ev->scope, X(c, ev->ex)->a, 0);
		hit = f.kind == T_EXTERNAL &&
		      (((strcmp(f.qual, "os.environ.setdefault") == 0 || strcmp(f.qual, "os.putenv") == 0) &&
			is_unsafe_env_key(c, ty_nth_arg(c, ev->ex, 0))) ||
		       (strcmp(f.qual, "os.environ.update") == 0 && update_sets_unsafe_key(c, ev->ex)));
	}
	if (hit && !removed_in_same_function(c, ev->scope))
		eng_emit_structural(c, &ev->sp, ev->scope >= 0 ? ev->scope : -1, "DJA221",
				xstrdup("DJANGO_ALLOW_ASYNC_UNSAFE turns off Django's check for sync database access in "
					"async code: the blocking calls run on the event loop unnoticed"),
				xstrdup("remove it outside notebooks and shells; fix the blocking calls instead"));
}

/* @transaction.atomic on an async def: reported on the def line, once (baserow stacks it twice
 * around another decorator). */
void check_atomic_decorator(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		int32_t e = X(c, d)->kind == EX_CALL ? X(c, d)->a : d;
		struct type t = ty_eval(c, sc->parent, e, 0);
		if (t.kind != T_EXTERNAL || strcmp(t.qual, "django.db.transaction.atomic") != 0)
			continue;
		struct event ev = {.kind = EV_CALL, .scope = fn, .ex = e, .target = -1, .sp = sc->sp};
		const struct blocking_call *b = blocking_find("django.db.transaction.atomic");
		eng_emit(c, &ev, &sc->sp, b->rule_id, CONF_HIGH, no_fix, "`@transaction.atomic`",
		     xstrdup("`@transaction.atomic` on an async function: transactions are not supported in "
			     "async code"),
		     xstrdup(b->fix));
		return;
	}
}

/* @cache_page(60) on an async def: Django's wrapper (5.0+) awaits the view but runs the cache
 * middleware's lookup and store synchronously around it. */
void check_cache_page(struct ctx *c, int fn)
{
	const struct scope *sc = &c->s->scopes.items[fn];
	for (int32_t d = sc->decorators; d >= 0; d = X(c, d)->next) {
		if (X(c, d)->kind != EX_CALL)
			continue;
		struct type t = ty_eval(c, sc->parent, X(c, d)->a, 0);
		if (t.kind != T_EXTERNAL || strcmp(t.qual, "django.views.decorators.cache.cache_page") != 0)
			continue;
		/* cache="alias" picks the backend; else the default one */
		int32_t alias = -1;
		for (int32_t a = X(c, d)->args; a >= 0; a = X(c, a)->next)
			if (X(c, a)->kind == EX_KWARG && strcmp(S(c, X(c, a)->str), "cache") == 0)
				alias = X(c, a)->a;
		if (alias >= 0 && (X(c, alias)->kind != EX_STRING || !X(c, alias)->str))
			continue; /* an alias not read here */
		const char *name = alias >= 0 ? S(c, X(c, alias)->str) : "default";
		if (c->set && ty_has_name(&c->set->memory_caches, name))
			continue;
		struct event ev = {.kind = EV_CALL, .scope = fn, .ex = d, .target = -1, .sp = X(c, d)->sp};
		eng_emit(c, &ev, &X(c, d)->sp, "DJA203", CONF_HIGH, no_fix, "`@cache_page`",
		     xstrdup("`@cache_page` looks the response up in the cache and stores it synchronously around "
			     "the async view"),
		     xstrdup("cache inside the view with `await cache.aget(...)` / `await cache.aset(...)`, or use a "
			     "LocMem cache for the page cache"));
	}
}

/* --- DJA210 ------------------------------------------------------------------------------- */

/* Whether e is a Channels consumer's self.scope["session"] (rel REL_SCOPE_USER). */
static int scope_session(struct ctx *c, int scope, int32_t e)
{
	struct type t = e >= 0 ? ty_eval(c, scope, e, 0) : ty_unknown;
	return t.kind == T_SESSION && (t.rel & REL_SCOPE_USER);
}

/* Session methods that only read the loaded session data. */
static const char *const session_reads[] = {
	"get", "keys", "values", "items", "has_key", "setdefault", "pop", "update", "get_expiry_age",
	"get_expiry_date", "get_expire_at_browser_close", "test_cookie_worked", NULL,
};

/* DJA210 on a call: the sync session API, once per function for reads (the first read loads
 * the session, the later ones read memory), writes always.
 *     cart = request.session.get("cart")         # DJA210
 *     self.scope["session"].save()               # DJA210 (its reads were loaded by AuthMiddleware) */
void check_session_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r)
{
	const struct ex *fn = X(c, X(c, ev->ex)->a);
	int session_read = fn->kind == EX_ATTR && str_in(S(c, fn->str), session_reads) >= 0;
	if (session_read && !ty_memory_backend(c, r->id, k->recv_ex)) {
		if (scope_session(c, ev->scope, fn->a))
			return; /* a consumer's scope["session"]: loaded by Channels' AuthMiddleware */
		if (c->set && c->set->user_loaded)
			return; /* the session was loaded with the user by a middleware */
		int afn = eng_async_function_of(c, ev->scope);
		if (afn >= 0 && c->loaded && (c->loaded[afn] & LOADED_SESSION))
			return; /* an earlier read loaded the session: served from memory */
		if (afn >= 0 && c->loaded)
			c->loaded[afn] |= LOADED_SESSION;
	}
	check_blocking_call(c, ev, k, r);
}
