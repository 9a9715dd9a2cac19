"""Search by names, date of birth and postcode: block through indexes, then score each candidate."""

from registry.search.candidates import children_at_postcode, demographic_candidates
from registry.search.criteria import SearchCriteria
from registry.search.results import ScoredChild
from registry.search.scoring import CandidateScorer


def demographic_matches(*, children, addresses, criteria: SearchCriteria) -> list[ScoredChild]:
    at_postcode = (
        children_at_postcode(addresses=addresses, postcode=criteria.postcode)
        if criteria.postcode
        else frozenset()
    )
    scorer = CandidateScorer(criteria)
    scored = []
    for candidate in demographic_candidates(
        children=children, criteria=criteria, at_postcode=at_postcode
    ):
        match = scorer.match(
            given_names_norm=candidate.given_names_norm,
            family_name_norm=candidate.family_name_norm,
            born=candidate.date_of_birth,
            at_postcode=candidate.id in at_postcode,
        )
        if match:
            scored.append(
                ScoredChild(
                    child_id=candidate.id,
                    score=match.score,
                    band=match.band,
                    sort_key=(candidate.family_name_norm, candidate.given_names_norm),
                )
            )
    return scored
