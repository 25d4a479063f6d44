# Strawberry resolvers under strawberry.django's views: `info.context.request` is Django's request,
# and its user is the lazy one (DJA209), unless awaited with auser().
import strawberry
from strawberry.types import Info


@strawberry.type
class Query:
    @strawberry.field
    async def email(self, info: Info) -> str:
        return info.context.request.user.email  # ruleid: DJA209

    @strawberry.field
    async def email_via_name(self, info: strawberry.Info) -> str:
        user = info.context.request.user  # ok: DJA209
        return user.email  # ruleid: DJA209

    @strawberry.field
    async def email_loaded(self, info: Info) -> str:
        user = await info.context.request.auser()  # ok: DJA209
        return user.email  # ok: DJA209

    @strawberry.field
    def email_sync(self, info: Info) -> str:
        return info.context.request.user.email  # ok: DJA209

    @strawberry.field
    async def email_generic_info(self, info: Info[None, None]) -> str:
        return info.context.request.user.email  # ruleid: DJA209
