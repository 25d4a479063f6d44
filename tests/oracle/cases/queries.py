"""QuerySet and Manager calls: which ones run a query on the event loop."""
from asgiref.sync import sync_to_async

from shop.models import Author, Book


# blocks: Manager.get() runs a query
async def case_get():
    return Book.objects.get(title="Dune")


# no block: filter() only builds the QuerySet
async def case_filter_lazy():
    qs = Book.objects.filter(title="Dune")
    return qs.query is not None


# no block: a chain of lazy methods is still unevaluated
async def case_chain_lazy():
    qs = Book.objects.filter(published=True).exclude(title="x").order_by("title").select_related("author")
    return qs.model


# blocks: a for loop over a QuerySet evaluates it
async def case_for_loop():
    qs = Book.objects.filter(published=True)
    titles = []
    for book in qs:
        titles.append(book.title)
    return titles


# blocks: list() evaluates the QuerySet
async def case_list():
    qs = Book.objects.all()
    return list(qs)


# blocks: a comprehension over the manager's QuerySet
async def case_comprehension():
    return [book.title for book in Book.objects.all()]


# blocks: len() evaluates the QuerySet
async def case_len():
    qs = Book.objects.all()
    return len(qs)


# blocks: bool() evaluates the QuerySet
async def case_bool():
    qs = Book.objects.filter(title="Dune")
    return bool(qs)


# blocks: an if test evaluates the QuerySet
async def case_if():
    qs = Book.objects.filter(title="Dune")
    if qs:
        return True
    return False


# blocks: indexing runs a query for one row
async def case_index():
    qs = Book.objects.order_by("title")
    return qs[0]


# no block: slicing without a step stays lazy (LIMIT/OFFSET)
async def case_slice_lazy():
    qs = Book.objects.order_by("title")
    return qs[:2]


# blocks: a slice with a step evaluates the QuerySet
async def case_slice_step():
    qs = Book.objects.order_by("title")
    return qs[::2]


# blocks: the in operator evaluates the QuerySet
async def case_in():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    qs = Book.objects.all()
    return book in qs


# blocks: count() runs a query
async def case_count():
    return Book.objects.filter(published=True).count()


# blocks: exists() runs a query
async def case_exists():
    return Book.objects.filter(title="Dune").exists()


# blocks: first() runs a query
async def case_first():
    return Book.objects.order_by("title").first()


# blocks: get_or_create() runs a query
async def case_get_or_create():
    return Author.objects.get_or_create(name="Herbert")


# blocks: create() inserts a row
async def case_create():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    return Book.objects.create(title="Children of Dune", author=author)


# blocks: update() runs an UPDATE
async def case_update():
    return Book.objects.filter(title="Dune").update(published=True)


# no block: the Manager method wrapped in sync_to_async runs in a thread
async def case_wrapped_get():
    return await sync_to_async(Book.objects.get)(title="Dune")


# no block: the whole evaluation in a wrapped lambda
async def case_wrapped_lambda():
    return await sync_to_async(lambda: list(Book.objects.all()))()


# blocks: the wrapper returned the QuerySet unevaluated; iterating it queries on the loop
async def case_escape_iterated():
    qs = await sync_to_async(Book.objects.filter)(published=True)
    return [book.title for book in qs]


# no block: values_list() is lazy too
async def case_values_list_lazy():
    return Book.objects.values_list("title", flat=True)


# no block: a custom QuerySet method that returns a QuerySet
async def case_custom_queryset_lazy():
    return Book.objects.published().order_by("title")


# blocks: a custom QuerySet method that evaluates the QuerySet
async def case_custom_queryset_evaluates():
    return Book.objects.titles()


# no block: a custom Manager method that returns a QuerySet
async def case_custom_manager_lazy():
    return Author.objects.named("Herbert")


# blocks: a custom Manager method that runs count()
async def case_custom_manager_evaluates():
    return Author.objects.count_named("Herbert")
