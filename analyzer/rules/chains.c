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
	{0},
};
