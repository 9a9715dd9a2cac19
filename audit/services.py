"""Writes to the audit trail."""

from collections.abc import Iterable

from django.db import transaction

from audit.models import AccessEvent


@transaction.atomic
def access_event_record(
    *,
    kind: str,
    user,
    purpose: str,
    criteria: dict | None = None,
    child_ids: Iterable[int] = (),
    details: dict | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> AccessEvent:
    """Record one read. Callers write it in the read's own transaction, so no read goes unrecorded."""
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        organisation_id=user.organisation_id,
        purpose=purpose,
        criteria=criteria or {},
        child_ids=list(child_ids),
        details=details or {},
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
