# File objects, temporary files, archives (DJA303) and waiting on threads and process pools
# (DJA308) in async code. Near misses: state of a file object, in-memory streams, starting a
# thread, the same work in a worker thread.
import asyncio
import io
import multiprocessing
import tempfile
import threading
import zipfile

from django.http import JsonResponse


def work(n):
    return n * 2


async def import_archive(request):
    # ruleid: DJA303
    target = tempfile.mkdtemp()
    # ruleid: DJA303
    with zipfile.ZipFile(request.GET["path"]) as zf:
        # ruleid: DJA303
        zf.extractall(target)
    return JsonResponse({"dir": target})


async def count_lines(request):
    fh = await asyncio.to_thread(open, request.GET["path"])
    n = 0
    # ruleid: DJA303 (each step reads the file)
    for _line in fh:
        n += 1
    # ok: DJA303 (the name of the file: no I/O)
    name = fh.name
    # ruleid: DJA303
    fh.close()
    return JsonResponse({"n": n, "name": name})


async def scratch(request):
    # ruleid: DJA303
    with tempfile.NamedTemporaryFile() as tmp:
        # ruleid: DJA303
        tmp.write(b"x")
    # ok: DJA303 (in memory)
    buf = io.StringIO("a\nb")
    text = buf.read()
    return JsonResponse({"t": text})


async def fan_out(request):
    t = threading.Thread(target=work, args=(1,))
    # ok: DJA308 (starting returns at once)
    t.start()
    # ruleid: DJA308
    t.join()
    with multiprocessing.Pool(2) as pool:
        # ruleid: DJA308
        results = pool.map(work, [1, 2])
    # ok: DJA308 (waited for in a worker thread)
    await asyncio.to_thread(t.join)
    return JsonResponse({"r": results})
