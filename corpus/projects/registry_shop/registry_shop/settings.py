# The apps are what INSTALLED_APPS and the AppConfig classes say, not folder names: catalog/api/
# holds a models.py of plain classes and is not an app; billing's label is "payments".
LOCAL_APPS = [
    "catalog",
    "billing.apps.BillingConfig",
]

INSTALLED_APPS = LOCAL_APPS + ["django.contrib.auth", "rest_framework"]

MIDDLEWARE = [
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "registry_shop.middleware.AuditMiddleware",  # ruleid: DJA223
]

ROOT_URLCONF = "registry_shop.urls"
ASGI_APPLICATION = "registry_shop.asgi.application"
