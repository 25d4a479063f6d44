# Types cross function boundaries: what a project function returns is known to its caller,
# also through `await sync_to_async(f)(...)`, `@database_sync_to_async` and async helpers.
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db import models
from django.http import JsonResponse


class Author(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


def published():
    return Book.objects.filter(title__isnull=False)


def newest():
    qs = Book.objects.order_by("-pk")
    return qs.first()


def newest_with_author():
    return Book.objects.select_related("author").order_by("-pk").first()


@database_sync_to_async
def load_book(pk):
    return Book.objects.select_related("author").get(pk=pk)


async def aload(pk):
    return await Book.objects.aget(pk=pk)


def label(x):
    return str(x)


async def titles(request):
    # ruleid: DJA103 (the helper's QuerySet is iterated here)
    return JsonResponse({"t": [b.title for b in published()]})


async def escaped(request):
    qs = await sync_to_async(published)()
    # ruleid: DJA107 (it came back unevaluated from the thread)
    return JsonResponse({"t": [b.title for b in qs]})


async def author_of_newest(request):
    book = await sync_to_async(newest)()
    # ruleid: DJA105 (the helper did not fetch the author)
    return JsonResponse({"a": book.author.name})


async def author_loaded(request, pk):
    book = await sync_to_async(newest_with_author)()
    # ok: DJA105 (select_related in the helper)
    a = book.author.name
    loaded = await load_book(pk)
    # ok: DJA105 (select_related in the decorated helper)
    b = loaded.author.name
    plain = await aload(pk)
    # ruleid: DJA105 (an async helper that fetched the book only)
    return JsonResponse({"a": a, "b": b, "c": plain.author.name})


async def plain_helper(request):
    # ok: DJA103 (a helper whose result is no QuerySet)
    return JsonResponse({"t": [c for c in label(1)]})


async def make_book(author):
    return await Book.objects.acreate(title="t", author=author)


def build_book(author):
    return Book(title="t", author=author)


async def created_elsewhere(request, pk):
    author = await Author.objects.aget(pk=pk)
    book = await make_book(author)
    # ok: DJA105 (created with the author by the helper: cached on the instance)
    a = book.author.name
    draft = await sync_to_async(build_book)(author)
    # ok: DJA105 (the constructor cached it)
    return JsonResponse({"a": a, "b": draft.author.name})


from adrf.generics import RetrieveAPIView  # noqa: E402


class BookDetail(RetrieveAPIView):
    def get_queryset(self):
        return Book.objects.select_related("author")

    async def get(self, request, *args, **kwargs):
        book = await self.aget_object()
        # ok: DJA105 (get_queryset() fetched the author)
        return JsonResponse({"a": book.author.name})


class PlainBookDetail(RetrieveAPIView):
    queryset = Book.objects.all()

    async def get(self, request, *args, **kwargs):
        book = await self.aget_object()
        # ruleid: DJA105 (the view's queryset does not fetch the author)
        return JsonResponse({"a": book.author.name})
