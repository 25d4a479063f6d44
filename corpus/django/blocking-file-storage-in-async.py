# Django's file storage API is synchronous (DJA215): `default_storage` and the files of
# FileField / ImageField instances read, write, stat and list through the storage
# backend (a local disk, or a network service such as S3) on the calling thread. No
# Django version has async twins: run the work with `await sync_to_async(...)` or
# `asyncio.to_thread(...)`. Reading a field file's `name` or `url` does no I/O.
from asgiref.sync import sync_to_async
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import JsonResponse


class Doc(models.Model):
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="docs")


class Photo(models.Model):
    caption = models.CharField(max_length=200)
    image = models.ImageField(upload_to="photos")


# ---------------------------------------------------------------- must fire


async def upload(request):
    name = "docs/report.txt"
    content = ContentFile(b"hello")
    # ruleid: DJA215
    saved = default_storage.save(name, content)
    # ruleid: DJA215
    if default_storage.exists(saved):
        # ruleid: DJA215
        size = default_storage.size(saved)
        return JsonResponse({"name": saved, "size": size})
    return JsonResponse({"name": saved})


async def download(request, name):
    # ruleid: DJA215
    fh = default_storage.open(name)
    data = fh.read()
    return JsonResponse({"length": len(data)})


async def cleanup(request, name):
    # ruleid: DJA215
    default_storage.delete(name)
    # ruleid: DJA215
    dirs, files = default_storage.listdir("docs")
    return JsonResponse({"dirs": dirs, "files": files})


async def doc_contents(request, pk):
    doc = await Doc.objects.aget(pk=pk)
    # ruleid: DJA215
    doc.file.open()
    # ruleid: DJA215
    data = doc.file.read()
    size = doc.file.size  # ruleid: DJA215
    return JsonResponse({"length": len(data), "size": size})


async def replace_doc(request, pk):
    doc = await Doc.objects.aget(pk=pk)
    # ruleid: DJA215
    doc.file.delete()
    # ruleid: DJA215
    doc.file.save("x.txt", ContentFile(b"new"))
    return JsonResponse({"name": doc.file.name})


async def photo_bytes(request, pk):
    photo = await Photo.objects.aget(pk=pk)
    # ruleid: DJA215
    photo.image.open("rb")
    # ruleid: DJA215
    data = photo.image.read()
    return JsonResponse({"length": len(data)})


# ---------------------------------------------------------------- near misses


async def doc_links(request, pk):
    doc = await Doc.objects.aget(pk=pk)
    name = doc.file.name  # ok: DJA215
    url = doc.file.url  # ok: DJA215
    public = default_storage.url("docs/report.txt")  # ok: DJA215
    return JsonResponse({"name": name, "url": url, "public": public})


async def upload_wrapped(request):
    name = "docs/report.txt"
    content = ContentFile(b"hello")
    saved = await sync_to_async(default_storage.save)(name, content)  # ok: DJA215
    exists = await sync_to_async(default_storage.exists)(saved)  # ok: DJA215
    doc = await Doc.objects.aget(pk=1)
    data = await sync_to_async(lambda: doc.file.read())()  # ok: DJA215
    return JsonResponse({"name": saved, "exists": exists, "length": len(data)})


async def in_memory(request, pk):
    content = ContentFile(b"hello")
    length = content.size  # ok: DJA215
    doc = await Doc.objects.aget(pk=pk)
    title = doc.title.strip()  # ok: DJA215
    data = {"path": "docs/a.txt"}
    path = data.get("path")  # ok: DJA215
    return JsonResponse({"length": length, "title": title, "path": path})


def upload_sync(request, pk):
    saved = default_storage.save("docs/report.txt", ContentFile(b"hello"))  # ok: DJA215
    doc = Doc.objects.get(pk=pk)
    data = doc.file.read()  # ok: DJA215
    size = doc.file.size  # ok: DJA215
    doc.file.delete()  # ok: DJA215
    return JsonResponse({"name": saved, "length": len(data), "size": size})
