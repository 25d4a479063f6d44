"""Calls into an installed package (venv/ next to the project): followed to the socket or file
they end in; pure helpers and awaited coroutines of the same package give nothing."""
import tinyfmt
from django.http import JsonResponse
from fakesdk import Client, Notifier, fetch_json
from fakesdk.pure import slugify, tags_of

client = Client("https://api.example.com")
notify = Notifier()


async def feed(request):
    # ruleid: DJA501
    data = fetch_json("https://api.example.com/feed")
    return JsonResponse({"data": data.decode()})


async def item(request, pk):
    # ruleid: DJA501
    row = client.get(pk)
    # ok: DJA501
    url = client.url_for(pk)
    # ok: DJA501
    name = slugify(request.GET.get("name", ""))
    # ok: DJA501
    tags = tags_of(["a", "b"])
    # ok: DJA501
    text = tinyfmt.render({"name": name, "url": url})
    # ok: DJA501
    pretty = tinyfmt.Formatter()(text)
    return JsonResponse({"row": row.decode(), "tags": len(tags), "text": pretty})


async def ping(request):
    # ruleid: DJA501
    notify("ping")
    # ok: DJA501
    row = await client.aget(1)
    return JsonResponse(row)


def sync_item(request, pk):
    # ok: DJA501
    return JsonResponse({"row": client.get(pk).decode()})
