"""Async views of a project pinned to Django 4.2: the suggestions must only name APIs that
exist in 4.2 (aget/asave yes; aget_object_or_404, aauthenticate, request.auser, session.aget no)."""
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Product


async def product(request, pk):
    # ruleid: DJA202
    item = get_object_or_404(Product, pk=pk)
    return JsonResponse({"name": item.name})


async def restock(request, pk):
    # ruleid: DJA101
    item = Product.objects.get(pk=pk)
    item.stock += 10
    # ruleid: DJA102
    item.save()
    return JsonResponse({"stock": item.stock})


async def sign_in(request):
    # ruleid: DJA201
    user = authenticate(request, username=request.POST["u"], password=request.POST["p"])
    return JsonResponse({"ok": user is not None})


async def whoami(request):
    # ruleid: DJA209
    if request.user.is_authenticated:
        # ruleid: DJA210
        visits = request.session.get("visits", 0)
        return JsonResponse({"visits": visits})
    return JsonResponse({}, status=401)


async def catalogue(request):
    # ruleid: DJA203
    names = cache.get("catalogue")
    if names is None:
        names = [p.name async for p in Product.objects.filter(active=True)]
        # ok: DJA203
        await cache.aset("catalogue", names)
    return JsonResponse({"names": names})
