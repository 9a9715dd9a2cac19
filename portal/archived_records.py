"""Reading an archived record, with its audit event in the same transaction.

An archived record is out of the index: no search finds it and no record page opens it. For a year
after archiving, the child's management team reads it from its own archive (shielding.archive);
after that, only a lawful-access officer, who states a lawful basis for each reading
(portal.lawful_access). Both read it here, and each reading is a record view in the audit trail,
for the purpose "archived record", with the basis when there is one.
"""

from dataclasses import dataclass

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record
from registry.models import Child
from registry.purposes import AccessPurpose
from registry.records import ChildRecord, child_record_read

ARCHIVE_PURPOSE = AccessPurpose.ARCHIVED_RECORD


@dataclass(frozen=True)
class LawfulAccess:
    """A lawful-access officer's stated basis for reading one archived record, for one view. Like
    an emergency override it is its own user's, for one child: the chokepoint shows that user the
    child's hidden data, which would otherwise stay shielded (registry.records.child_record_read)."""

    user_id: int
    child_id: int
    basis: str
    reference: str


@transaction.atomic
def archived_record_audited(
    *, request, child: Child, lawful_access: LawfulAccess | None = None
) -> ChildRecord:
    """Read an archived record the caller has given the user access to, and record the reading."""
    record = child_record_read(
        user=request.user, purpose=ARCHIVE_PURPOSE, child=child, override=lawful_access
    )
    details = {
        "sections": list(record.sections_shown),
        "redacted": record.redaction is not None,
        "archived": True,
    }
    if lawful_access is not None:
        details |= {"lawful_basis": lawful_access.basis, "reference": lawful_access.reference}
    access_event_record(
        kind=AccessEvent.Kind.RECORD_VIEW,
        user=request.user,
        purpose=ARCHIVE_PURPOSE,
        child_ids=[child.pk],
        details=details,
    )
    return record


def lawful_access_refused_record(*, request, contactpoint_id: str, basis: str, reference: str):
    """A lawful-access officer asked for a record that is not theirs to read (missing, open,
    sealed, still the team's, or purged): the attempt is recorded as a search that found nothing."""
    access_event_record(
        kind=AccessEvent.Kind.SEARCH,
        user=request.user,
        purpose=ARCHIVE_PURPOSE,
        criteria={"contactpoint_id": contactpoint_id},
        details={"lawful_basis": basis, "reference": reference},
    )
