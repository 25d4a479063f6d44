# Served by WSGI only (no asgi.py, no ASGI_APPLICATION): sync middleware costs no thread hop,
# whatever the views are.
WSGI_APPLICATION = "site.wsgi.application"
ROOT_URLCONF = "site.urls"
MIDDLEWARE = [
    "site.middleware.AuditMiddleware",  # ok: DJA223
]
