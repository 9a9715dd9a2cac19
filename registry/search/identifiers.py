"""Search by ContactPoint ID or NHS number: an exact lookup; with both, the child must hold both."""

from registry.models import ExternalIdentifier
from registry.search.criteria import SearchCriteria
from registry.search.results import ScoredChild
from registry.search.scoring import STRONG


def identifier_matches(*, children, identifiers, criteria: SearchCriteria) -> list[ScoredChild]:
    matching = children
    if criteria.contactpoint_id:
        matching = matching.filter(contactpoint_id=criteria.contactpoint_id)
    if criteria.nhs_number:
        holders = identifiers.filter(
            scheme=ExternalIdentifier.Scheme.NHS_NUMBER, issuer="", value=criteria.nhs_number
        )
        matching = matching.filter(pk__in=holders.values("child_id"))
    return [
        ScoredChild(child_id=child_id, score=1.0, band=STRONG)
        for child_id in matching.values_list("pk", flat=True)
    ]
