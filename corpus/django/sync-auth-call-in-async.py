# Sync django.contrib.auth calls in async code (DJA201): authenticate, login,
# logout, get_user, update_session_auth_hash and hashers.check_password.
# Near misses: the awaited async twins (Django 5.0), a project function that is
# merely named `login`, nested sync code, and sync views.
import json

from asgiref.sync import sync_to_async
from django.contrib import auth
from django.contrib.auth import aauthenticate, alogin, alogout, get_user, update_session_auth_hash
from django.contrib.auth import authenticate as django_authenticate
from django.contrib.auth import logout as end_session
from django.contrib.auth.hashers import acheck_password, check_password, make_password
from django.http import JsonResponse


def login(username):
    # A project helper that happens to share django's name: no I/O at all.
    return username.strip().lower()


# ---------------------------------------------------------------- must fire


async def sign_in(request):
    data = json.loads(request.body)
    # ruleid: DJA201
    user = django_authenticate(request, username=data["username"], password=data["password"])
    if user is None:
        return JsonResponse({"ok": False}, status=401)
    # ruleid: DJA201
    auth.login(request, user)
    return JsonResponse({"ok": True})


async def sign_out(request):
    # ruleid: DJA201
    end_session(request)
    return JsonResponse({"ok": True})


async def sign_out_module(request):
    auth.logout(request)  # ruleid: DJA201
    return JsonResponse({"ok": True})


async def whoami(request):
    # ruleid: DJA201
    user = get_user(request)
    return JsonResponse({"id": getattr(user, "pk", None)})


async def change_password(request, user, new_password):
    user.set_password(new_password)
    await user.asave()
    # ruleid: DJA201
    update_session_auth_hash(request, user)
    return JsonResponse({"ok": True})


async def verify_pin(request, encoded):
    pin = json.loads(request.body).get("pin", "")
    # ruleid: DJA201
    valid = check_password(pin, encoded)
    # ruleid: DJA201
    same_user = auth.authenticate(request, username="probe", password=pin)
    return JsonResponse({"valid": valid, "same": same_user is not None})


# ---------------------------------------------------------------- near misses


async def sign_in_async(request):
    data = json.loads(request.body)
    user = await aauthenticate(request, username=data["username"], password=data["password"])  # ok: DJA201
    if user is None:
        return JsonResponse({"ok": False}, status=401)
    await alogin(request, user)  # ok: DJA201
    await auth.alogout(request)  # ok: DJA201
    valid = await acheck_password(data["password"], "pbkdf2_sha256$x")  # ok: DJA201
    user = await auth.aget_user(request)  # ok: DJA201
    return JsonResponse({"ok": True, "valid": valid})


async def normalise_name(request):
    name = login(json.loads(request.body).get("username", ""))  # ok: DJA201
    return JsonResponse({"name": name})


async def wrapped_in_thread(request):
    data = json.loads(request.body)
    user = await sync_to_async(django_authenticate)(request, username=data["u"], password=data["p"])  # ok: DJA201
    await sync_to_async(auth.login)(request, user)  # ok: DJA201

    def check_sync(encoded):
        return check_password(data["p"], encoded)  # ok: DJA201

    checker = lambda: get_user(request)  # ok: DJA201
    return JsonResponse({"ok": True, "fn": check_sync.__name__, "l": checker.__name__})


def sign_in_sync(request):
    data = json.loads(request.body)
    user = django_authenticate(request, username=data["username"], password=data["password"])  # ok: DJA201
    auth.login(request, user)  # ok: DJA201
    end_session(request)  # ok: DJA201
    update_session_auth_hash(request, user)  # ok: DJA201
    return JsonResponse({"ok": check_password("x", "y")})  # ok: DJA201


async def hash_pin(request):
    encoded = make_password(request.POST["pin"])  # ruleid: DJA201
    wrapped = await sync_to_async(make_password)(request.POST["pin"])  # ok: DJA201
    return JsonResponse({"a": encoded, "b": wrapped})
