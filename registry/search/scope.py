"""The rows a search may look at: the one place where who is searching, and with what, narrows them.

Every query a search makes starts here, from the chokepoint (`visible_to`). Shielding's rule for
search belongs in `searchable_children`: a search that uses a hidden field
(`criteria.hidden_fields_used`: a postcode or an NHS number) never returns a shielded child.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from registry.models import Address, Child, ExternalIdentifier
from registry.search.criteria import SearchCriteria
from registry.shielding_policy import shielding_policy

SearchingUser = AbstractBaseUser | AnonymousUser

# Sealed (an old identity), merged (a duplicate) and archived records are not found by search.
SEARCHABLE_STATUSES = Child.OPEN_STATUSES


def searchable_children(*, user: SearchingUser, purpose: str, criteria: SearchCriteria):
    """The children this search may return.

    A search that used a hidden field never finds a child whose contact data is hidden from the
    user: finding them would confirm where they live, or which NHS number is theirs. Such a child
    is left out before anything is counted, so the answer (and the cap) is exactly as if the child
    did not exist.
    """
    children = Child.objects.visible_to(user, purpose=purpose).filter(
        status__in=SEARCHABLE_STATUSES
    )
    if criteria.hidden_fields_used:
        children = shielding_policy().restrict_children_for_hidden_criteria(children, user=user)
    return children


def searchable_addresses(*, user: SearchingUser, purpose: str):
    return Address.objects.visible_to(user, purpose=purpose)


def searchable_identifiers(*, user: SearchingUser, purpose: str):
    return ExternalIdentifier.objects.visible_to(user, purpose=purpose)
