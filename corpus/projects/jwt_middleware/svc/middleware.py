from asgiref.sync import markcoroutinefunction, sync_to_async


class JWTMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        request.user = await sync_to_async(load_user)(request.headers.get("Authorization"))
        return await self.get_response(request)


def load_user(token):
    return None
