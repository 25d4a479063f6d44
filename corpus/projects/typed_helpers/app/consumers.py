import httpx

from .clients import Api


class Feed:
    def __init__(self, client: httpx.Client):
        self.api = Api("t")
        self.client = client
        self.label = "feed"

    async def receive(self, text):
        # ruleid: DJA302 (a requests.Session set in Api.__init__)
        self.api.session.get("https://example.com/a")
        # ruleid: DJA302 (an httpx.Client handed to __init__)
        self.client.post("https://example.com/b")
        # ok: DJA302 (a str)
        label = self.label.upper()
        # ruleid: DJA501
        return self.api.fetch(), label


class Annotated:
    client: httpx.Client
    name: str

    async def receive(self, text):
        # ruleid: DJA302 (the class-level annotation types self.client)
        self.client.get("https://example.com/c")
        # ok: DJA302 (a str)
        return self.name.upper()
