from django.urls import path

from . import views

urlpatterns = [
    path("products/<int:pk>/", views.product),
    path("products/<int:pk>/restock/", views.restock),
    path("sign-in/", views.sign_in),
    path("me/", views.whoami),
    path("catalogue/", views.catalogue),
]
