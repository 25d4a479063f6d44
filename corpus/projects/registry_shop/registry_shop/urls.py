from django.urls import include, path

from billing.legacy_urls import legacy_patterns
from billing.views import invoice
from catalog.views import BookList

urlpatterns = [
    path("books/", BookList.as_view()),
    path("invoices/<int:pk>/", invoice),
    path("legacy/", include(legacy_patterns)),
]
