# A project context processor next to Django's own: it may read request.user (a query) for
# every render, so render(request, ...) is reported at the default confidence.
INSTALLED_APPS = ["django.contrib.auth", "site"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "site.context.base_context",
            ],
        },
    },
]
