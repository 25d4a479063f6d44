"""Domain helpers shared by views and consumers."""
import asyncio

import requests
from django.conf import settings
from django.db.models import Avg

from catalog.models import Book, Review


def recompute_rating(book_id):
    """Sync helper: fine from sync code, but it blocks if an async view calls it directly."""
    avg = Review.objects.filter(book_id=book_id, approved=True).aggregate(avg=Avg("stars"))["avg"]
    Book.objects.filter(pk=book_id).update(rating=avg)  # ok: DJA101
    return avg


def fetch_cover_sync(isbn):
    resp = requests.get(f"{settings.COVER_SERVICE_URL}/{isbn}", timeout=5)  # ok: DJA302
    resp.raise_for_status()
    return resp.json().get("url", "")


async def fetch_cover(isbn):
    # ruleid: DJA302
    resp = requests.get(f"{settings.COVER_SERVICE_URL}/{isbn}", timeout=5)
    return resp.json().get("url", "")


async def fetch_cover_threaded(isbn):
    return await asyncio.to_thread(fetch_cover_sync, isbn)  # ok: DJA302, DJA401


async def restock(book_id, amount):
    book = await Book.objects.aget(pk=book_id)
    book.stock += amount
    # ruleid: DJA102
    book.save(update_fields=["stock"])
    return book.stock


async def pending_review_count(book_id):
    # ruleid: DJA101
    return Review.objects.filter(book_id=book_id, approved=False).count()


async def approve_reviews(book_id):
    pending = Review.objects.filter(book_id=book_id, approved=False)  # ok: DJA101
    updated = await pending.aupdate(approved=True)  # ok: DJA101
    return updated


async def low_stock_titles(threshold=3):
    qs = Book.objects.filter(stock__lt=threshold).only("title")
    return [b.title async for b in qs]  # ok: DJA103
