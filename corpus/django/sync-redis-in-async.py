# Sync redis-py clients in async code (DJA207): every command of a client made
# by redis.Redis(...), redis.StrictRedis(...), redis.Redis.from_url(...) or
# redis.from_url(...) is a blocking socket round trip. Django has no twin: use
# redis.asyncio. Near misses: redis.asyncio clients, plain dicts, sync views.
import redis
import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.http import JsonResponse
from redis.asyncio import Redis as AsyncRedis

redis_client = redis.Redis(host="localhost", port=6379, db=0)
strict_client = redis.StrictRedis(host="localhost", port=6379, db=1)
async_client = aioredis.Redis(host="localhost", port=6379, db=0)


# ---------------------------------------------------------------- must fire


async def page_views(request, slug):
    # ruleid: DJA207
    views = redis_client.incr(f"views:{slug}")
    # ruleid: DJA207
    redis_client.expire(f"views:{slug}", 3600)
    # ruleid: DJA207
    last = strict_client.get(f"last:{slug}")
    # ruleid: DJA207
    strict_client.set(f"last:{slug}", request.path)
    return JsonResponse({"views": views, "last": last})


async def profile(request, user_id):
    r = redis.Redis.from_url("redis://localhost:6379/2")
    # ruleid: DJA207
    r.hset(f"user:{user_id}", "seen", 1)
    # ruleid: DJA207
    name = r.hget(f"user:{user_id}", "name")
    # ruleid: DJA207
    if r.exists(f"ban:{user_id}"):
        return JsonResponse({"banned": True}, status=403)
    return JsonResponse({"name": name})


async def queue_job(request, job_id):
    r = redis.from_url("redis://localhost:6379/3")
    # ruleid: DJA207
    r.lpush("jobs", job_id)
    # ruleid: DJA207
    nxt = r.rpop("jobs:done")
    # ruleid: DJA207
    r.publish("jobs", job_id)
    # ruleid: DJA207
    stale = r.keys("jobs:tmp:*")
    # ruleid: DJA207
    r.delete(*stale)
    # ruleid: DJA207
    r.pipeline().incr("jobs:count").expire("jobs:count", 60).execute()
    return JsonResponse({"next": nxt})


async def local_client(request):
    client = redis.StrictRedis(host="cache", port=6379)
    # ruleid: DJA207
    value = client.get("motd")
    return JsonResponse({"motd": value})


# ---------------------------------------------------------------- near misses


async def page_views_async(request, slug):
    r = redis.asyncio.Redis(host="localhost", port=6379)
    views = await r.incr(f"views:{slug}")  # ok: DJA207
    last = await r.get(f"last:{slug}")  # ok: DJA207
    await async_client.set(f"last:{slug}", request.path)  # ok: DJA207
    return JsonResponse({"views": views, "last": last})


async def profile_async(request, user_id):
    r = AsyncRedis.from_url("redis://localhost:6379/2")
    name = await r.hget(f"user:{user_id}", "name")  # ok: DJA207
    a = aioredis.from_url("redis://localhost:6379/3")
    await a.lpush("jobs", user_id)  # ok: DJA207
    await a.publish("jobs", user_id)  # ok: DJA207
    return JsonResponse({"name": name})


async def plain_dict(request, key):
    r = {"motd": "hello"}
    value = r.get(key)  # ok: DJA207
    keys = r.keys()  # ok: DJA207
    return JsonResponse({"value": value, "keys": list(keys)})


async def wrapped(request, key):
    value = await sync_to_async(redis_client.get)(key)  # ok: DJA207

    def warm():
        redis_client.set(key, "x")  # ok: DJA207

    await sync_to_async(warm)()
    return JsonResponse({"value": value})


def page_views_sync(request, slug):
    views = redis_client.incr(f"views:{slug}")  # ok: DJA207
    r = redis.from_url("redis://localhost:6379/3")
    r.lpush("jobs", slug)  # ok: DJA207
    return JsonResponse({"views": views})


async def raw_connection(request):
    from django_redis import get_redis_connection

    conn = get_redis_connection("default")
    # ruleid: DJA207 (django-redis gives the raw sync client)
    return JsonResponse({"n": conn.incr("hits")})
