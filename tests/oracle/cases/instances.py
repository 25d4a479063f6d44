"""Model instances: save / delete / refresh_from_db, properties, plain attribute reads."""
from asgiref.sync import sync_to_async

from shop.models import Author, Book


# blocks: save() writes the row
async def case_save():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    book.published = True
    book.save()


# no block: save() run by sync_to_async
async def case_save_wrapped():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    book.published = True
    await sync_to_async(book.save)()


# blocks: delete() runs queries
async def case_delete():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    author.delete()


# blocks: refresh_from_db() reloads the row
async def case_refresh_from_db():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    book.refresh_from_db()


# blocks: full_clean() checks uniqueness of the primary key with a query
async def case_full_clean():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    book.full_clean()


# blocks: a property whose body counts the tags
async def case_property_queries():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return book.tag_count


# no block: a property that only reads a field
async def case_property_plain():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return book.shout


# no block: building an unsaved instance
async def case_new_instance():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    book = Book(title="Heretics of Dune", author=author)
    return book.author.name
