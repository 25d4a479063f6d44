from rest_framework.permissions import BasePermission

from .models import ApiKey


def key_of(request):
    return request.headers.get("X-Key", "")


def known_key(request):
    return ApiKey.objects.filter(key=key_of(request)).exists()


class HasStoreKey(BasePermission):
    def has_permission(self, request, view):
        return known_key(request)


class ReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in ("GET", "HEAD")
