"""Tests: the real embedded PostgreSQL and Redis, fast password hashing, mail kept in memory."""

from urllib.parse import urlsplit

from contactpoint.settings.base import *  # noqa: F403
from contactpoint.settings.base import CACHES, MIDDLEWARE, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache (and so the API throttles' counts) in a Redis database of its own, cleared before each
# test; the broker keeps its own.
CACHES["default"]["KEY_PREFIX"] = "contactpoint-test"
CACHES["default"]["LOCATION"] = urlsplit(env("REDIS_URL"))._replace(path="/3").geturl()
CELERY_BROKER_URL = env("REDIS_URL")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders in tests; WhiteNoise serves the collected ones elsewhere.
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("whitenoise")]
