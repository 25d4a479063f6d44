from django.urls import path

from site.views import status

urlpatterns = [path("status/", status)]
