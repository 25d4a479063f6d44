# Blocking file-system access (DJA303) from async views.
import asyncio
import io
import os
import shutil
from pathlib import Path, PurePath

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse


async def read_report(request, name):
    path = os.path.join(settings.MEDIA_ROOT, "reports", name)  # ok: DJA303
    # ruleid: DJA303
    if not os.path.exists(path):
        return JsonResponse({"error": "missing"}, status=404)
    # ruleid: DJA303
    with open(path, encoding="utf-8") as fh:
        # ruleid: DJA303 (reading the file object)
        text = fh.read()
    # ruleid: DJA303
    size = os.path.getsize(path)
    return JsonResponse({"text": text, "size": size})


async def upload_avatar(request):
    upload = request.FILES["avatar"]
    base = os.path.basename(upload.name)  # ok: DJA303
    stem, ext = os.path.splitext(base)  # ok: DJA303
    target_dir = os.path.join(settings.MEDIA_ROOT, "avatars")
    # ruleid: DJA303
    os.makedirs(target_dir, exist_ok=True)
    # ruleid: DJA303
    dest = io.open(os.path.join(target_dir, stem + ext), "wb")
    for chunk in upload.chunks():
        # ruleid: DJA303
        dest.write(chunk)
    # ruleid: DJA303
    dest.close()
    return JsonResponse({"stored": stem + ext})


async def rotate_logs(request):
    log_dir = Path(settings.BASE_DIR, "logs")
    # ruleid: DJA303
    log_dir.mkdir(parents=True, exist_ok=True)
    current = Path(settings.BASE_DIR, "logs", "app.log")
    # ruleid: DJA303
    if current.exists():
        # ruleid: DJA303
        current.rename(Path(settings.BASE_DIR, "logs", "app.log.1"))
    rotated = []
    # ruleid: DJA303
    for old in log_dir.glob("*.log.*"):
        rotated.append(old.name)
    stale = Path(settings.BASE_DIR, "logs", "app.log.9")
    # ruleid: DJA303
    stale.unlink(missing_ok=True)
    marker = Path(settings.BASE_DIR, "logs", "ROTATED")
    # ruleid: DJA303
    marker.write_text("ok")
    # ruleid: DJA303
    version = Path(settings.BASE_DIR, "VERSION").read_text().strip()
    return JsonResponse({"version": version, "rotated": rotated})


async def housekeeping(request):
    tmp = os.path.join(settings.MEDIA_ROOT, "tmp")
    # ruleid: DJA303
    names = os.listdir(tmp)
    # ruleid: DJA303
    info = os.stat(tmp)
    # ruleid: DJA303
    shutil.copy(os.path.join(tmp, "a.csv"), os.path.join(tmp, "b.csv"))
    # ruleid: DJA303
    shutil.move(os.path.join(tmp, "b.csv"), settings.MEDIA_ROOT)
    # ruleid: DJA303
    shutil.rmtree(os.path.join(tmp, "old"), ignore_errors=True)
    # ruleid: DJA303
    os.remove(os.path.join(tmp, "a.csv"))
    # ruleid: DJA303
    is_file = os.path.isfile(os.path.join(tmp, "keep"))
    return JsonResponse({"names": names, "mtime": info.st_mtime, "keep": is_file})


async def correct_file_io(request, path):
    name = request.GET.get("name", "report.txt")
    pure = PurePath("reports", name)  # ok: DJA303
    renamed = pure.with_suffix(".bak")  # ok: DJA303
    full = os.path.join(settings.MEDIA_ROOT, str(renamed))  # ok: DJA303
    exists = await asyncio.to_thread(os.path.exists, full)  # ok: DJA303
    fh = await asyncio.to_thread(open, full)  # ok: DJA303
    await sync_to_async(shutil.copy)(full, full + ".copy")  # ok: DJA303
    there = path.exists()  # ok: DJA303
    suffix = Path(name).suffix  # ok: DJA303
    reader = lambda: open(full).read()  # ok: DJA303
    # ruleid: DJA303 (the file object opened in a thread: close() still blocks)
    fh.close()
    return JsonResponse({"exists": exists, "there": there, "suffix": suffix, "r": reader.__name__})


def sync_read_report(request, name):
    path = os.path.join(settings.MEDIA_ROOT, "reports", name)
    if os.path.exists(path):  # ok: DJA303
        with open(path) as fh:  # ok: DJA303
            return JsonResponse({"text": fh.read()})
    return JsonResponse({"error": "missing"}, status=404)


async def nested_sync_writer(request):
    def write_it(data):
        Path(settings.BASE_DIR, "dump.bin").write_bytes(data)  # ok: DJA303

    await sync_to_async(write_it)(request.body)
    return JsonResponse({"ok": True})


async def derived_paths(request):
    base = Path(settings.BASE_DIR)
    # ruleid: DJA303 (a path joined with / is a path)
    text = (base / "reports" / "today.txt").read_text()
    # ruleid: DJA303 (the parent of a path is a path)
    there = base.parent.exists()
    # ok: DJA303 (joining does no I/O)
    target = base / "out"
    # ruleid: DJA303
    target.with_suffix(".bak").unlink()
    return JsonResponse({"t": text, "e": there})
