import sqlite3

from django.http import JsonResponse
from openai import OpenAI

from .clients import Storage, get_s3, odoo, openai_client


async def ask(request):
    # ruleid: DJA309
    reply = openai_client.responses.create(model="gpt-4o", input=request.POST["q"])
    return JsonResponse({"text": reply.output_text})


async def annotated(request, client: OpenAI):
    # ruleid: DJA309
    client.moderations.create(input=request.POST["q"])
    return JsonResponse({})


async def listing(request):
    s3 = get_s3()
    # ruleid: DJA309
    page = s3.list_objects_v2(Bucket="media")
    return JsonResponse({"n": page["KeyCount"]})


async def partners(request):
    # ruleid: DJA309
    rows = odoo().execute_kw("db", 2, "pw", "res.partner", "search_read", [[]])
    return JsonResponse({"rows": rows})


async def save_file(request):
    storage = Storage("media")
    # ruleid: DJA501
    storage.put("a.txt", request.body)
    return JsonResponse({})


async def report(request):
    with sqlite3.connect("local.db") as conn:  # ruleid: DJA309
        # ruleid: DJA309
        conn.execute("select 1")
    return JsonResponse({})


async def cursor_report(request):
    conn = sqlite3.connect(":memory:")  # ruleid: DJA309
    with conn.cursor() as cur:  # ok: DJA309
        # ruleid: DJA309
        cur.execute("select 1")
        # ruleid: DJA309
        return JsonResponse({"rows": cur.fetchall()})


class Elasticsearch:
    """A project class that shares an SDK's name: its methods are the project's."""

    def search(self, q):
        return [q]


async def local_search(request):
    es = Elasticsearch()
    # ok: DJA309
    return JsonResponse({"hits": es.search(request.GET["q"])})
