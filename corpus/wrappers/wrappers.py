# sync_to_async / to_thread misuse (DJA401), async_to_sync inside async code
# (DJA402), nested event loops (DJA403), and correctly wrapped code that must
# never be reported.
import asyncio
import time

import requests
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import models
from django.http import JsonResponse

STATUS_URL = "https://status.example.com/api"


class Book(models.Model):
    title = models.CharField(max_length=200)
    stock = models.PositiveIntegerField(default=0)


def build_report(book_id):
    book = Book.objects.get(pk=book_id)
    time.sleep(0.1)
    return {"title": book.title}


def get_factory():
    return build_report


async def fetch_status(url):
    await asyncio.sleep(0)
    return {"url": url}


async def notify(book_id):
    layer = get_channel_layer()
    await layer.group_send("books", {"type": "book.changed", "id": book_id})


# A module-level bridge is fine: it is not inside async code.
fetch_status_sync = async_to_sync(fetch_status)  # ok: DJA402
status_now = lambda: async_to_sync(fetch_status)(STATUS_URL)  # ok: DJA402


# ---------------------------------------------------------------- DJA401


async def called_too_early(request, pk):
    qs = Book.objects.filter(stock__gt=0)
    # ruleid: DJA401
    book = await sync_to_async(Book.objects.get(pk=pk))()
    # ruleid: DJA401
    rows = await sync_to_async(list(qs))()
    # ruleid: DJA401
    total = await database_sync_to_async(Book.objects.count())()
    # ruleid: DJA401
    await asyncio.to_thread(time.sleep(0.5))
    loop = asyncio.get_running_loop()
    # ruleid: DJA401
    status = await loop.run_in_executor(None, requests.get(STATUS_URL, timeout=5))
    # ruleid: DJA401
    report = sync_to_async(get_factory())
    return JsonResponse({"book": book.title, "rows": len(rows), "total": total, "status": status.status_code, "r": str(report)})


async def wrapped_correctly(request, pk):
    qs = Book.objects.filter(stock__gt=0)
    book = await sync_to_async(Book.objects.get)(pk=pk)  # ok: DJA401, DJA101
    total = await database_sync_to_async(Book.objects.count)()  # ok: DJA401, DJA101
    await asyncio.to_thread(time.sleep, 0.5)  # ok: DJA401, DJA301
    rows = await sync_to_async(lambda: list(qs))()  # ok: DJA401, DJA103
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(None, requests.get, STATUS_URL)  # ok: DJA401, DJA302
    report = await sync_to_async(build_report, thread_sensitive=True)(pk)  # ok: DJA401
    helper = sync_to_async(build_report)  # ok: DJA401
    await sync_to_async(book.save)()  # ok: DJA102
    await sync_to_async(lambda: requests.post(STATUS_URL, json={"id": pk}, timeout=5))()  # ok: DJA302
    return JsonResponse({"book": book.title, "total": total, "rows": len(rows), "status": status.status_code, "report": report, "h": str(helper)})


async def decorated_nested_helpers(request, pk):
    @sync_to_async
    def load(book_id):
        book = Book.objects.get(pk=book_id)  # ok: DJA101
        book.stock -= 1
        book.save()  # ok: DJA102
        return [b.title for b in Book.objects.all()]  # ok: DJA103

    @database_sync_to_async
    def count_books():
        time.sleep(0.01)  # ok: DJA301
        return Book.objects.count()  # ok: DJA101

    titles = await load(pk)
    total = await count_books()
    return JsonResponse({"titles": titles, "total": total})


# ---------------------------------------------------------------- DJA402


async def bridge_back(request, pk):
    # ruleid: DJA402
    status = async_to_sync(fetch_status)(STATUS_URL)
    # ruleid: DJA402
    async_to_sync(notify)(pk)
    layer = get_channel_layer()
    # ruleid: DJA402
    async_to_sync(layer.group_send)("books", {"type": "book.changed", "id": pk})
    # ruleid: DJA402
    runner = async_to_sync(fetch_status)
    return JsonResponse({"status": status, "runner": str(runner)})


class StockConsumerMixin:
    async def stock_changed(self, event):
        # ruleid: DJA402
        async_to_sync(notify)(event["id"])


async def bridge_back_correct(request, pk):
    status = await fetch_status(STATUS_URL)  # ok: DJA402
    await notify(pk)  # ok: DJA402

    def sync_part():
        async_to_sync(notify)(pk)  # ok: DJA402

    await sync_to_async(sync_part)()
    later = lambda: async_to_sync(notify)(pk)  # ok: DJA402
    return JsonResponse({"status": status, "l": later.__name__})


def sync_signal_handler(sender, instance, **kwargs):
    async_to_sync(notify)(instance.pk)  # ok: DJA402


# ---------------------------------------------------------------- DJA403


async def nested_loops(request):
    # ruleid: DJA403
    first = asyncio.run(fetch_status(STATUS_URL))
    loop = asyncio.get_event_loop()
    # ruleid: DJA403
    second = loop.run_until_complete(fetch_status(STATUS_URL))
    # ruleid: DJA403
    third = asyncio.get_event_loop().run_until_complete(fetch_status(STATUS_URL))
    return JsonResponse({"a": first, "b": second, "c": third})


class Refresher:
    async def refresh(self, book_id):
        # ruleid: DJA403
        asyncio.run(notify(book_id))


async def nested_loops_correct(request, runner):
    first, second = await asyncio.gather(fetch_status(STATUS_URL), fetch_status(STATUS_URL))  # ok: DJA403
    task = asyncio.create_task(notify(1))  # ok: DJA403
    await task
    runner.run(fetch_status(STATUS_URL))  # ok: DJA403
    outer = lambda: asyncio.run(notify(2))  # ok: DJA403
    return JsonResponse({"a": first, "b": second, "o": outer.__name__})


def refresh_all_sync():
    asyncio.run(notify(3))  # ok: DJA403
    loop = asyncio.new_event_loop()
    loop.run_until_complete(notify(4))  # ok: DJA403


if __name__ == "__main__":
    asyncio.run(fetch_status(STATUS_URL))  # ok: DJA403
