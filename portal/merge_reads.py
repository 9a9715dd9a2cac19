"""Reads around merges, each with its access event in the same transaction: following a merged
record's ID to the surviving record, and the side-by-side of two records before a merge.

The side-by-side compares contact data only when the reader may see both records' contact data.
When either record is shielded from the reader (data-quality staff, or a team of another
authority), both columns show identity only: a duplicate's address set beside a shielded child's
name would say where the child lives.
"""

from dataclasses import dataclass

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record
from registry.merges import MERGE_PURPOSE, merged_child_redirect
from registry.models import Child
from registry.records import ChildRecord, child_record_get


@transaction.atomic
def merged_record_follow_audited(*, request, purpose: str, contactpoint_id: str) -> Child | None:
    """The open record a merged record's ID leads to, or None for any other ID. The event names
    both records and shows no contact data: opening the survivor is a read of its own."""
    found = merged_child_redirect(
        user=request.user, purpose=purpose, contactpoint_id=contactpoint_id
    )
    if found is None:
        return None
    merged, survivor = found
    access_event_record(
        kind=AccessEvent.Kind.RECORD_VIEW,
        user=request.user,
        purpose=purpose,
        child_ids=[merged.pk, survivor.pk],
        details={"sections": [], "merged_into": survivor.display_id},
    )
    return survivor


@dataclass(frozen=True)
class MergeComparison:
    """The two records side by side, as the reader may see them."""

    survivor: ChildRecord
    merged: ChildRecord

    @property
    def contact_data_compared(self) -> bool:
        return bool(self.survivor.sections_shown)

    @property
    def any_redacted(self) -> bool:
        return self.survivor.redaction is not None or self.merged.redaction is not None


@transaction.atomic
def merge_comparison_audited(*, user, survivor_id: str, merged_id: str) -> MergeComparison:
    """Both records for a merge; Child.DoesNotExist when either is not an open record the user
    may see (a merged, sealed or archived ID is told apart from a missing one nowhere)."""
    records = [
        child_record_get(user=user, purpose=MERGE_PURPOSE, contactpoint_id=contactpoint_id)
        for contactpoint_id in (survivor_id, merged_id)
    ]
    if any(record.redaction is not None for record in records):
        records = [
            ChildRecord(child=record.child, sections_shown=(), redaction=record.redaction)
            for record in records
        ]
    comparison = MergeComparison(*records)
    access_event_record(
        kind=AccessEvent.Kind.RECORD_VIEW,
        user=user,
        purpose=MERGE_PURPOSE,
        child_ids=[record.child.pk for record in records],
        details={
            "sections": list(comparison.survivor.sections_shown),
            "redacted": comparison.any_redacted,
        },
    )
    return comparison
