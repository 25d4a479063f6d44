from ninja.security import APIKeyHeader

from .models import Store
from .permissions import known_key


class StoreKey(APIKeyHeader):
    param_name = "X-Key"

    def authenticate(self, request, key):
        return known_key(request)


class AsyncStoreKey(APIKeyHeader):
    param_name = "X-Store-Key"

    async def authenticate(self, request, key):
        return await Store.objects.filter(api_key=key).afirst()
