"""Periodic account housekeeping, run by Celery beat."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.sessions_clear")
def sessions_clear() -> None:
    """Delete expired sessions (idle for 15 minutes or past their 12 hours)."""
    call_command("clearsessions")
