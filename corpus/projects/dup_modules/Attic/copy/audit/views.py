from django.http import JsonResponse

from frontend.agent import answer


async def view(request):
    # ok: DJA501 (from here, frontend.agent is the copy's own frontend/agent.py, which does not block)
    return JsonResponse({"a": answer()})
