"""Each read of children's data, together with its audit event, in one transaction.

Pages and API call these and nothing else to read children, so both are audited the same way and
a read whose event cannot be written fails.
"""

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record
from registry.records import ChildRecord, child_record_get
from registry.search import SearchCriteria, SearchOutcome
from registry.selectors import child_search


def criteria_for_audit(criteria: SearchCriteria) -> dict:
    """The criteria the user typed, as text: what they asked, never what they were shown."""
    return {name: str(value) for name, value in vars(criteria).items() if value}


@transaction.atomic
def search_audited(*, request, purpose: str, criteria: SearchCriteria) -> SearchOutcome:
    outcome = child_search(user=request.user, purpose=purpose, criteria=criteria)
    access_event_record(
        kind=AccessEvent.Kind.SEARCH,
        user=request.user,
        purpose=purpose,
        criteria=criteria_for_audit(criteria),
        child_ids=[result.child.pk for result in outcome.results],
        details={"too_many": outcome.too_many},
    )
    return outcome


@transaction.atomic
def record_audited(*, request, purpose: str, contactpoint_id: str, override=None) -> ChildRecord:
    """Read one record. `override` (an emergency override) is named in the event it lifts."""
    record = child_record_get(
        user=request.user, purpose=purpose, contactpoint_id=contactpoint_id, override=override
    )
    details = {"sections": list(record.sections_shown), "redacted": record.redaction is not None}
    if override is not None:
        details["override"] = override.pk
    access_event_record(
        kind=AccessEvent.Kind.RECORD_VIEW,
        user=request.user,
        purpose=purpose,
        child_ids=[record.child.pk],
        details=details,
    )
    return record
