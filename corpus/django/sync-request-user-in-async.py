# request.user in async views (DJA209): the lazy user object loads the session
# and the user row synchronously the first time an attribute is read or it is
# truth-tested. Django 5.0 added `await request.auser()`. Only a parameter
# named `request` counts. Passing request.user along unread is not reported.
from asgiref.sync import sync_to_async
from django.http import JsonResponse
from django.views import View

from accounts.audit import record_visit


# ---------------------------------------------------------------- must fire


async def dashboard(request):
    # ruleid: DJA209
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required"}, status=401)
    # ok: DJA209 (an earlier read in this function loaded the user)
    uid = request.user.pk
    # ok: DJA209 (an earlier read in this function loaded the user)
    email = request.user.email
    return JsonResponse({"id": uid, "email": email})


async def greeting(request):
    # ruleid: DJA209
    if request.user:
        return JsonResponse({"hello": "friend"})
    return JsonResponse({"hello": "stranger"})


async def staff_only(request, section):
    # ruleid: DJA209
    if not request.user:
        return JsonResponse({"error": "anonymous"}, status=401)
    # ok: DJA209 (an earlier read in this function loaded the user)
    allowed = request.user.is_staff and section != "root"
    return JsonResponse({"allowed": allowed})


async def profile_card(request):
    name = request.user.get_username()  # ruleid: DJA209
    return JsonResponse({"name": name})


# ---------------------------------------------------------------- near misses


async def dashboard_async(request):
    user = await request.auser()  # ok: DJA209
    if not user.is_authenticated:  # ok: DJA209
        return JsonResponse({"error": "login required"}, status=401)
    return JsonResponse({"id": user.pk, "email": user.email})  # ok: DJA209


async def search(request):
    if request.method != "GET":  # ok: DJA209
        return JsonResponse({"error": "GET only"}, status=405)
    q = request.GET.get("q", "")  # ok: DJA209
    return JsonResponse({"q": q, "path": request.path})  # ok: DJA209


async def track(request):
    return record_visit(request.user)  # ok: DJA209


async def other_name(req):
    return JsonResponse({"auth": req.user.is_authenticated})  # ok: DJA209


class AccountView(View):
    async def get(self, request):
        return JsonResponse({"auth": self.request.user.is_authenticated})  # ok: DJA209


async def wrapped(request):
    email = await sync_to_async(lambda: request.user.email)()  # ok: DJA209

    def load_pk():
        return request.user.pk  # ok: DJA209

    pk = await sync_to_async(load_pk)()
    return JsonResponse({"email": email, "pk": pk})


def dashboard_sync(request):
    if not request.user.is_authenticated:  # ok: DJA209
        return JsonResponse({"error": "login required"}, status=401)
    return JsonResponse({"id": request.user.pk})  # ok: DJA209


# --- loaded once, then read from memory (no query) ----------------------------------------


async def loaded_in_a_wrapper(request):
    authenticated = await sync_to_async(lambda: request.user.is_authenticated)()
    # ok: DJA209
    return JsonResponse({"ok": authenticated, "id": request.user.id})


async def not_loaded_by_auser(request):
    # auser() caches in request._acached_user, request.user in request._cached_user (Django's
    # auth middleware): request.user read after it still queries
    user = await request.auser()
    # ruleid: DJA209
    return JsonResponse({"id": user.pk, "same": request.user.pk})


# DRF's Request (adrf views, permission classes, @api_view): authenticated before the code runs.
from adrf.views import APIView as AsyncAPIView  # noqa: E402
from rest_framework.permissions import BasePermission  # noqa: E402


class ProfileApi(AsyncAPIView):
    async def get(self, request):
        # ok: DJA209 (the user was authenticated by the view's dispatch)
        return JsonResponse({"id": request.user.id})


class IsOwner(BasePermission):
    async def has_permission(self, request, view):
        # ok: DJA209 (permissions run after authentication)
        return request.user.is_authenticated


async def tested_twice(request):
    # ruleid: DJA209 (one finding for the chain of tests: the first read loads the user)
    if request.user and request.user.is_authenticated:
        return JsonResponse({"ok": True})
    return JsonResponse({})


def audited(view_method):
    async def wrapper(self, request, *args, **kwargs):
        # low: DJA209 (a method decorator, the view may be DRF's)
        if request.user.is_authenticated:
            pass
        return await view_method(self, request, *args, **kwargs)

    return wrapper


# The user loaded before the view's body: ninja's session auth, a decorator that reads it.
from functools import wraps  # noqa: E402

from ninja import Router  # noqa: E402
from ninja.security import django_auth  # noqa: E402

router = Router()
staff_router = Router(auth=django_auth)


@router.get("/me", auth=django_auth)
async def me(request):
    # ok: DJA209 (django_auth read the user before the operation)
    return {"id": request.user.id}


@staff_router.get("/staff")
async def staff(request):
    # ok: DJA209 (the router's django_auth)
    return {"id": request.user.id}


@router.get("/open")
async def open_endpoint(request):
    # ruleid: DJA209 (no authentication ran)
    return {"id": request.user.id}


def staff_required(view):
    @wraps(view)
    async def wrapped(request, *args, **kwargs):
        user = getattr(request, "user", None)
        # ruleid: DJA209 (the wrapper's own first read)
        if not (user and user.is_staff):
            return JsonResponse({}, status=403)
        return await view(request, *args, **kwargs)

    return wrapped


@staff_required
async def admin_panel(request):
    # ok: DJA209 (staff_required read the user first)
    return JsonResponse({"id": request.user.id})


async def user_loaded_in_a_thread(request):
    # request.user handed to a function run in a worker thread is loaded there
    is_auth = await sync_to_async(getattr)(request.user, "is_authenticated", False)
    if is_auth:
        return JsonResponse({"id": request.user.id})  # ok: DJA209
    return JsonResponse({})


async def user_loaded_after_a_read(request):
    name = await sync_to_async(str)(request.headers)
    # ruleid: DJA209
    return JsonResponse({"id": request.user.id, "name": name})
