from django.db import models
from django.db.models import Avg


class TimestampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Author(TimestampedModel):
    name = models.CharField(max_length=120)
    bio = models.TextField(blank=True)


class Publisher(models.Model):
    name = models.CharField(max_length=120, unique=True)
    website = models.URLField(blank=True)


class Tag(models.Model):
    slug = models.SlugField(unique=True)


class BookQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_stock(self):
        return self.filter(stock__gt=0)

    def by_author(self, author):
        return self.filter(author=author).select_related("author", "publisher")


class Book(TimestampedModel):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, unique=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    publisher = models.ForeignKey(Publisher, null=True, blank=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, blank=True, related_name="books")
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    stock = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    cover_url = models.URLField(blank=True)
    rating = models.FloatField(null=True, blank=True)

    objects = BookQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        get_latest_by = "created"

    def average_rating(self):
        return self.reviews.aggregate(avg=Avg("stars"))["avg"]


class ReviewManager(models.Manager):
    def for_book(self, book_id):
        return self.filter(book_id=book_id).order_by("-created")

    def approved(self):
        return self.filter(approved=True)


class Review(TimestampedModel):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    author_name = models.CharField(max_length=80)
    stars = models.PositiveSmallIntegerField()
    body = models.TextField(blank=True)
    approved = models.BooleanField(default=False)

    objects = ReviewManager()
