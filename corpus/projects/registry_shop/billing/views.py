from django.http import JsonResponse


async def invoice(request, pk):
    return JsonResponse({"invoice": pk})
