# scope["user"] in async Channels consumers. Channels' AuthMiddleware (AuthMiddlewareStack)
# resolves the user before the consumer runs (`scope["user"]._wrapped = await get_user(scope)`),
# so reading it or its fields does not touch the database: no DJA209. The user is a loaded
# model instance, like the result of `await request.auser()`: saving it or asking for its
# permissions still queries synchronously. Only methods of classes deriving from
# AsyncWebsocketConsumer, AsyncJsonWebsocketConsumer or AsyncConsumer count.
import json

from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async
from channels.generic.websocket import (
    AsyncJsonWebsocketConsumer,
    AsyncWebsocketConsumer,
    WebsocketConsumer,
)


# ---------------------------------------------------------------- must fire


class ProfileConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        # ruleid: DJA211
        if not self.scope["user"].has_perm("chat.join_room"):
            await self.close()
            return
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        user = self.scope["user"]
        user.first_name = text_data
        # ruleid: DJA102
        user.save(update_fields=["first_name"])


class CartConsumer(AsyncJsonWebsocketConsumer):
    # scope["session"] (SessionMiddleware) is a Django SessionStore: AuthMiddleware read it in
    # a thread, so reads are memory, but writing it back goes to the session backend.
    async def receive_json(self, content):
        session = self.scope["session"]
        session["cart"] = content["items"]  # ok: DJA210
        count = len(session.get("cart", []))  # ok: DJA210
        if "coupon" in self.scope["session"]:  # ok: DJA210
            count += 1
        # ruleid: DJA210
        session.save()
        await self.send_json({"count": count})

    async def disconnect(self, code):
        # ruleid: DJA210
        self.scope["session"].flush()

    async def websocket_logout(self, event):
        await database_sync_to_async(self.scope["session"].save)()  # ok: DJA210
        await self.scope["session"].asave()  # ok: DJA210


# ---------------------------------------------------------------- near misses


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        if not self.scope["user"].is_authenticated:  # ok: DJA209
            await self.close()
            return
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        name = self.scope["user"].username  # ok: DJA209
        await self.send(text_data=json.dumps({"from": name, "text": text_data}))


class PresenceConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        if self.scope["user"]:  # ok: DJA209
            await self.accept()
        else:
            await self.close()

    async def receive_json(self, content, **kwargs):
        user = self.scope["user"]  # ok: DJA209
        if user.is_authenticated:  # ok: DJA209
            await self.send_json({"online": True, "room": content.get("room")})
        await user.asave()  # ok: DJA102


class EventsConsumer(AsyncConsumer):
    async def websocket_connect(self, event):
        uid = self.scope["user"].pk  # ok: DJA209
        await self.send({"type": "websocket.accept"})
        await self.send({"type": "websocket.send", "text": str(uid)})



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
