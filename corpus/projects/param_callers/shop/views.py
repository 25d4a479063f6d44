from django.http import JsonResponse

from .cards import Presenter, card_fetched, card_plain
from .models import Book


async def fetched_view(request, pk):
    book = await Book.objects.select_related("author").aget(pk=pk)
    data = await card_fetched(book)
    shown = await Presenter().show(book)
    return JsonResponse({"d": data, "s": shown})


async def plain_view(request, pk):
    book = await Book.objects.aget(pk=pk)
    return JsonResponse(await card_plain(book))
