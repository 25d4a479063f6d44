# The NinjaAPIs and the routers they mount: an operation inherits the auth= of the NinjaAPI (or
# Router) its router is mounted on, in another file.
from ninja import NinjaAPI, Router
from ninja_jwt.authentication import AsyncJWTAuth

from .auth import BearerSetsUser, BearerToken
from .inner import inner_router
from .orders import orders_router as shop_orders
from .tokens import tokens_router

api = NinjaAPI(auth=AsyncJWTAuth())
api.add_router("/orders", router=shop_orders)

token_api = NinjaAPI(urls_namespace="tokens", auth=BearerToken())
token_api.add_router("/tokens", tokens_router)

v2 = NinjaAPI(urls_namespace="v2")
outer = Router(auth=BearerSetsUser())
outer.add_router("/inner", inner_router)
v2.add_router("/", outer)
