# `await helper()` where helper is a plain `def`: its body runs on the event loop before the
# await (which then fails on the non-awaitable result). Reported as DJA501 like an un-awaited
# call. An async def, a def wrapped by a decorator (sync_to_async, database_sync_to_async) or
# rebound to a wrapper, and a def that only returns a coroutine are not.
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=10)


def plain():
    return Book.objects.get(pk=1)


@sync_to_async
def wrapped():
    return Book.objects.get(pk=1)


@database_sync_to_async
def db_wrapped():
    return Book.objects.get(pk=1)


def rebound():
    return Book.objects.get(pk=1)


rebound = sync_to_async(rebound)


def returns_coroutine():
    return wrapped()


async def really_async():
    return await Book.objects.aget(pk=1)


class Service:
    def load(self):
        return Book.objects.first()

    async def aload(self):
        return await Book.objects.afirst()


async def view(request):
    a = await plain()  # ruleid: DJA501
    b = await wrapped()  # ok: DJA501
    c = await db_wrapped()  # ok: DJA501
    d = await rebound()  # ok: DJA501
    e = await returns_coroutine()  # ok: DJA501
    f = await really_async()  # ok: DJA501
    g = await Service().load()  # ruleid: DJA501
    h = await Service().aload()  # ok: DJA501
    return a, b, c, d, e, f, g, h
