"""Slack flavour of the webhook notifier."""
from django.conf import settings

from .notifications import Notifier


class SlackNotifier(Notifier):
    def __init__(self, channel="newsroom"):
        super().__init__(endpoint=settings.SLACK_WEBHOOK_URL, timeout=3)
        self.channel = channel

    def send(self, payload):
        text = f"*{payload['title']}* is live: /news/{payload['slug']}/"
        return super().send({"channel": self.channel, "text": text})

    def preview(self, article):
        return f"[{self.channel}] {self.payload_for(article)['title']}"
