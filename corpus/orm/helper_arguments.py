# A QuerySet handed to a sync helper that evaluates its parameter (DJA501, cause DJA103): the
# query runs in the helper, on the event loop. The helper's parameter has no type of its own
# (or a list annotation that the QuerySet does not honour); the finding is at the call.
from typing import List

from asgiref.sync import sync_to_async
from django.db import models


class Member(models.Model):
    name = models.CharField(max_length=20)
    active = models.BooleanField(default=True)


def names_text(members: List[Member]) -> str:
    return ", ".join(m.name for m in members)


def count_of(members):
    return len(members)


def first_line(members):
    if members:
        return "some"
    return "none"


def as_rows(members):
    out = []
    for m in members:
        out.append(m.name)
    return out


def narrowed(members):
    return members.filter(active=True)


def rebound(members):
    members = list(members)[:0]
    return [m.name for m in members]


def second_param(title, members):
    return [title for _ in range(3)]


class Formatter:
    def render(self, members):
        return sorted(m.name for m in members)


async def fires(request):
    qs = Member.objects.filter(active=True)
    # ruleid: DJA501
    a = names_text(qs)
    # ruleid: DJA501
    b = count_of(Member.objects.all())
    # ruleid: DJA501
    c = first_line(qs)
    # ruleid: DJA501
    d = as_rows(Member.objects.filter(name="x"))
    # ruleid: DJA501
    e = Formatter().render(qs)
    return a, b, c, d, e


async def near_misses(request):
    qs = Member.objects.filter(active=True)
    rows = [m async for m in qs]
    a = names_text(rows)  # ok: DJA501
    b = await sync_to_async(names_text)(qs)  # ok: DJA501
    c = narrowed(qs)  # ok: DJA501
    d = rebound(qs)  # ok: DJA501
    e = second_param(qs, rows)  # ok: DJA501
    f = count_of(qs)  # ok: DJA501
    return a, b, c, d, e, f


def sync_caller():
    return names_text(Member.objects.all())  # ok: DJA501
