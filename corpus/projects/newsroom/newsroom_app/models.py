from django.db import models
from django.utils import timezone
from django.utils.text import slugify

DRAFT = "draft"
PUBLISHED = "published"
STATUS_CHOICES = [(DRAFT, "Draft"), (PUBLISHED, "Published")]


class Author(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    slack_handle = models.CharField(max_length=60, blank=True)

    def __str__(self):
        return self.name


class Tag(models.Model):
    slug = models.SlugField(unique=True)


class ArticleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status=PUBLISHED)

    def drafts(self):
        return self.filter(status=DRAFT)


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    body = models.TextField(blank=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def publish(self):
        """Sync: writes the row. Fine in a sync view, blocking when called from async code."""
        self.status = PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at"])

    def byline(self):
        return f"{self.title} ({self.status})"

    @classmethod
    def slug_taken(cls, slug):
        return Article.objects.filter(slug=slug).exists()

    @classmethod
    def create_draft(cls, author, title, body=""):
        """Builds an unsaved draft; blocks only through cls.slug_taken()."""
        slug = slugify(title)[:50]
        if cls.slug_taken(slug):
            slug = f"{slug[:40]}-{author.pk}"
        return cls(author=author, title=title, slug=slug, body=body, status=DRAFT)
