# QuerySets evaluated implicitly in async code: iteration (DJA103) and
# len/bool/truthiness/membership/indexing (DJA104).
from django.db import models
from django.http import JsonResponse


class Genre(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=200)
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    published = models.BooleanField(default=False)


# ---------------------------------------------------------------- DJA103


async def list_titles(request):
    qs = Book.objects.filter(published=True)
    titles = []
    # ruleid: DJA103
    for book in qs:
        titles.append(book.title)
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    upper = [b.title.upper() for b in qs]
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    by_id = {b.pk: b.title for b in qs}
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    genre_ids = {b.genre_id for b in qs}
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    total = sum(b.price for b in qs)
    return JsonResponse({"titles": titles, "upper": upper, "ids": list(by_id), "genres": len(genre_ids), "total": total})


async def export_books(request):
    qs = Book.objects.select_related("genre").order_by("title")
    # ruleid: DJA103
    as_list = list(qs)
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    as_tuple = tuple(qs)
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    as_set = set(qs)
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    ordered = sorted(qs, key=lambda b: b.price)
    # ok: DJA103 (the first evaluation above filled the QuerySet's cache)
    frozen = frozenset(qs)
    # ruleid: DJA103
    ids = list(Book.objects.values_list("id", flat=True))
    names = []
    # ruleid: DJA103
    for genre in Genre.objects.exclude(name=""):
        names.append(genre.name)
    return JsonResponse({"n": len(as_list) + len(as_tuple) + len(as_set) + len(frozen), "first": ordered[0].pk, "ids": ids, "names": names})


async def list_titles_async(request, names):
    qs = Book.objects.filter(published=True)
    titles = []
    async for book in qs:  # ok: DJA103
        titles.append(book.title)
    upper = [b.title async for b in qs]  # ok: DJA103
    for i in range(3):  # ok: DJA103
        titles.append(str(i))
    for n in [1, 2, 3]:  # ok: DJA103
        titles.append(str(n))
    nums = list(range(3))  # ok: DJA103
    copied = list(names)  # ok: DJA103
    lengths = [len(t) for t in titles]  # ok: DJA103, DJA104
    return JsonResponse({"titles": titles, "upper": upper, "nums": nums, "copied": copied, "lengths": lengths})


def list_titles_sync(request):
    qs = Book.objects.filter(published=True)
    titles = [b.title for b in qs]  # ok: DJA103
    for book in qs:  # ok: DJA103
        titles.append(book.title)
    return JsonResponse({"titles": titles, "all": list(qs)})  # ok: DJA103


# ---------------------------------------------------------------- DJA104


async def shelf_summary(request, genre_id):
    qs = Book.objects.filter(genre_id=genre_id)
    # ruleid: DJA104
    size = len(qs)
    # ok: DJA104 (len() above filled the QuerySet's cache)
    again = bool(qs)
    q2 = Book.objects.filter(genre_id=genre_id + 1)
    # ruleid: DJA104
    has_books = bool(q2)
    q3 = Book.objects.filter(genre_id=genre_id + 2)
    # ruleid: DJA104
    if q3:
        size += 1
    q4 = Book.objects.filter(genre_id=genre_id + 3)
    # ruleid: DJA104
    empty = not q4
    q5 = Book.objects.filter(genre_id=genre_id + 4)
    # ruleid: DJA104
    shown = q5 or Book.objects.none()
    return JsonResponse({"size": size, "a": again, "has": has_books, "empty": empty, "shown": str(shown.query)})


async def membership_and_indexing(request, pk):
    book = await Book.objects.aget(pk=pk)
    published = Book.objects.filter(published=True)
    # ruleid: DJA104
    is_published = book in published
    # ruleid: DJA104
    if book not in published:
        is_published = False
    # ruleid: DJA104
    top = published[0]
    # ruleid: DJA104
    every_other = published[::2]
    # ruleid: DJA104
    cheapest = Book.objects.order_by("price")[0]
    # ruleid: DJA104
    count = len(Book.objects.values_list("pk", flat=True))
    return JsonResponse({"pub": is_published, "top": top.pk, "n": count, "alt": str(every_other), "cheap": cheapest.pk})


async def drain_unpublished(request):
    pending = Book.objects.filter(published=False).order_by("pk")
    # ruleid: DJA104
    while pending:
        batch = [b.pk async for b in pending[:100]]
        await Book.objects.filter(pk__in=batch).aupdate(published=True)
        pending = Book.objects.filter(published=False).order_by("pk")
    return JsonResponse({"ok": True})


async def shelf_summary_correct(request, genre_id, items):
    qs = Book.objects.filter(genre_id=genre_id)
    first_five = qs[:5]  # ok: DJA104
    window = qs[5:15]  # ok: DJA104
    if await qs.aexists():  # ok: DJA104
        size = await qs.acount()  # ok: DJA104
    else:
        size = 0
    if items:  # ok: DJA104
        size += len(items)  # ok: DJA104
    flag = not items  # ok: DJA104
    small = genre_id in [1, 2, 3]  # ok: DJA104
    rows = [b.title async for b in first_five]
    more = [b.title async for b in window]
    return JsonResponse({"size": size, "rows": rows, "more": more, "flag": flag, "small": small})


def shelf_summary_sync(request, genre_id):
    qs = Book.objects.filter(genre_id=genre_id)
    if qs:  # ok: DJA104
        return JsonResponse({"size": len(qs), "first": qs[0].pk})  # ok: DJA104
    return JsonResponse({"size": 0})


async def consumed_first(request):
    qs = Book.objects.filter(title__startswith="A")
    first = [b async for b in qs]
    async for b in qs:
        first.append(b)
    # ok: DJA103 (async for filled the QuerySet's cache)
    again = [b.title for b in qs]
    return JsonResponse({"n": len(first), "t": again})
