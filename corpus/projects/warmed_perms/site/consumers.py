from channels.generic.http import AsyncHttpConsumer


class ReportConsumer(AsyncHttpConsumer):
    async def handle(self, body):
        # ok: DJA211 (the permission cache was filled by the ASGI middleware)
        if not self.scope["user"].has_perm("site.view_report"):
            return await self.send_response(403, b"")
        # ruleid: DJA211 (a password check reads no permission cache)
        ok = self.scope["user"].check_password("x")
        return await self.send_response(200, str(ok).encode())
