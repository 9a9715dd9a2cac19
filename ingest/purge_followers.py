"""A purged child's feed records go with the record.

A staged record's content is the record as a source sent it: names, birth date, address, carers.
When the content was matched to, created as, or held for a purged child, it is the child's personal
data and is deleted; the ledger row (`StagedRecord`: row, record_id, outcome, and a reason that
names a rule, never a value) stays with its batch. A record in review that named the child among its
candidates loses that candidate, and keeps its content: it may be about someone else. Pair
judgements about the child go by cascade, and resolutions lose the child (SET_NULL).
"""

from ingest.models import StagedRecordContent
from shielding.database_scope import matching_scope


def staged_content_of_purged_child_delete(*, child, **_kwargs) -> int:
    """`record_purging` receiver: delete the content about `child`, and drop it as a candidate.
    Returns how many contents were deleted."""
    with matching_scope():
        deleted, _by_model = StagedRecordContent.objects.filter(child_id=child.pk).delete()
        naming = StagedRecordContent.objects.filter(candidates__contains=[{"child_id": child.pk}])
        for content in naming:
            content.candidates = [
                candidate for candidate in content.candidates if candidate["child_id"] != child.pk
            ]
            content.save(update_fields=["candidates"])
    return deleted
