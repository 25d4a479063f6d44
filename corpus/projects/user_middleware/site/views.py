from django.core.cache import cache
from django.http import JsonResponse


async def profile(request):
    # ok: DJA209 (ActiveUserMiddleware loaded the user for this request)
    if not request.user.is_authenticated:
        return JsonResponse({}, status=401)
    # ok: DJA209
    return JsonResponse({"name": request.user.username})


async def session_read(request):
    # ok: DJA210 (the session was loaded with the user)
    return JsonResponse({"theme": request.session.get("theme")})


async def logout_all(request):
    # ruleid: DJA210 (flush deletes the session row)
    request.session.flush()
    return JsonResponse({})


async def counter(request):
    # ok: DJA203 (no CACHES in the settings: the default LocMemCache)
    return JsonResponse({"n": cache.get("n", 0)})
