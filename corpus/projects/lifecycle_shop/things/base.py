# Model bases that leave the project through a package nobody lists as Django's.
from django_lifecycle import LifecycleModel
from corelib.db import BaseModel, ModelMeta


class Base(LifecycleModel):
    """A model by the third-party table: django_lifecycle.LifecycleModel."""

    class Meta:
        abstract = True


class MasterModel(BaseModel, metaclass=ModelMeta):
    """An external base of unknown kind: maybe a model."""


class TimestampMixin:
    """Plain by its bases; a model because a ForeignKey targets it (models.py)."""


class Registry:
    """Plain: its `objects` is a dict."""

    objects = {}
