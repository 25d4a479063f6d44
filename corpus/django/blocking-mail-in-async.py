# Blocking email in async code (DJA205): django.core.mail has no async API in
# any version, every send is SMTP I/O on the event loop. Near misses: the same
# calls run in a worker thread, messages built but not sent, sync views.
import asyncio
import json

from asgiref.sync import sync_to_async
from django.core import mail
from django.core.mail import (
    EmailMessage,
    EmailMultiAlternatives,
    get_connection,
    mail_admins,
    mail_managers,
    send_mail,
    send_mass_mail,
)
from django.http import JsonResponse

FROM = "shop@example.com"


# ---------------------------------------------------------------- must fire


async def contact(request):
    data = json.loads(request.body)
    # ruleid: DJA205
    send_mail("Contact form", data["message"], FROM, ["support@example.com"])
    # ruleid: DJA205
    mail_managers("New contact", data["message"])
    return JsonResponse({"ok": True})


async def newsletter(request):
    data = json.loads(request.body)
    batch = tuple(("News", data["body"], FROM, [addr]) for addr in data["to"])
    # ruleid: DJA205
    sent = send_mass_mail(batch, fail_silently=True)
    return JsonResponse({"sent": sent})


async def report_error(request):
    # ruleid: DJA205
    mail_admins("500 on checkout", "see logs")
    # ruleid: DJA205
    mail.send_mail("copy", "see logs", FROM, ["audit@example.com"])
    return JsonResponse({"ok": False}, status=500)


async def receipt(request, order_id):
    # ruleid: DJA205
    EmailMessage(f"Receipt {order_id}", "Thanks!", FROM, ["buyer@example.com"]).send()
    msg = EmailMultiAlternatives(f"Receipt {order_id}", "Thanks!", FROM, ["buyer@example.com"])
    msg.attach_alternative("<p>Thanks!</p>", "text/html")
    # ruleid: DJA205
    msg.send()
    return JsonResponse({"ok": True})


async def digest(request):
    messages = [EmailMessage("Digest", "...", FROM, [addr]) for addr in ("a@example.com", "b@example.com")]
    # ruleid: DJA205
    count = get_connection().send_messages(messages)
    return JsonResponse({"count": count})


# ---------------------------------------------------------------- near misses


async def contact_offloaded(request):
    data = json.loads(request.body)
    await sync_to_async(send_mail, thread_sensitive=False)("Contact", data["message"], FROM, ["support@example.com"])  # ok: DJA205
    await asyncio.to_thread(send_mail, "Contact", data["message"], FROM, ["support@example.com"])  # ok: DJA205
    await asyncio.to_thread(mail_admins, "Contact", data["message"])  # ok: DJA205
    return JsonResponse({"ok": True})


async def preview(request, order_id):
    msg = EmailMessage(f"Receipt {order_id}", "Thanks!", FROM, ["buyer@example.com"])  # ok: DJA205
    alt = EmailMultiAlternatives("Preview", "text", FROM, ["buyer@example.com"])  # ok: DJA205
    alt.attach_alternative("<p>html</p>", "text/html")  # ok: DJA205
    raw = msg.message().as_string()  # ok: DJA205
    await sync_to_async(msg.send)()  # ok: DJA205
    return JsonResponse({"raw": raw, "subject": alt.subject})


async def nested_sync(request):
    def notify():
        send_mail("Hi", "body", FROM, ["x@example.com"])  # ok: DJA205

    sender = lambda: mail_admins("Hi", "body")  # ok: DJA205
    await asyncio.to_thread(notify)
    return JsonResponse({"s": sender.__name__})


async def unknown_senders(request, outbox):
    outbox.send()  # ok: DJA205
    outbox.send_messages([])  # ok: DJA205
    return JsonResponse({"ok": True})


def contact_sync(request):
    data = json.loads(request.body)
    send_mail("Contact form", data["message"], FROM, ["support@example.com"])  # ok: DJA205
    EmailMessage("Receipt", "Thanks!", FROM, ["buyer@example.com"]).send()  # ok: DJA205
    get_connection().send_messages([])  # ok: DJA205
    return JsonResponse({"ok": True})


async def report_with_attachment(request, path):
    # attach_file() reads the file from disk there and then; attach() takes bytes in memory
    message = EmailMultiAlternatives("Report", "See attached", FROM, ["boss@example.com"])
    message.attach_file(path=path)  # ruleid: DJA303
    message.attach("notes.txt", "inline text")  # ok: DJA303
    await sync_to_async(message.attach_file)(path)  # ok: DJA303
    await sync_to_async(message.send)()
    return JsonResponse({"ok": True})
