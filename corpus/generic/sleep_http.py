# Blocking sleeps (DJA301) and blocking HTTP clients (DJA302) in async views.
import asyncio
import json
import time
import time as t
import urllib.request
from time import sleep

import httpx
import requests
from django.http import JsonResponse

RATES_URL = "https://rates.example.com/v1/latest"


# ---------------------------------------------------------------- DJA301


async def throttled_view(request):
    # ruleid: DJA301
    time.sleep(0.2)
    return JsonResponse({"ok": True})


async def retry_with_backoff(request):
    delay = 0.5
    for attempt in range(3):
        if request.GET.get("ready"):
            break
        # ruleid: DJA301
        sleep(delay)
        delay *= 2
    # ruleid: DJA301
    t.sleep(1)
    return JsonResponse({"attempts": attempt})


class PollingView:
    async def get(self, request):
        started = time.monotonic()  # ok: DJA301
        # ruleid: DJA301
        time.sleep(float(request.GET.get("wait", "0.1")))
        return JsonResponse({"waited": time.monotonic() - started})


async def stream_progress(request):
    steps = []
    for step in range(5):  # ok: DJA103
        steps.append(step)
        # ruleid: DJA301
        time.sleep(0.05)
    # ruleid: DJA301
    sleep(len(steps) / 100)
    return JsonResponse({"steps": steps})


async def correct_sleeps(request):
    await asyncio.sleep(0.2)  # ok: DJA301
    await asyncio.to_thread(time.sleep, 0.1)  # ok: DJA301
    now = time.time()  # ok: DJA301
    pause = lambda: time.sleep(1)  # ok: DJA301

    def legacy_wait():
        time.sleep(1)  # ok: DJA301

    return JsonResponse({"now": now, "fns": [pause.__name__, legacy_wait.__name__]})


async def mode_switch(delay, async_mode):
    # the sync branch serves a sync caller (tests, a sync server): the async one waits
    if async_mode:
        await asyncio.sleep(delay)
    else:
        time.sleep(delay)  # ok: DJA301
    if not async_mode:
        time.sleep(delay)  # ok: DJA301
    else:
        await asyncio.sleep(delay)
    if async_mode:
        await asyncio.sleep(delay)
    elif delay > 1:
        # ruleid: DJA301
        time.sleep(delay)
    if async_mode:
        await asyncio.gather()
    else:
        # ruleid: DJA301
        time.sleep(delay)


def sync_throttle(request):
    time.sleep(0.2)  # ok: DJA301
    return JsonResponse({"ok": True})


# ---------------------------------------------------------------- DJA302


async def exchange_rates(request):
    currency = request.GET.get("currency", "EUR")  # ok: DJA302
    # ruleid: DJA302
    resp = requests.get(RATES_URL, params={"base": currency}, timeout=5)
    rates = resp.json()  # ok: DJA302
    # ruleid: DJA302
    requests.post("https://audit.example.com/events", json={"event": "rates"}, timeout=5)
    # ruleid: DJA302
    head = requests.head(RATES_URL, timeout=2)
    # ruleid: DJA302
    requests.request("PUT", "https://cache.example.com/rates", data=json.dumps(rates), timeout=5)
    return JsonResponse({"rates": rates, "etag": head.headers.get("ETag")})


async def webhook_relay(request):
    session = requests.Session()  # ok: DJA302
    session.headers["Authorization"] = "Bearer " + request.headers.get("X-Token", "")
    # ruleid: DJA302
    session.post("https://hooks.example.com/relay", data=request.body, timeout=5)
    with requests.Session() as s:
        # ruleid: DJA302
        s.delete("https://hooks.example.com/relay/last", timeout=5)
    return JsonResponse({"ok": True})


async def httpx_sync_clients(request):
    # ruleid: DJA302
    r1 = httpx.get(RATES_URL, timeout=5)
    # ruleid: DJA302
    r2 = httpx.post("https://audit.example.com/events", json={"event": "httpx"})
    with httpx.Client(base_url="https://api.example.com") as client:
        # ruleid: DJA302
        r3 = client.get("/status")
    client2 = httpx.Client()
    # ruleid: DJA302
    r4 = client2.patch("https://api.example.com/items/1", json={"done": True})
    # ruleid: DJA302
    with urllib.request.urlopen("https://status.example.com/ping", timeout=3) as fh:
        body = fh.read()
    return JsonResponse({"codes": [r1.status_code, r2.status_code, r3.status_code, r4.status_code], "ping": body.decode()})


async def mocked_session(mocker):
    client = requests.Session()
    client.post = mocker.Mock(return_value=None)
    client.post("/x")  # ok: DJA302 (the method was replaced)
    # ruleid: DJA302
    client.get("/y")


async def correct_http(request, session):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(RATES_URL)  # ok: DJA302
        await client.post("https://audit.example.com/events", json={"event": "async"})  # ok: DJA302
    loop = asyncio.get_running_loop()
    other = await loop.run_in_executor(None, requests.get, RATES_URL)  # ok: DJA302
    third = await asyncio.to_thread(requests.get, RATES_URL, timeout=5)  # ok: DJA302
    cached = session.get("rates")  # ok: DJA302
    payload = {"a": 1}
    value = payload.get("a")  # ok: DJA302
    fetch = lambda: requests.get(RATES_URL, timeout=5)  # ok: DJA302
    return JsonResponse({"a": resp.json(), "b": other.json(), "c": third.json(), "cached": cached, "v": value, "f": fetch.__name__})


def sync_rates(request):
    resp = requests.get(RATES_URL, timeout=5)  # ok: DJA302
    with httpx.Client() as client:
        client.get(RATES_URL)  # ok: DJA302
    return JsonResponse(resp.json())
