import json
import os

from django.contrib.auth.decorators import login_required, permission_required, user_passes_test
from django.http import JsonResponse
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_cookie

from .models import Order, Product


def enable_notebook_orm():
    # ruleid: DJA221
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"


def disable_notebook_orm():
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # ok: DJA221


def enable_for_good():
    # ruleid: DJA221
    os.environ.update({"DJANGO_ALLOW_ASYNC_UNSAFE": "true", "TZ": "UTC"})
    # ruleid: DJA221
    os.environ.update(DJANGO_ALLOW_ASYNC_UNSAFE="1")
    os.environ.update({"TZ": "UTC"})  # ok: DJA221


def test_sync_playwright_page():
    # the scoped workaround Playwright's sync API documents: set, use the ORM, pop
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ok: DJA221
    Product.objects.count()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")


# ---------------------------------------------------------------- DJA222: async views, Django 4.2


@login_required  # ruleid: DJA222
async def order_list(request):
    count = await Order.objects.acount()
    return JsonResponse({"orders": count})


# ruleid: DJA222
@permission_required("shop.change_order")
async def mark_paid(request, pk):
    # ruleid: DJA101
    order = Order.objects.get(pk=pk)
    order.paid = True
    await order.asave()
    return JsonResponse({"paid": True})


@user_passes_test(lambda u: u.is_staff)  # ruleid: DJA222
async def staff_report(request):
    unpaid = await Order.objects.filter(paid=False).acount()
    return JsonResponse({"unpaid": unpaid})


@csrf_exempt  # ruleid: DJA222
@require_POST  # ruleid: DJA222
async def create_order(request):
    data = json.loads(request.body)
    order = await Order.objects.acreate(reference=data["reference"])
    return JsonResponse({"id": order.pk}, status=201)


@require_GET  # ruleid: DJA222
@never_cache  # ruleid: DJA222
async def product_detail(request, pk):
    product = await Product.objects.aget(pk=pk)
    return JsonResponse({"name": product.name, "price": str(product.price)})


# ruleid: DJA222
@require_http_methods(["GET", "HEAD"])
# ruleid: DJA222
@cache_control(max_age=60, public=True)
# ruleid: DJA222
@vary_on_cookie
async def product_list(request):
    names = [p.name async for p in Product.objects.order_by("name")]
    # ruleid: DJA101
    total = Product.objects.count()
    return JsonResponse({"names": names, "total": total})


# ---------------------------------------------------------------- DJA222 near misses: sync views


@login_required  # ok: DJA222
def order_list_sync(request):
    return JsonResponse({"orders": Order.objects.count()})


@permission_required("shop.change_order")  # ok: DJA222
@require_POST  # ok: DJA222
@csrf_exempt  # ok: DJA222
def mark_paid_sync(request, pk):
    Order.objects.filter(pk=pk).update(paid=True)
    return JsonResponse({"paid": True})


@require_http_methods(["GET"])  # ok: DJA222
@cache_control(max_age=60)  # ok: DJA222
@never_cache  # ok: DJA222
@vary_on_cookie  # ok: DJA222
@require_GET  # ok: DJA222
@user_passes_test(lambda u: u.is_staff)  # ok: DJA222
def stock_sync(request):
    return JsonResponse({"stock": [p.stock for p in Product.objects.all()]})


# ---------------------------------------------------------------- DJA220: mixed handlers


class OrderView(View):  # ruleid: DJA220
    async def get(self, request, pk):
        order = await Order.objects.aget(pk=pk)
        return JsonResponse({"reference": order.reference})

    def post(self, request, pk):
        Order.objects.filter(pk=pk).update(paid=True)
        return JsonResponse({"paid": True})


# ruleid: DJA220
class CartView(View):
    def get(self, request):
        return JsonResponse({"items": []})

    async def delete(self, request):
        return JsonResponse({"cleared": True})


class ProductStockView(View):  # ruleid: DJA220
    async def put(self, request, pk):
        product = await Product.objects.aget(pk=pk)
        product.stock = json.loads(request.body)["stock"]
        await product.asave()
        return JsonResponse({"stock": product.stock})

    async def patch(self, request, pk):
        product = await Product.objects.aget(pk=pk)
        product.stock += 1
        product.save()  # ruleid: DJA102
        return JsonResponse({"stock": product.stock})

    def head(self, request, pk):
        return JsonResponse({})


class HealthView(View):  # ruleid: DJA220
    async def get(self, request):
        return JsonResponse({"ok": True})

    def options(self, request, *args, **kwargs):
        return JsonResponse({"allow": ["GET", "OPTIONS"]})


# ---------------------------------------------------------------- DJA220 near misses


class StatusView(View):  # ok: DJA220
    async def get(self, request):
        pending = await Order.objects.filter(paid=False).aexists()
        return JsonResponse({"pending": pending})

    async def post(self, request):
        return JsonResponse({"ok": True})

    async def delete(self, request):
        return JsonResponse({"ok": True})


class LegacyOrderView(View):  # ok: DJA220
    def get(self, request, pk):
        return JsonResponse({"reference": Order.objects.get(pk=pk).reference})

    def post(self, request, pk):
        return JsonResponse({"ok": True})


class ReceiptView(View):  # ok: DJA220
    async def get(self, request, pk):
        order = await Order.objects.aget(pk=pk)
        return JsonResponse(self.render_receipt(order))

    def render_receipt(self, order):
        return {"reference": order.reference, "total": str(order.total)}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)


class WebhookHandler:  # ok: DJA220
    async def get(self, request):
        return JsonResponse({"ok": True})

    def post(self, request):
        return JsonResponse({"ok": True})
