from django.shortcuts import render


async def list_view(request):
    # ruleid: DJA214
    return render(request, "list.html", {"items": [1, 2]})
