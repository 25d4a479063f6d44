# No AuthenticationMiddleware: request.user is set by the project's own async middleware from a
# token, already loaded, not Django's lazy user.
INSTALLED_APPS = ["svc"]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "svc.middleware.JWTMiddleware",
]
