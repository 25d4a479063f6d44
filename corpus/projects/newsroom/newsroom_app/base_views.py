"""Shared plumbing for the article views."""
from django.http import Http404
from django.views import View

from . import utils
from .models import Article


class ArticleBaseView(View):
    http_method_names = ["get", "post"]

    def load_article(self, pk):
        try:
            return Article.objects.select_related("author").get(pk=pk)
        except Article.DoesNotExist:
            raise Http404("No such article")

    def serialize(self, article):
        return {"id": article.pk, "title": article.title, "slug": article.slug, "status": article.status}

    @classmethod
    def cache_key(cls, pk):
        return f"{cls.__name__.lower()}:{pk}"

    @staticmethod
    def audit(line):
        utils.append_audit_line(line)
