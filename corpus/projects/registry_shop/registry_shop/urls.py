from django.urls import path

from billing.views import invoice
from catalog.views import BookList

urlpatterns = [
    path("books/", BookList.as_view()),
    path("invoices/<int:pk>/", invoice),
]
