# Code that runs only when no event loop is running: the handler of
# `try: asyncio.get_running_loop() except RuntimeError:`. From async code the call succeeds,
# so the handler never runs there: nothing in it blocks the loop (DJA301, DJA501). Other
# handlers, and RuntimeError handlers of other try blocks, count as usual.
import asyncio
import time

from asgiref.sync import sync_to_async


def persist(payload):
    time.sleep(0.1)  # stands for a synchronous write
    return payload


def record(payload):
    """Writes in place outside an event loop, from a worker thread inside one."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        persist(payload)
        return None
    return loop.create_task(sync_to_async(persist)(payload))


def record_guarded_tuple(payload):
    try:
        asyncio.get_running_loop()
    except (RuntimeError, LookupError) as exc:
        persist(exc)
        return None
    return payload


async def handler(payload):
    record(payload)  # ok: DJA501
    record_guarded_tuple(payload)  # ok: DJA501


async def direct(payload):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        time.sleep(1)  # ok: DJA301
    # ruleid: DJA301
    time.sleep(1)


# ---------------------------------------------------------------- must fire


def record_wrong_handler(payload):
    """The guard catches the wrong exception: the write after it always runs."""
    try:
        loop = asyncio.get_running_loop()
    except ValueError:
        return None
    persist(payload)
    return loop


def other_runtime_error(payload):
    """A RuntimeError handler of a try that does not ask for the loop."""
    try:
        payload.validate()
    except RuntimeError:
        persist(payload)


async def handler_fires(payload):
    # ruleid: DJA501
    record_wrong_handler(payload)
    # ruleid: DJA501
    other_runtime_error(payload)
