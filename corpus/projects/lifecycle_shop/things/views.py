from django.http import JsonResponse

from .base import Registry
from .models import Item, Label, Master, Settings, Thing


async def thing(request, pk):
    # ruleid: DJA101
    t = Thing.objects.get(pk=pk)
    return JsonResponse({"pk": t.pk})


async def master(request, pk):
    # ruleid: DJA101
    m = Master.objects.filter(pk=pk).first()
    return JsonResponse({"pk": m.pk})


async def label(request, pk):
    # ruleid: DJA101
    return JsonResponse({"n": Label.objects.count()})


async def item(request, pk):
    item = await Item.objects.aget(pk=pk)
    # ruleid: DJA105
    return JsonResponse({"label": item.label.pk})


async def near_misses(request):
    # ok: DJA101
    entry = Registry.objects.get("x")
    # ok: DJA101
    s = Settings.objects.get("y")
    # ok: DJA101
    n = await Thing.objects.acount()
    return JsonResponse({"e": entry, "s": s, "n": n})
