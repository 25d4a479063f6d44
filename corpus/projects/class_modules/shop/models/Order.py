from django.db import models

from .Item import Item


class Order(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
