from django.http import JsonResponse


async def me(request):
    # ok: DJA209 (set by JWTMiddleware: no lazy user in this project)
    return JsonResponse({"id": request.user.id})
