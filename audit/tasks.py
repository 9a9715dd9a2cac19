"""Celery tasks of the audit app: thin, and safe to run twice."""

from celery import shared_task

from audit.chain import chain_seal
from audit.retention import events_expire


@shared_task(name="audit.chain_seal")
def audit_chain_seal() -> int:
    """Seal the events of finished transactions into the hash chain (one sealer at a time)."""
    return chain_seal()


@shared_task(name="audit.events_expire")
def audit_events_expire() -> int:
    """Clear the personal details of events past retention (daily, on the beat)."""
    return events_expire()
