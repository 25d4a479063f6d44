# Sync Django cache API in async code (DJA203): every method of the default
# `cache` and of `caches[alias]` (directly or through a local variable). Django
# 4.0 added the `a`-prefixed twins. Near misses: awaited twins, plain dicts,
# a local `cache` shadowing the import, functools.cache.
import functools

from asgiref.sync import sync_to_async
from django.core.cache import cache, caches
from django.http import JsonResponse
from django.views.decorators.cache import cache_page


@functools.cache
def tax_rate(country):
    return {"fr": 20, "de": 19}.get(country, 0)


# ---------------------------------------------------------------- must fire


async def product_price(request, sku):
    # ruleid: DJA203
    price = cache.get(f"price:{sku}")
    if price is None:
        price = 100
        # ruleid: DJA203
        cache.set(f"price:{sku}", price, timeout=60)
    # ruleid: DJA203
    cache.add(f"seen:{sku}", 1)
    # ruleid: DJA203
    cache.touch(f"price:{sku}", 120)
    # ruleid: DJA203
    cache.delete(f"stale:{sku}")
    return JsonResponse({"price": price})


async def bulk_prices(request):
    skus = request.GET.getlist("sku")
    # ruleid: DJA203
    found = cache.get_many([f"price:{s}" for s in skus])
    # ruleid: DJA203
    cache.set_many({f"price:{s}": 100 for s in skus if f"price:{s}" not in found})
    # ruleid: DJA203
    cache.delete_many([f"stale:{s}" for s in skus])
    # ruleid: DJA203
    banner = cache.get_or_set("banner", "welcome", 300)
    return JsonResponse({"found": found, "banner": banner})


async def counters(request):
    # ruleid: DJA203
    if not cache.has_key("hits"):
        cache.set("hits", 0)  # ruleid: DJA203
    # ruleid: DJA203
    hits = cache.incr("hits")
    # ruleid: DJA203
    cache.decr("stock:42", 2)
    # ruleid: DJA203
    cache.incr_version("menu")
    # ruleid: DJA203
    cache.decr_version("menu")
    return JsonResponse({"hits": hits})


async def reset_everything(request):
    # ruleid: DJA203
    cache.clear()
    # ruleid: DJA203
    cache.close()
    # ruleid: DJA203
    caches["sessions"].clear()
    return JsonResponse({"ok": True})


async def named_caches(request, key):
    # ruleid: DJA203
    value = caches["default"].get(key)
    c = caches["redis"]
    # ruleid: DJA203
    c.set(key, value, 30)
    # ruleid: DJA203
    got = c.get_many([key, "other"])
    # ruleid: DJA203
    c.delete(key)
    return JsonResponse({"value": value, "got": got})


# ---------------------------------------------------------------- near misses


async def product_price_async(request, sku):
    price = await cache.aget(f"price:{sku}")  # ok: DJA203
    await cache.aset(f"price:{sku}", price or 100)  # ok: DJA203
    hits = await cache.aincr("hits")  # ok: DJA203
    await cache.adelete_many(["a", "b"])  # ok: DJA203
    c = caches["redis"]  # ok: DJA203
    banner = await c.aget_or_set("banner", "welcome", 300)  # ok: DJA203
    await caches["default"].aclear()  # ok: DJA203
    return JsonResponse({"price": price, "hits": hits, "banner": banner})


async def plain_dicts(request, cache_dict):
    key = request.GET.get("k", "")
    value = cache_dict.get(key)  # ok: DJA203
    cache_dict.delete(key)  # ok: DJA203
    local_cache = {"a": 1}
    local_cache.get("a")  # ok: DJA203
    return JsonResponse({"value": value})


async def shadowed(request):
    cache = {}
    cache["k"] = 1
    value = cache.get("k")  # ok: DJA203
    cache.clear()  # ok: DJA203
    return JsonResponse({"value": value})


async def memoised(request):
    rate = tax_rate(request.GET.get("country", "fr"))  # ok: DJA203
    squares = functools.cache(lambda n: n * n)  # ok: DJA203
    info = tax_rate.cache_info()  # ok: DJA203
    return JsonResponse({"rate": rate, "sq": squares(3), "hits": info.hits})


async def wrapped_and_nested(request, key):
    value = await sync_to_async(cache.get)(key)  # ok: DJA203

    def warm():
        cache.set(key, value)  # ok: DJA203
        caches["default"].delete("old")  # ok: DJA203

    await sync_to_async(warm)()
    return JsonResponse({"value": value})


def product_price_sync(request, sku):
    price = cache.get(f"price:{sku}")  # ok: DJA203
    cache.set(f"price:{sku}", price or 100)  # ok: DJA203
    caches["default"].incr("hits")  # ok: DJA203
    return JsonResponse({"price": price})


# ruleid: DJA203 (the page cache is read and written synchronously around the async view)
@cache_page(60)
async def cached_page(request):
    return JsonResponse({})


# ok: DJA203 (a sync view: the cache middleware runs in its thread)
@cache_page(60)
def cached_sync_page(request):
    return JsonResponse({})
