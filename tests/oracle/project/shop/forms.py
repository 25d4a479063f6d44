from django import forms

from .models import Book


class BookForm(forms.ModelForm):
    """Has a ForeignKey field: validating it looks the author up."""

    class Meta:
        model = Book
        fields = ["title", "author"]


class TitleForm(forms.ModelForm):
    """Plain fields only."""

    class Meta:
        model = Book
        fields = ["title"]
