# Signal.send() / send_robust() in async code (DJA204): project signals made
# with django.dispatch.Signal() at module level and Django's built-in model and
# request signals. Django 5.0 added asend() / asend_robust(). Near misses: the
# awaited twins, Channels consumers' own send(), channel layers, unknown objects.
import json

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.core import signals as core_signals
from django.core.signals import request_finished
from django.db import models
from django.db.models import signals
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import Signal, receiver
from django.http import JsonResponse

order_paid = Signal()
order_refunded = Signal()


class Order(models.Model):
    total = models.DecimalField(max_digits=10, decimal_places=2)
    paid = models.BooleanField(default=False)


# ---------------------------------------------------------------- must fire


async def pay(request, pk):
    order = await Order.objects.aget(pk=pk)
    order.paid = True
    await order.asave()
    # ruleid: DJA204
    order_paid.send(sender=Order, order_id=order.pk)
    # ruleid: DJA204
    results = order_refunded.send_robust(sender=Order, order_id=order.pk)
    return JsonResponse({"ok": True, "receivers": len(results)})


async def import_order(request):
    data = json.loads(request.body)
    order = await Order.objects.acreate(total=data["total"])
    # ruleid: DJA204
    pre_save.send(sender=Order, instance=order, raw=False, using="default", update_fields=None)
    # ruleid: DJA204
    post_save.send(sender=Order, instance=order, created=True, raw=False, using="default", update_fields=None)
    # ruleid: DJA204
    signals.post_delete.send(sender=Order, instance=order, using="default", origin=order)
    # ruleid: DJA204
    signals.pre_delete.send_robust(sender=Order, instance=order, using="default", origin=order)
    # ruleid: DJA204
    m2m_changed.send(sender=Order, instance=order, action="post_add", reverse=False, model=Order, pk_set={1}, using="default")
    return JsonResponse({"id": order.pk})


async def manual_request_cycle(request):
    # ruleid: DJA204
    core_signals.request_started.send(sender=None, scope={})
    # ruleid: DJA204
    request_finished.send(sender=None)
    return JsonResponse({"ok": True})


@receiver(post_save, sender=Order)
async def on_order_saved(sender, instance, created, **kwargs):
    if created:
        # ruleid: DJA204
        order_paid.send(sender=sender, order_id=instance.pk)


# ---------------------------------------------------------------- near misses


async def pay_async(request, pk):
    order = await Order.objects.aget(pk=pk)
    await order_paid.asend(sender=Order, order_id=order.pk)  # ok: DJA204
    results = await order_refunded.asend_robust(sender=Order, order_id=order.pk)  # ok: DJA204
    await post_save.asend(sender=Order, instance=order, created=False)  # ok: DJA204
    await sync_to_async(order_paid.send)(sender=Order, order_id=order.pk)  # ok: DJA204
    return JsonResponse({"receivers": len(results)})


class OrderConsumer(AsyncWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None):
        payload = json.loads(text_data or "{}")
        await self.send(text_data=json.dumps({"echo": payload}))  # ok: DJA204
        await self.channel_layer.send("orders", {"type": "order.ping"})  # ok: DJA204

    async def order_paid_event(self, event):
        await self.send(text_data=json.dumps({"paid": event["id"]}))  # ok: DJA204


async def notify_worker(request, pk):
    channel_layer = get_channel_layer()
    await channel_layer.send("order-worker", {"type": "order.paid", "id": pk})  # ok: DJA204
    return JsonResponse({"queued": True})


async def unknown_senders(request, mailer, socket_like):
    mailer.send(to="ops@example.com")  # ok: DJA204
    socket_like.send(b"ping")  # ok: DJA204
    return JsonResponse({"ok": True})


async def nested_sync(request, pk):
    def fire():
        order_paid.send(sender=Order, order_id=pk)  # ok: DJA204

    await sync_to_async(fire)()
    return JsonResponse({"ok": True})


def pay_sync(request, pk):
    order_paid.send(sender=Order, order_id=pk)  # ok: DJA204
    post_save.send_robust(sender=Order, instance=None, created=False)  # ok: DJA204
    return JsonResponse({"ok": True})
