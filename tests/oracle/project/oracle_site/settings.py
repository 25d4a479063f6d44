"""Settings of the oracle project: SQLite in the file $ORACLE_DB (run.py makes a temporary one)."""
import os
import tempfile

SECRET_KEY = "oracle-only-not-secret"
DEBUG = False
USE_TZ = True
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "shop",
]
# A file, not ":memory:": sync_to_async runs the ORM in a worker thread, which has its own
# connection, and every connection to ":memory:" is a database of its own.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ORACLE_DB") or os.path.join(tempfile.gettempdir(), "djasync-oracle.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
ROOT_URLCONF = "oracle_site.urls"
