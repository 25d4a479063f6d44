# In-memory backends: calls to them do no I/O. "shared" is Redis; "edge" is in memory here
# but Redis in settings_prod.py, so it is not taken as in memory.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r"},
    "edge": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
