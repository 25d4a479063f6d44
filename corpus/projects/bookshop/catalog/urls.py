from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("books/", views.book_list, name="book-list"),
    path("books/search/", views.search, name="book-search"),
    path("books/stats/", views.catalogue_stats, name="stats"),
    path("books/<int:pk>/", views.book_detail, name="book-detail"),
    path("books/<int:pk>/fast/", views.book_detail_async, name="book-detail-async"),
    path("books/<int:pk>/reviews/", views.submit_review, name="submit-review"),
    path("books/<int:pk>/cover/", views.refresh_cover, name="refresh-cover"),
    path("authors/<int:pk>/", views.author_detail, name="author-detail"),
    path("authors/<int:pk>/books/", views.AuthorBooksView.as_view(), name="author-books"),
]
