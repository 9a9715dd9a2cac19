"""Tests: the real embedded PostgreSQL and Redis, fast password hashing, mail kept in memory."""

from contactpoint.settings.base import *  # noqa: F403
from contactpoint.settings.base import CACHES, MIDDLEWARE, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES["default"]["KEY_PREFIX"] = "contactpoint-test"
CELERY_BROKER_URL = env("REDIS_URL")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders in tests; WhiteNoise serves the collected ones elsewhere.
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("whitenoise")]
