"""A person's decision on a record in review or held: the same child, a different child, or a new
child. Judgements are sticky (OpenCR): a pair judged different is never matched again, here or
by the pipeline.

- `same`: the record is applied to the chosen child exactly as an auto-match would apply it,
  within what the feed is trusted for; a shielded child's identity is never changed, and a
  sealed record (an old identity) is never updated at all: the judgement is all that is kept.
- `different`: the child is judged different and the record is decided again without it: it may
  now match, create, wait for review with other candidates, or be held.
- `create`: every candidate the person was shown is judged different, and the record is decided
  again; a new child is made unless the matcher still finds someone (a shielded or sealed child
  the person could not see holds the record, as in the pipeline), using the authority the
  person chose when nothing in the record names one.

The staged record's outcome never changes (a trigger refuses): the resolution says what a person
settled. Matching work runs in the matcher's database scope, as the pipeline's does.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ingest.chunk_decisions import NO_AUTHORITY, RECORD_ID_TAKEN, ChunkDecider, DecidedRecord
from ingest.matching.scoring import ScoredCandidate, records_score
from ingest.models import (
    Outcome,
    PairJudgement,
    RecordResolution,
    StagedRecord,
    StagedRecordContent,
)
from ingest.record_writes import ChunkWriter
from ingest.reference_lookup import ReferenceLookup
from ingest.review.access import QueuedRecord, queued_record_get
from ingest.review.comparison import shown_candidates
from ingest.source_precedence import record_changes
from registry.models import Child, ExternalIdentifier, LocalAuthority
from shielding.database_scope import matching_scope, user_scope

SAME, DIFFERENT, CREATE = "same", "different", "create"
NOT_A_CANDIDATE = "This child is no longer a candidate for the record. Look at the record again."
ALREADY_SETTLED = "This record has already been settled."
AUTHORITY_NEEDED = "Choose the local authority responsible for the new child"


class ReviewState:
    """Where a decision left the record."""

    SAME_CHILD = RecordResolution.Decision.SAME_CHILD
    CREATED = RecordResolution.Decision.CREATED
    IN_REVIEW = "review"
    HELD = "held"


@dataclass(frozen=True)
class ReviewResult:
    """The record's state after a decision, and the child it now belongs to, once settled."""

    state: str
    child_id: int | None = None


@dataclass(frozen=True)
class _Deciding:
    """One decision in progress: the record as its decider may see it, and who decides."""

    queued: QueuedRecord
    by: object

    @property
    def feed(self):
        return self.queued.feed

    @property
    def record_id(self) -> str:
        return self.queued.staged_record.record_id


@transaction.atomic
def review_resolve(
    *,
    staged_record: StagedRecord,
    by,
    decision: str,
    child_id: int | None = None,
    local_authority_id: int | None = None,
) -> ReviewResult:
    """Settle, or take one step towards settling, a record in review or held."""
    StagedRecord.objects.select_for_update().filter(pk=staged_record.pk).first()
    queued = queued_record_get(user=by, staged_record_id=staged_record.pk)
    if queued is None:
        raise PermissionDenied("You may not decide this record.")
    if queued.resolution is not None:
        raise ValidationError(ALREADY_SETTLED)
    deciding = _Deciding(queued=queued, by=by)
    if decision == SAME:
        return _same_child(deciding, child_id=_shown_candidate_id(deciding, child_id))
    if decision == DIFFERENT:
        _judge(deciding, _shown_candidate_id(deciding, child_id), PairJudgement.Verdict.DIFFERENT)
        return _decide_again(deciding)
    if decision == CREATE:
        for shown in _shown(deciding):
            _judge(deciding, shown.pk, PairJudgement.Verdict.DIFFERENT)
        return _decide_again(
            deciding, creating=True, authority_id=_authority_id(local_authority_id)
        )
    raise ValidationError("Choose same child, different child, or a new record.")


def _shown(deciding: _Deciding) -> list[Child]:
    with user_scope(deciding.by):
        return shown_candidates(user=deciding.by, queued=deciding.queued)


def _shown_candidate_id(deciding: _Deciding, child_id: int | None) -> int:
    """`child_id`, if it is a candidate the decider may be shown; otherwise a ValidationError."""
    if child_id is None or child_id not in {child.pk for child in _shown(deciding)}:
        raise ValidationError(NOT_A_CANDIDATE)
    return child_id


def _authority_id(local_authority_id: int | None) -> int | None:
    if local_authority_id is None:
        return None
    if not LocalAuthority.objects.filter(pk=local_authority_id).exists():
        raise ValidationError({"local_authority_id": AUTHORITY_NEEDED})
    return local_authority_id


def _same_child(deciding: _Deciding, *, child_id: int) -> ReviewResult:
    """Apply the record to the chosen child, as the pipeline applies an auto-match."""
    record, feed = deciding.queued.record, deciding.feed
    with matching_scope():
        chosen = _scored_candidate(deciding, child_id)
        owner = _record_id_owner(feed_code=feed.code, record_id=record.record_id)
        if owner not in (None, child_id):
            raise ValidationError(RECORD_ID_TAKEN)
        changes = record_changes(
            record=record,
            candidate=chosen.candidate,
            trusted=frozenset(feed.trusted_fields),
            feed_code=feed.code,
        )
        if changes and not chosen.sealed:
            writer = ChunkWriter(
                feed_code=feed.code,
                references=ReferenceLookup.for_records([record]),
                decided_by=deciding.by,
            )
            writer.child_update(candidate=chosen.candidate, record=record, changes=changes)
            writer.flush()
        _content_update(
            deciding,
            child_id=child_id,
            match_weight=chosen.match_weight,
            field_levels=chosen.levels,
        )
    _judge(deciding, child_id, PairJudgement.Verdict.SAME)
    return _resolve(deciding, ReviewState.SAME_CHILD, child_id)


def _scored_candidate(deciding: _Deciding, child_id: int) -> ScoredCandidate:
    """The chosen child as the matcher sees it now; it must still be a candidate."""
    [scored] = records_score(feed_code=deciding.feed.code, records=[deciding.queued.record])
    for item in scored:
        if item.child_id == child_id:
            return item
    raise ValidationError(NOT_A_CANDIDATE)


def _record_id_owner(*, feed_code: str, record_id: str) -> int | None:
    """The child that already carries this feed's record_id (read in the matcher's scope)."""
    return (
        ExternalIdentifier.unscoped_objects.filter(
            scheme=ExternalIdentifier.Scheme.SOURCE_RECORD, issuer=feed_code, value=record_id
        )
        .values_list("child_id", flat=True)
        .first()
    )


def _decide_again(
    deciding: _Deciding, *, creating: bool = False, authority_id: int | None = None
) -> ReviewResult:
    """Decide the record as the pipeline would, without the children judged different. A new
    child the record names no authority for gets `authority_id`, when the person chose one; a
    person `creating` a child must choose one then."""
    queued = deciding.queued
    decider = ChunkDecider(feed=deciding.feed)
    with matching_scope():
        [decided] = decider.decide([(queued.staged_record.pk, queued.record)])
        if decided.outcome == Outcome.REVIEW and decided.reason == NO_AUTHORITY:
            if authority_id is not None:
                decided = _created_in(deciding, decided, authority_id=authority_id)
            elif creating:
                raise ValidationError({"local_authority_id": AUTHORITY_NEEDED})
        if creating and decided.reason == RECORD_ID_TAKEN:
            raise ValidationError(RECORD_ID_TAKEN)
        _content_update(
            deciding,
            child_id=decided.final_child_id,
            match_weight=decided.match_weight,
            field_levels=decided.levels,
            candidates=decided.candidates,
            held_for_id=decided.held_for_id,
            disclosed=decided.disclosed,
        )
    return _result_of(deciding, decided)


def _created_in(deciding: _Deciding, decided: DecidedRecord, *, authority_id: int):
    """A new child in the authority the person chose, for a record that names none."""
    record = deciding.queued.record
    writer = ChunkWriter(
        feed_code=deciding.feed.code, references=ReferenceLookup.for_records([record])
    )
    decided.new_child = writer.child_create(record=record, responsible_authority_id=authority_id)
    writer.flush()
    decided.outcome = Outcome.CREATED
    return decided


def _result_of(deciding: _Deciding, decided: DecidedRecord) -> ReviewResult:
    if decided.outcome in (Outcome.MATCHED, Outcome.UNCHANGED):
        return _resolve(deciding, ReviewState.SAME_CHILD, decided.child_id)
    if decided.outcome == Outcome.CREATED:
        return _resolve(deciding, ReviewState.CREATED, decided.final_child_id)
    if decided.outcome == Outcome.HELD:
        return ReviewResult(ReviewState.HELD)
    return ReviewResult(ReviewState.IN_REVIEW)


def _content_update(deciding: _Deciding, **values) -> None:
    """Write what the decision found to the record's hidden content (in the matcher's scope)."""
    StagedRecordContent.objects.filter(staged_record_id=deciding.queued.staged_record.pk).update(
        **values
    )


def _judge(deciding: _Deciding, child_id: int, verdict: str) -> None:
    PairJudgement.objects.update_or_create(
        feed=deciding.feed,
        record_id=deciding.record_id,
        child_id=child_id,
        defaults={"verdict": verdict, "judged_by": deciding.by},
    )


def _resolve(deciding: _Deciding, state: str, child_id: int | None) -> ReviewResult:
    RecordResolution.objects.create(
        staged_record=deciding.queued.staged_record,
        decision=state,
        child_id=child_id,
        decided_by=deciding.by,
    )
    return ReviewResult(state, child_id)
