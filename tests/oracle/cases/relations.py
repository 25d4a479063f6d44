"""Relations: lazy ForeignKey / OneToOne loads, select_related / prefetch_related, related managers."""
from asgiref.sync import sync_to_async

from shop.models import Author, Book, Profile, Tag


# blocks: the author was not fetched with the book, reading it runs a query
async def case_fk_lazy():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return book.author.name


# no block: select_related("author") fetched the author along
async def case_fk_select_related():
    book = await sync_to_async(Book.objects.select_related("author").get)(title="Dune")
    return book.author.name


# no block: select_related in a wrapped lambda
async def case_fk_select_related_lambda():
    book = await sync_to_async(lambda: Book.objects.select_related("author").get(title="Dune"))()
    return book.author.name


# no block: the _id column is on the row
async def case_fk_id():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return book.author_id


# no block: an assigned relation is cached on the instance
async def case_fk_assigned():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    author = await sync_to_async(Author.objects.get)(name="Le Guin")
    book.author = author
    return book.author.name


# no block: create() given the author instance caches it on the new book
async def case_fk_after_create():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    book = await sync_to_async(Book.objects.create)(title="God Emperor of Dune", author=author)
    return book.author.name


# blocks: select_related("author") does not fetch the author's publisher
async def case_fk_two_hops_one_fetched():
    book = await sync_to_async(Book.objects.select_related("author").get)(title="Dune")
    return book.author.publisher.name


# no block: select_related("author__publisher") fetches both hops
async def case_fk_two_hops_fetched():
    book = await sync_to_async(Book.objects.select_related("author__publisher").get)(title="Dune")
    return book.author.publisher.name


# blocks: a book handed in by the caller without its author
async def case_fk_parameter(book: Book = None):
    return book.author.name


# blocks: the forward OneToOne is loaded lazily
async def case_one_to_one_forward():
    profile = await sync_to_async(Profile.objects.get)(bio="Arrakis")
    return profile.author.name


# blocks: the reverse OneToOne accessor runs a query
async def case_one_to_one_reverse():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    return author.profile.bio


# no block: select_related("profile") fetches the reverse OneToOne along
async def case_one_to_one_reverse_fetched():
    author = await sync_to_async(Author.objects.select_related("profile").get)(name="Herbert")
    return author.profile.bio


# blocks: iterating a many-to-many that was not prefetched
async def case_m2m_not_prefetched():
    book = await sync_to_async(Book.objects.get)(title="Dune")
    return [tag.label for tag in book.tags.all()]


# no block: prefetch_related("tags") filled the cache that all() reads
async def case_m2m_prefetched():
    book = await sync_to_async(Book.objects.prefetch_related("tags").get)(title="Dune")
    return [tag.label for tag in book.tags.all()]


# no block: books and their tags fetched in the thread, then read on the loop
async def case_m2m_prefetched_list():
    books = await sync_to_async(list)(Book.objects.prefetch_related("tags"))
    labels = []
    for book in books:
        labels.extend(tag.label for tag in book.tags.all())
    return labels


# blocks: a list fetched in the thread, but each book's author is read lazily
async def case_fk_in_loop_not_fetched():
    books = await sync_to_async(list)(Book.objects.all())
    names = []
    for book in books:
        names.append(book.author.name)
    return names


# no block: a related manager's filter() is lazy
async def case_reverse_fk_lazy():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    return author.books.filter(published=True)


# blocks: count() through the reverse ForeignKey manager
async def case_reverse_fk_count():
    author = await sync_to_async(Author.objects.get)(name="Herbert")
    return author.books.count()


# blocks: add() on a many-to-many manager writes rows
async def case_m2m_add():
    book = await sync_to_async(Book.objects.get)(title="Earthsea")
    tag = await sync_to_async(Tag.objects.get)(label="classic")
    book.tags.add(tag)
