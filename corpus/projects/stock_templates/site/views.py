# render() with only Django's own context processors: a context of plain values renders
# without a query unless the template reads `user`, `perms` or `messages`, which djasync
# does not read; so that is a guess (low). A context holding a QuerySet, an instance or the
# request is still reported at the default confidence, directly and through helpers.
from django.db import models
from django.shortcuts import render
from django.template.loader import render_to_string


class Book(models.Model):
    title = models.CharField(max_length=100)


def render_message(request, message, status=200):
    return render(request, "message.html", {"MESSAGE": message}, status=status)


def render_shelf(request):
    return render(request, "shelf.html", {"books": Book.objects.all()})


async def list_view(request):
    items = [b async for b in Book.objects.all()]
    # low: DJA214
    return render(request, "list.html", {"items": items})


async def message_view(request):
    # low: DJA501
    return render_message(request, "hello")


async def shelf_view(request):
    # ruleid: DJA501
    return render_shelf(request)


async def card_view(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA214
    return render(request, "card.html", {"book": book})


async def fragment(request):
    # low: DJA214
    html = render_to_string("t.html", {"title": "x"}, request=request)
    # ruleid: DJA214
    rows = render_to_string("t.html", {"rows": Book.objects.all()}, request=request)
    plain = render_to_string("t.html", {"title": "x"})  # ok: DJA214
    return html + rows + plain
