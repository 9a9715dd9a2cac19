"""The hook through which shielding decides what the registry shows.

The registry does not import the shielding app (the arrows go registry <- shielding): shielding
registers one policy object here when Django starts. Until one is registered, every read of
contact data fails, so a missing policy can never mean "show everything".
"""

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Redaction:
    """What a user who may not see a shielded child's contact data is told instead."""

    brokering_authority: str


class ShieldingPolicy(Protocol):
    def restrict_contact_data(self, queryset, *, user, override=None):
        """Leave out the contact data of children hidden from `user`."""

    def restrict_children_for_hidden_criteria(self, queryset, *, user):
        """Leave out children a search on hidden fields (a postcode, an NHS number) must not find."""

    def child_redaction(self, *, user, child, override=None) -> Redaction | None:
        """How `child` is redacted for `user`, or None when nothing is hidden from them."""


_registered: list[ShieldingPolicy] = []


def shielding_policy_register(policy: ShieldingPolicy) -> None:
    _registered[:] = [policy]


def shielding_policy() -> ShieldingPolicy:
    if not _registered:
        raise ImproperlyConfigured("No shielding policy is registered: contact data stays unread.")
    return _registered[0]
