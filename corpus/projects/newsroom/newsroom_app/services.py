"""Domain services used by views, consumers and tasks."""
import asyncio

from asgiref.sync import sync_to_async
from django.db.models import F

from . import repositories, utils
from .models import Article, Author


def publish_article(article_id):
    article = repositories.get_article(article_id)
    article.publish()
    return article


def restore_from_archive(slug):
    body = repositories.archived_body(slug)
    return utils.normalise_whitespace(body)


def headlines_for_tag(slug):
    """Only lazy QuerySet building, through two lazy repository helpers."""
    return repositories.articles_by_tag(slug).only("title", "slug")


def summarise(article):
    return {"title": article.title, "minutes": utils.reading_minutes(article.body)}


def restore_in_thread(slug):
    """Sync, but only hands restore_from_archive to a thread: returns an awaitable, blocks nothing."""
    return asyncio.to_thread(restore_from_archive, slug)


def digest_now(author_id):
    """For management commands: runs the async digest on a fresh event loop."""
    return asyncio.run(prepare_digest(author_id))


@sync_to_async
def bump_views(article_id):
    return Article.objects.filter(pk=article_id).update(views=F("views") + 1)


async def author_summary(author_id):
    author = await Author.objects.aget(pk=author_id)
    # ruleid: DJA101
    total = Article.objects.filter(author=author).count()
    return {"name": author.name, "articles": total}


async def prepare_digest(author_id):
    latest = [a.title async for a in repositories.live_articles().filter(author_id=author_id)]  # ok: DJA501, DJA103
    # ruleid: DJA501
    total = repositories.count_by_author(author_id)
    return {"latest": latest, "total": total}
