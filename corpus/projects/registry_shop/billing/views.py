from django.http import JsonResponse


async def invoice(request, pk):
    return JsonResponse({"invoice": pk})


async def old_invoice(request, pk):
    return JsonResponse({"invoice": pk, "legacy": True})
