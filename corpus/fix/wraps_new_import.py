"""--unsafe-fixes in a file without the import: it is added after the leading imports."""
import logging

from django.db import models

log = logging.getLogger(__name__)


class Invoice(models.Model):
    paid = models.BooleanField()


def unpaid():
    return list(Invoice.objects.filter(paid=False))


async def report(request):
    rows = unpaid()  # ruleid: DJA501
    return {"rows": rows}
