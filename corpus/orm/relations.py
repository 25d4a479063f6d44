# Relations in async code: lazy ForeignKey / OneToOne loads (DJA105) and related manager
# writes (DJA106). Near misses: select_related / prefetch_related on the query, the async
# twins, reading the _id column, sync code.
from asgiref.sync import sync_to_async
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.http import JsonResponse


class Publisher(models.Model):
    name = models.CharField(max_length=50)


class Author(models.Model):
    name = models.CharField(max_length=50)
    publisher = models.ForeignKey(Publisher, on_delete=models.SET_NULL, null=True)


class Profile(models.Model):
    author = models.OneToOneField("Author", on_delete=models.CASCADE)
    bio = models.TextField()


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    tags = models.ManyToManyField(Tag, related_name="books")
    parent = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)


class Comment(models.Model):
    target = GenericForeignKey("content_type", "object_id")


async def book_card(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA105
    return JsonResponse({"title": book.title, "author": book.author.name})


async def nested(request, pk):
    book = await Book.objects.filter(pk=pk).afirst()
    # ruleid: DJA105
    publisher = book.author.publisher
    return JsonResponse({"p": publisher.pk})


async def loop_authors(request):
    names = []
    async for book in Book.objects.all():
        # ruleid: DJA105
        names.append(book.author.name)
    return JsonResponse({"names": names})


async def self_relation(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA105
    return JsonResponse({"parent": book.parent.title})


async def comment_target(request, pk):
    comment = await Comment.objects.aget(pk=pk)
    # ruleid: DJA105
    return JsonResponse({"target": str(comment.target)})


async def card_for(book: Book):
    """A book handed in: its caller may have fetched the author along (low confidence)."""
    # low: DJA105
    return {"title": book.title, "author": book.author.name}


async def card_by_name(book: Book):
    """The same read through getattr(): as unsure as book.author."""
    # low: DJA105
    return {"author": getattr(book, "author")}


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)

    async def asummary(self):
        """self is handed in as well (low confidence)."""
        # low: DJA105
        return "%s: %s" % (self.book.title, self.pk)


async def tag_book(request, pk, tag_id):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA106
    book.tags.add(tag_id)
    # ruleid: DJA106
    book.tags.remove(tag_id + 1)
    # ok: DJA106
    await book.tags.aadd(tag_id + 2)
    return JsonResponse({"ok": True})


async def author_books(request, pk):
    author = await Author.objects.aget(pk=pk)
    # ruleid: DJA106
    author.books.clear()
    # ruleid: DJA101
    n = author.books.count()
    # ok: DJA106, DJA101
    m = await author.books.acount()
    # ruleid: DJA103
    titles = [b.title for b in author.books.all()]
    return JsonResponse({"n": n, "m": m, "titles": titles})


async def retag(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA106
    book.tags.set([1, 2])
    # ok: DJA106
    await book.tags.aset([3])
    return JsonResponse({})


# ---------------------------------------------------------------- near misses


async def with_select_related(request, pk):
    book = await Book.objects.select_related("author").aget(pk=pk)
    # ok: DJA105
    return JsonResponse({"author": book.author.name})


async def with_prefetch(request):
    names = []
    async for book in Book.objects.prefetch_related("author").all():
        # ok: DJA105
        names.append(book.author.name)
    return JsonResponse({"names": names})


async def foreign_key_column(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ok: DJA105
    return JsonResponse({"author_id": book.author_id, "title": book.title})


def sync_card(request, pk):
    book = Book.objects.get(pk=pk)
    # ok: DJA105
    book.tags.add(1)
    return JsonResponse({"author": book.author.name})


async def unknown_object(request, thing):
    # ok: DJA105, DJA106
    thing.tags.add(thing.author.name)
    return JsonResponse({})


async def plain_field(request, pk):
    author = await Author.objects.aget(pk=pk)
    # ok: DJA105
    return JsonResponse({"name": author.name})


async def set_relation(request, pk, author_pk):
    book = await Book.objects.aget(pk=pk)
    author = await Author.objects.aget(pk=author_pk)
    # ok: DJA105 (an assignment target is not a read)
    book.author = author
    await book.asave()
    # ok: DJA105 (served from the instance: it was set above)
    return JsonResponse({"author": book.author.name})


async def set_through_attribute(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA105 (book.author is read to set its publisher)
    book.author.publisher = None
    return JsonResponse({})


async def created_with_relation(request, author_pk):
    author = await Author.objects.aget(pk=author_pk)
    book = await Book.objects.acreate(title="t", author=author)
    # ok: DJA105 (create(author=...) caches the relation on the new instance)
    name = book.author.name
    draft = Book(title="d", author=author)
    # ok: DJA105 (the constructor caches it too)
    name2 = draft.author.name
    draft = await Book.objects.aget(pk=1)
    # ruleid: DJA105 (a new object: nothing cached on it)
    return JsonResponse({"n": name, "n2": name2, "p": draft.author.name})


async def prefetched_tags(request, pk):
    book = await Book.objects.prefetch_related("tags").aget(pk=pk)
    # ok: DJA103 (the prefetched rows are read from memory)
    labels = [t.label for t in book.tags.all()]
    # ruleid: DJA103 (filter() on a prefetched relation queries again)
    first = [t.label for t in book.tags.filter(label="x")]
    return JsonResponse({"labels": labels, "first": first})


async def tags_without_prefetch(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA103
    return JsonResponse({"labels": [t.label for t in book.tags.all()]})


async def two_hops(request, pk):
    book = await Book.objects.select_related("author__publisher").aget(pk=pk)
    # ok: DJA105 (both hops fetched)
    name = book.author.publisher.name
    other = await Book.objects.select_related("author").aget(pk=pk)
    # ruleid: DJA105 (only the first hop was fetched)
    return JsonResponse({"n": name, "p": other.author.publisher.name})


async def select_all_then_tags(request, pk):
    book = await Book.objects.select_related().aget(pk=pk)
    # ok: DJA105 (select_related() follows every foreign key)
    name = book.author.name
    # ruleid: DJA103 (but prefetches no many-to-many)
    return JsonResponse({"n": name, "t": [t.label for t in book.tags.all()]})


async def fetched_list(request):
    books = await sync_to_async(list)(Book.objects.select_related("author"))
    # ok: DJA105 (fetched with the rows, in the thread)
    names = [b.author.name for b in books]
    plain = await sync_to_async(list)(Book.objects.all())
    # ruleid: DJA105 (the rows were fetched in the thread, their authors were not)
    return JsonResponse({"n": names, "p": plain[0].author.name})


async def loaded_in_thread(request, pk):
    book = await Book.objects.aget(pk=pk)
    await sync_to_async(lambda: book.author)()
    # ok: DJA105 (read in the thread above: cached on the instance)
    name = book.author.name
    other = await Book.objects.aget(pk=pk + 1)
    await sync_to_async(lambda other: other.author)(book)
    # ruleid: DJA105 (the lambda read its own parameter, not this object)
    return JsonResponse({"n": name, "o": other.author.name})


async def reloaded(request, pk):
    book = await Book.objects.select_related("author").aget(pk=pk)
    # ok: DJA105 (fetched with the book)
    before = book.author.name
    await book.arefresh_from_db()
    # ruleid: DJA105 (refresh_from_db drops the relations fetched with the row)
    return JsonResponse({"b": before, "a": book.author.name})


async def fetched_by_name(request, pk):
    book = await Book.objects.aget(pk=pk)
    await sync_to_async(getattr)(book, "author")
    # ok: DJA105 (loaded into the instance's cache in the thread)
    a = book.author.name
    other = await Book.objects.aget(pk=pk + 1)
    await other.arelated("author")
    # ok: DJA105 (an awaited helper named the relation: adjango's arelated)
    return JsonResponse({"a": a, "b": other.author.name})


async def read_twice(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA105
    first = book.author
    # ok: DJA105 (the read above loaded it into the instance)
    again = book.author.name
    return JsonResponse({"a": str(first), "b": again})


async def get_or_create_keeps_select_related(request, author):
    book, created = await Book.objects.select_related("author").aget_or_create(
        title="Dune", defaults={"author": author}
    )
    name = book.author.name  # ok: DJA105 (fetched with the row, or set from the defaults)
    pair = await Book.objects.select_related("author").aupdate_or_create(title="Emma")
    again = pair[0].author  # ok: DJA105
    plain, _ = await Book.objects.aget_or_create(title="Odd")
    # ruleid: DJA105
    return name, again, plain.author
