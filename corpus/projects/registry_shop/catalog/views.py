# Routed: BookList. Registered at run time by a plugin registry, so no URLconf names them:
# BookDetail (a DRF generic view) and, in catalog/api/views.py, ExportView. Bases and mixins
# other views are made from are not views of their own.
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Book


class AuditMixin:
    def audit(self):
        return None


class BaseBookView(APIView):
    def get_queryset(self):
        return Book.objects.all()


class BookList(AuditMixin, BaseBookView):
    def get(self, request):
        return Response([b.title for b in self.get_queryset()])


class BookDetail(RetrieveAPIView):
    queryset = Book.objects.all()


class ReadOnlyMixin(APIView):
    http_method_names = ["get"]
