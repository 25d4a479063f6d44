"""ModelForms: validation and save() in async code."""
from asgiref.sync import sync_to_async

from shop.forms import BookForm, TitleForm
from shop.models import Author


# blocks: validating the author field looks the author up
async def case_form_is_valid_fk():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    form = BookForm(data={"title": "Dune Messiah", "author": author.pk})
    return form.is_valid()


# no block: a form of plain fields validates without a query
async def case_form_is_valid_plain():
    form = TitleForm(data={"title": "Chapterhouse"})
    return form.is_valid()


# no block: validated in a thread, save(commit=False) only builds the instance
async def case_form_save_commit_false():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    form = BookForm(data={"title": "Dune Messiah", "author": author.pk})
    await sync_to_async(form.is_valid)()
    return form.save(commit=False)


# blocks: validated in a thread, save() inserts the row
async def case_form_save():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    form = BookForm(data={"title": "Dune Messiah", "author": author.pk})
    await sync_to_async(form.is_valid)()
    return form.save()
