# ModelForms and DRF model serializers in async code (DJA213): validation runs the
# model's unique checks (queries), save() writes, and a model serializer's `.data`
# walks relations and QuerySets, all synchronously. Only project classes deriving from
# forms.ModelForm, serializers.ModelSerializer or serializers.HyperlinkedModelSerializer
# count: a plain forms.Form or serializers.Serializer touches no database. No async
# twin: run the form/serializer work in a sync function with sync_to_async.
import json

from asgiref.sync import sync_to_async
from django import forms
from django.db import models
from django.http import JsonResponse
from rest_framework import serializers


class Book(models.Model):
    title = models.CharField(max_length=200, unique=True)
    isbn = models.CharField(max_length=13, unique=True)


class BookForm(forms.ModelForm):
    class Meta:
        model = Book
        fields = ["title", "isbn"]


class ContactForm(forms.Form):
    email = forms.EmailField()
    message = forms.CharField()


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title", "isbn"]


class BookLinkSerializer(serializers.HyperlinkedModelSerializer):
    class Meta:
        model = Book
        fields = ["url", "title"]


class PingSerializer(serializers.Serializer):
    message = serializers.CharField()


# ---------------------------------------------------------------- must fire


async def create_book_form(request):
    form = BookForm(json.loads(request.body))
    # ruleid: DJA213
    if not form.is_valid():
        return JsonResponse({"ok": False}, status=400)
    # ruleid: DJA213
    book = form.save()
    return JsonResponse({"id": book.pk})


async def update_book_form(request, pk):
    book = await Book.objects.aget(pk=pk)
    form = BookForm(json.loads(request.body), instance=book)
    # ruleid: DJA213
    form.full_clean()
    book = form.save()  # ruleid: DJA213
    return JsonResponse({"id": book.pk})


async def create_book_api(request):
    s = BookSerializer(data=json.loads(request.body))
    # ruleid: DJA213
    s.is_valid(raise_exception=True)
    # ruleid: DJA213
    s.save()
    # ok: DJA213 (the saved instance's own columns, the implicit id among them: no query)
    payload = s.data
    return JsonResponse(payload, status=201)


async def list_books_api(request):
    qs = Book.objects.order_by("title")
    s = BookSerializer(qs, many=True)
    # ruleid: DJA213
    rows = s.data
    # ok: DJA213 (the serializer keeps what the first read made)
    return JsonResponse({"rows": rows, "n": len(s.data)})


async def create_book_link(request):
    serializer = BookLinkSerializer(data=json.loads(request.body), context={"request": request})
    # ruleid: DJA213
    if serializer.is_valid():
        # ruleid: DJA213
        serializer.save()
    return JsonResponse({"ok": True})


# ---------------------------------------------------------------- near misses


async def contact(request):
    form = ContactForm(json.loads(request.body))
    if form.is_valid():  # ok: DJA213
        return JsonResponse({"email": form.cleaned_data["email"]})  # ok: DJA213
    form.full_clean()  # ok: DJA213
    return JsonResponse({"ok": False}, status=400)


async def ping(request):
    s = PingSerializer(data=json.loads(request.body))
    s.is_valid(raise_exception=True)  # ok: DJA213
    return JsonResponse(s.data)  # ok: DJA213


async def create_book_form_wrapped(request):
    form = BookForm(json.loads(request.body))  # ok: DJA213
    valid = await sync_to_async(form.is_valid)()  # ok: DJA213
    if not valid:
        return JsonResponse({"ok": False}, status=400)
    book = await sync_to_async(form.save)()  # ok: DJA213
    return JsonResponse({"id": book.pk})


async def create_book_api_wrapped(request):
    s = BookSerializer(data=json.loads(request.body))  # ok: DJA213
    await sync_to_async(s.is_valid)(raise_exception=True)  # ok: DJA213
    await sync_to_async(s.save)()  # ok: DJA213
    payload = await sync_to_async(lambda: s.data)()  # ok: DJA213
    return JsonResponse(payload, status=201)


def create_book_form_sync(request):
    form = BookForm(request.POST)
    if form.is_valid():  # ok: DJA213
        book = form.save()  # ok: DJA213
        return JsonResponse({"id": book.pk})
    return JsonResponse({"ok": False}, status=400)


def list_books_api_sync(request):
    s = BookSerializer(Book.objects.all(), many=True)
    return JsonResponse(s.data, safe=False)  # ok: DJA213


async def draft(request):
    form = BookForm(request.POST)
    if await sync_to_async(form.is_valid)():
        # ok: DJA213 (commit=False builds the instance without a query)
        book = form.save(commit=False)
        book.title = book.title.strip()
        await book.asave()
        # ruleid: DJA213 (commit=True saves)
        form.save(commit=True)
    return JsonResponse({})


class Note(models.Model):
    body = models.TextField()
    stars = models.IntegerField(default=0)
    book = models.ForeignKey(Book, on_delete=models.CASCADE)


class NoteBodyForm(forms.ModelForm):
    """Plain columns only: validation runs no query."""

    class Meta:
        model = Note
        fields = ["body", "stars"]


class NoteForm(forms.ModelForm):
    """A foreign key: validation looks the book up."""

    class Meta:
        model = Note
        fields = ["body", "book"]


class NoteBodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ("body",)


class CheckedNoteForm(forms.ModelForm):
    """A clean method of its own: may query."""

    class Meta:
        model = Note
        fields = ["body"]

    def clean_body(self):
        return self.cleaned_data["body"]


async def notes(request):
    # ok: DJA213 (plain columns)
    a = NoteBodyForm(request.POST).is_valid()
    # ok: DJA213 (plain columns)
    b = NoteBodySerializer(data=request.POST).is_valid()
    # ruleid: DJA213 (the foreign key is looked up)
    c = NoteForm(request.POST).is_valid()
    # ruleid: DJA213 (its own clean method)
    d = CheckedNoteForm(request.POST).is_valid()
    # ruleid: DJA213 (unique columns are checked with a query)
    e = BookForm(request.POST).is_valid()
    return JsonResponse({"ok": a and b and c and d and e})


class NoteDataSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["body", "book"]


async def note_payload(request, pk):
    note = await Note.objects.aget(pk=pk)
    # ok: DJA213 (one instance's own columns; the foreign key is its id)
    one = NoteDataSerializer(note).data
    # ruleid: DJA213 (many=True over a QuerySet evaluates it)
    many = NoteDataSerializer(Note.objects.all(), many=True).data
    return JsonResponse({"one": one, "many": many})


class NoteAllSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = "__all__"


async def note_all(request, pk):
    note = await Note.objects.aget(pk=pk)
    serializer = NoteAllSerializer(note)
    # ok: DJA213 ("__all__" of plain columns and a foreign key's id, one instance)
    one = serializer.data
    rows = NoteAllSerializer(Note.objects.filter(stars=5), many=True)
    # ruleid: DJA213 (many rows: the QuerySet is evaluated)
    return JsonResponse({"one": one, "rows": rows.data})


class Ticket(models.Model):
    code = models.CharField(max_length=9, unique=True)
    title = models.CharField(max_length=50)


class TicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = ["code", "title"]


async def ticket_payload(request, pk):
    ticket = await Ticket.objects.aget(pk=pk)
    # ok: DJA213 (unique is checked by validation, not by .data)
    one = TicketSerializer(ticket).data
    rows = [t async for t in Ticket.objects.all()]
    # ok: DJA213 (a list of rows already fetched)
    listed = TicketSerializer(rows, many=True).data
    qs = Ticket.objects.filter(title="x")
    fetched = await sync_to_async(list)(qs)
    # ok: DJA213 (fetched in a thread: a list)
    also = TicketSerializer(fetched, many=True).data
    # ruleid: DJA213 (unique columns are checked with a query)
    valid = TicketSerializer(data=request.POST).is_valid()
    # ruleid: DJA213 (many=True over a QuerySet evaluates it)
    lazy = TicketSerializer(qs, many=True).data
    return JsonResponse({"one": one, "listed": listed, "also": also, "valid": valid, "lazy": lazy})

