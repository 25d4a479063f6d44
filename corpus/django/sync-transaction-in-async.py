# Transactions and raw connections in async code (DJA206): Django has no async
# transaction or cursor API in any version. `with transaction.atomic()` and
# `transaction.on_commit()` reach @async_unsafe code; `@transaction.atomic` on
# an async def wraps coroutine creation, not its execution (reported on the
# `async def` line); `connection.cursor()` is @async_unsafe. Near misses: the
# same code in sync functions, or a sync helper handed to sync_to_async.
import functools

from asgiref.sync import sync_to_async
from django.db import connection, connections, models, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


class Account(models.Model):
    balance = models.IntegerField(default=0)


def audit(account_id):
    return {"account": account_id}


# ---------------------------------------------------------------- must fire


async def transfer(request, src, dst, amount):
    # ruleid: DJA206
    with transaction.atomic():
        await Account.objects.filter(pk=src).aupdate(balance=models.F("balance") - amount)
        await Account.objects.filter(pk=dst).aupdate(balance=models.F("balance") + amount)
    return JsonResponse({"ok": True})


async def transfer_on_replica(request, src):
    # ruleid: DJA206
    with transaction.atomic(using="replica"):
        account = await Account.objects.using("replica").aget(pk=src)
    return JsonResponse({"balance": account.balance})


@transaction.atomic
async def close_account(request, pk):  # ruleid: DJA206
    await Account.objects.filter(pk=pk).adelete()
    return JsonResponse({"closed": pk})


@transaction.atomic()
async def open_account(request):  # ruleid: DJA206
    account = await Account.objects.acreate(balance=0)
    return JsonResponse({"id": account.pk})


async def raw_balance(request, pk):
    # ruleid: DJA206
    cursor = connection.cursor()
    return JsonResponse({"cursor": type(cursor).__name__, "pk": pk})


async def raw_report(request):
    # ruleid: DJA206
    with connections["default"].cursor() as cur:
        kind = type(cur).__name__
    return JsonResponse({"kind": kind})


async def deposit(request, pk, amount):
    await Account.objects.filter(pk=pk).aupdate(balance=models.F("balance") + amount)
    # ruleid: DJA206
    transaction.on_commit(functools.partial(audit, pk))
    return JsonResponse({"ok": True})


# ---------------------------------------------------------------- near misses


def transfer_sync_helper(src, dst, amount):
    with transaction.atomic():  # ok: DJA206
        Account.objects.filter(pk=src).update(balance=models.F("balance") - amount)
        Account.objects.filter(pk=dst).update(balance=models.F("balance") + amount)
        transaction.on_commit(functools.partial(audit, src))  # ok: DJA206
    with connection.cursor() as cur:  # ok: DJA206
        cur.execute("SELECT 1")


@transaction.atomic
def close_account_sync(request, pk):  # ok: DJA206
    Account.objects.filter(pk=pk).delete()
    return JsonResponse({"closed": pk})


def transfer_sync_view(request, src, dst):
    with transaction.atomic(using="default"):  # ok: DJA206
        Account.objects.filter(pk=src).update(balance=0)
    return JsonResponse({"ok": True})


async def transfer_wrapped(request, src, dst, amount):
    await sync_to_async(transfer_sync_helper)(src, dst, amount)  # ok: DJA206
    return JsonResponse({"ok": True})


async def transfer_nested(request, src):
    @sync_to_async
    def run():
        with transaction.atomic():  # ok: DJA206
            Account.objects.filter(pk=src).update(balance=0)
        return connections["default"].cursor()  # ok: DJA206

    await run()
    vendor = connection.vendor  # ok: DJA206
    await sync_to_async(transaction.on_commit)(functools.partial(audit, src))  # ok: DJA206
    return JsonResponse({"vendor": vendor})


async def atomic_entered_in_threads(request):
    # building the Atomic object runs nothing; entering and leaving it go through threads
    atomic = transaction.atomic()  # ok: DJA206
    await sync_to_async(atomic.__enter__)()
    await sync_to_async(atomic.__exit__)(None, None, None)
    return JsonResponse({"ok": True})


# stacked twice around another decorator (baserow's views do this): one finding, not two
@transaction.atomic
@csrf_exempt
@transaction.atomic
async def transfer(request, pk):  # ruleid: DJA206
    await Account.objects.filter(pk=pk).aupdate(balance=0)
    return JsonResponse({"moved": pk})
