# The user model is a model like any other, however it is reached: through
# `get_user_model()` (bound at module level, or called inline) or imported as
# `django.contrib.auth.models.User`. Its manager's sync methods are DJA101, its
# instance's save()/delete() are DJA102, and its permission and password methods are
# DJA211 once the instance came from `await User.objects.aget(...)`.
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User as AuthUser
from django.http import JsonResponse

User = get_user_model()


# ---------------------------------------------------------------- must fire


async def user_detail(request):
    # ruleid: DJA101
    user = User.objects.get(pk=1)
    return JsonResponse({"name": user.get_username()})


async def active_users(request):
    # ruleid: DJA101
    n = User.objects.filter(is_active=True).count()
    # ruleid: DJA101
    staff = AuthUser.objects.filter(is_staff=True).exists()
    return JsonResponse({"active": n, "staff": staff})


async def grant_check(request):
    user = await User.objects.aget(pk=1)
    # ruleid: DJA211
    allowed = user.has_perm("x")
    # ruleid: DJA211
    ok = user.check_password(request.POST.get("password", ""))
    return JsonResponse({"allowed": allowed, "ok": ok})


async def deactivate(request):
    user = await User.objects.aget(pk=1)
    user.is_active = False
    # ruleid: DJA102
    user.save()
    return JsonResponse({"active": user.is_active})


async def inline_model(request):
    # ruleid: DJA101
    user = get_user_model().objects.get(pk=1)
    return JsonResponse({"email": user.email})


async def imported_user(request):
    # ruleid: DJA101
    admin = AuthUser.objects.get(username="admin")
    member = await AuthUser.objects.aget(pk=2)
    # ruleid: DJA211
    perms = member.get_all_permissions()
    # ruleid: DJA102
    member.delete()
    return JsonResponse({"admin": admin.pk, "perms": sorted(perms)})


async def list_usernames(request):
    names = []
    # ruleid: DJA103
    for u in User.objects.filter(is_active=True):
        names.append(u.username)
    return JsonResponse({"names": names})


# ---------------------------------------------------------------- near misses


async def user_detail_async(request):
    user = await User.objects.aget(pk=1)  # ok: DJA101
    allowed = await user.ahas_perm("x")  # ok: DJA211
    ok = await user.acheck_password(request.POST.get("password", ""))  # ok: DJA211
    user.first_name = "Ada"
    await user.asave()  # ok: DJA102
    return JsonResponse({"allowed": allowed, "ok": ok, "name": user.get_username()})  # ok: DJA211


async def counts_async(request):
    n = await User.objects.filter(is_active=True).acount()  # ok: DJA101
    other = await get_user_model().objects.aget(pk=1)  # ok: DJA101
    admin = await AuthUser.objects.aget(username="admin")  # ok: DJA101
    names = [u.username async for u in User.objects.filter(is_active=True)]  # ok: DJA103
    return JsonResponse({"n": n, "other": other.pk, "admin": admin.pk, "names": names})


async def lazy_only(request):
    qs = User.objects.filter(is_active=True).order_by("username")  # ok: DJA101
    data = {"pk": 1}
    pk = data.get("pk")  # ok: DJA101
    first = await qs.afirst()  # ok: DJA101
    return JsonResponse({"pk": pk, "first": first.pk})


async def wrapped_user(request):
    user = await sync_to_async(User.objects.get)(pk=1)  # ok: DJA101
    allowed = await sync_to_async(user.has_perm)("x")  # ok: DJA211
    await sync_to_async(user.save)()  # ok: DJA102
    return JsonResponse({"allowed": allowed})


def user_detail_sync(request):
    user = User.objects.get(pk=1)  # ok: DJA101
    n = User.objects.filter(is_active=True).count()  # ok: DJA101
    other = get_user_model().objects.get(pk=1)  # ok: DJA101
    allowed = user.has_perm("x")  # ok: DJA211
    user.save()  # ok: DJA102
    return JsonResponse({"n": n, "allowed": allowed, "other": other.pk})
