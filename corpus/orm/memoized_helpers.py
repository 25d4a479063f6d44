# Memoized helpers (DJA501): the code that fills a memo runs only while it is empty
# (`if self._x is None: <fill>`, or after `if self._x is not None: return self._x`), so in one
# async function the first call that reaches it blocks and the later ones read the memo.
# A helper that also blocks outside its memo blocks on every call.
from django.db import models


class Setting(models.Model):
    key = models.CharField(max_length=20)
    value = models.IntegerField()


class Settings:
    def __init__(self):
        self._value = None
        self._by_key = {}

    def value(self):
        if self._value is not None:
            return self._value
        self._value = Setting.objects.get(key="v").value
        return self._value

    def lazy_value(self):
        if self._value is None:
            self._value = Setting.objects.get(key="v").value
        return self._value

    def by_key(self, key):
        if key in self._by_key:
            return self._by_key[key]
        self._by_key[key] = Setting.objects.get(key=key).value
        return self._by_key[key]

    def show(self):
        return str(self.value())

    def value_and_count(self):
        if self._value is None:
            self._value = Setting.objects.get(key="v").value
        return self._value, Setting.objects.count()

    def compared(self):
        # `==` is a test, not the assignment that fills a memo
        if self._value is None:
            return self._value == Setting.objects.get(key="v").value
        return False


settings_store = Settings()
_cache = None


def cached_setting():
    global _cache
    if _cache is None:
        _cache = Setting.objects.first()
    return _cache


async def startup():
    # ruleid: DJA501
    first = settings_store.value()
    settings_store.show()  # ok: DJA501
    again = settings_store.value()  # ok: DJA501
    # ruleid: DJA501
    lazy = settings_store.lazy_value()
    # ruleid: DJA501
    one = settings_store.by_key("a")
    # ruleid: DJA501
    setting = cached_setting()
    cached_setting()  # ok: DJA501
    return first, again, lazy, one, setting


async def counts():
    # ruleid: DJA501
    a = settings_store.value_and_count()
    # ruleid: DJA501
    b = settings_store.value_and_count()
    # ruleid: DJA501
    c = settings_store.compared()
    # ruleid: DJA501
    d = settings_store.compared()
    return a, b, c, d


async def another_request():
    # ruleid: DJA501
    return settings_store.show()
