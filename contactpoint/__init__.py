"""ContactPoint: settings, URLs and the Celery app of the national index of children."""

from contactpoint.celery import app as celery_app

__all__ = ["celery_app"]
