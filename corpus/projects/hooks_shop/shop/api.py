from ninja import Router

from .auth import StoreKey
from .models import Store

router = Router()


@router.get("/stores", auth=StoreKey())  # ruleid: DJA502
async def stores(request):
    return [s.name async for s in Store.objects.all()]
