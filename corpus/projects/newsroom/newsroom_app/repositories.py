"""Sync data-access helpers. Each one is fine from sync code and from a worker thread."""
from newsroom_app import utils
from newsroom_app.models import Article, Author, Tag


def get_article(pk):
    return Article.objects.select_related("author").get(pk=pk)


def count_by_author(author_id):
    return Article.objects.filter(author_id=author_id).count()


def tag_slugs(article_id):
    return list(Tag.objects.filter(articles__pk=article_id).values_list("slug", flat=True))


def live_articles():
    """Lazy: builds a QuerySet, runs no query."""
    return Article.objects.live().select_related("author").order_by("-published_at")


def articles_by_tag(slug):
    """Lazy as well, built on another lazy helper."""
    return live_articles().filter(tags__slug=slug)


def archived_body(slug):
    """Reads the archived copy of an article; the file I/O happens in utils."""
    return utils.read_text_file(utils.archive_path(slug))


def story_thread(article_id, depth=0):
    """Ids of an article and every earlier instalment; recursive, one query per hop."""
    if article_id is None or depth > 20:
        return []
    previous_id = Article.objects.filter(pk=article_id).values_list("previous_id", flat=True).first()
    return [article_id] + story_thread(previous_id, depth + 1)


def author_names(ids):
    """Mutually recursive with author_names_tail; only the tail hits the database."""
    if not ids:
        return []
    return author_names_tail(ids)


def author_names_tail(ids):
    head = Author.objects.filter(pk=ids[0]).values_list("name", flat=True).first()
    return [head] + author_names(ids[1:])


def byline(article):
    """Reads a relation (a query unless the caller fetched it: medium confidence) and, for
    unsigned pieces, runs a query for certain: chains show the certain route."""
    if article.author_id is None:
        return default_byline()
    return article.author.name


def default_byline():
    return Author.objects.order_by("pk").values_list("name", flat=True).first()
