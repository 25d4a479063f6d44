/* rules/wrappers: misuse of the sync/async bridges (DJA4xx): wrapping a call instead of a
 * callable, and async_to_sync / asyncio.run on a running loop. */
#include "rules.h"
#include "check.h"

#include <stdlib.h>

const struct rule rules_wrappers[] = {
	{"DJA401", "sync-to-async-called-too-early", SEV_WARNING, "wrappers",
	 "sync_to_async / to_thread given the result of a call instead of a callable",
	 "## What it does\n"
	 "Finds `sync_to_async(f(...))`, `database_sync_to_async(f(...))`, `asyncio.to_thread(f(...))`\n"
	 "and `loop.run_in_executor(None, f(...))`: the wrapper receives the *result* of a call.\n\n"
	 "## Why is this bad?\n"
	 "The inner call runs first, synchronously, on the event loop; only its result is wrapped.\n"
	 "The blocking work the wrapper was meant to move to a thread still blocks the loop.\n\n"
	 "## Example\n"
	 "    book = await sync_to_async(Book.objects.get(pk=pk))()\n\n"
	 "## Use instead\n"
	 "    book = await sync_to_async(Book.objects.get)(pk=pk)\n",
	 3, EC_MECHANICAL, check_bridge_call, NULL},
	{"DJA402", "async-to-sync-in-async", SEV_ERROR, "wrappers",
	 "async_to_sync() called in async code",
	 "## What it does\n"
	 "Finds `async_to_sync(...)` called in async code.\n\n"
	 "## Why is this bad?\n"
	 "`async_to_sync` refuses to run in a thread that has a running event loop: it raises\n"
	 "`RuntimeError` (\"You cannot use AsyncToSync in the same thread as an async event loop\").\n\n"
	 "## Example\n"
	 "    async def notify(request):\n"
	 "        async_to_sync(channel_layer.group_send)(\"room\", event)\n\n"
	 "## Use instead\n"
	 "        await channel_layer.group_send(\"room\", event)\n",
	 3, EC_MECHANICAL, check_bridge_call, NULL},
	{"DJA403", "asyncio-run-in-async", SEV_ERROR, "wrappers",
	 "asyncio.run() / loop.run_until_complete() in async code",
	 "## What it does\n"
	 "Finds `asyncio.run(...)` and `loop.run_until_complete(...)` called in async code.\n\n"
	 "## Why is this bad?\n"
	 "Both start an event loop; called while one is running they raise `RuntimeError`.\n\n"
	 "## Example\n"
	 "    async def refresh(request):\n"
	 "        asyncio.run(fetch_all())\n\n"
	 "## Use instead\n"
	 "        await fetch_all()\n",
	 3, EC_MECHANICAL, check_bridge_call, NULL},
	{0},
};

/* --- checks ------------------------------------------------------------------------------- */

/* DJA401-DJA403: the bridges misused on the event loop.
 *     await sync_to_async(Book.objects.get(pk=1))()     # DJA401: the call runs first
 *     async_to_sync(fetch)()                            # DJA402: RuntimeError in a running loop
 *     asyncio.run(main())                               # DJA403 */
void check_bridge_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r)
{
	char *callee = eng_render(c, X(c, ev->ex)->a);
	char *what = xasprintf("`%s()`", callee);
	if (k->kind == CALL_MISUSE) {
		char *inner = eng_render(c, X(c, k->inner)->a);
		char *core = xasprintf("`%s()` is given the result of `%s()`, which runs on the event loop "
				       "before anything is wrapped", callee, inner);
		eng_emit(c, ev, &ev->sp, r->id, k->conf, no_fix, what, core,
			 xasprintf("pass the callable and its arguments separately: `%s(%s)(...)`", callee, inner));
		if (eng_async_function_of(c, ev->scope) >= 0) {
			/* the inner call is this finding: not also reported as blocking on its own */
			const struct span *sp = &X(c, k->inner)->sp;
			struct range rg = {sp->line, sp->col, sp->end_line, sp->end_col};
			VEC_PUSH(c->suppressed, rg);
		}
		free(inner);
	} else if (k->kind == CALL_ASYNC_TO_SYNC) {
		eng_emit(c, ev, &ev->sp, r->id, k->conf, no_fix, what,
			 xasprintf("`%s()` raises RuntimeError when called from a running event loop", callee),
			 xstrdup("await the coroutine function directly: `await func(...)`"));
	} else {
		eng_emit(c, ev, &ev->sp, r->id, k->conf, no_fix, what,
			 xasprintf("`%s()` cannot start an event loop inside the running one", callee),
			 xstrdup("await the coroutine directly: `await coro(...)`"));
	}
	free(what);
	free(callee);
}
