# django.shortcuts.get_object_or_404 / get_list_or_404 in async code (DJA202).
# Both run a query synchronously; Django 5.0 added aget_object_or_404 and
# aget_list_or_404. Near misses: the awaited twins, wrapped calls, a project
# function named get_object_or_404, nested sync code and sync views.
from asgiref.sync import sync_to_async
from django import shortcuts
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import aget_list_or_404, aget_object_or_404, get_list_or_404
from django.shortcuts import get_object_or_404 as get_or_404


class Shelf(models.Model):
    label = models.CharField(max_length=40)


class Book(models.Model):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE, related_name="books")


def get_object_or_404(mapping, key):
    # Project helper over a plain dict: shares the name, never touches the database.
    if key not in mapping:
        raise Http404(key)
    return mapping[key]


# ---------------------------------------------------------------- must fire


async def book_detail(request, pk):
    # ruleid: DJA202
    book = get_or_404(Book, pk=pk)
    return JsonResponse({"title": book.title})


async def published_book(request, pk):
    # ruleid: DJA202
    book = shortcuts.get_object_or_404(Book.objects.filter(published=True), pk=pk)
    return JsonResponse({"title": book.title})


async def shelf_books(request, shelf_id):
    # ruleid: DJA202
    books = get_list_or_404(Book, shelf_id=shelf_id, published=True)
    return JsonResponse({"titles": [b.title for b in books]})


async def shelf_overview(request, shelf_id):
    shelf = shortcuts.get_object_or_404(Shelf, pk=shelf_id)  # ruleid: DJA202
    # ruleid: DJA202
    drafts = shortcuts.get_list_or_404(Book.objects.filter(published=False), shelf=shelf)
    return JsonResponse({"label": shelf.label, "drafts": len(drafts)})


# ---------------------------------------------------------------- near misses


async def book_detail_async(request, pk):
    book = await aget_object_or_404(Book, pk=pk)  # ok: DJA202
    books = await aget_list_or_404(Book, shelf_id=book.shelf_id)  # ok: DJA202
    same = await shortcuts.aget_object_or_404(Shelf, pk=book.shelf_id)  # ok: DJA202
    return JsonResponse({"title": book.title, "n": len(books), "shelf": same.label})


async def book_detail_wrapped(request, pk):
    book = await sync_to_async(get_or_404)(Book, pk=pk)  # ok: DJA202
    books = await sync_to_async(get_list_or_404)(Book, published=True)  # ok: DJA202
    return JsonResponse({"title": book.title, "n": len(books)})


LABELS = {"a": "Fiction", "b": "History"}


async def shelf_label(request, code):
    label = get_object_or_404(LABELS, code)  # ok: DJA202
    return JsonResponse({"label": label})


async def nested_sync(request, pk):
    def load():
        return get_or_404(Book, pk=pk)  # ok: DJA202

    loader = lambda: get_list_or_404(Book, published=True)  # ok: DJA202
    book = await sync_to_async(load)()
    return JsonResponse({"title": book.title, "l": loader.__name__})


def book_detail_sync(request, pk):
    book = get_or_404(Book, pk=pk)  # ok: DJA202
    books = shortcuts.get_list_or_404(Book, shelf_id=book.shelf_id)  # ok: DJA202
    return JsonResponse({"title": book.title, "n": len(books)})


async def shortcut_result(request, pk):
    book = await aget_object_or_404(Book, pk=pk)
    # ruleid: DJA105 (an instance of Book, its shelf not fetched)
    a = book.shelf
    fetched = await aget_object_or_404(Book.objects.select_related("shelf"), pk=pk)
    # ok: DJA105
    return JsonResponse({"a": str(a), "b": str(fetched.shelf)})
