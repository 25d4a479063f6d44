# A lazy QuerySet escaping its wrapper (DJA107): `sync_to_async(Book.objects.filter)(...)`
# runs only the construction of the QuerySet in the worker thread; the QuerySet it returns
# is still unevaluated, so the query runs on the event loop the moment it is iterated,
# measured, truth-tested or indexed. Reported on the evaluating line, as DJA107 only (not
# DJA103/DJA104). Evaluating inside the wrapper (`sync_to_async(list)(qs)`, a lambda), or
# with the async API (`async for`, `acount()`), is fine.
from asgiref.sync import sync_to_async
from django.db import models
from django.http import JsonResponse


class Book(models.Model):
    title = models.CharField(max_length=200)
    shelf = models.CharField(max_length=20)
    published = models.BooleanField(default=False)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)


def shelf_labels():
    return ["A1", "A2", "B1"]


# ---------------------------------------------------------------- must fire


async def escaped_for_loop(request):
    qs = await sync_to_async(Book.objects.filter)(published=True)
    titles = []
    # ruleid: DJA107
    for book in qs:
        titles.append(book.title)
    return JsonResponse({"titles": titles})


async def escaped_comprehension(request, shelf):
    qs = await sync_to_async(Book.objects.filter)(shelf=shelf)
    # ruleid: DJA107
    titles = [b.title for b in qs]
    return JsonResponse({"titles": titles})


async def escaped_list(request):
    qs = await sync_to_async(Book.objects.exclude)(published=False)
    # ruleid: DJA107
    books = list(qs)
    return JsonResponse({"n": len(books)})  # ok: DJA107, DJA104


async def escaped_len(request, shelf):
    qs = await sync_to_async(Book.objects.filter)(shelf=shelf)
    # ruleid: DJA107
    count = len(qs)
    return JsonResponse({"count": count})


async def escaped_truth_test(request, shelf):
    qs = await sync_to_async(Book.objects.filter)(shelf=shelf, published=True)
    # ruleid: DJA107
    if qs:
        return JsonResponse({"empty": False})
    return JsonResponse({"empty": True})


async def escaped_index(request):
    qs = await sync_to_async(Book.objects.order_by)("-price")
    # ruleid: DJA107
    top = qs[0]
    return JsonResponse({"top": top.title})


async def escaped_all(request):
    qs = await sync_to_async(Book.objects.all)()
    total = 0
    # ruleid: DJA107
    for book in qs:
        total += book.price
    # ok: DJA107 (the loop above filled the QuerySet's cache)
    cheapest = sorted(qs, key=lambda b: b.price)
    return JsonResponse({"total": str(total), "cheapest": cheapest[0].title})


async def escaped_dict_comprehension(request):
    qs = await sync_to_async(Book.objects.filter)(published=True)
    by_id = {b.pk: b.title for b in qs}  # ruleid: DJA107
    return JsonResponse(by_id)


# ---------------------------------------------------------------- near misses


async def evaluated_in_wrapper(request):
    books = await sync_to_async(list)(Book.objects.filter(published=True))
    titles = []
    for book in books:  # ok: DJA107, DJA103
        titles.append(book.title)
    return JsonResponse({"titles": titles, "n": len(books)})  # ok: DJA107, DJA104


async def evaluated_in_lambda(request):
    books = await sync_to_async(lambda: list(Book.objects.all()))()
    titles = [b.title for b in books]  # ok: DJA107, DJA103
    if books:  # ok: DJA107, DJA104
        return JsonResponse({"titles": titles})
    return JsonResponse({"titles": []})


async def escaped_then_async_for(request):
    qs = await sync_to_async(Book.objects.filter)(published=True)
    titles = []
    async for book in qs:  # ok: DJA107, DJA103
        titles.append(book.title)
    return JsonResponse({"titles": titles})


async def escaped_then_acount(request):
    qs = await sync_to_async(Book.objects.filter)(published=True)
    n = await qs.acount()  # ok: DJA107, DJA101
    first = await qs.afirst()  # ok: DJA107, DJA101
    return JsonResponse({"n": n, "first": first.title if first else None})


async def escaped_then_wrapped(request):
    qs = await sync_to_async(Book.objects.filter)(published=True)
    books = await sync_to_async(list)(qs)  # ok: DJA107, DJA103
    size = await sync_to_async(lambda: len(qs))()  # ok: DJA107, DJA104
    return JsonResponse({"n": len(books), "size": size})  # ok: DJA107, DJA104


async def wrapped_get_is_an_instance(request, pk):
    book = await sync_to_async(Book.objects.get)(pk=pk)  # ok: DJA107, DJA101
    if book.published:  # ok: DJA107, DJA104
        return JsonResponse({"title": book.title})  # ok: DJA107
    return JsonResponse({"title": None})


async def wrapped_plain_function(request):
    labels = await sync_to_async(shelf_labels)()
    for label in labels:  # ok: DJA107, DJA103
        print(label)
    return JsonResponse({"n": len(labels), "first": labels[0]})  # ok: DJA107, DJA104


def escaped_in_sync_view(request):
    qs = Book.objects.filter(published=True)
    titles = [b.title for b in qs]  # ok: DJA107, DJA103
    if qs:  # ok: DJA107, DJA104
        return JsonResponse({"titles": titles, "n": len(qs)})  # ok: DJA107, DJA104
    return JsonResponse({"titles": []})
