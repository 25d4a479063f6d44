from django.http import JsonResponse

from frontend.agent import answer


async def view(request):
    # ruleid: DJA501 (frontend.agent is frontend/agent.py, the module nearest the top)
    return JsonResponse({"a": answer()})
