"""Periodic jobs, run by an asyncio scheduler loop next to the ASGI server."""
import asyncio

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from newsroom_app import repositories, services, utils
from newsroom_app.models import Article
from newsroom_app.slack import SlackNotifier


async def publish_scheduled():
    published = []
    async for article in Article.objects.drafts().filter(published_at__isnull=False):
        # ruleid: DJA501
        article.publish()
        published.append(article.pk)
    # ruleid: DJA501
    SlackNotifier().send_with_retry({"title": f"{len(published)} scheduled articles", "slug": ""})
    return published


async def rebuild_archive(slugs):
    for slug in slugs:
        await asyncio.to_thread(services.restore_from_archive, slug)  # ok: DJA501, DJA401
    total = await database_sync_to_async(repositories.count_by_author)(1)  # ok: DJA501, DJA401
    names = await sync_to_async(repositories.author_names)([1, 2])  # ok: DJA501, DJA401
    outline = utils.render_block({"text": "archive", "children": [{"text": s} for s in slugs]})  # ok: DJA501
    latest = await services.restore_in_thread(slugs[-1])  # ok: DJA501
    # ruleid: DJA501
    utils.append_audit_line(f"archive rebuilt: {len(slugs)} articles")
    return total, names, outline, latest


async def weekly_digest(author_ids):
    digests = []
    for author_id in author_ids:
        # ruleid: DJA501
        digests.append(services.digest_now(author_id))
    return digests


async def replay(notifier, store, payload):
    notifier.send(payload)  # ok: DJA501
    store.publish()  # ok: DJA501
    return payload


async def publish_too_early(pk):
    # The helper is called here, on the event loop, before sync_to_async ever sees it.
    # One finding per problem: DJA401 says so; the chain into the helper is not repeated.
    # ruleid: DJA401
    # ok: DJA501
    return await sync_to_async(services.publish_article(pk))()


async def scheduler(interval=60):
    while True:
        await publish_scheduled()  # ok: DJA501
        await asyncio.sleep(interval)
