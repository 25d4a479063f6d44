from .settings import *  # noqa: F403

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "edge": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r"},
}
