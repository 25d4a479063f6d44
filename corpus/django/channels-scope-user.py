# scope["user"] in async Channels consumers (DJA209): AuthMiddlewareStack puts a lazy
# user object in the scope; reading an attribute of it or truth-testing it loads the
# session and the user row synchronously. Only methods of classes deriving from
# AsyncWebsocketConsumer, AsyncJsonWebsocketConsumer or AsyncConsumer count. Binding it
# to a name reads nothing; the reads through that name do. Load it in a worker thread
# (`await database_sync_to_async(...)`) instead.
import json

from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async
from channels.generic.websocket import (
    AsyncJsonWebsocketConsumer,
    AsyncWebsocketConsumer,
    WebsocketConsumer,
)


# ---------------------------------------------------------------- must fire


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        # ruleid: DJA209
        if not self.scope["user"].is_authenticated:
            await self.close()
            return
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        # ruleid: DJA209
        name = self.scope["user"].username
        await self.send(text_data=json.dumps({"from": name, "text": text_data}))


class PresenceConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        # ruleid: DJA209
        if self.scope["user"]:
            await self.accept()
        else:
            await self.close()

    async def receive_json(self, content, **kwargs):
        user = self.scope["user"]  # ok: DJA209
        # ruleid: DJA209
        if user.is_authenticated:
            await self.send_json({"online": True, "room": content.get("room")})


class EventsConsumer(AsyncConsumer):
    async def websocket_connect(self, event):
        # ruleid: DJA209
        uid = self.scope["user"].pk
        await self.send({"type": "websocket.accept"})
        await self.send({"type": "websocket.send", "text": str(uid)})


# ---------------------------------------------------------------- near misses


class RoomConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        path = self.scope["path"]  # ok: DJA209
        room = self.scope["url_route"]["kwargs"]["room"]  # ok: DJA209
        user = self.scope["user"]  # ok: DJA209
        self.room_group = "room-%s" % room
        await self.channel_layer.group_add(self.room_group, self.channel_name)
        await self.accept()
        await self.send(text_data=json.dumps({"path": path}))
        self.user = user

    async def receive(self, text_data=None, bytes_data=None):
        authenticated = await database_sync_to_async(lambda: self.scope["user"].is_authenticated)()  # ok: DJA209
        await self.send(text_data=json.dumps({"auth": authenticated}))


class SyncChatConsumer(WebsocketConsumer):
    def connect(self):
        if not self.scope["user"].is_authenticated:  # ok: DJA209
            self.close()
            return
        self.accept()

    def receive(self, text_data=None, bytes_data=None):
        self.send(text_data=json.dumps({"from": self.scope["user"].username}))  # ok: DJA209


class ScopeReport:
    """Not a consumer: a plain class that happens to hold a scope dict."""

    def __init__(self, scope):
        self.scope = scope

    async def render(self):
        return {"user": self.scope["user"].username}  # ok: DJA209
