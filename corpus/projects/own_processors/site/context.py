def base_context(request):
    return {"preferences": request.user.preferences}
