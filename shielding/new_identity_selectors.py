"""Reads of sealed records for their management team: the sealed list is the one place a sealed
record is shown to anyone, and it shows the old identity alone, never the new one."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from registry.models import Child
from registry.purposes import AccessPurpose
from shielding.clearance import cleared_local_authority_ids
from shielding.database_scope import shield_management_scope
from shielding.models import IdentityLink, ShieldingOrder


@dataclass(frozen=True)
class SealedRecord:
    """A sealed record as its team's list shows it: the old identity, when and why it was sealed,
    and by whom (from the identity link, whose other end is not read)."""

    child: Child
    reason: str
    sealed_by: str


def sealed_children_for_team(*, user) -> QuerySet[Child]:
    """The sealed records of the authorities whose team `user` is in, most recently sealed first."""
    return (
        Child.objects.visible_to(user, purpose=AccessPurpose.ADMINISTRATION)
        .filter(
            status=Child.Status.SEALED,
            responsible_local_authority_id__in=cleared_local_authority_ids(user),
        )
        .select_related("responsible_local_authority")
        .order_by("-sealed_at", "pk")
    )


def sealed_records_describe(children: list[Child]) -> list[SealedRecord]:
    """Each sealed child with the reason and maker of its new identity, read on the management
    path. Only the sealed end of each link is asked for."""
    with transaction.atomic(), shield_management_scope():
        links = {
            link["sealed_child_id"]: link
            for link in IdentityLink.objects.filter(sealed_child__in=children).values(
                "sealed_child_id",
                "reason",
                "made_by__first_name",
                "made_by__last_name",
                "made_by__username",
            )
        }
    return [_described(child, links.get(child.pk)) for child in children]


def _described(child: Child, link: dict | None) -> SealedRecord:
    if link is None:
        return SealedRecord(child=child, reason="", sealed_by="")
    full_name = f"{link['made_by__first_name']} {link['made_by__last_name']}".strip()
    return SealedRecord(
        child=child,
        reason=ShieldingOrder.Reason(link["reason"]).label,
        sealed_by=full_name or link["made_by__username"],
    )
