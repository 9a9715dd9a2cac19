"""Writes to the audit trail."""

from collections.abc import Iterable

from django.db import transaction

from audit.models import AccessEvent
from audit.request_origin import request_origin_current


@transaction.atomic
def access_event_record(
    *,
    kind: str,
    user,
    purpose: str = "",
    criteria: dict | None = None,
    child_ids: Iterable[int] = (),
    details: dict | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> AccessEvent:
    """Record one read. Callers write it in the read's own transaction, so no read goes unrecorded.

    The request's ID, address and user agent come from the request being served unless given.
    """
    origin = request_origin_current()
    if origin is not None:
        ip_address = ip_address or origin.ip_address
        user_agent = user_agent or origin.user_agent
    return AccessEvent.objects.create(
        request_id=origin.request_id if origin is not None else "",
        kind=kind,
        user=user,
        organisation_id=getattr(user, "organisation_id", None),
        purpose=purpose,
        criteria=criteria or {},
        child_ids=list(child_ids),
        details=details or {},
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
