/* rules/wrappers: misuse of the sync/async bridges (DJA4xx): wrapping a call instead of a
 * callable, and async_to_sync / asyncio.run on a running loop. */
#include "rules.h"

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
	 3, EC_MECHANICAL},
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
	 3, EC_MECHANICAL},
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
	 3, EC_MECHANICAL},
	{0},
};
