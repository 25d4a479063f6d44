# Routed: BookList. Registered at run time by a plugin registry, so no URLconf names them:
# BookDetail (a DRF generic view) and, in catalog/api/views.py, ExportView. Bases and mixins
# other views are made from are not views of their own.
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View
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


# Sync: no DJA224 today. effort prices it as it would be once async: the mixin's sync
# dispatch() must go (DJA224 in its trail).
class AccountView(LoginRequiredMixin, View):  # ok: DJA224
    def get(self, request):
        return Response({"ok": True})
