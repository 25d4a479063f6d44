"""The project's own async-aware decorators (not Django's)."""
import functools

from django.http import JsonResponse


def login_required(view):
    @functools.wraps(view)
    async def wrapper(request, *args, **kwargs):
        user = await request.auser()
        if not user.is_authenticated:
            return JsonResponse({"error": "login required"}, status=401)
        return await view(request, *args, **kwargs)

    return wrapper


def require_GET(view):
    @functools.wraps(view)
    async def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return JsonResponse({"error": "GET only"}, status=405)
        return await view(request, *args, **kwargs)

    return wrapper
