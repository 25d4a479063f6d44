# Sync methods of a user object in async code (DJA211): the permission methods query
# the user's permissions and groups, and check_password() may rehash and save the
# password, all synchronously. Only objects known to be users count: the result of
# `await request.auser()`, or an instance of a project model deriving from AbstractUser /
# AbstractBaseUser loaded with `await Model.objects.aget(...)`. Async twins:
# acheck_password() (5.0), ahas_perm(), ahas_perms(), ahas_module_perms(),
# aget_all_permissions(), aget_user_permissions(), aget_group_permissions() (5.2).
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, PermissionsMixin
from django.db import models
from django.http import JsonResponse
from django.views import View


class Member(AbstractUser):
    nickname = models.CharField(max_length=50, blank=True)


class Operator(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    USERNAME_FIELD = "email"


class PolicyChecker:
    """A plain project class that happens to have a has_perm() method."""

    def __init__(self, grants):
        self.grants = set(grants)

    def has_perm(self, perm):
        return perm in self.grants

    def check_password(self, raw):
        return raw == "letmein"


# ---------------------------------------------------------------- must fire


async def can_edit(request):
    user = await request.auser()
    # ruleid: DJA211
    allowed = user.has_perm("catalog.change_book")
    # ruleid: DJA211
    both = user.has_perms(["catalog.add_book", "catalog.delete_book"])
    # ruleid: DJA211
    module = user.has_module_perms("catalog")
    return JsonResponse({"allowed": allowed, "both": both, "module": module})


async def permission_report(request, member_id):
    member = await Member.objects.aget(pk=member_id)
    # ruleid: DJA211
    every = member.get_all_permissions()
    # ruleid: DJA211
    own = member.get_user_permissions()
    # ruleid: DJA211
    via_groups = member.get_group_permissions()
    return JsonResponse({"all": sorted(every), "own": sorted(own), "groups": sorted(via_groups)})


async def verify_password(request, member_id):
    member = await Member.objects.aget(pk=member_id)
    # ruleid: DJA211
    if not member.check_password(request.POST.get("password", "")):
        return JsonResponse({"ok": False}, status=403)
    return JsonResponse({"ok": True})


async def operator_gate(request, email):
    operator = await Operator.objects.aget(email=email)
    # ruleid: DJA211
    if operator.has_perm("ops.restart"):
        return JsonResponse({"restart": True})
    ok = operator.check_password(request.POST.get("pin", ""))  # ruleid: DJA211
    return JsonResponse({"restart": False, "ok": ok})


class PermissionsView(View):
    async def get(self, request):
        user = await request.auser()
        # ruleid: DJA211
        perms = user.get_all_permissions()
        return JsonResponse({"perms": sorted(perms)})


# ---------------------------------------------------------------- near misses


async def can_edit_async(request):
    user = await request.auser()
    allowed = await user.ahas_perm("catalog.change_book")  # ok: DJA211
    both = await user.ahas_perms(["catalog.add_book", "catalog.delete_book"])  # ok: DJA211
    every = await user.aget_all_permissions()  # ok: DJA211
    return JsonResponse({"allowed": allowed, "both": both, "all": sorted(every)})


async def verify_password_async(request, member_id):
    member = await Member.objects.aget(pk=member_id)
    ok = await member.acheck_password(request.POST.get("password", ""))  # ok: DJA211
    return JsonResponse({"ok": ok})


async def who_am_i(request):
    user = await request.auser()
    if not user.is_authenticated:  # ok: DJA211
        return JsonResponse({"anonymous": True})
    name = user.get_username()  # ok: DJA211
    return JsonResponse({"name": name, "staff": user.is_staff})  # ok: DJA211


async def plain_policy(request):
    checker = PolicyChecker(["catalog.view_book"])
    allowed = checker.has_perm("catalog.view_book")  # ok: DJA211
    guessed = checker.check_password("letmein")  # ok: DJA211
    return JsonResponse({"allowed": allowed, "guessed": guessed})


async def wrapped_checks(request, member_id):
    member = await Member.objects.aget(pk=member_id)
    allowed = await sync_to_async(member.has_perm)("catalog.change_book")  # ok: DJA211
    every = await sync_to_async(lambda: member.get_all_permissions())()  # ok: DJA211
    return JsonResponse({"allowed": allowed, "all": sorted(every)})


def can_edit_sync(request, member_id):
    member = Member.objects.get(pk=member_id)
    allowed = member.has_perm("catalog.change_book")  # ok: DJA211
    ok = member.check_password(request.POST.get("password", ""))  # ok: DJA211
    return JsonResponse({"allowed": allowed, "ok": ok})


async def register(request, member_id):
    # hashing a password holds the CPU (PBKDF2): the loop waits, though nothing is queried
    member = await Member.objects.aget(pk=member_id)
    member.set_password(request.POST.get("password", ""))  # ruleid: DJA211
    await sync_to_async(member.set_password)("new")  # ok: DJA211
    await member.asave()
    checker = PolicyChecker(["catalog.view_book"])
    checker.set_password("x")  # ok: DJA211
    return JsonResponse({"ok": True})
