from django.urls import include, path

urlpatterns = [
    path("news/", include("newsroom_app.urls")),
]
