"""Blocking through sync helpers in the same file."""
from asgiref.sync import sync_to_async

from shop.models import Book


def count_published():
    return Book.objects.filter(published=True).count()


def published_books():
    return Book.objects.filter(published=True)


def count_twice_removed():
    return count_published()


def first_title(book):
    return book.title


# blocks: the helper runs count()
async def case_helper_queries():
    return count_published()


# blocks: the helper two calls down runs count()
async def case_helper_two_hops():
    return count_twice_removed()


# no block: the helper run by sync_to_async
async def case_helper_wrapped():
    return await sync_to_async(count_published)()


# no block: the helper only builds a QuerySet
async def case_helper_lazy():
    return published_books()


# blocks: the helper's lazy QuerySet iterated on the loop
async def case_helper_lazy_iterated():
    return [book.title for book in published_books()]


# no block: a helper that reads a plain field
async def case_helper_plain():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return first_title(book)
