# No `async` in this file: phase 1 gives it a shallow summary (no function bodies, so not the
# nested def), and phase 2 summarizes it in full when the view reaches `load`. The nested def
# comes first: the full summary has one more scope, numbered after the others, so `load` keeps
# its index and the chain into it is found.
from shop.models import Book


def titles(books):
    def key(book):
        return book.title

    return sorted(books, key=key)


def load(pk):
    return Book.objects.get(pk=pk)
