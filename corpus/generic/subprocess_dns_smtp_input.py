# Blocking subprocesses (DJA304), DNS lookups (DJA305), SMTP (DJA306) and
# console input (DJA307) in async code.
import asyncio
import os
import shlex
import smtplib
import socket
import subprocess
from email.message import EmailMessage

from asgiref.sync import sync_to_async
from django.http import JsonResponse
from pdf2image import convert_from_bytes, pdfinfo_from_bytes

SMTP_HOST = "mail.example.com"


# ---------------------------------------------------------------- DJA304


async def render_thumbnail(request, name):
    src = shlex.quote(name)  # ok: DJA304
    # ruleid: DJA304
    subprocess.run(["convert", name, "-resize", "128x128", name + ".thumb.png"], check=True)
    # ruleid: DJA304
    version = subprocess.check_output(["convert", "-version"], text=True)
    # ruleid: DJA304
    code = subprocess.call(["optipng", name + ".thumb.png"])
    # ruleid: DJA304
    subprocess.check_call(["sync"])
    return JsonResponse({"src": src, "version": version.splitlines()[0], "code": code})


async def git_info(request):
    proc = subprocess.Popen(["git", "rev-parse", "HEAD"], stdout=subprocess.PIPE)  # ok: DJA304
    # ruleid: DJA304
    head, _ = proc.communicate()
    # ruleid: DJA304
    proc.wait()
    watcher = subprocess.Popen(["sleep", "1"])  # ok: DJA304
    while watcher.poll() is None:  # ok: DJA304
        await asyncio.sleep(0.1)
    # ruleid: DJA304
    os.system("touch /tmp/last-git-info")
    # ruleid: DJA304
    branch = os.popen("git branch --show-current").read().strip()
    return JsonResponse({"pid": proc.pid, "branch": branch})


async def git_info_correct(request):
    proc = await asyncio.create_subprocess_exec("git", "rev-parse", "HEAD", stdout=asyncio.subprocess.PIPE)  # ok: DJA304
    out, _ = await proc.communicate()  # ok: DJA304
    shell = await asyncio.create_subprocess_shell("uptime", stdout=asyncio.subprocess.PIPE)  # ok: DJA304
    up, _ = await shell.communicate()
    done = await asyncio.to_thread(subprocess.run, ["sync"], check=True)  # ok: DJA304
    quoted = shlex.join(["git", "log", "-1"])  # ok: DJA304
    return JsonResponse({"head": out.decode().strip(), "up": up.decode(), "rc": done.returncode, "cmd": quoted})


async def pdf_pages(request):
    data = request.body
    # ruleid: DJA304
    info = pdfinfo_from_bytes(data)
    # ruleid: DJA304
    pages = convert_from_bytes(data, dpi=72)
    offloaded = await asyncio.to_thread(convert_from_bytes, data)  # ok: DJA304
    return JsonResponse({"pages": info["Pages"], "n": len(pages) + len(offloaded)})


def git_info_sync(request):
    head = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)  # ok: DJA304
    os.system("true")  # ok: DJA304
    return JsonResponse({"head": head.strip()})


# ---------------------------------------------------------------- DJA305


async def resolve_host(request):
    host = request.GET.get("host", "example.com")
    # ruleid: DJA305
    ip = socket.gethostbyname(host)
    # ruleid: DJA305
    infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    # ruleid: DJA305
    name, aliases, _ = socket.gethostbyaddr(ip)
    # ruleid: DJA305
    fqdn = socket.getfqdn()
    return JsonResponse({"ip": ip, "n": len(infos), "name": name, "aliases": aliases, "fqdn": fqdn})


async def resolve_host_correct(request):
    host = request.GET.get("host", "example.com")
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, 443)  # ok: DJA305
    ip = await asyncio.to_thread(socket.gethostbyname, host)  # ok: DJA305
    packed = socket.inet_aton(ip)  # ok: DJA305
    me = socket.gethostname()  # ok: DJA305
    lookup = lambda: socket.getfqdn()  # ok: DJA305
    return JsonResponse({"n": len(infos), "ip": ip, "packed": packed.hex(), "me": me, "l": lookup.__name__})


def resolve_host_sync(request):
    return JsonResponse({"ip": socket.gethostbyname("example.com")})  # ok: DJA305


# ---------------------------------------------------------------- DJA306


def build_message(to, subject, body):
    msg = EmailMessage()
    msg["From"] = "shop@example.com"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


async def send_receipt(request):
    msg = build_message(request.POST["email"], "Your receipt", "Thanks!")
    # ruleid: DJA306
    server = smtplib.SMTP(SMTP_HOST, 587, timeout=10)
    # ruleid: DJA306
    server.starttls()
    # ruleid: DJA306
    server.login("shop", "not-a-real-password")
    # ruleid: DJA306
    server.sendmail("shop@example.com", [request.POST["email"]], msg.as_string())
    # ruleid: DJA306
    server.quit()
    return JsonResponse({"sent": True})


async def send_receipt_ssl(request):
    msg = build_message(request.POST["email"], "Your receipt", "Thanks!")
    # ruleid: DJA306
    with smtplib.SMTP_SSL(SMTP_HOST, 465) as conn:
        # ruleid: DJA306
        conn.send_message(msg)
    return JsonResponse({"sent": True})


def deliver(msg):
    with smtplib.SMTP(SMTP_HOST, 587) as conn:  # ok: DJA306
        conn.starttls()  # ok: DJA306
        conn.send_message(msg)  # ok: DJA306


async def send_receipt_correct(request, mailer):
    msg = build_message(request.POST["email"], "Your receipt", "Thanks!")
    msg["Reply-To"] = "support@example.com"  # ok: DJA306
    await sync_to_async(deliver)(msg)  # ok: DJA306
    await asyncio.to_thread(deliver, msg)  # ok: DJA306
    mailer.login("shop")  # ok: DJA306
    later = lambda: smtplib.SMTP(SMTP_HOST)  # ok: DJA306
    return JsonResponse({"queued": True, "l": later.__name__})


# ---------------------------------------------------------------- DJA307


async def confirm_purge(dry_run=False):
    # ruleid: DJA307
    answer = input("Really purge the catalogue? [y/N] ")
    if answer.lower() != "y":
        return False
    # ruleid: DJA307
    if input("Type PURGE to confirm: ").strip() != "PURGE":
        return False
    # ruleid: DJA307
    reason = input()
    # ruleid: DJA307
    print("Reason:", input("Ticket number: "), reason)
    return not dry_run


async def confirm_purge_correct(request):
    data = {"input": "y"}
    value = data.get("input")  # ok: DJA307
    field = request.POST.get("input", "")  # ok: DJA307
    answer = await asyncio.to_thread(input, "Really purge? ")  # ok: DJA307
    ask = lambda: input("again? ")  # ok: DJA307
    return JsonResponse({"value": value, "field": field, "answer": answer, "ask": ask.__name__})


def confirm_purge_sync():
    return input("Really purge? ") == "y"  # ok: DJA307
