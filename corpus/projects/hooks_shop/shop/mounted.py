# Routers mounted on NinjaAPIs of another module (urls.py): the NinjaAPI's auth= runs for
# their async operations. Each NinjaAPI item is reported once, at the first async operation.
from ninja import Router

orders = Router()
public = Router()
mixed = Router()


@orders.get("/orders")  # ruleid: DJA502
async def list_orders(request):
    return []


@orders.get("/orders/count")  # ok: DJA502
async def count_orders(request):
    return 0


@orders.get("/orders/open", auth=None)  # ok: DJA502
async def open_orders(request):
    return []


@public.get("/ping")  # ok: DJA502
async def ping(request):
    return "pong"


@mixed.get("/mixed")  # ok: DJA502
async def mixed_view(request):
    return []
