import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from . import repositories
from .models import Article
from .notifications import broadcast_sync


class LiveBlogConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.article_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.group_name = f"liveblog-{self.article_id}"
        # ruleid: DJA501
        if not self.article_is_live():
            await self.close()
            return
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        entry = self.clean_entry(json.loads(text_data or "{}"))  # ok: DJA501
        size = await self.store_entry(entry)  # ok: DJA501
        # ruleid: DJA101
        title = Article.objects.values_list("title", flat=True).get(pk=self.article_id)
        # ruleid: DJA501
        broadcast_sync(self.group_name, {"type": "entry.posted", "entry": entry, "title": title, "size": size})

    async def entry_posted(self, event):
        await self.send(text_data=json.dumps({"entry": event["entry"], "title": event["title"]}))  # ok: DJA501

    def article_is_live(self):
        return Article.objects.live().filter(pk=self.article_id).exists()

    def clean_entry(self, data):
        return {"text": str(data.get("text", "")).strip()[:500], "kind": data.get("kind", "update")}

    @database_sync_to_async
    def store_entry(self, entry):
        article = repositories.get_article(self.article_id)
        article.body = f"{article.body}\n{entry['text']}"
        article.save(update_fields=["body"])
        return len(article.body)
