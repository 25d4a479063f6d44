import json

from asgiref.sync import sync_to_async
from django.http import Http404, JsonResponse
from django.views import View

from catalog.models import Review

from . import services
from .models import Author, Book, Tag


# ------------------------------------------------------------ sync views


def book_list(request):
    books = Book.objects.published().select_related("author")
    data = [{"id": b.pk, "title": b.title, "author": b.author.name} for b in books]  # ok: DJA103
    return JsonResponse({"books": data, "count": len(books)})  # ok: DJA104


def author_detail(request, pk):
    author = Author.objects.get(pk=pk)  # ok: DJA101
    author.bio = author.bio.strip()
    author.save()  # ok: DJA102
    return JsonResponse({"name": author.name, "books": Book.objects.filter(author=author).count()})  # ok: DJA101


# ------------------------------------------------------------ async views


async def book_detail(request, pk):
    # ruleid: DJA101
    book = Book.objects.select_related("author").get(pk=pk)
    tags = [t.slug async for t in Tag.objects.filter(books=book)]  # ok: DJA103
    return JsonResponse({"id": book.pk, "title": book.title, "author": book.author.name, "tags": tags})


async def book_detail_async(request, pk):
    try:
        book = await Book.objects.select_related("author", "publisher").aget(pk=pk)  # ok: DJA101
    except Book.DoesNotExist:
        raise Http404("No such book")
    tags = [t.slug async for t in Tag.objects.filter(books=book)]  # ok: DJA103
    n_reviews = await Review.objects.filter(book=book, approved=True).acount()  # ok: DJA101
    return JsonResponse({"id": book.pk, "title": book.title, "tags": tags, "reviews": n_reviews})


async def catalogue_stats(request):
    # ruleid: DJA101
    in_stock = Book.objects.published().in_stock().count()
    # ruleid: DJA101
    pending = Review.objects.filter(approved=False).count()
    authors = Author.objects.order_by("name")
    names = []
    # ruleid: DJA104
    if authors:
        names = [a.name async for a in authors]
    return JsonResponse({"in_stock": in_stock, "pending": pending, "authors": names})


async def search(request):
    q = request.GET.get("q", "")  # ok: DJA101
    qs = Book.objects.filter(published=True, title__icontains=q)[:20]  # ok: DJA104
    # ruleid: DJA103
    results = [{"id": b.pk, "title": b.title} for b in qs]
    return JsonResponse({"q": q, "results": results})


async def submit_review(request, pk):
    data = json.loads(request.body)
    book = await Book.objects.aget(pk=pk)
    review = Review(book=book, author_name=data.get("name", "anonymous"), stars=int(data["stars"]))  # ok: DJA101
    # ruleid: DJA102
    review.save()
    # ruleid: DJA501
    services.recompute_rating(book.pk)
    pending = await services.pending_review_count(book.pk)
    return JsonResponse({"id": review.pk, "pending": pending}, status=201)


async def refresh_cover(request, pk):
    book = await Book.objects.aget(pk=pk)
    book.cover_url = await services.fetch_cover_threaded(book.isbn)
    await book.asave(update_fields=["cover_url"])  # ok: DJA102
    await sync_to_async(services.recompute_rating)(book.pk)  # ok: DJA401
    stock = await services.restock(book.pk, int(request.GET.get("add", "0")))
    return JsonResponse({"cover": book.cover_url, "stock": stock})


class AuthorBooksView(View):
    async def get(self, request, pk):
        author = await Author.objects.aget(pk=pk)  # ok: DJA101
        books = Book.objects.filter(author=author).order_by("-created")
        titles = [b.title async for b in books]  # ok: DJA103
        # ruleid: DJA101
        review_count = Review.objects.filter(book__author=author).count()
        # ok: DJA104 (the async comprehension above filled the QuerySet's cache)
        newest = books[0]
        return JsonResponse({"author": author.name, "titles": titles, "reviews": review_count, "newest": newest.pk})
