# check --add-noqa: each finding's line gets `# noqa: CODE` (tests/fix/run.sh compares with
# noqa.py.noqa), merged into a noqa that is there, after another comment, once per code.
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=10)


async def view(request):
    # ruleid: DJA101
    n = Book.objects.count()
    # ruleid: DJA101, DJA002
    m = Book.objects.filter(title="x").exists()  # noqa: DJA102
    # ruleid: DJA101
    k = Book.objects.first()  # the newest
    # ruleid: DJA101
    both = [Book.objects.count(), Book.objects.count()]
    # ruleid: DJA101
    long = Book.objects.filter(title="""a
b""").count()
    return n, m, k, both, long
