# Types through expressions: `a or b`, conditional expressions, the walrus, getattr(o, "name"),
# and file objects handed to json.load. Near misses: a QuerySet whose rows a truth test already
# fetched, in-memory streams, getattr of a plain field.
import io
import json

from django.db import models
from django.http import JsonResponse


class Author(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


async def choices(request, pk, flag):
    book = await Book.objects.aget(pk=pk)
    chosen = (await Book.objects.filter(pk=pk + 1).afirst()) or book
    # ruleid: DJA105 (chosen is a Book either way)
    a = chosen.author.name
    qs = Book.objects.filter(title="x") if flag else Book.objects.none()
    # ruleid: DJA103
    titles = [b.title for b in qs]
    if (recent := Book.objects.order_by("-pk")) is not None:
        # ruleid: DJA101 (the walrus bound a QuerySet)
        n = recent.count()
    # ruleid: DJA105 (getattr(book, "author") reads the relation's value: a Book's author)
    b = getattr(book, "author").name
    # ok: DJA105 (a plain field)
    t = getattr(book, "title", "")
    return JsonResponse({"a": a, "t": titles, "n": n, "b": b, "t2": t})


async def tested_first(request):
    qs = Book.objects.filter(title="y")
    # ruleid: DJA104 (the truth test fetches the rows)
    rows = qs or []
    # ok: DJA103 (iterating reads the rows the truth test fetched)
    return JsonResponse({"t": [b.title for b in rows]})


async def load_json(request):
    # ruleid: DJA303
    with open("data.json") as fh:
        # ruleid: DJA303 (json.load reads the file object)
        data = json.load(fh)
    # ok: DJA303 (an in-memory stream)
    more = json.load(io.StringIO("{}"))
    return JsonResponse({"d": data, "m": more})
