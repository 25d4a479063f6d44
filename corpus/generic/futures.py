# Waiting on concurrent.futures in async code (DJA308): the work runs in a thread, but the
# event loop waits for it. Near misses: awaiting the future through asyncio, shutting down
# without waiting, other objects' result() methods, sync code.
import asyncio
import concurrent.futures
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait

pool = ThreadPoolExecutor(max_workers=2)


def load(key):
    return {"key": key}


async def chained(request):
    # ruleid: DJA308
    return pool.submit(load, "a").result(timeout=5)


async def kept_future(request):
    future = pool.submit(load, "b")
    # ruleid: DJA308
    error = future.exception()
    # ruleid: DJA308
    wait([future])
    return error


async def local_executor(request):
    executor = concurrent.futures.ThreadPoolExecutor()
    future = executor.submit(load, "c")
    # ruleid: DJA308
    value = future.result()
    # ruleid: DJA308
    executor.shutdown()
    return value


async def process_pool(request):
    with ProcessPoolExecutor() as procs:
        # ruleid: DJA308
        return procs.submit(load, "d").result()


class SiteSettings:
    """An executor held by the class: `cls._executor` and `self._executor` are typed by it."""

    _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)

    @classmethod
    def get_cached(cls):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return load("settings")
        return cls._executor.submit(load, "settings").result(timeout=5)

    async def refresh(self):
        # ruleid: DJA308
        return self._executor.submit(load, "refresh").result()


async def settings_view(request):
    # ruleid: DJA501
    return SiteSettings.get_cached()


# ---------------------------------------------------------------- near misses


async def awaited(request):
    value = await asyncio.wrap_future(pool.submit(load, "e"))  # ok: DJA308
    loop = asyncio.get_running_loop()
    other = await loop.run_in_executor(pool, load, "f")  # ok: DJA308
    pool.shutdown(wait=False)  # ok: DJA308
    return value, other


async def task_result(request):
    task = asyncio.ensure_future(asyncio.sleep(0, result=1))
    await task
    return task.result()  # ok: DJA308


async def unknown_result(request, job):
    return job.result()  # ok: DJA308


def sync_caller(request):
    return pool.submit(load, "g").result()  # ok: DJA308
