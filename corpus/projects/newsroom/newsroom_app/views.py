import asyncio
import json

from asgiref.sync import sync_to_async
from django.http import JsonResponse

import newsroom_app.utils as u

from . import repositories, services
from .base_views import ArticleBaseView
from .models import Article, Author, Tag
from .notifications import Notifier
from .services import publish_article as do_publish
from .slack import SlackNotifier


# ------------------------------------------------------------ sync view


def article_archive_sync(request, slug):
    text = services.restore_from_archive(slug)  # ok: DJA501
    article = repositories.get_article(int(request.GET["pk"]))  # ok: DJA501
    article.publish()  # ok: DJA501
    return JsonResponse({"text": text, "id": article.pk})


# ------------------------------------------------------------ async views


async def article_archive(request, slug):
    # view -> services.restore_from_archive -> repositories.archived_body -> utils.read_text_file -> open()
    # ruleid: DJA501
    text = services.restore_from_archive(slug)
    return JsonResponse({"slug": slug, "text": text})


async def article_archive_threaded(request, slug):
    text = await sync_to_async(services.restore_from_archive)(slug)  # ok: DJA501, DJA401
    raw = await asyncio.to_thread(u.read_text_file, u.archive_path(slug))  # ok: DJA501, DJA401
    return JsonResponse({"slug": slug, "text": text, "raw_length": len(raw)})


async def publish(request, pk):
    # ruleid: DJA501
    article = do_publish(pk)
    # ruleid: DJA501
    SlackNotifier().send({"title": article.title, "slug": article.slug})
    return JsonResponse({"id": article.pk, "status": article.status})


async def publish_in_place(request, pk):
    article = await Article.objects.select_related("author").aget(pk=pk)
    # ruleid: DJA501
    article.publish()
    byline = article.byline()  # ok: DJA501
    notifier = Notifier()  # ok: DJA501
    # ruleid: DJA501
    notifier.announce(article)
    slack = SlackNotifier("desk")  # ok: DJA501
    preview = slack.preview(article)  # ok: DJA501
    await services.bump_views(article.pk)  # ok: DJA501
    return JsonResponse({"byline": byline, "preview": preview})


async def create_draft(request):
    data = json.loads(request.body)
    author = await Author.objects.aget(pk=data["author"])
    # ruleid: DJA501
    draft = Article.create_draft(author, data["title"], data.get("body", ""))
    await draft.asave()  # ok: DJA102
    # ruleid: DJA501
    writer = u.ArchiveWriter(draft.slug)
    # ruleid: DJA501
    writer.write(draft.body)
    return JsonResponse({"id": draft.pk, "slug": draft.slug}, status=201)


async def article_detail(request, pk):
    article = await Article.objects.aget(pk=pk)
    summary = services.summarise(article)  # ok: DJA501
    # ruleid: DJA501
    tags = _tag_slugs(article.pk)
    # ruleid: DJA501
    thread = repositories.story_thread(article.pk)
    stats = await services.author_summary(article.author_id)  # ok: DJA501
    # ruleid: DJA101
    follow_ups = Article.objects.filter(previous=article).count()
    return JsonResponse({"summary": summary, "tags": tags, "thread": thread, "author": stats, "follow_ups": follow_ups})


async def tag_page(request, slug):
    qs = services.headlines_for_tag(slug)  # ok: DJA501
    rows = [{"title": a.title, "slug": a.slug} async for a in qs]  # ok: DJA103
    limit = _clamp(int(request.GET.get("limit", "20")))  # ok: DJA501
    return JsonResponse({"tag": slug, "rows": rows[:limit]})


async def author_page(request, pk):
    ids = [int(x) for x in request.GET.getlist("co")]
    # ruleid: DJA501
    names = repositories.author_names([pk] + ids)
    digest = await services.prepare_digest(pk)  # ok: DJA501
    outline = u.render_block({"text": "Authors", "children": [{"text": n} for n in names]})  # ok: DJA501
    return JsonResponse({"names": names, "digest": digest, "outline": outline})


async def article_byline(request, pk):
    article = await Article.objects.aget(pk=pk)
    # ruleid: DJA501
    name = repositories.byline(article)
    return JsonResponse({"byline": name})


async def article_author(request, pk):
    article = await Article.objects.aget(pk=pk)
    # ruleid: DJA105
    return JsonResponse({"author": article.author.name})


async def article_export(request, slug):
    def build():
        return services.restore_from_archive(slug)  # ok: DJA501

    text = await sync_to_async(build)()
    article = await sync_to_async(lambda: repositories.get_article(int(request.GET["pk"])))()  # ok: DJA501
    return JsonResponse({"slug": slug, "text": text, "id": article.pk})


# ------------------------------------------------------------ class-based views


class ArticleView(ArticleBaseView):
    async def get(self, request, pk):
        # ruleid: DJA501
        article = self.load_article(pk)
        data = self.serialize(article)  # ok: DJA501
        data["cache"] = self.cache_key(pk)  # ok: DJA501
        return JsonResponse(data)

    async def post(self, request, pk):
        data = json.loads(request.body)
        article = await Article.objects.aget(pk=pk)
        article.title = data.get("title", article.title)
        # ruleid: DJA102
        article.save(update_fields=["title"])
        # ruleid: DJA501
        ArticleBaseView.audit(f"edited article {pk}")
        return JsonResponse(self.serialize(article))  # ok: DJA501


class EditorArticleView(ArticleView):
    def load_article(self, pk):
        article = super().load_article(pk)
        article.body = article.body.strip()
        return article

    async def get(self, request, pk):
        # ruleid: DJA501
        article = self.load_article(pk)
        return JsonResponse({"article": self.serialize(article), "minutes": u.reading_minutes(article.body)})  # ok: DJA501

    async def post(self, request, pk):
        return await super().post(request, pk)  # ok: DJA501


# ------------------------------------------------------------ module helpers (defined after use)


def _tag_slugs(article_id):
    return sorted(Tag.objects.filter(articles__pk=article_id).values_list("slug", flat=True))


def _clamp(n, low=1, high=50):
    return max(low, min(high, n))
