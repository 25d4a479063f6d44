# Celery dispatch from async code (DJA208): .delay() / .apply_async() on a task
# defined in this file with @shared_task or @app.task publish to the broker
# with a blocking client. Near misses: the dispatch run in a worker thread,
# .delay on unknown objects, calling the task function body directly.
import asyncio

from asgiref.sync import sync_to_async
from celery import Celery, shared_task
from celery.result import AsyncResult
from django.http import JsonResponse

app = Celery("shop")


@shared_task
def send_report(report_id):
    return {"report": report_id}


@shared_task(bind=True, max_retries=3)
def resize_image(self, image_id, width):
    return {"image": image_id, "width": width}


@app.task
def rebuild_index(section):
    return section.upper()


@app.task(name="shop.expire_carts")
def expire_carts(days):
    return days * 2


# ---------------------------------------------------------------- must fire


async def request_report(request, report_id):
    # ruleid: DJA208
    result = send_report.delay(report_id)
    return JsonResponse({"task": result.id})


async def upload(request, image_id):
    # ruleid: DJA208
    resize_image.apply_async(args=(image_id, 512), countdown=5)
    # ruleid: DJA208
    resize_image.delay(image_id, 128)
    return JsonResponse({"ok": True})


async def reindex(request, section):
    # ruleid: DJA208
    rebuild_index.delay(section)
    # ruleid: DJA208
    rebuild_index.apply_async((section,), queue="low")
    # ruleid: DJA208
    expire_carts.delay(7)
    return JsonResponse({"ok": True})


async def wait_for_report(request, report_id):
    # ruleid: DJA208
    result = send_report.delay(report_id)
    # ruleid: DJA208
    data = result.get(timeout=10)
    # ruleid: DJA208
    if result.ready():
        return JsonResponse(data)
    return JsonResponse({"task": result.id})  # ok: DJA208


async def poll_task(request, task_id):
    res = AsyncResult(task_id)
    # ruleid: DJA208
    if res.state == "SUCCESS":
        # ruleid: DJA208
        return JsonResponse({"result": res.result})
    return JsonResponse({"task": res.id})  # ok: DJA208


# ---------------------------------------------------------------- near misses


async def results_elsewhere(request, task_id, payload):
    res = AsyncResult(task_id)
    done = await sync_to_async(res.ready)()  # ok: DJA208
    value = payload.get("result")  # ok: DJA208
    return JsonResponse({"task": res.id, "done": done, "value": value})  # ok: DJA208



async def request_report_offloaded(request, report_id):
    result = await sync_to_async(send_report.delay)(report_id)  # ok: DJA208
    await asyncio.to_thread(rebuild_index.apply_async, ("all",))  # ok: DJA208
    return JsonResponse({"task": result.id})


async def unknown_objects(request, job, scheduler):
    job.delay(5)  # ok: DJA208
    scheduler.apply_async(args=(1,))  # ok: DJA208
    return JsonResponse({"ok": True})


async def inline_run(request, report_id):
    data = send_report(report_id)  # ok: DJA208
    name = rebuild_index("news")  # ok: DJA208
    sig = send_report.s(report_id)  # ok: DJA208
    return JsonResponse({"data": data, "name": name, "sig": str(sig)})


async def nested_sync(request, report_id):
    def dispatch():
        return send_report.delay(report_id)  # ok: DJA208

    result = await sync_to_async(dispatch)()
    return JsonResponse({"task": result.id})


def request_report_sync(request, report_id):
    result = send_report.delay(report_id)  # ok: DJA208
    rebuild_index.apply_async(("all",))  # ok: DJA208
    return JsonResponse({"task": result.id})
