from django.http import JsonResponse

from shop.helpers import load, titles


async def book(request, pk):
    # ruleid: DJA501
    b = load(pk)
    return JsonResponse({"title": b.title, "sorted": titles([b])})  # ok: DJA501
