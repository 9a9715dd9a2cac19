"""Moves: a child whose new current address lies in another local authority's area becomes that
authority's child.

`child_move` is the one rule, called by every path that records a current address (a feed's
update, and a person's decision on a feed record, both through ingest's record writes).
Clearance follows the responsible authority (shielding.clearance), so the old authority's team
loses sight of a shielded child's hidden data the moment the child moves, in the code and in the
database's row-level security alike. What that team held for the child goes with the child:

- an active shield: its order now belongs to the new authority, whose team reviews and ends it;
- open contact requests: only a team that can see the child's details can broker contact;
- feed records held for the child (ingest, on the child_moved signal).

A pending review of an emergency override stays with the team that was responsible when the
glass was broken: it judges the use of that team's shield, and shows nothing hidden.

Both teams are emailed, naming the ContactPoint ID and the two authorities, never the address.
Sealed and merged records never move: nothing updates them.
"""

from django.db import transaction

from registry.models import Child, LocalAuthority
from shielding.models import ContactRequest, ShieldingOrder
from shielding.notifications import move_notification_messages, team_emails_send_on_commit
from shielding.signals import child_moved

MOVABLE_STATUSES = (Child.Status.ACTIVE, Child.Status.DECEASED, Child.Status.ARCHIVED)


@transaction.atomic
def child_move(*, child: Child, to_local_authority: LocalAuthority, by=None, source: str) -> bool:
    """Make `to_local_authority` responsible for `child`. False when nothing changes.

    `by` is the person whose action recorded the address (None for a feed); `source` says what
    recorded it, in words for the email and the audit trail (e.g. "feed NHS-REG").
    """
    # The move is the registry's own bookkeeping, made for a feed as often as for a person: the
    # row is read by key, without a reader, and shown to nobody.
    child = (
        Child.unscoped_objects.select_for_update(of=("self",))
        .select_related("responsible_local_authority")
        .get(pk=child.pk)
    )
    from_local_authority = child.responsible_local_authority
    if from_local_authority.pk == to_local_authority.pk or child.status not in MOVABLE_STATUSES:
        return False
    child.responsible_local_authority = to_local_authority
    child.save(update_fields=["responsible_local_authority", "updated_at"])
    shielded = _shield_moved(child=child, to_local_authority=to_local_authority)
    _contact_requests_moved(child=child, to_local_authority=to_local_authority)
    child_moved.send(
        sender=Child,
        child=child,
        from_local_authority=from_local_authority,
        to_local_authority=to_local_authority,
        by=by,
        source=source,
    )
    messages = move_notification_messages(
        child=child,
        from_local_authority=from_local_authority,
        to_local_authority=to_local_authority,
        source=source,
        shielded=shielded,
    )
    team_emails_send_on_commit(messages)
    return True


def children_follow_addresses(
    *, authority_by_child: dict[int, int | None], source: str, by=None
) -> int:
    """Move each child to the authority its new current address lies in, where that differs
    from its responsible authority; an address in no known authority moves nobody. Returns how
    many children moved."""
    wanted = {pk: authority for pk, authority in authority_by_child.items() if authority}
    if not wanted:
        return 0
    children = [
        child
        for child in Child.unscoped_objects.filter(pk__in=wanted).order_by("pk")
        if child.responsible_local_authority_id != wanted[child.pk]
    ]
    authorities = LocalAuthority.objects.in_bulk({wanted[child.pk] for child in children})
    return sum(
        child_move(
            child=child, to_local_authority=authorities[wanted[child.pk]], by=by, source=source
        )
        for child in children
    )


def _shield_moved(*, child: Child, to_local_authority: LocalAuthority) -> bool:
    """The child's active order, if any, now belongs to the new authority. The order table's
    trigger guards only ending an order or changing its child, so no management scope is needed."""
    order = ShieldingOrder.objects.select_for_update().filter(child=child, active=True).first()
    if order is None:
        return False
    order.local_authority = to_local_authority
    order.save(update_fields=["local_authority"])
    return True


def _contact_requests_moved(*, child: Child, to_local_authority: LocalAuthority) -> None:
    waiting = ContactRequest.objects.filter(child=child, status=ContactRequest.Status.OPEN)
    for contact_request in waiting.exclude(local_authority=to_local_authority):
        contact_request.local_authority = to_local_authority
        contact_request.save(update_fields=["local_authority"])
