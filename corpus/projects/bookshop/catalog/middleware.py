import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings


class TimingMiddleware:
    """Adds a Server-Timing header and appends one line per request to a log file."""

    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(self.get_response):
            markcoroutinefunction(self)

    async def __call__(self, request):
        started = time.perf_counter()  # ok: DJA301
        response = await self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        # ruleid: DJA303
        with open(settings.TIMING_LOG, "a", encoding="utf-8") as fh:
            # ruleid: DJA303 (writing the file object)
            fh.write(f"{request.method} {request.path} {response.status_code} {elapsed_ms:.1f}ms\n")
        return response
