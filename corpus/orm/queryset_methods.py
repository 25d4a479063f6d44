# Blocking QuerySet / Manager methods called directly from async views.
# Every blocking terminal method is listed once; lazy methods are near misses.
import json

from django.db import models
from django.db.models import Avg, Count, F, Q, prefetch_related_objects
from django.http import JsonResponse


class Author(models.Model):
    name = models.CharField(max_length=120)
    country = models.CharField(max_length=2, blank=True)


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, unique=True)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    stock = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        get_latest_by = "created"
        ordering = ["title"]


async def book_detail(request, pk):
    # ruleid: DJA101
    book = Book.objects.get(pk=pk)
    return JsonResponse({"id": book.pk, "title": book.title})


async def book_stats(request):
    # ruleid: DJA101
    total = Book.objects.count()
    # ruleid: DJA101
    avg = Book.objects.filter(published=True).aggregate(avg=Avg("price"))
    # ruleid: DJA101
    newest = Book.objects.latest()
    # ruleid: DJA101
    oldest = Book.objects.earliest("created")
    # ruleid: DJA101
    cheapest = Book.objects.filter(published=True).exclude(price=0).order_by("price").first()
    # ruleid: DJA101
    last_title = Book.objects.order_by("title").last()
    return JsonResponse({
        "total": total,
        "avg": avg["avg"],
        "newest": newest.pk,
        "oldest": oldest.pk,
        "cheapest": cheapest.pk if cheapest else None,
        "last": last_title.pk if last_title else None,
    })


async def isbn_available(request):
    isbn = request.GET.get("isbn", "")  # ok: DJA101
    # ruleid: DJA101
    taken = Book.objects.filter(isbn=isbn).exists()
    return JsonResponse({"available": not taken})


async def books_by_ids(request):
    ids = [int(x) for x in request.GET.getlist("id")]
    # ruleid: DJA101
    mapping = Book.objects.in_bulk(ids)
    return JsonResponse({str(k): v.title for k, v in mapping.items()})


async def catalogue_debug(request, pk):
    book = await Book.objects.aget(pk=pk)  # ok: DJA101
    qs = Book.objects.filter(author_id=book.author_id).select_related("author")  # ok: DJA101
    # ruleid: DJA101
    in_list = qs.contains(book)
    # ruleid: DJA101
    plan = qs.explain()
    # ruleid: DJA101
    rows = qs.iterator(chunk_size=200)
    return JsonResponse({"in_list": in_list, "plan": plan, "rows": str(type(rows))})


async def create_book(request):
    data = json.loads(request.body)
    title = data.get("title")  # ok: DJA101
    author = await Author.objects.aget(pk=data["author"])  # ok: DJA101
    # ruleid: DJA101
    Book.objects.create(title=title, isbn=data["isbn"], author=author)
    # ruleid: DJA101
    tag_author, created = Author.objects.get_or_create(name=data.get("co_author", "anon"))
    # ruleid: DJA101
    Author.objects.update_or_create(name=author.name, defaults={"country": data.get("country", "")})
    return JsonResponse({"ok": True, "created": created, "co": tag_author.pk}, status=201)


async def import_books(request):
    payload = json.loads(request.body)
    author = await Author.objects.aget(pk=payload["author"])
    new_books = [Book(title=row["title"], isbn=row["isbn"], author=author) for row in payload["rows"]]
    # ruleid: DJA101
    Book.objects.bulk_create(new_books, ignore_conflicts=True)
    existing = [b async for b in Book.objects.filter(author=author)]  # ok: DJA103
    for b in existing:  # ok: DJA103
        b.price = F("price") * 2
    # ruleid: DJA101
    Book.objects.bulk_update(existing, ["price"])
    return JsonResponse({"imported": len(new_books)})


async def reprice(request, author_id):
    qs = Book.objects.filter(author_id=author_id, published=True)  # ok: DJA101
    # ruleid: DJA101
    changed = qs.update(price=F("price") * 0.9)
    # ruleid: DJA101
    Book.objects.filter(stock=0, published=False).delete()
    return JsonResponse({"changed": changed})


async def author_books(request, pk):
    books = [b async for b in Book.objects.filter(author_id=pk)]
    # ruleid: DJA101
    prefetch_related_objects(books, "author")
    # ruleid: DJA101
    prolific = Author.objects.annotate(n=Count("books")).filter(n__gt=10).count()
    return JsonResponse({"books": [b.title for b in books], "prolific": prolific})  # ok: DJA103


async def lazy_building_blocks(request):
    # Only lazy QuerySet methods here: nothing is evaluated.
    qs = Book.objects.all()  # ok: DJA101
    qs = qs.filter(Q(published=True) | Q(stock__gt=0))  # ok: DJA101
    qs = qs.exclude(price=0).annotate(doubled=F("price") * 2).alias(p=F("price"))  # ok: DJA101
    qs = qs.order_by("-created").reverse().distinct()  # ok: DJA101
    qs = qs.select_related("author").prefetch_related("author__books")  # ok: DJA101
    qs = qs.defer("isbn").only("title", "price").using("default")  # ok: DJA101
    titles = qs.values("title").values_list("title", flat=True)  # ok: DJA101
    years = Book.objects.dates("created", "year")  # ok: DJA101
    stamps = Book.objects.datetimes("created", "month")  # ok: DJA101
    empty = Book.objects.none()  # ok: DJA101
    combo = qs.union(empty).intersection(qs).difference(empty)  # ok: DJA101
    locked = qs.select_for_update(skip_locked=True)  # ok: DJA101
    legacy = Book.objects.extra(where=["stock > 0"])  # ok: DJA101
    raw = Book.objects.raw("SELECT id, title FROM orm_book")  # ok: DJA101
    page = qs[:20]  # ok: DJA101
    return JsonResponse({"n": await page.acount(), "kinds": [type(x).__name__ for x in (titles, years, stamps, combo, locked, legacy, raw)]})


async def async_twins(request, pk):
    book = await Book.objects.aget(pk=pk)  # ok: DJA101
    total = await Book.objects.acount()  # ok: DJA101
    first = await Book.objects.filter(published=True).afirst()  # ok: DJA101
    exists = await Book.objects.filter(isbn=book.isbn).aexists()  # ok: DJA101
    agg = await Book.objects.aaggregate(avg=Avg("price"))  # ok: DJA101
    await Book.objects.filter(stock=0).aupdate(published=False)  # ok: DJA101
    async for row in Book.objects.filter(author=book.author_id).aiterator():  # ok: DJA101
        total += row.stock
    return JsonResponse({"total": total, "first": first.pk if first else None, "exists": exists, "avg": agg["avg"]})


async def unknown_receivers(request, items, cache_dict):
    data = json.loads(request.body)
    names = ["dune", "emma", "dune"]
    d = {}
    x = {"source": "api"}
    value = data.get("x")  # ok: DJA101
    dunes = names.count("dune")  # ok: DJA101
    d.update(x)  # ok: DJA101
    cache_dict.delete(value)  # ok: DJA101
    head = items.first()  # ok: DJA101
    return JsonResponse({"dunes": dunes, "head": str(head), "d": d})


def sync_stats(request):
    total = Book.objects.count()  # ok: DJA101
    newest = Book.objects.latest()  # ok: DJA101
    return JsonResponse({"total": total, "newest": newest.pk})


async def nested_helpers(request):
    def count_sync():
        return Book.objects.count()  # ok: DJA101

    key = lambda: Book.objects.filter(published=True).exists()  # ok: DJA101

    class Report:
        size = Book.objects.count()  # ok: DJA101

    return JsonResponse({"fn": count_sync.__name__, "key": key.__name__, "r": Report.__name__})


async def nested_same_start(request):
    # ruleid: DJA101 (two queries starting at the same place: first(), then count())
    return JsonResponse({"n": Author.objects.first().books.count()})
