"""A call refused by a throttle, recorded after the request's own transaction has rolled back
(DRF rolls it back on every API error), so that the refusal itself is never lost."""

from dataclasses import dataclass

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record


@dataclass(frozen=True)
class ThrottleRefusal:
    user: object
    scope: str


@transaction.atomic
def throttle_refusal_record(*, refusal: ThrottleRefusal, view: str) -> AccessEvent:
    return access_event_record(
        kind=AccessEvent.Kind.THROTTLED,
        user=refusal.user,
        details={"scope": refusal.scope, "view": view},
    )
