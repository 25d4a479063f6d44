# DJA224: Django's access mixins have a sync dispatch() that reads request.user on the event
# loop when the view's handlers are async. Reported on the class.
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin
from django.http import JsonResponse
from django.views import View


# ruleid: DJA224
class Dashboard(LoginRequiredMixin, View):
    async def get(self, request):
        return JsonResponse({})


class StaffOnly(UserPassesTestMixin):
    def test_func(self):
        return self.request.user.is_staff


# ruleid: DJA224
class Reports(StaffOnly, View):
    """Through a project mixin."""

    async def post(self, request):
        return JsonResponse({})


# ruleid: DJA224
class Editor(PermissionRequiredMixin, View):
    permission_required = "books.change_book"

    async def get(self, request):
        return JsonResponse({})


# ---------------------------------------------------------------- near misses


# ok: DJA224 (sync handlers: dispatch runs in a worker thread)
class SyncDashboard(LoginRequiredMixin, View):
    def get(self, request):
        return JsonResponse({})


# ok: DJA224 (async view checking the user itself)
class AsyncDashboard(View):
    async def get(self, request):
        user = await request.auser()
        return JsonResponse({"ok": user.is_authenticated})


# ok: DJA224 (an async helper that is not a handler)
class Helper(LoginRequiredMixin, View):
    def get(self, request):
        return JsonResponse({})

    async def refresh(self):
        return None
