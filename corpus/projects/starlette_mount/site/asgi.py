from django.core.asgi import get_asgi_application
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def handle_sse(request: Request):
    return JSONResponse({"path": request.url.path})


mcp = Starlette(routes=[Route("/sse", endpoint=handle_sse)])
application = get_asgi_application()
