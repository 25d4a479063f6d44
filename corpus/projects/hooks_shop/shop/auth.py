from ninja.security import APIKeyHeader

from .permissions import known_key


class StoreKey(APIKeyHeader):
    param_name = "X-Key"

    def authenticate(self, request, key):
        return known_key(request)
