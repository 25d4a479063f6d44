# Custom QuerySet and Manager methods, judged from their bodies. A method that only
# builds a QuerySet (`return self.filter(...)`) is lazy: the chain it starts is a QuerySet
# like any other, and a blocking method at its end (`count()`, `for`) is DJA101 / DJA103.
# A method whose body evaluates (`first()`, `aggregate()`, `get()`) blocks: calling it
# from async code is reported at the call site as DJA501 (through the custom method),
# whether it is reached from `Model.objects` (a `QuerySet.as_manager()` manager or a
# `Manager` subclass) or at the end of a lazy custom chain.
from asgiref.sync import sync_to_async
from django.db import models
from django.http import JsonResponse


class BookQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def cheap(self, limit=10):
        return self.filter(price__lte=limit).order_by("price")

    def bestseller(self):
        return self.order_by("-sales").first()

    def total_sales(self):
        return self.aggregate(models.Sum("sales"))


class BookManager(models.Manager):
    def newest(self):
        return self.order_by("-id").first()

    def drafts(self):
        return self.filter(is_draft=True)


class Book(models.Model):
    title = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    sales = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField(default=False)

    objects = BookQuerySet.as_manager()


class Article(models.Model):
    headline = models.CharField(max_length=200)
    is_draft = models.BooleanField(default=True)

    objects = BookManager()


# ---------------------------------------------------------------- must fire


async def bestseller_view(request):
    # ruleid: DJA501
    top = Book.objects.bestseller()
    return JsonResponse({"title": top.title})


async def published_count(request):
    # ruleid: DJA101
    n = Book.objects.published().count()
    return JsonResponse({"published": n})


async def published_bestseller(request):
    top = Book.objects.published().bestseller()  # ruleid: DJA501
    return JsonResponse({"title": top.title})


async def newest_article(request):
    # ruleid: DJA501
    article = Article.objects.newest()
    return JsonResponse({"headline": article.headline})


async def sales_report(request):
    # ruleid: DJA501
    totals = Book.objects.total_sales()
    # ruleid: DJA501
    published_totals = Book.objects.published().total_sales()
    return JsonResponse({"all": totals, "published": published_totals})


async def cheap_titles(request):
    titles = []
    # ruleid: DJA103
    for book in Book.objects.published().cheap(5):
        titles.append(book.title)
    # ruleid: DJA101
    first = Book.objects.cheap().first()
    return JsonResponse({"titles": titles, "first": first.title})


async def draft_count(request):
    # ruleid: DJA101
    n = Article.objects.drafts().count()
    return JsonResponse({"drafts": n})


# ---------------------------------------------------------------- near misses


async def published_lazy(request):
    qs = Book.objects.published()  # ok: DJA501
    cheap = Book.objects.published().cheap(20)  # ok: DJA101
    drafts = Article.objects.drafts()  # ok: DJA501
    n = await qs.acount()  # ok: DJA101
    m = await cheap.acount()  # ok: DJA101
    d = await drafts.acount()  # ok: DJA101
    return JsonResponse({"published": n, "cheap": m, "drafts": d})


async def published_async(request):
    n = await Book.objects.published().acount()  # ok: DJA101
    titles = [b.title async for b in Book.objects.published()]  # ok: DJA103
    first = await Book.objects.published().cheap().afirst()  # ok: DJA101
    return JsonResponse({"published": n, "titles": titles, "first": first.title})


async def bestseller_wrapped(request):
    top = await sync_to_async(Book.objects.bestseller)()  # ok: DJA501
    newest = await sync_to_async(Article.objects.newest)()  # ok: DJA501
    totals = await sync_to_async(lambda: Book.objects.published().total_sales())()  # ok: DJA501
    return JsonResponse({"title": top.title, "headline": newest.headline, "totals": totals})


def bestseller_sync(request):
    top = Book.objects.bestseller()  # ok: DJA501
    n = Book.objects.published().count()  # ok: DJA101
    newest = Article.objects.newest()  # ok: DJA501
    totals = Book.objects.published().total_sales()  # ok: DJA501
    return JsonResponse({"title": top.title, "n": n, "headline": newest.headline, "totals": totals})


# ---------------------------------------------------------------- user managers


from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import User


class EmailUserManager(BaseUserManager):
    def create_user(self, email, password=None, **extra):
        # self.model is the model this manager serves: a new instance, saved here
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def draft_user(self, email):
        return self.model(email=email)


class Member(AbstractBaseUser):
    email = models.EmailField(unique=True)
    USERNAME_FIELD = "email"
    objects = EmailUserManager()


async def signup(request):
    # ruleid: DJA501
    member = Member.objects.create_user(email="a@b.c", password="pw")
    draft = Member.objects.draft_user("d@b.c")  # ok: DJA501
    # ruleid: DJA101
    staff = User.objects.create_user("bob", password="pw")
    # ruleid: DJA101
    admin = User.objects.create_superuser("root", password="pw")
    other = await User.objects.acreate_user("eve", password="pw")  # ok: DJA101
    return member, draft, staff, admin, other


# Generic aliases and from_queryset(): `models.Manager["Run"]` is a Manager (daiv writes its
# managers so), and `Manager.from_queryset(RunQuerySet)` gets RunQuerySet's methods.
class RunQuerySet(models.QuerySet["Run"]):
    def visible_to(self, user):
        return self.filter(owner=user)


class RunManager(models.Manager["Run"]):
    def by_owner(self, user):
        return self.filter(owner=user)


class RunFromQuerySetManager(models.Manager.from_queryset(RunQuerySet)):
    pass


class Run(models.Model):
    objects = RunManager()
    listed = RunFromQuerySetManager()
    owner = models.CharField(max_length=10)


async def run_redirect(request, user):
    run = Run.objects.by_owner(user).first()  # ruleid: DJA101
    other = Run.listed.visible_to(user).filter(pk=1).first()  # ruleid: DJA101
    fine = await Run.listed.visible_to(user).afirst()  # ok: DJA101
    return JsonResponse({"ids": [run.pk, other.pk, fine.pk]})
