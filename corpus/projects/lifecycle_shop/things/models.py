from django.db import models

from .base import Base, MasterModel, TimestampMixin


class Thing(Base):
    """No field of its own: a model through Base."""


class Master(MasterModel):
    pass


class Label(TimestampMixin):
    pass


class Item(TimestampMixin):
    """Plain bases, model fields in the body: a model by evidence."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE)
    name = models.CharField(max_length=20)


class Settings:
    """A plain class: no evidence."""

    name = "x"
