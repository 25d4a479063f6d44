# Project auths for django-ninja: one assigns request.user (through a helper it hands the request
# to, as django-ninja-jwt's does), one only returns the token.
from asgiref.sync import sync_to_async
from ninja.security import HttpBearer


def user_for(token):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(auth_token=token)


class BearerSetsUser(HttpBearer):
    async def authenticate(self, request, token):
        return await self.load_user(request, token)

    async def load_user(self, request, token):
        user = await sync_to_async(user_for)(token)
        request.user = user
        return user


class BearerToken(HttpBearer):
    async def authenticate(self, request, token):
        return token
