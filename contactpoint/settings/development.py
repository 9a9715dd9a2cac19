"""The local run command: production-like (DEBUG off, so error pages never show data), over plain HTTP."""

from contactpoint.settings.base import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
