# Model resolution through abstract bases and inheritance, custom managers,
# as_manager(), _default_manager, local QuerySet/instance dataflow and
# class-based views.
from django.db import models
from django.http import JsonResponse
from django.views import View


class TimestampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(published=True)


class IssueQuerySet(models.QuerySet):
    def in_print(self):
        return self.filter(discontinued=False)


class Book(TimestampedModel):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)

    objects = models.Manager()
    live = PublishedManager()


class Ebook(Book):
    file_size = models.PositiveIntegerField(default=0)


class Magazine(TimestampedModel):
    name = models.CharField(max_length=100)
    discontinued = models.BooleanField(default=False)

    objects = IssueQuerySet.as_manager()


async def live_books(request):
    q = request.GET.get("q", "")
    # ruleid: DJA101
    n_live = Book.live.count()
    # ruleid: DJA101
    match = Book.live.filter(title__icontains=q).exists()
    lazy = Book.live.all().order_by("-created")  # ok: DJA101
    return JsonResponse({"n": n_live, "match": match, "first": [b.pk async for b in lazy[:1]]})


async def inheritance(request, pk):
    # ruleid: DJA101
    latest_ebook = Ebook.objects.order_by("-created").first()
    # ruleid: DJA101
    has_mags = Magazine.objects.filter(discontinued=False).exists()
    # ruleid: DJA101
    mag_count = Magazine._default_manager.count()
    # ruleid: DJA101
    book = Book._default_manager.get(pk=pk)
    return JsonResponse({"ebook": latest_ebook.pk, "mags": has_mags, "n": mag_count, "book": book.title})


async def queryset_dataflow(request):
    qs = Book.objects.all()
    qs = qs.filter(published=True)
    recent = qs.exclude(title="").order_by("-created")
    # ruleid: DJA101
    n_recent = recent.count()
    # ruleid: DJA101
    distinct_titles = qs.values("title").distinct().count()
    mags = Magazine.objects.filter(name__startswith="The")
    # ruleid: DJA101
    mags.update(discontinued=True)
    return JsonResponse({"recent": n_recent, "titles": distinct_titles})


async def instance_dataflow(request):
    ebook = Ebook(title=request.POST["title"], file_size=1024)
    # ruleid: DJA102
    ebook.save()
    async for mag in Magazine.objects.filter(discontinued=True):
        # ruleid: DJA102
        mag.delete()
    first_book = await Book.objects.aget(title=request.POST["title"])
    # ruleid: DJA102
    first_book.refresh_from_db()
    return JsonResponse({"id": ebook.pk, "book": first_book.pk})


class BookDetailView(View):
    model = Book

    async def get(self, request, pk):
        # low: DJA101
        obj = self.model.objects.get(pk=pk)
        good = await self.model.objects.aget(pk=pk)  # ok: DJA101
        lazy = self.model.objects.filter(pk=pk)  # ok: DJA101
        return JsonResponse({"title": obj.title, "good": good.pk, "lazy": str(lazy.query)})

    async def delete(self, request, pk):
        # ruleid: DJA101
        Book.live.filter(pk=pk).delete()
        return JsonResponse({"deleted": pk})


class LegacyBookView(View):
    model = Book

    def get(self, request, pk):
        obj = self.model.objects.get(pk=pk)  # ok: DJA101
        obj.save()  # ok: DJA102
        return JsonResponse({"title": obj.title})


async def unknown_parameters(items, objs, qs):
    total = items.count()  # ok: DJA101
    latest = qs.latest("created")  # ok: DJA101
    for o in objs:  # ok: DJA103
        o.save()  # ok: DJA102
    if qs:  # ok: DJA104
        total += len(qs)  # ok: DJA104
    return total, latest


async def magazines_async(request):
    issues = Magazine.objects.filter(discontinued=False).order_by("name")  # ok: DJA101
    names = [m.name async for m in issues]  # ok: DJA103
    n = await Magazine.objects.acount()  # ok: DJA101
    m = await Magazine._default_manager.afirst()  # ok: DJA101
    return JsonResponse({"names": names, "n": n, "m": m.pk if m else None})
