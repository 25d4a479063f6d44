/* rules/chains: blocking reached through sync helpers (DJA5xx). The call graph and the
 * propagation to a fixpoint live in engine.c; this is the catalogue entry. */
#include "rules.h"

const struct rule rules_chains[] = {
	{"DJA501", "blocking-call-through-helper", SEV_WARNING, "chains",
	 "Call from async code to a sync helper that blocks (directly or further down)",
	 "## What it does\n"
	 "Follows calls from async code into the project's sync functions and methods, across\n"
	 "modules (imports and aliases, `module.func`, `self.method()` through the class hierarchy,\n"
	 "`super()`, class and static methods, constructors, methods of model instances), and flags\n"
	 "the call when the helper, or a helper it calls, does something blocking (any other rule).\n"
	 "The finding names the helper and where it blocks; the chain lists every hop.\n\n"
	 "## Why is this bad?\n"
	 "Most blocking calls in real async code are indirect: an async view calls a sync helper in\n"
	 "another module that saves a model or opens a file. The helper runs on the event loop: it\n"
	 "stalls every other request, and ORM calls raise `SynchronousOnlyOperation`.\n\n"
	 "## Example\n"
	 "    # services.py\n"
	 "    def publish(article):\n"
	 "        article.published = True\n"
	 "        article.save()\n\n"
	 "    # views.py\n"
	 "    async def publish_view(request, pk):\n"
	 "        article = await Article.objects.aget(pk=pk)\n"
	 "        services.publish(article)\n\n"
	 "## Use instead\n"
	 "    await sync_to_async(services.publish)(article)\n\n"
	 "or make the helper async (`async def apublish(article): await article.asave()`).\n"
	 "Calls passed to `sync_to_async`/`to_thread`, helpers decorated with `@sync_to_async`, and\n"
	 "async callees (checked as roots of their own) are not followed. `--max-depth N` bounds\n"
	 "the chain; `--no-follow` turns this rule off.\n",
	 15, EC_WRAP, NULL, "report_chains, judge_param_sinks (engine.c: the call graph)"},
	{"DJA502", "sync-framework-hook-in-async", SEV_WARNING, "chains",
	 "A framework runs the project's sync auth, throttle or permission hook on the event loop, and it blocks",
	 DOC("Finds the project's sync hooks that a framework calls on the event loop for async code,\n"
	     "when the hook blocks (any other rule, directly or through helpers):\n"
	     "- django-ninja: the `auth=` of an async operation (on its decorator, or on the `Router` /\n"
	     "  `NinjaAPI` of the same module it is registered on) with a sync `authenticate()`, a sync\n"
	     "  function or `__call__`; its `throttle=` with a sync `allow_request()`, and ninja's\n"
	     "  cache-backed rate throttles;\n"
	     "- strawberry: `permission_classes=[...]` or `PermissionExtension(permissions=[...])` of an\n"
	     "  async resolver with a sync `has_permission()`;\n"
	     "- DRF / adrf: `self.check_permissions()`, `self.check_object_permissions()` and\n"
	     "  `self.check_throttles()` called in a handler, through the view's `permission_classes`\n"
	     "  and `throttle_classes` (DRF's rate throttles use the cache).\n"
	     "Reported on the `auth=` / `throttle=` / permission item, or on the check's call; the chain\n"
	     "lists the hops. A hook declared `async def` is awaited and not reported; throttles are not\n"
	     "reported when the settings' default cache is local memory.",
	     "ninja calls a sync auth or throttle directly from its async operation, and strawberry a sync\n"
	     "`has_permission()`: a query there stalls every request and raises\n"
	     "`SynchronousOnlyOperation`. The call is in no line of the handler, so no other rule sees it.",
	     "    class TokenAuth(HttpBearer):\n        def authenticate(self, request, token):\n"
	     "            return Token.objects.filter(key=token).first()\n\n"
	     "    @api.get(\"/teams\", auth=TokenAuth())\n    async def teams(request): ...",
	     "    class TokenAuth(HttpBearer):\n        async def authenticate(self, request, token):\n"
	     "            return await Token.objects.filter(key=token).afirst()"),
	 15, EC_WRAP, NULL, "check_framework_hooks, check_permission_call (rules/hooks.c), report_chains (engine.c)"},
	{0},
};
