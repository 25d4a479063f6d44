# Synchronous SDK and network clients (DJA309) in async views, found by the SDK data table
# (analyzer/rules/sdk.c): a client is followed through its namespaces, module variables,
# instance attributes and the calls that return the same client.
import socket
import sqlite3

import boto3
import docker
import pymongo
import stripe
from anthropic import Anthropic
from django.http import JsonResponse
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Search
from langchain_openai import ChatOpenAI
from openai import AsyncOpenAI, OpenAI
from slack_sdk import WebClient

client = OpenAI()
aclient = AsyncOpenAI()
s3 = boto3.client("s3")
es = Elasticsearch("http://search:9200")
mongo = pymongo.MongoClient("mongodb://db")
llm = ChatOpenAI(model="gpt-4o")


async def answer(request):
    # ruleid: DJA309
    reply = client.chat.completions.create(model="gpt-4o", messages=[])
    # ok: DJA309
    areply = await aclient.chat.completions.create(model="gpt-4o", messages=[])
    # ok: DJA309
    fast = client.with_options(timeout=5)
    # ruleid: DJA309
    fast.embeddings.create(model="text-embedding-3-small", input="x")
    key = client.api_key  # ok: DJA309
    return JsonResponse({"a": reply.choices[0].message.content, "b": areply.id, "k": bool(key)})


async def upload(request):
    # ruleid: DJA309
    s3.put_object(Bucket="media", Key="a.txt", Body=b"x")
    # ok: DJA309
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "media", "Key": "a.txt"})
    # ok: DJA309
    paginator = s3.get_paginator("list_objects_v2")
    return JsonResponse({"url": url, "p": str(paginator)})


async def charge(request):
    # ruleid: DJA309
    customer = stripe.Customer.create(email=request.POST["email"])
    # ok: DJA309
    later = await stripe.Customer.create_async(email=request.POST["email"])
    # ok: DJA309
    event = stripe.Webhook.construct_event(request.body, request.headers["Stripe-Signature"], "whsec")
    return JsonResponse({"id": customer.id, "later": later.id, "event": event.type})


async def search(request):
    # ruleid: DJA309
    hits = es.search(index="books", query={"match": {"title": request.GET["q"]}})
    s = Search(index="books").filter("term", lang="en")  # ok: DJA309
    s = s.query("match", title=request.GET["q"])  # ok: DJA309
    # ruleid: DJA309
    response = s.execute()
    return JsonResponse({"hits": hits["hits"]["total"], "n": len(response)})


async def orders(request):
    # ruleid: DJA309
    row = mongo["shop"]["orders"].find_one({"_id": request.GET["id"]})
    collection = mongo.get_database("shop").get_collection("orders")  # ok: DJA309
    # ruleid: DJA309
    count = collection.count_documents({})
    return JsonResponse({"row": str(row), "count": count})


class Notifier:
    def __init__(self):
        self.slack = WebClient(token="xoxb")
        self.claude = Anthropic()

    async def post(self, text):
        # ruleid: DJA309
        self.slack.chat_postMessage(channel="#ops", text=text)
        # ruleid: DJA309
        self.claude.messages.create(model="claude", max_tokens=10, messages=[])


async def summarize(request):
    # ruleid: DJA309
    text = llm.invoke("Summarize: " + request.POST["body"])
    # ok: DJA309
    atext = await llm.ainvoke("Summarize: " + request.POST["body"])
    structured = llm.with_structured_output(dict)  # ok: DJA309
    # ruleid: DJA309
    structured.invoke("again")
    return JsonResponse({"text": text.content, "a": atext.content})


async def containers(request):
    dk = docker.from_env()
    # ruleid: DJA309
    box = dk.containers.get(request.GET["id"])
    # ruleid: DJA309
    box.stop()
    status = box.status  # ok: DJA309
    return JsonResponse({"status": status})


async def raw_sql(request):
    # ruleid: DJA309
    conn = sqlite3.connect("local.db")
    cur = conn.cursor()  # ok: DJA309
    # ruleid: DJA309
    cur.execute("select 1")
    # ruleid: DJA309
    rows = cur.fetchall()
    return JsonResponse({"rows": rows})


async def raw_postgres(request):
    import psycopg2

    # ruleid: DJA309
    conn = psycopg2.connect("dbname=shop")
    cur = conn.cursor()  # ok: DJA309
    # ruleid: DJA309
    cur.execute("select id from item")
    # ok: DJA309 (a client-side cursor: execute() brought every row)
    rows = cur.fetchall()
    # ok: DJA309
    first = cur.fetchone()
    # ruleid: DJA309
    conn.commit()
    return JsonResponse({"rows": rows, "first": first})


async def probe(request):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(2)  # ok: DJA309
    # ruleid: DJA309
    open_port = sock.connect_ex(("db", 5432)) == 0
    sock.close()  # ok: DJA309
    return JsonResponse({"open": open_port})


def sync_report():
    # ok: DJA309
    return client.chat.completions.create(model="gpt-4o", messages=[])


async def wrapped(request):
    import asyncio

    # ok: DJA309
    reply = await asyncio.to_thread(client.chat.completions.create, model="gpt-4o", messages=[])
    return JsonResponse({"a": reply.id})


class LocalRecord:
    def invoke(self, text):
        return text


async def not_a_client(request):
    record = LocalRecord()
    # ok: DJA309
    record.invoke("x")
    data = {"client": None}
    # ok: DJA309
    data.get("client")
    return JsonResponse({})


async def rebound(request, fast: bool):
    chat = OpenAI() if not fast else AsyncOpenAI()
    # ok: DJA309
    return await chat.chat.completions.create(model="gpt-4o", messages=[])


class CosStorage:
    """Tencent COS through an instance attribute set in __init__."""

    def __init__(self):
        from qcloud_cos import CosConfig, CosS3Client

        self.client = CosS3Client(CosConfig(Region="ap-guangzhou"))

    async def upload(self, key, body):
        # ruleid: DJA309
        self.client.put_object(Bucket="media", Key=key, Body=body)
        # ok: DJA309 (signing a URL is local)
        return self.client.get_presigned_url(Bucket="media", Key=key, Method="GET")


async def credentials(request):
    from sts.sts import Sts

    # ruleid: DJA309
    return JsonResponse(Sts({"duration_seconds": 1800}).get_credential())
