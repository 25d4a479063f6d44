# Suppression comments that silence nothing are findings (DJA002): an unknown code, or a rule
# with no finding on that line. Bare `# noqa` and other tools' codes are left alone.
import time

from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=10)


async def used(request):
    time.sleep(1)  # noqa: DJA301  # ok: DJA002
    await Book.objects.aget(pk=1)  # noqa: E501  # ok: DJA002
    return Book.objects.get(pk=1)  # djasync: ignore[DJA101]  # ok: DJA002


async def stale(request):
    book = await Book.objects.aget(pk=1)  # noqa: DJA101  # ruleid: DJA002
    time.sleep(2)  # noqa: DJA301, DJA999  # ruleid: DJA002
    title = book.title  # noqa  # ok: DJA002
    return title  # djasync: ignore[DJA303]  # ruleid: DJA002


def sync_helper():
    # a statement's finding is silenced on its first line: this comment silences nothing
    return Book.objects.filter(
        title="x",  # noqa: DJA101  # ruleid: DJA002
    ).first()


async def caller(request):
    return sync_helper()  # noqa: DJA501  # ok: DJA002
