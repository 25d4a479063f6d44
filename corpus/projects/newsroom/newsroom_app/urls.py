from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("articles/new/", views.create_draft, name="create-draft"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("articles/<int:pk>/edit/", views.EditorArticleView.as_view(), name="article-edit"),
    path("articles/<int:pk>/detail/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/author/", views.article_author, name="article-author"),
    path("articles/<int:pk>/publish/", views.publish, name="publish"),
    path("articles/<int:pk>/publish-now/", views.publish_in_place, name="publish-in-place"),
    path("archive/<slug:slug>/", views.article_archive, name="archive"),
    path("archive/<slug:slug>/threaded/", views.article_archive_threaded, name="archive-threaded"),
    path("archive/<slug:slug>/export/", views.article_export, name="archive-export"),
    path("archive/<slug:slug>/legacy/", views.article_archive_sync, name="archive-sync"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("authors/<int:pk>/", views.author_page, name="author"),
]
