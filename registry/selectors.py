"""Reads from the registry. Every one starts from the chokepoint, for a named user and purpose."""

from django.db import transaction

from registry.search.criteria import SearchCriteria
from registry.search.demographics import demographic_matches
from registry.search.identifiers import identifier_matches
from registry.search.results import SearchOutcome, search_outcome
from registry.search.scope import (
    SearchingUser,
    searchable_addresses,
    searchable_children,
    searchable_identifiers,
)


@transaction.atomic
def child_search(*, user: SearchingUser, purpose: str, criteria: SearchCriteria) -> SearchOutcome:
    """Find children by ID, NHS number, or names and date of birth, forgiving common mistakes.

    At most MAX_RESULTS results, best first, each 'strong' or 'possible'; more than that gives
    none and `too_many`, so that the user adds to the criteria. Build `criteria` with
    `registry.search.search_criteria_parse`.
    """
    children = searchable_children(user=user, purpose=purpose, criteria=criteria)
    if criteria.is_identifier_search:
        scored = identifier_matches(
            children=children,
            identifiers=searchable_identifiers(user=user, purpose=purpose),
            criteria=criteria,
        )
    else:
        scored = demographic_matches(
            children=children,
            addresses=searchable_addresses(user=user, purpose=purpose),
            criteria=criteria,
        )
    return search_outcome(children=children, scored=scored)
