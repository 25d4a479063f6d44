from django.http import JsonResponse
from django.views import View

from catalog.models import Book


class ExportView(View):
    async def get(self, request):
        count = Book.objects.count()  # ruleid: DJA101
        return JsonResponse({"count": count})


class AuditMixin:
    def audit(self):
        return None


class BaseStatsView(View):
    def rows(self):
        return Book.objects.all()


# rows() is found on the second base (Python's MRO), not only on the first
class StatsView(AuditMixin, BaseStatsView):
    async def get(self, request):
        titles = [b.title for b in self.rows()]  # ruleid: DJA103
        return JsonResponse({"titles": titles})
