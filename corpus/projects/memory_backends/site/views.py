from django.core.cache import cache, caches
from django.http import JsonResponse
from django.views.decorators.cache import cache_page


async def counters(request):
    # ok: DJA203 (LocMemCache: process memory)
    hits = cache.get("hits", 0)
    # ok: DJA203
    caches["default"].set("hits", hits + 1)
    # ok: DJA203 (DummyCache)
    caches["dummy"].get("x")
    # ruleid: DJA203 (Redis)
    shared = caches["shared"].get("x")
    # ruleid: DJA203 (Redis in another settings module)
    edge = caches["edge"].get("x")
    # ok: DJA210 (signed cookies: the session is in the request)
    theme = request.session["theme"]
    # ok: DJA210
    lang = request.session.get("lang")
    return JsonResponse({"shared": shared, "edge": edge, "theme": theme, "lang": lang})


# ok: DJA203 (the default cache is LocMem)
@cache_page(30)
async def cached(request):
    return JsonResponse({})


# ruleid: DJA203 (the "shared" cache is Redis)
@cache_page(30, cache="shared")
async def cached_shared(request):
    return JsonResponse({})
