# check --fix: a sync call with an async twin at the target Django version becomes the awaited
# twin, a loop or list comprehension over a QuerySet becomes async; the near misses stay as they
# are (tests/fix/run.sh compares the result with twins.py.fixed and fixes it a second time).
from django.db import models
from django.http import JsonResponse


class Author(models.Model):
    name = models.CharField(max_length=10)


class Tag(models.Model):
    slug = models.SlugField()


class Book(models.Model):
    title = models.CharField(max_length=10)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag)


async def detail(request, pk):
    book = Book.objects.get(pk=pk)  # ruleid: DJA101
    # the call's result is read further: the await is parenthesized
    title = Book.objects.only("title").get(pk=pk).title  # ruleid: DJA101
    # ruleid: DJA101
    count = Book.objects.filter(
        title__startswith="a",
    ).count()
    labels = {"é": Book.objects.filter(title="ü").exists()}  # ruleid: DJA101
    book.save(update_fields=["title"])  # ruleid: DJA102
    tag = await Tag.objects.aget(slug="new")
    book.tags.add(tag)  # ruleid: DJA106
    names = []
    for a in Author.objects.filter(name__startswith="b"):  # ruleid: DJA103
        names.append(a.name)
    slugs = [t.slug for t in Tag.objects.all()]  # ruleid: DJA103
    # a generator expression would become an async generator: reported, not fixed
    total = sum(b.pk for b in Book.objects.all())  # ruleid: DJA103
    return JsonResponse({"t": title, "n": count, "l": labels, "a": names, "s": slugs, "x": total})


async def nested(request):
    # two fixes in one call: the outer one first, the inner one in the next round
    # ruleid: DJA101
    found = Book.objects.filter(pk=Book.objects.count()).exists()  # ruleid: DJA101
    return JsonResponse({"found": found})


def sync_view(request):
    # sync code: nothing to fix
    return JsonResponse({"n": Book.objects.count()})  # ok: DJA101


async def already(request):
    return JsonResponse({"n": await Book.objects.acount()})  # ok: DJA101
