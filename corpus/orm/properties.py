# Reading a @property or cached_property runs its body: a property that queries blocks the
# event loop where it is read (DJA501, the chain names the property). Near misses: a property
# that reads fields, a plain attribute, the property read in a worker thread.
from functools import cached_property

from asgiref.sync import sync_to_async
from django.db import models
from django.http import JsonResponse
from django.utils.functional import cached_property as dj_cached_property


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Book(models.Model):
    title = models.CharField(max_length=100)
    tags = models.ManyToManyField(Tag)

    @property
    def tag_count(self):
        return self.tags.count()

    @cached_property
    def first_tag(self):
        return self.tags.first()

    @dj_cached_property
    def labels(self):
        return [t.label for t in self.tags.all()]

    @property
    def shout(self):
        return self.title.upper()


async def book_card(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA501
    n = book.tag_count
    # ruleid: DJA501
    first = book.first_tag
    # ruleid: DJA501
    labels = book.labels
    # ok: DJA501 (reads a field)
    loud = book.shout
    # ok: DJA501 (a field)
    title = book.title
    # ok: DJA501 (in a worker thread)
    n2 = await sync_to_async(lambda: book.tag_count)()
    return JsonResponse({"n": n, "f": str(first), "l": labels, "s": loud, "t": title, "n2": n2})
