from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import legacy_views, views
from .api import api
from .legacy_views import ProductUpdate

urlpatterns = [
    path("products/<int:pk>/", views.product),
    path("products/<int:pk>/restock/", views.restock),
    path("sign-in/", views.sign_in),
    path("me/", views.whoami),
    path("catalogue/", views.catalogue),
    path("reports/stock/", legacy_views.stock_report),
    path("products/<int:pk>/update/", csrf_exempt(ProductUpdate.as_view())),
    path("api/", api.urls),
]
