import time
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpResponse
from django.utils.decorators import sync_and_async_middleware
from django.utils.deprecation import MiddlewareMixin

from .models import AuditLog


# ---------------------------------------------------------------- sync only (DJA223 in settings)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        AuditLog.objects.create(path=request.path, method=request.method)
        return self.get_response(request)


class RegionMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = request.headers.get("X-Region", "eu")
        return self.get_response(request)


class MaintenanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/maintenance/"):
            return HttpResponse("down for maintenance", status=503)
        return None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id
        return response


class AcallOnlyMiddleware:
    """An __acall__ without async_capable: Django adapts it as sync."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    async def __acall__(self, request):
        return await self.get_response(request)


# ---------------------------------------------------------------- async capable


class OwnerMiddleware(MiddlewareMixin):
    """MiddlewareMixin is async-capable (its __acall__ runs the hooks)."""

    def process_request(self, request):
        request.owner = None


class TimingMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    async def __call__(self, request):
        started = time.monotonic()
        response = await self.get_response(request)
        response["X-Elapsed"] = "%.3f" % (time.monotonic() - started)
        return response


class HybridMiddleware:
    async_capable = True
    sync_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(self.get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        response = self.get_response(request)
        response["X-Hybrid"] = "sync"
        return response

    async def __acall__(self, request):
        response = await self.get_response(request)
        response["X-Hybrid"] = "async"
        return response


@sync_and_async_middleware  # ok: DJA222
def locale_middleware(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            response = await get_response(request)
            response["Content-Language"] = "en"
            return response

    else:

        def middleware(request):
            response = get_response(request)
            response["Content-Language"] = "en"
            return response

    return middleware


class SubTimingMiddleware(TimingMiddleware):
    """async_capable inherited from a project base."""
