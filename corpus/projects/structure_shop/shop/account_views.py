from django.http import JsonResponse

from .decorators import login_required, require_GET
from .models import Order


@login_required  # ok: DJA222
async def my_orders(request):
    user = await request.auser()
    count = await Order.objects.filter(reference__startswith=user.get_username()).acount()
    return JsonResponse({"orders": count})


@require_GET  # ok: DJA222
@login_required  # ok: DJA222
async def my_last_order(request):
    order = await Order.objects.order_by("-pk").afirst()
    return JsonResponse({"reference": order.reference if order else None})
