import os

SECRET_KEY = "not-a-secret"
DEBUG = os.environ.get("SHOP_DEBUG") == "1"  # ok: DJA221

# Left over from a management command that used the ORM inside asyncio.run().
# ruleid: DJA221
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ASYNC_UNSAFE = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")  # ok: DJA221
UNSAFE_IS_SET = "DJANGO_ALLOW_ASYNC_UNSAFE" in os.environ  # ok: DJA221
os.environ["TZ"] = "UTC"  # ok: DJA221
os.environ.setdefault("SHOP_REGION", "eu")  # ok: DJA221

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # ok: DJA223
    "django.contrib.sessions.middleware.SessionMiddleware",  # ok: DJA223
    "django.middleware.common.CommonMiddleware",  # ok: DJA223
    "django.middleware.csrf.CsrfViewMiddleware",  # ok: DJA223
    "django.contrib.auth.middleware.AuthenticationMiddleware",  # ok: DJA223
    "shop.middleware.TimingMiddleware",  # ok: DJA223
    "shop.middleware.HybridMiddleware",  # ok: DJA223
    "shop.middleware.locale_middleware",  # ok: DJA223
    "shop.middleware.AuditMiddleware",  # ruleid: DJA223
    # ruleid: DJA223
    "shop.middleware.RegionMiddleware",
    "shop.middleware.MaintenanceMiddleware",  # ruleid: DJA223
    "shop.middleware.RequestIdMiddleware",  # ruleid: DJA223
    "shop.middleware.AcallOnlyMiddleware",  # ruleid: DJA223
    "shop.middleware.OwnerMiddleware",  # ok: DJA223
    "shop.middleware.SubTimingMiddleware",  # ok: DJA223
]

ROOT_URLCONF = "shop.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "shop.sqlite3"}}
