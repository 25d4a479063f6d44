from django.db import models


class Store(models.Model):
    name = models.CharField(max_length=50)


class ApiKey(models.Model):
    key = models.CharField(max_length=40)
    store = models.ForeignKey(Store, on_delete=models.CASCADE)
