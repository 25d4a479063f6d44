# Blocking model instance methods (save / delete / refresh_from_db) in async code.
import json

from asgiref.sync import sync_to_async
from django.db import models
from django.http import JsonResponse


class Shelf(models.Model):
    label = models.CharField(max_length=40)


class Book(models.Model):
    title = models.CharField(max_length=200)
    stock = models.PositiveIntegerField(default=0)
    shelf = models.ForeignKey(Shelf, null=True, on_delete=models.SET_NULL)
    archived = models.BooleanField(default=False)


class Point:
    """Plain Python class that happens to have save/delete methods."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def save(self):
        return (self.x, self.y)

    def delete(self):
        self.x = self.y = 0


async def rename_book(request, pk):
    data = json.loads(request.body)
    book = await Book.objects.aget(pk=pk)
    book.title = data["title"]
    # ruleid: DJA102
    book.save()
    return JsonResponse({"id": book.pk})


async def restock(request, pk):
    book = await Book.objects.aget(pk=pk)
    book.stock += int(request.POST.get("amount", 1))
    # ruleid: DJA102
    book.save(update_fields=["stock"])
    # ruleid: DJA102
    book.refresh_from_db()
    return JsonResponse({"stock": book.stock})


async def remove_book(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA102
    book.delete()
    return JsonResponse({"deleted": pk})


async def add_book(request):
    data = json.loads(request.body)
    book = Book(title=data["title"], stock=data.get("stock", 0))
    # ruleid: DJA102
    book.save()
    return JsonResponse({"id": book.pk}, status=201)


async def archive_empty(request):
    async for book in Book.objects.filter(stock=0):
        book.archived = True
        # ruleid: DJA102
        book.save(update_fields=["archived"])
    return JsonResponse({"ok": True})


async def purge_archived(request):
    qs = Book.objects.filter(archived=True)
    # ruleid: DJA103
    for book in qs:
        # ruleid: DJA102
        book.delete()
    return JsonResponse({"ok": True})


async def reload_first(request):
    # ruleid: DJA101
    book = Book.objects.first()
    # ruleid: DJA102
    book.refresh_from_db(fields=["stock"])
    return JsonResponse({"stock": book.stock})


async def correct_async_versions(request, pk):
    book = await Book.objects.aget(pk=pk)
    book.stock = 0
    await book.asave(update_fields=["stock"])  # ok: DJA102
    await book.arefresh_from_db()  # ok: DJA102
    await sync_to_async(book.save)()  # ok: DJA102
    await book.adelete()  # ok: DJA102
    return JsonResponse({"deleted": pk})


async def unknown_objects(request, obj):
    obj.save()  # ok: DJA102
    obj.delete()  # ok: DJA102
    point = Point(1, 2)
    point.save()  # ok: DJA102
    point.delete()  # ok: DJA102
    return JsonResponse({"ok": True})


def rename_book_sync(request, pk):
    book = Book.objects.get(pk=pk)
    book.title = request.POST["title"]
    book.save()  # ok: DJA102
    book.refresh_from_db()  # ok: DJA102
    return JsonResponse({"id": book.pk})


async def nested_sync_helper(request, pk):
    book = await Book.objects.aget(pk=pk)

    def persist():
        book.save()  # ok: DJA102

    drop = lambda: book.delete()  # ok: DJA102
    await sync_to_async(persist)()
    await sync_to_async(drop)()
    return JsonResponse({"id": book.pk})


async def validate(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA102 (unique and foreign-key checks query; no async twin)
    book.full_clean()
    # ruleid: DJA102
    book.validate_unique()
    # ok: DJA102 (in a worker thread)
    await sync_to_async(book.full_clean)()
    # ok: DJA102 (clean() is the project's own hook: no query of Django's)
    book.clean()
    return JsonResponse({"id": book.pk})
