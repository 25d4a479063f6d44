from ninja import NinjaAPI

from .auth import AsyncStoreKey, StoreKey
from .mounted import mixed, orders, public

api = NinjaAPI(auth=StoreKey())
api.add_router("/shop", orders)

open_api = NinjaAPI(urls_namespace="open")
open_api.add_router("/public", router=public)

async_api = NinjaAPI(urls_namespace="async", auth=AsyncStoreKey())
async_api.add_router("/mixed", mixed)
