# No async code here. Instance attributes are typed by what the methods assign to them.
import httpx
import requests


class Api:
    def __init__(self, token):
        self.session = requests.Session()
        self.http = httpx.Client()
        self.token = token

    def fetch(self):
        return self.session.get("https://example.com")
