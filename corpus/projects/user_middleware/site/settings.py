# A sync middleware that reads request.user for every request: the lazy user is loaded (in
# the middleware's thread) before any view runs, so async views read it from memory.
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "site"]

# No CACHES: Django's default is a LocMemCache (process memory, no I/O).

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "site.middleware.ActiveUserMiddleware",
]
