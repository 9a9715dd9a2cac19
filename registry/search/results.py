"""What a search hands back: at most MAX_RESULTS children, best first, or a request to refine.

When more than MAX_RESULTS children pass the 'possible' threshold, none is returned: a cap that
returned the first twenty would let someone page through the index by varying the criteria.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from registry.models import Child
from registry.search.scoring import STRONG, Band

MAX_RESULTS = 20


@dataclass(frozen=True)
class SearchResult:
    child: Child
    score: float
    band: Band


@dataclass(frozen=True)
class SearchOutcome:
    """The results, best first; or none and `too_many` when the user must add to the criteria."""

    results: list[SearchResult] = field(default_factory=list)
    too_many: bool = False


@dataclass(frozen=True)
class ScoredChild:
    """A candidate that passed, before the child itself is fetched."""

    child_id: int
    score: float
    band: Band
    sort_key: tuple = ()


def search_outcome(*, children, scored: Iterable[ScoredChild]) -> SearchOutcome:
    """Rank, apply the cap, and fetch the children to show from `children` (a scoped queryset)."""
    ranked = sorted(scored, key=_rank)
    if len(ranked) > MAX_RESULTS:
        return SearchOutcome(too_many=True)
    if not ranked:
        return SearchOutcome()
    by_id = {
        child.pk: child for child in children.filter(pk__in=[item.child_id for item in ranked])
    }
    return SearchOutcome(
        results=[
            SearchResult(child=by_id[item.child_id], score=item.score, band=item.band)
            for item in ranked
            if item.child_id in by_id
        ]
    )


def _rank(item: ScoredChild) -> tuple:
    """Strong matches first, then by score; ties in a fixed order so that results do not shuffle."""
    return (item.band != STRONG, -item.score, *item.sort_key, item.child_id)
