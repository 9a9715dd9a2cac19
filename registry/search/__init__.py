"""Practitioner search: criteria, blocking, scoring and ranking behind `registry.selectors.child_search`.

Read the modules in this order: criteria (what is enough), parse (from a form), candidates
(blocking through indexes), name_similarity and scoring (how alike, and the bands), results (the
cap). scope holds the one place where who is searching narrows the rows.
"""

from registry.search.criteria import SearchCriteria, SearchCriteriaError
from registry.search.parse import search_criteria_parse
from registry.search.partial_date import PartialDate
from registry.search.results import MAX_RESULTS, SearchOutcome, SearchResult

__all__ = [
    "MAX_RESULTS",
    "PartialDate",
    "SearchCriteria",
    "SearchCriteriaError",
    "SearchOutcome",
    "SearchResult",
    "search_criteria_parse",
]
