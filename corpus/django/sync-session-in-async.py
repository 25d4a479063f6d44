# request.session in async views (DJA210): the session store loads (and on
# cycle/flush writes) synchronously on first access. Django 5.1 added the
# `a`-prefixed SessionBase methods. clear() only empties the in-memory cache
# and is safe. Near misses: the awaited twins, request.META, sync views.
from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.db import SessionStore
from django.http import JsonResponse


# ---------------------------------------------------------------- must fire


async def add_to_cart(request, sku):
    # ruleid: DJA210
    cart = request.session["cart"]
    cart.append(sku)
    # ok: DJA210 (an earlier access in this function loaded the session)
    request.session["cart"] = cart
    # ok: DJA210 (an earlier access in this function loaded the session)
    visits = request.session.get("visits", 0)
    return JsonResponse({"cart": cart, "visits": visits})


async def checkout(request):
    # ruleid: DJA210
    cart = request.session.pop("cart", [])
    # ok: DJA210 (an earlier access in this function loaded the session)
    currency = request.session.setdefault("currency", "EUR")
    # ok: DJA210 (an earlier access in this function loaded the session)
    request.session.update({"last_order": len(cart)})
    # ok: DJA210 (an earlier access in this function loaded the session)
    if "coupon" in request.session:
        return JsonResponse({"discount": True, "currency": currency})
    return JsonResponse({"discount": False, "currency": currency})


async def session_dump(request):
    # ruleid: DJA210
    keys = list(request.session.keys())
    # ok: DJA210 (an earlier access in this function loaded the session)
    values = list(request.session.values())
    # ok: DJA210 (an earlier access in this function loaded the session)
    pairs = dict(request.session.items())
    return JsonResponse({"keys": keys, "values": values, "pairs": pairs})


async def rotate(request):
    # ruleid: DJA210
    request.session.cycle_key()
    # ruleid: DJA210
    request.session.set_expiry(300)
    return JsonResponse({"ok": True})


async def sign_out(request):
    request.session.flush()  # ruleid: DJA210
    return JsonResponse({"ok": True})


async def save_by_hand(request):
    await request.session.aset("step", 2)
    # ruleid: DJA210
    request.session.save()
    # ruleid: DJA210
    request.session.cycle_key()
    return JsonResponse({"ok": True})


async def store_by_hand(request, key):
    store = SessionStore(session_key=key)
    # ruleid: DJA210
    if store.exists(key):
        # ruleid: DJA210
        store.delete()
    await store.asave()  # ok: DJA210
    return JsonResponse({"ok": True})


# ---------------------------------------------------------------- near misses


async def add_to_cart_async(request, sku):
    cart = await request.session.aget("cart", [])  # ok: DJA210
    cart.append(sku)
    await request.session.aset("cart", cart)  # ok: DJA210
    has_coupon = await request.session.ahas_key("coupon")  # ok: DJA210
    await request.session.aset_expiry(300)  # ok: DJA210
    keys = await request.session.akeys()  # ok: DJA210
    return JsonResponse({"cart": cart, "coupon": has_coupon, "keys": list(keys)})


async def sign_out_async(request):
    request.session.clear()  # ok: DJA210
    await request.session.acycle_key()  # ok: DJA210
    await request.session.aflush()  # ok: DJA210
    return JsonResponse({"ok": True})


async def headers(request):
    agent = request.META.get("HTTP_USER_AGENT", "")  # ok: DJA210
    forwarded = request.headers.get("X-Forwarded-For")  # ok: DJA210
    page = request.GET.get("page", "1")  # ok: DJA210
    return JsonResponse({"agent": agent, "fwd": forwarded, "page": page})


async def other_mappings(request, session):
    prefs = {"theme": "dark"}
    theme = prefs.get("theme")  # ok: DJA210
    token = session.get("token")  # ok: DJA210
    return JsonResponse({"theme": theme, "token": token})


async def wrapped(request):
    visits = await sync_to_async(request.session.get)("visits", 0)  # ok: DJA210

    def bump():
        request.session["visits"] = visits + 1  # ok: DJA210

    await sync_to_async(bump)()
    return JsonResponse({"visits": visits})


def add_to_cart_sync(request, sku):
    cart = request.session.get("cart", [])  # ok: DJA210
    request.session["cart"] = cart + [sku]  # ok: DJA210
    request.session.flush()  # ok: DJA210
    return JsonResponse({"cart": cart})


# --- loaded once by the async API, then served from memory ---------------------------------


async def session_loaded_first(request):
    visits = await request.session.aget("visits", 0)
    # ok: DJA210
    request.session["visits"] = visits + 1
    return JsonResponse({"visits": visits})
