from ninja import Router

tokens_router = Router()


@tokens_router.get("/")
async def token_owner(request):
    # BearerToken returns the token and leaves request.user alone: lazy
    return {"user": request.user.username}  # ruleid: DJA209
