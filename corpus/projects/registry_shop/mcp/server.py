# A Starlette app mounted next to Django: its endpoints take a Starlette Request and are not
# Django views (no view inventory entry, no request.user rule).
from starlette.requests import Request
from starlette.responses import JSONResponse


async def handle_sse(request: Request):
    user = request.user  # ok: DJA209
    return JSONResponse({"user": str(user)})
