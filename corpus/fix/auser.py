# --unsafe-fixes: the one read of request.user in a function becomes `await request.auser()`
# (the session's user: unsafe where a middleware sets request.user itself); a function that
# reads it twice is left for a review, and the safe --fix leaves both.
from django.http import JsonResponse


async def profile(request):
    return JsonResponse({"name": request.user.get_username()})  # ruleid: DJA209


async def twice(request):
    if not request.user.is_authenticated:  # ruleid: DJA209
        return JsonResponse({}, status=401)
    return JsonResponse({"name": request.user.get_username()})
