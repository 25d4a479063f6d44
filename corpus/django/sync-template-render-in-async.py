# Rendering a template synchronously in async code (DJA214). Templates evaluate what
# their context holds: a QuerySet in the context is iterated by `{% for %}`, a model
# instance's relations are loaded by `{{ book.author.name }}`, and a request runs the
# context processors (the lazy `request.user`, the session, messages), all with sync
# queries on the event loop. `render(request, ...)` always passes the request, so it is
# always reported; `render_to_string()` and `Template.render()` are reported when the
# context holds a QuerySet or a model instance, or a request is passed. (With no settings
# in the scan the context processors are unknown; corpus/projects/stock_templates has
# Django's own only, where a plain context is a guess, low.)
# Fix: evaluate the data first (`[b async for b in qs]`, `await request.auser()`) and
# render plain values, wrap the render in `sync_to_async`, or return a TemplateResponse
# (Django renders it later, in a worker thread).
from asgiref.sync import sync_to_async
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.template.response import TemplateResponse


class Book(models.Model):
    title = models.CharField(max_length=200)
    is_published = models.BooleanField(default=False)


# ---------------------------------------------------------------- must fire


async def book_list(request):
    ctx = {"title": "Books"}
    # ruleid: DJA214
    return render(request, "t.html", ctx)


async def empty_page(request):
    return render(request, "t.html", {})  # ruleid: DJA214


async def book_fragment(request):
    # ruleid: DJA214
    html = render_to_string("t.html", {"books": Book.objects.all()})
    return HttpResponse(html)


async def published_fragment(request):
    qs = Book.objects.filter(is_published=True).order_by("title")
    # ruleid: DJA214
    html = render_to_string("t.html", {"books": qs, "heading": "Published"})
    return HttpResponse(html)


async def book_card(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA214
    html = render_to_string("t.html", {"book": book})
    return HttpResponse(html)


async def with_request(request):
    # ruleid: DJA214
    html = render_to_string("t.html", {"title": "x"}, request=request)
    return HttpResponse(html)


async def via_get_template(request):
    qs = Book.objects.filter(is_published=True)
    # ruleid: DJA214
    html = get_template("t.html").render({"books": qs})
    return HttpResponse(html)


async def via_get_template_instance(request, pk):
    book = await Book.objects.aget(pk=pk)
    # ruleid: DJA214
    html = get_template("t.html").render({"book": book, "n": 1})
    # ruleid: DJA214
    more = get_template("t.html").render({"title": "x"}, request=request)
    return HttpResponse(html + more)


# ---------------------------------------------------------------- near misses


async def template_response(request):
    qs = Book.objects.filter(is_published=True)
    return TemplateResponse(request, "t.html", {"books": qs})  # ok: DJA214


async def plain_values(request):
    html = render_to_string("t.html", {"title": "x", "n": 3})  # ok: DJA214
    page = get_template("t.html").render({"title": "x", "items": [1, 2, 3]})  # ok: DJA214
    return HttpResponse(html + page)


async def evaluated_first(request):
    qs = Book.objects.filter(is_published=True)
    html = render_to_string("t.html", {"titles": [b.title async for b in qs]})  # ok: DJA214
    book = await Book.objects.aget(pk=1)
    card = render_to_string("t.html", {"title": book.title, "pk": book.pk})  # ok: DJA214
    return HttpResponse(html + card)


async def wrapped_render(request):
    response = await sync_to_async(render)(request, "t.html", {})  # ok: DJA214
    qs = Book.objects.all()
    html = await sync_to_async(render_to_string)("t.html", {"books": qs})  # ok: DJA214
    response.content += html.encode()
    return response


def book_list_sync(request):
    qs = Book.objects.all()
    html = render_to_string("t.html", {"books": qs}, request=request)  # ok: DJA214
    page = get_template("t.html").render({"books": qs})  # ok: DJA214
    return render(request, "t.html", {"books": qs, "html": html, "page": page})  # ok: DJA214
