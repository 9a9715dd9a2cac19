"""Who may open a record that waits for a person, and the one way to get it.

A held record belongs to the management team of the authority it is held for, and to nobody
else: not data-quality staff, not operations. The database agrees: its content is read in the
user's own scope, where row-level security shows a held row only to that team. A record in
review is for data-quality staff, and for the management team of any candidate's responsible
authority. Whoever may not open a record is told exactly what they would be told if it did not
exist (Zulip's `access_<thing>` helpers).
"""

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from accounts.roles import Role
from ingest.models import Outcome, RecordResolution, StagedRecord, StagedRecordContent
from ingest.records import FeedRecord
from registry.models import Child
from registry.purposes import AccessPurpose
from shielding.clearance import cleared_local_authority_ids, may_manage_shielding
from shielding.database_scope import user_scope

# The ledger outcomes a person may be asked to settle. A record keeps its outcome for good; where
# it waits now (review or held) is said by its content.
AWAITING_A_PERSON = (Outcome.REVIEW, Outcome.HELD)
REVIEW_PURPOSE = AccessPurpose.DATA_QUALITY


@dataclass(frozen=True)
class QueuedRecord:
    """A record in a review or held queue, with its content as the user's scope shows it."""

    staged_record: StagedRecord
    content: StagedRecordContent

    @property
    def is_held(self) -> bool:
        return self.content.held_for_id is not None

    @property
    def resolution(self) -> RecordResolution | None:
        try:
            return self.staged_record.resolution
        except RecordResolution.DoesNotExist:
            return None

    @property
    def record(self) -> FeedRecord:
        return FeedRecord.from_json(self.content.normalised)

    @property
    def feed(self):
        return self.staged_record.batch.feed

    @property
    def candidate_ids(self) -> list[int]:
        """The children a person is asked about: a held record's guarded child, or the matcher's
        review candidates."""
        if self.is_held:
            return [self.content.child_id] if self.content.child_id else []
        return [candidate["child_id"] for candidate in self.content.candidates]


def is_data_quality_staff(user) -> bool:
    return bool(user.is_active and user.role == Role.DATA_QUALITY)


def queued_record_get(*, user, staged_record_id: int) -> QueuedRecord | None:
    """The record if `user` may act on it; None otherwise, whether or not it exists."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return None
    with transaction.atomic(), user_scope(user):
        content = (
            StagedRecordContent.objects.select_related(
                "staged_record__batch__feed",
                "held_for",
                "staged_record__resolution__decided_by",
            )
            .filter(
                staged_record_id=staged_record_id,
                staged_record__outcome__in=AWAITING_A_PERSON,
            )
            .first()
        )
        if content is None:
            return None
        queued = QueuedRecord(staged_record=content.staged_record, content=content)
        allowed = _may_settle_held(user, queued) if queued.is_held else _may_review(user, queued)
    return queued if allowed else None


def queued_record_access(*, user, staged_record_id: int) -> QueuedRecord:
    """As queued_record_get, for a page: Http404 for "not yours" and "no such record" alike."""
    queued = queued_record_get(user=user, staged_record_id=staged_record_id)
    if queued is None:
        raise Http404("No such record.")
    return queued


def _may_settle_held(user, queued: QueuedRecord) -> bool:
    held_for = queued.content.held_for
    return held_for.pk in cleared_local_authority_ids(user) and may_manage_shielding(
        user=user, local_authority=held_for
    )


def _may_review(user, queued: QueuedRecord) -> bool:
    if is_data_quality_staff(user):
        return True
    team_authority_ids = cleared_local_authority_ids(user)
    if not team_authority_ids or not queued.candidate_ids:
        return False
    return (
        Child.objects.visible_to(user, purpose=REVIEW_PURPOSE)
        .filter(
            pk__in=queued.candidate_ids,
            responsible_local_authority_id__in=team_authority_ids,
        )
        .exists()
    )
