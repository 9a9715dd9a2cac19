"""The outcome of a scored record: match, review, create, or held. The shield guard lives here.

The 2009 defect: feed records about shielded children did not match, and created new, unshielded
copies of them. Here a record that could be a shielded or sealed child is held for that child's
local-authority management team, at a weight (shield_guard) well below the one at which anything
else would even be reviewed. The rules, in order:

1. Candidates a person has judged to be a different child are dropped: their judgement is sticky.
2. A sealed candidate (an old identity, after adoption or witness protection) at or above the
   guard holds the record: a sealed record is never updated, and the new identity is never told.
3. When every candidate at or above review is archived (a young adult whose record left the
   index at 18, or a year after death), nothing changes: the archive is never updated or
   reopened, and no new record is made for someone the index already holds.
4. The best candidate at or above auto-match, active, with the runner-up below auto-match, is a
   match, unless another candidate that is shielded reaches the guard (then held). A shielded
   best candidate is matched too: the pipeline then changes only hidden data, and the child
   stays shielded.
5. Otherwise any shielded candidate at or above the guard holds the record. This is where an
   ambiguous auto-match with a shielded candidate in it ends when a shielded child might be
   involved.
6. Otherwise the best at or above review goes to a person, with the candidates that reach the
   guard (at most five), none of them archived: nobody but its management team and lawful
   access may read an archived record.
7. Otherwise a new child is created.

A held record is held for the highest-scoring shielded or sealed candidate at or above the guard:
the child the record most likely is, and its responsible authority's team.

A deceased best candidate at or above auto-match is reviewed, not updated: a feed that still
sends a child who has died is a thing a person should see, and an update there would change a
closed record unseen.

Reasons name rules and levels, never a value, and say the same for a shielded and a sealed child,
so that a reason can be shown to operations staff. A held decision's child, weight and levels are
for the management team that resolves it only.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.matching.scoring import ScoredCandidate
from registry.models import Child

MATCH, REVIEW, CREATE, HELD, ARCHIVED = "match", "review", "create", "held", "archived"
REVIEW_CANDIDATES_SHOWN = 5
AUTO_MATCHED_STATUSES = frozenset({Child.Status.ACTIVE})

REASON_MATCH = "The best candidate reached auto-match and no other did."
REASON_HELD = "A shielded or sealed child may be this record: held for its management team."
REASON_AMBIGUOUS = "More than one candidate reached auto-match: a person decides."
REASON_NOT_ACTIVE = (
    "The best candidate reached auto-match but its record is not active: a person decides."
)
REASON_REVIEW = "The best candidate reached review but not auto-match: a person decides."
REASON_ARCHIVED = "Every candidate at or above review is archived: nothing changes."
REASON_CREATE = "No candidate reached review: a new child."
REASON_NO_CANDIDATE = "No candidate was found: a new child."


@dataclass(frozen=True)
class MatchThresholds:
    """Match weights (log2 odds, ingest.matching.weights): shield_guard < review < auto_match."""

    auto_match: float
    review: float
    shield_guard: float

    def __post_init__(self):
        if not self.shield_guard < self.review < self.auto_match:
            raise ValueError("Thresholds must rise: shield guard, then review, then auto-match.")

    @classmethod
    def of_feed(cls, feed) -> "MatchThresholds":
        return cls(
            auto_match=feed.auto_match_threshold,
            review=feed.review_threshold,
            shield_guard=feed.shield_guard_threshold,
        )


# What bench/match_quality.py recommends for a feed, and the Feed model's defaults. The weights
# are log2 odds that the record is the child: auto-match from about 500 to 1 on, review from 1 in
# 16, and the guard holds a record that is 1 chance in 1,000 a shielded or sealed child's.
CALIBRATED_THRESHOLDS = MatchThresholds(auto_match=9.0, review=-4.0, shield_guard=-10.0)


@dataclass(frozen=True)
class MatchDecision:
    """What to do with one record. child_id: the matched child, or the held-for child."""

    outcome: str
    child_id: int | None
    held_for_local_authority_id: int | None
    match_weight: float | None
    levels: dict[str, str]
    review_candidates: list[ScoredCandidate] = field(default_factory=list)
    reason: str = ""


def match_decide(
    *,
    scored: Sequence[ScoredCandidate],
    thresholds: MatchThresholds,
    judged_different: frozenset[int] = frozenset(),
) -> MatchDecision:
    """Decide one record from its candidates, best first (ingest.matching.scoring)."""
    considered = sorted(
        (one for one in scored if one.child_id not in judged_different),
        key=lambda one: (-one.match_weight, one.child_id),
    )
    guarded = [one for one in considered if one.match_weight >= thresholds.shield_guard]
    protected = [one for one in guarded if one.shielded or one.sealed]
    if any(one.sealed for one in protected):
        return _held(protected[0])
    reviewable = [one for one in guarded if one.match_weight >= thresholds.review]
    if reviewable and all(one.archived for one in reviewable):
        return _archived(reviewable[0])
    auto_matched = [one for one in considered if one.match_weight >= thresholds.auto_match]
    if len(auto_matched) == 1 and auto_matched[0].candidate.status in AUTO_MATCHED_STATUSES:
        best = auto_matched[0]
        if any(one is not best for one in protected):
            return _held(protected[0])
        return _matched(best)
    if protected:
        return _held(protected[0])
    if auto_matched:
        reason = REASON_AMBIGUOUS if len(auto_matched) > 1 else REASON_NOT_ACTIVE
        return _review(guarded, reason=reason)
    if guarded and guarded[0].match_weight >= thresholds.review:
        return _review(guarded, reason=REASON_REVIEW)
    return _created(considered)


def _matched(best: ScoredCandidate) -> MatchDecision:
    return MatchDecision(
        outcome=MATCH,
        child_id=best.child_id,
        held_for_local_authority_id=None,
        match_weight=best.match_weight,
        levels=dict(best.levels),
        reason=REASON_MATCH,
    )


def _held(protected: ScoredCandidate) -> MatchDecision:
    return MatchDecision(
        outcome=HELD,
        child_id=protected.child_id,
        held_for_local_authority_id=protected.candidate.responsible_local_authority_id,
        match_weight=protected.match_weight,
        levels=dict(protected.levels),
        reason=REASON_HELD,
    )


def _review(guarded: list[ScoredCandidate], *, reason: str) -> MatchDecision:
    shown = [one for one in guarded if not (one.shielded or one.sealed or one.archived)]
    shown = shown[:REVIEW_CANDIDATES_SHOWN]
    return MatchDecision(
        outcome=REVIEW,
        child_id=None,
        held_for_local_authority_id=None,
        match_weight=shown[0].match_weight,
        levels=dict(shown[0].levels),
        review_candidates=shown,
        reason=reason,
    )


def _archived(best: ScoredCandidate) -> MatchDecision:
    """Nothing changes. The archived child is kept for the record's content alone (so that its
    purge takes the content with it); no weight or level is kept, as nobody may compare them."""
    return MatchDecision(
        outcome=ARCHIVED,
        child_id=best.child_id,
        held_for_local_authority_id=None,
        match_weight=None,
        levels={},
        reason=REASON_ARCHIVED,
    )


def _created(considered: list[ScoredCandidate]) -> MatchDecision:
    """A new child. The nearest candidate's weight and levels are kept for the record, unless it
    is shielded or sealed: comparisons with a protected child's hidden data are shown to no one."""
    nearest = next((one for one in considered if not (one.shielded or one.sealed)), None)
    return MatchDecision(
        outcome=CREATE,
        child_id=None,
        held_for_local_authority_id=None,
        match_weight=nearest.match_weight if nearest else None,
        levels=dict(nearest.levels) if nearest else {},
        reason=REASON_CREATE if considered else REASON_NO_CANDIDATE,
    )
