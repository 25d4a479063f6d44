from ninja import Router

orders_router = Router()


@orders_router.get("/")
async def list_orders(request):
    # ninja_jwt's AsyncJWTAuth on the NinjaAPI set request.user before the body runs
    return {"user": request.user.username}  # ok: DJA209


@orders_router.get("/open", auth=None)
async def open_orders(request):
    # auth=None: no auth runs, request.user is the lazy one
    return {"user": request.user.username}  # ruleid: DJA209
