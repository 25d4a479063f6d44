import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from catalog.models import Book, Review


class BookReviewConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.book_id = self.scope["url_route"]["kwargs"]["book_id"]
        self.group_name = f"book-{self.book_id}"
        # ruleid: DJA101
        if not Book.objects.filter(pk=self.book_id, published=True).exists():
            await self.close()
            return
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        payload = json.loads(text_data or "{}")
        stars = int(payload.get("stars", 0))  # ok: DJA101
        if not 1 <= stars <= 5:
            await self.send(text_data=json.dumps({"error": "stars must be between 1 and 5"}))
            return
        # ruleid: DJA101
        title = Book.objects.values_list("title", flat=True).get(pk=self.book_id)
        review = await self.store_review(payload.get("name", "anonymous"), stars, payload.get("body", ""))
        count = await database_sync_to_async(Review.objects.filter(book_id=self.book_id).count)()  # ok: DJA101, DJA401
        event = {"type": "review.posted", "id": review.pk, "title": title, "count": count}
        await self.channel_layer.group_send(self.group_name, event)

    async def review_posted(self, event):
        await self.send(text_data=json.dumps({"review": event["id"], "title": event["title"], "count": event["count"]}))

    @database_sync_to_async
    def store_review(self, name, stars, body):
        return Review.objects.create(book_id=self.book_id, author_name=name, stars=stars, body=body)  # ok: DJA101
