# The only async handlers take a Starlette Request (an MCP server mounted beside Django):
# the project has no async Django view, so its sync middleware costs no thread hop per view.
INSTALLED_APPS = ["django.contrib.auth", "site"]

MIDDLEWARE = [
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "site.middleware.AuditMiddleware",  # ok: DJA223
]

ASGI_APPLICATION = "site.asgi.application"
