"""The rows a search may look at: the one place where who is searching, and with what, narrows them.

Every query a search makes starts here, from the chokepoint (`visible_to`). Shielding's rule for
search belongs in `searchable_children`: a search that uses a hidden field
(`criteria.hidden_fields_used`: a postcode or an NHS number) never returns a shielded child.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from registry.models import Address, Child, ExternalIdentifier
from registry.search.criteria import SearchCriteria

SearchingUser = AbstractBaseUser | AnonymousUser

# Sealed (an old identity), merged (a duplicate) and archived records are not found by search.
SEARCHABLE_STATUSES = Child.OPEN_STATUSES


def searchable_children(*, user: SearchingUser, purpose: str, criteria: SearchCriteria):
    """The children this search may return."""
    # Shielding adds here: if criteria.hidden_fields_used, leave shielded children out.
    return Child.objects.visible_to(user, purpose=purpose).filter(status__in=SEARCHABLE_STATUSES)


def searchable_addresses(*, user: SearchingUser, purpose: str):
    return Address.objects.visible_to(user, purpose=purpose)


def searchable_identifiers(*, user: SearchingUser, purpose: str):
    return ExternalIdentifier.objects.visible_to(user, purpose=purpose)
