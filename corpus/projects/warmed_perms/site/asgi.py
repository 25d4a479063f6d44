# An ASGI middleware that resolves the user and fills its permission cache in a thread, before
# any consumer runs: has_perm() on scope["user"] then answers from memory.
from channels.db import database_sync_to_async
from channels.routing import ProtocolTypeRouter


class PermissionsMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        user = scope["user"]
        await database_sync_to_async(user.get_all_permissions)()
        return await self.app(scope, receive, send)


application = ProtocolTypeRouter({})
