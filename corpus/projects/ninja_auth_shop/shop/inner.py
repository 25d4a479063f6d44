from ninja import Router

inner_router = Router()


@inner_router.get("/me")
async def me(request):
    # mounted on a Router whose auth (BearerSetsUser) assigns request.user, itself on a NinjaAPI
    return {"user": request.user.username}  # ok: DJA209
