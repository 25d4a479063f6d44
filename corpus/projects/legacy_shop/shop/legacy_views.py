"""Sync views in a file that never mentions the a-word: the effort estimate must still see
what they would meet once async."""
from django.http import JsonResponse
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .models import Product


def stock_report(request):
    products = list(Product.objects.filter(active=True))
    total = Product.objects.count()
    return JsonResponse({"names": [p.name for p in products], "total": total})


class ProductUpdate(View):
    def post(self, request, pk):
        item = Product.objects.get(pk=pk)
        item.stock = int(request.POST["stock"])
        item.save()
        return JsonResponse({"ok": True})


product_update = csrf_exempt(ProductUpdate.as_view())
