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
