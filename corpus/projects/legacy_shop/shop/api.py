from ninja import NinjaAPI, Router

from .models import Product

router = Router()


@router.get("/products")
def list_products(request):
    return [{"name": p.name} for p in Product.objects.all()]


api = NinjaAPI()
api.add_router("/shop", router)
