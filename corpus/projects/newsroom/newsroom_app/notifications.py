"""Outgoing notifications over plain (sync) HTTP webhooks."""
import time

import requests
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings


class Notifier:
    def __init__(self, endpoint=None, timeout=5):
        self.endpoint = endpoint or settings.NEWSROOM_WEBHOOK_URL
        self.timeout = timeout

    def payload_for(self, article):
        return {"title": article.title, "slug": article.slug}

    def send(self, payload):
        resp = requests.post(self.endpoint, json=payload, timeout=self.timeout)
        resp.raise_for_status()
        return resp.status_code

    def announce(self, article):
        return self.send(self.payload_for(article))

    def send_with_retry(self, payload, attempts=3):
        for attempt in range(attempts):
            try:
                return self.send(payload)
            except requests.RequestException:
                time.sleep(2**attempt)
        return None


def broadcast_sync(group, event):
    """Bridge for sync callers (signals, management commands)."""
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, event)
