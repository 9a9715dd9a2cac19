"""Scoring: each candidate's match weight for a record, from its comparison levels.

The weight is the log2 odds that the record is this candidate rather than an unrelated child or a
sibling (ingest.matching.weights). Exact agreement on a name weighs by that name's frequency
(ingest.matching.name_frequency), so a rare name counts for more than Oliver or Smith.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.matching.candidates import CandidateChild, candidates_find
from ingest.matching.comparable import Comparable, candidate_comparable, record_comparable
from ingest.matching.comparison import EXACT, SWAPPED, levels_compare
from ingest.matching.name_frequency import NameFrequencies, name_frequencies_lookup
from ingest.matching.weights import (
    FIXED_WEIGHTS,
    HOUSEHOLD_FIELDS,
    household_weight,
    level_weight,
    match_weight,
    prior_weight,
)
from ingest.records import FeedRecord
from registry.matching_keys import first_name

NAME_FIELDS = frozenset({"given_names", "family_name"})


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """A candidate with its match weight and its levels (field -> level name, for reviewers)."""

    candidate: CandidateChild
    match_weight: float
    levels: dict[str, str]

    @property
    def child_id(self) -> int:
        return self.candidate.child_id

    @property
    def shielded(self) -> bool:
        return self.candidate.shielded

    @property
    def sealed(self) -> bool:
        return self.candidate.sealed

    @property
    def archived(self) -> bool:
        return self.candidate.archived


def record_score(
    *,
    record: FeedRecord,
    candidates: Sequence[CandidateChild],
    frequencies: NameFrequencies,
    comparables: dict[int, Comparable] | None = None,
) -> list[ScoredCandidate]:
    """The candidates scored against the record, best first (ties: lower child id first).

    `comparables` may carry candidates' matching forms from one record to the next of a chunk.
    """
    record_form = record_comparable(record)
    known = comparables if comparables is not None else {}
    scored = []
    for candidate in candidates:
        child_form = known.get(candidate.child_id)
        if child_form is None:
            child_form = known[candidate.child_id] = candidate_comparable(candidate)
        levels = levels_compare(record=record_form, child=child_form)
        weight = levels_weight(
            levels=levels, record=record_form, child=child_form, frequencies=frequencies
        )
        scored.append(ScoredCandidate(candidate=candidate, match_weight=weight, levels=levels))
    scored.sort(key=lambda one: (-one.match_weight, one.child_id))
    return scored


def levels_weight(
    *, levels: dict[str, str], record: Comparable, child: Comparable, frequencies: NameFrequencies
) -> float:
    """The match weight of one comparison: prior, each level, the household group, siblings."""
    unrelated = prior_weight(frequencies.children)
    sibling = 0.0
    household = []
    for field, level in levels.items():
        weight = FIXED_WEIGHTS.get((field, level))
        if weight is None:
            share = None
            if level in (EXACT, SWAPPED) and field in NAME_FIELDS:
                share = _name_share(
                    field, level, record=record, child=child, frequencies=frequencies
                )
            weight = level_weight(field=field, level=level, name_share=share)
        if field in HOUSEHOLD_FIELDS:
            household.append(weight.unrelated)
        else:
            unrelated += weight.unrelated
        sibling += weight.sibling
    unrelated += household_weight(household)
    return match_weight(unrelated=unrelated, sibling=sibling)


def _name_share(
    field: str, level: str, *, record: Comparable, child: Comparable, frequencies: NameFrequencies
) -> float:
    """The term-frequency u of an exact or swapped name level."""
    if field == "given_names":
        name = record.given_first if level == EXACT else child.given_first
        return frequencies.given_name_share(name)
    return frequencies.family_name_share(child.family_name)


def records_score(*, feed_code: str, records: Sequence[FeedRecord]) -> list[list[ScoredCandidate]]:
    """A chunk: find candidates, look up the names' frequencies, score. Two queries.

    The caller holds transaction.atomic() and shielding.database_scope.matching_scope().
    """
    candidates_of = candidates_find(feed_code=feed_code, records=records)
    frequencies = chunk_name_frequencies(candidates_of=candidates_of)
    comparables: dict[int, Comparable] = {}
    return [
        record_score(
            record=record,
            candidates=candidates,
            frequencies=frequencies,
            comparables=comparables,
        )
        for record, candidates in zip(records, candidates_of, strict=True)
    ]


def chunk_name_frequencies(*, candidates_of: Sequence[Sequence[CandidateChild]]) -> NameFrequencies:
    """The counts of the candidates' names: an exact or swapped level is always on one of them."""
    distinct = {candidate.child_id: candidate for found in candidates_of for candidate in found}
    return name_frequencies_lookup(
        given_names={first_name(child.given_names_norm) for child in distinct.values()},
        family_names={child.family_name_norm for child in distinct.values()},
    )
