"""--unsafe-fixes: a call into a blocking sync helper is wrapped in sync_to_async (it runs in a
worker thread then: a review is needed), the name merged into the existing asgiref import."""
from asgiref.sync import async_to_sync
from django.db import models


class Order(models.Model):
    total = models.IntegerField()


def recompute(pk):
    return Order.objects.filter(pk=pk).count()


async def view(request, pk):
    n = recompute(pk)  # ruleid: DJA501
    m = recompute(pk) + 1  # ruleid: DJA501
    return {"n": n, "m": m, "bridge": async_to_sync}
