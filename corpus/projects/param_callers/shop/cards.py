# Relation reads on parameters are judged by the callers in the project (views.py).


async def card_fetched(book):
    # ok: DJA105 (its only caller fetched the author with the book)
    return {"t": book.title, "a": book.author.name}


async def card_plain(book):
    # ruleid: DJA105 (plain_view passes a book fetched without the author)
    return {"t": book.title, "a": book.author.name}


async def card_unknown(book):
    # ok: DJA105 (no caller and no annotation: nothing says what book is)
    return {"a": book.author.name}


async def card_annotated(book: "Book"):
    # low: DJA105 (annotated, no caller in the project: a guess)
    return {"a": book.author.name}


class Presenter:
    async def show(self, book):
        # ok: DJA105 (its caller fetched the author)
        return book.author.name
