# A file with CRLF line endings keeps them: only the fixed bytes change.
from django.db import models


class Note(models.Model):
    body = models.TextField()


async def latest(request):
    return Note.objects.last()  # ruleid: DJA101
