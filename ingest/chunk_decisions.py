"""From scored candidates to each record's outcome, and what that outcome writes.

The matcher (ingest.matching) scores and applies the shield guard; this turns its decision into a
staged record's outcome: a match becomes `matched` or `unchanged` by what the feed is trusted to
change; a `create` becomes a new child, unless nothing says which authority is responsible for
it or its record_id already names another child, when a person decides instead.
"""

from dataclasses import dataclass, field

from ingest.matching.decision import MatchDecision, MatchThresholds, match_decide
from ingest.matching.scoring import ScoredCandidate, records_score
from ingest.models import Feed, Outcome, PairJudgement
from ingest.record_writes import ChunkWriter
from ingest.records import FeedRecord
from ingest.reference_lookup import ReferenceLookup
from ingest.source_precedence import record_changes
from registry.models import Child

NO_AUTHORITY = (
    "Responsible authority: the postcode, school and feed name no local authority, so a person "
    "decides where the new child belongs."
)
RECORD_ID_TAKEN = "record_id: this feed's record_id already identifies another child."


@dataclass
class DecidedRecord:
    """One record's outcome and what the matcher found, ready to be written."""

    staged_id: int
    outcome: str
    reason: str = ""
    child_id: int | None = None
    new_child: Child | None = None
    match_weight: float | None = None
    levels: dict = field(default_factory=dict)
    candidates: list[dict] = field(default_factory=list)
    held_for_id: int | None = None

    @property
    def disclosed(self) -> bool:
        """Only a held record stays hidden from everyone but its management team."""
        return self.outcome != Outcome.HELD

    @property
    def final_child_id(self) -> int | None:
        return self.new_child.pk if self.new_child is not None else self.child_id


class ChunkDecider:
    """Decides a chunk's records against one feed's thresholds and trusted fields."""

    def __init__(self, *, feed: Feed):
        self.feed = feed
        self.thresholds = MatchThresholds.of_feed(feed)
        self.trusted = frozenset(feed.trusted_fields)

    def decide(self, waiting: list[tuple[int, FeedRecord]]) -> list[DecidedRecord]:
        records = [record for _staged_id, record in waiting]
        self.judged_different = _judged_different(feed=self.feed, records=records)
        scored_lists = records_score(feed_code=self.feed.code, records=records)
        self.references = ReferenceLookup.for_records(records)
        self.writer = ChunkWriter(feed_code=self.feed.code, references=self.references)
        decided = [
            self._decide_one(staged_id, record, scored)
            for (staged_id, record), scored in zip(waiting, scored_lists, strict=True)
        ]
        self.writer.flush()
        return decided

    def _decide_one(self, staged_id, record: FeedRecord, scored) -> DecidedRecord:
        decision = match_decide(
            scored=scored,
            thresholds=self.thresholds,
            judged_different=self.judged_different.get(record.record_id, frozenset()),
        )
        found = DecidedRecord(
            staged_id=staged_id,
            outcome=Outcome.REVIEW,
            reason=decision.reason,
            match_weight=decision.match_weight,
            levels=decision.levels,
        )
        if decision.outcome == "held":
            found.outcome, found.reason = Outcome.HELD, ""
            found.child_id = decision.child_id
            found.held_for_id = decision.held_for_local_authority_id
            return found
        if decision.outcome == "archived":
            found.outcome, found.child_id = Outcome.UNCHANGED, decision.child_id
            return found
        owner = _record_id_owner(record, scored)
        if decision.outcome == "match":
            return self._matched(found, record, decision, scored, owner)
        if decision.outcome == "create":
            return self._created(found, record, owner)
        found.candidates = review_candidates_json(decision.review_candidates)
        return found

    def _matched(self, found, record, decision: MatchDecision, scored, owner) -> DecidedRecord:
        candidate = next(item.candidate for item in scored if item.child_id == decision.child_id)
        if owner not in (None, candidate.child_id):
            found.reason = RECORD_ID_TAKEN
            found.candidates = review_candidates_json(decision.review_candidates)
            return found
        changes = record_changes(
            record=record, candidate=candidate, trusted=self.trusted, feed_code=self.feed.code
        )
        found.child_id = candidate.child_id
        if changes:
            self.writer.child_update(candidate=candidate, record=record, changes=changes)
            found.outcome = Outcome.MATCHED
            found.reason = f"Matched (weight {decision.match_weight:.1f}); updated: " + ", ".join(
                changes.parts()
            )
        else:
            found.outcome = Outcome.UNCHANGED
            found.reason = f"Matched (weight {decision.match_weight:.1f}); nothing new."
        return found

    def _created(self, found, record: FeedRecord, owner) -> DecidedRecord:
        if owner is not None:
            found.reason = RECORD_ID_TAKEN
            return found
        authority_id = self.references.responsible_authority_id(
            record, feed_authority_id=self.feed.local_authority_id
        )
        if authority_id is None:
            found.reason = NO_AUTHORITY
            return found
        found.outcome = Outcome.CREATED
        found.new_child = self.writer.child_create(
            record=record, responsible_authority_id=authority_id
        )
        return found


def review_candidates_json(candidates: list[ScoredCandidate]) -> list[dict]:
    """What a reviewer is shown of each candidate: which child, the weight and the field levels."""
    return [
        {
            "child_id": candidate.child_id,
            "match_weight": round(candidate.match_weight, 2),
            "levels": candidate.levels,
        }
        for candidate in candidates
    ]


def _judged_different(*, feed: Feed, records: list[FeedRecord]) -> dict[str, frozenset[int]]:
    """The children people have said each record is not: never matched to it again."""
    judged: dict[str, set[int]] = {}
    for record_id, child_id in PairJudgement.objects.filter(
        feed=feed,
        record_id__in=[record.record_id for record in records],
        verdict=PairJudgement.Verdict.DIFFERENT,
    ).values_list("record_id", "child_id"):
        judged.setdefault(record_id, set()).add(child_id)
    return {record_id: frozenset(child_ids) for record_id, child_ids in judged.items()}


def _record_id_owner(record: FeedRecord, scored) -> int | None:
    """The candidate that already carries this feed's record_id, if any."""
    for item in scored:
        if record.record_id in item.candidate.source_record_ids:
            return item.child_id
    return None
