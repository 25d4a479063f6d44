# No async code here: this file is summarized shallowly until a return type is asked of it.
import redis

from .models import Book


def conn():
    return redis.Redis(host="cache")


def typed_conn() -> redis.Redis:
    return make_client()


def books():
    return Book.objects.filter(title__startswith="A")


def titles():
    return ["a", "b"]
