"""The request, auth, shortcuts, transactions, raw cursors and pagination."""
from asgiref.sync import sync_to_async
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.shortcuts import get_object_or_404

from shop.models import Book


# blocks: request.user is a lazy object that loads the session and the user
async def case_request_user(request=None):
    return request.user.is_authenticated


# no block: request.user loaded in a thread first, then read on the loop
async def case_request_user_loaded(request=None):
    await sync_to_async(lambda: request.user.is_authenticated)()
    return request.user.username


# blocks: reading the session loads it from the database
async def case_session_get(request=None):
    return request.session.get("cart")


# blocks: a membership test on the session loads it
async def case_session_contains(request=None):
    return "cart" in request.session


# blocks: authenticate() looks the user up
async def case_authenticate():
    return authenticate(username="reader", password="secret")


# blocks: has_perm() reads the user's permissions
async def case_has_perm():
    user = await sync_to_async(User.objects.get)(username="reader")
    return user.has_perm("shop.add_book")


# blocks: get_object_or_404() runs get()
async def case_get_object_or_404():
    return get_object_or_404(Book, title="Dune")


# blocks: entering transaction.atomic() opens the connection
async def case_atomic():
    with transaction.atomic():
        pass


# blocks: connection.cursor() opens the connection
async def case_cursor():
    return connection.cursor()


# no block: a Paginator is built without counting
async def case_paginator_built():
    return Paginator(Book.objects.order_by("title"), 2)


# blocks: page() counts the rows
async def case_paginator_page():
    paginator = Paginator(Book.objects.order_by("title"), 2)
    return paginator.page(1)
