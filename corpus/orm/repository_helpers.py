# Repository helpers whose callers choose what the query fetches: `.select_related(*paths)` /
# `.prefetch_related(*paths)` with paths from a parameter. What they fetch is not known here,
# so the relations read on their results are not reported (the code shows it means to fetch
# them); paths written as strings are still judged.
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=10)


class Tag(models.Model):
    name = models.CharField(max_length=10)


class Book(models.Model):
    title = models.CharField(max_length=10)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    editor = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="edited")
    tags = models.ManyToManyField(Tag)


async def get_book(filters, select_related=("author",), prefetch_related=("tags",)):
    qs = Book.objects.filter(**filters).select_related(*select_related).prefetch_related(*prefetch_related)
    return await qs.aget()


async def uses_repository(request):
    book = await get_book({"pk": 1}, select_related=["author", "editor"])
    names = [t.name for t in book.tags.all()]  # ok: DJA103
    return book.editor.name, names  # ok: DJA105


async def literal_paths(request):
    book = await Book.objects.select_related("author").prefetch_related("tags").aget(pk=1)
    names = [t.name for t in book.tags.all()]  # ok: DJA103
    return book.editor.name, names  # ruleid: DJA105


# Five hops from the view to the query (view -> or_404 -> service -> its helper -> repository):
# the repository's selection reaches the view, whatever it is. (The view comes first: the
# helpers' return types are worked out from it, five calls deep.)
async def deep_view(request, pk):
    book = await get_or_404(pk, with_editor=True)
    plain = await get_plain_or_404(pk)
    editor = book.editor.name  # ok: DJA105
    return editor, plain.editor.name  # ruleid: DJA105

async def repo_get(pk, select_related=("author",)):
    return await Book.objects.select_related(*select_related).aget(pk=pk)


async def repo_get_plain(pk):
    return await Book.objects.aget(pk=pk)


async def service_get(pk, with_editor=False):
    paths = ["author"] + (["editor"] if with_editor else [])
    return await service_fetch(pk, paths)


async def service_fetch(pk, paths):
    return await repo_get(pk, select_related=paths)


async def service_get_plain(pk):
    return await service_fetch_plain(pk)


async def service_fetch_plain(pk):
    return await repo_get_plain(pk)


async def get_or_404(pk, with_editor=False):
    try:
        book = await service_get(pk, with_editor=with_editor)
    except Book.DoesNotExist:
        raise ValueError(pk)
    return book


async def get_plain_or_404(pk):
    return await service_get_plain(pk)


# A parameter's related manager, iterated: its callers decide, as for a relation read (DJA105).
async def tag_names(book: Book):
    return [t.name for t in book.tags.all()]  # ok: DJA103


async def calls_with_prefetch(request):
    book = await Book.objects.prefetch_related("tags").aget(pk=1)
    return await tag_names(book)


async def tag_names_plain(book: Book):
    return [t.name for t in book.tags.all()]  # ruleid: DJA103


async def calls_without_prefetch(request):
    book = await Book.objects.aget(pk=1)
    return await tag_names_plain(book)
