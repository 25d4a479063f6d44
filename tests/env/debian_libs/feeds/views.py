"""Real installed libraries (Debian's python3-* packages in /usr/lib/python3/dist-packages),
scanned with --python-env: calls that do I/O end in the library's own code; pure ones say nothing."""
import feedparser
import httplib2
import jwt
import markdown
import pyotp
import redis
import sqlparse
import yaml
from django.http import JsonResponse
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer


async def feed(request):
    # blocks: fetches the URL (or reads the file) inside feedparser
    parsed = feedparser.parse(request.GET["url"])
    return JsonResponse({"n": len(parsed.entries)})


async def probe(request):
    # blocks: the file cache's folder is made on the disk
    http = httplib2.Http(cache=".cache/httplib2", timeout=5)
    # blocks: httplib2 reads its cache, then opens the connection
    response, body = http.request(request.GET["url"], "GET")
    return JsonResponse({"status": response.status})


async def counter(request):
    # the SDK table knows redis: not followed, reported as itself with its async client
    hits = redis.Redis().incr("hits")
    return JsonResponse({"hits": hits})


async def pure(request):
    token = jwt.encode({"sub": "42"}, "secret", algorithm="HS256")
    claims = jwt.decode(token, "secret", algorithms=["HS256"])
    html = markdown.markdown(request.POST["text"])
    code = pyotp.TOTP("JBSWY3DPEHPK3PXP").now()
    sql = sqlparse.format("select 1", reindent=True)
    data = yaml.safe_load(request.POST["yaml"])
    snippet = highlight("print(1)", PythonLexer(), HtmlFormatter())
    return JsonResponse({"c": claims, "h": html, "o": code, "s": sql, "d": data, "p": snippet})
