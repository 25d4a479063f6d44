"""The oracle's models: every relation kind, a custom QuerySet and Manager, a querying property."""
from django.db import models


class BookQuerySet(models.QuerySet):
    def published(self):
        """Lazy: gives a QuerySet."""
        return self.filter(published=True)

    def titles(self):
        """Runs a query."""
        return [book.title for book in self]


class AuthorManager(models.Manager):
    def named(self, name):
        """Lazy: gives a QuerySet."""
        return self.get_queryset().filter(name=name)

    def count_named(self, name):
        """Runs a query."""
        return self.filter(name=name).count()


class Publisher(models.Model):
    name = models.CharField(max_length=50)


class Author(models.Model):
    name = models.CharField(max_length=50)
    publisher = models.ForeignKey(Publisher, on_delete=models.SET_NULL, null=True)

    objects = AuthorManager()


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Book(models.Model):
    title = models.CharField(max_length=100)
    published = models.BooleanField(default=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    tags = models.ManyToManyField(Tag, blank=True)

    objects = BookQuerySet.as_manager()

    @property
    def tag_count(self):
        """Runs a query."""
        return self.tags.count()

    @property
    def shout(self):
        """No query."""
        return self.title.upper()


class Profile(models.Model):
    author = models.OneToOneField(Author, on_delete=models.CASCADE)
    bio = models.TextField(blank=True)
