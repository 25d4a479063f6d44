from pathlib import Path, PurePath
from typing import Optional

from django.db.models import QuerySet
from django.http import JsonResponse

from .helpers import books, conn, titles, typed_conn
from .models import Book


async def cached(request):
    r = conn()
    # ruleid: DJA207 (the helper returns a Redis client)
    hits = r.incr("hits")
    t = typed_conn()
    # ruleid: DJA207 (the return annotation says so)
    t.get("x")
    # ruleid: DJA103 (the helper's QuerySet)
    names = [b.title for b in books()]
    # ok: DJA103 (a list of strings)
    more = [n for n in titles()]
    return JsonResponse({"h": hits, "n": names, "m": more})


async def annotated(p: Path, qs: QuerySet[Book], book: Optional[Book], other: "Book", pure: PurePath, name: str):
    # ruleid: DJA303
    exists = p.exists()
    # ruleid: DJA103
    rows = [b.pk for b in qs]
    # ruleid: DJA102
    book.save()
    # ruleid: DJA102
    other.delete()
    # ok: DJA303 (a pure path: no I/O)
    suffix = pure.suffix
    # ok: DJA101 (a str)
    n = name.count("x")
    return JsonResponse({"e": exists, "r": rows, "s": suffix, "n": n})
