# Sync Paginator methods in async code (DJA212): `Paginator.page()`, `get_page()` and
# `validate_number()` count the QuerySet (and page() slices it) synchronously.
# Constructing a Paginator runs no query. Django's AsyncPaginator (`await p.apage(n)`,
# `await p.aget_page(n)`) is the async replacement; before it, wrap the paging in a sync
# function run with sync_to_async.
from asgiref.sync import sync_to_async
from django.core.paginator import AsyncPaginator, Paginator
from django.db import models
from django.http import JsonResponse
from django.views import View


class Book(models.Model):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)


class Pager:
    """A project class with a page() method: plain list slicing, no database."""

    def __init__(self, items, size):
        self.items = items
        self.size = size

    def page(self, number):
        start = (number - 1) * self.size
        return self.items[start:start + self.size]


# ---------------------------------------------------------------- must fire


async def book_page(request, number):
    qs = Book.objects.filter(published=True).order_by("title")
    p = Paginator(qs, 20)
    # ruleid: DJA212
    page = p.page(number)
    return JsonResponse({"number": page.number})


async def book_get_page(request):
    paginator = Paginator(Book.objects.order_by("-pk"), 50)
    # ruleid: DJA212
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse({"number": page.number})


async def check_page_number(request):
    p = Paginator(Book.objects.all(), 25, orphans=5)
    # ruleid: DJA212
    number = p.validate_number(request.GET.get("page", 1))
    return JsonResponse({"page": number})


async def two_pages(request):
    p = Paginator(Book.objects.filter(published=True), 10)
    first = p.page(1)  # ruleid: DJA212
    second = p.get_page(2)  # ruleid: DJA212
    return JsonResponse({"first": first.number, "second": second.number})


class BookListView(View):
    async def get(self, request):
        paginator = Paginator(Book.objects.order_by("title"), 30)
        # ruleid: DJA212
        page = paginator.get_page(request.GET.get("page"))
        return JsonResponse({"number": page.number})


# ---------------------------------------------------------------- near misses


async def book_page_async(request, number):
    p = AsyncPaginator(Book.objects.order_by("title"), 20)
    page = await p.apage(number)  # ok: DJA212
    other = await p.aget_page(request.GET.get("page"))  # ok: DJA212
    return JsonResponse({"number": page.number, "other": other.number})


async def paginator_built_only(request):
    p = Paginator(Book.objects.order_by("title"), 20)  # ok: DJA212
    size = p.per_page  # ok: DJA212
    return JsonResponse({"per_page": size})


async def project_pager(request, number):
    pager = Pager(["a", "b", "c", "d"], 2)
    chunk = pager.page(number)  # ok: DJA212
    return JsonResponse({"chunk": chunk})


async def wrapped_paging(request, number):
    p = Paginator(Book.objects.order_by("title"), 20)
    page = await sync_to_async(p.page)(number)  # ok: DJA212
    titles = await sync_to_async(lambda: [b.title for b in p.get_page(number)])()  # ok: DJA212, DJA103
    return JsonResponse({"number": page.number, "titles": titles})


def book_page_sync(request, number):
    p = Paginator(Book.objects.order_by("title"), 20)
    page = p.page(number)  # ok: DJA212
    checked = p.validate_number(number)  # ok: DJA212
    return JsonResponse({"number": page.number, "checked": checked})
