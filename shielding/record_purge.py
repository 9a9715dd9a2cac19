"""Purging one child's record: the personal data goes, the audit trail stays.

Everything that holds the child is deleted in the caller's transaction: the identity row, every row
of contact data (hidden tables under row-level security), the consent to keep the record, the
shielding orders, emergency overrides and their reviews, contact requests, merges, and an identity
link to or from the record; records merged into this one go with it. Apps above shielding delete
what they hold when told (`record_purging`: ingest's staged feed content). Audit events name
children by primary key with no foreign key, so none is touched; the Child's post_delete receiver
writes the purge ledger (audit.PurgedChild), and `record_purged` the RECORD_PURGED event.

It runs in a database scope that sees every hidden row (the matcher's) and may end an active
shield and remove an identity link (the management path). Change history is not written for the
rows deleted: an entry would only list them, and the child's would repeat its identity; the purge
is recorded once, by its event.
"""

from auditlog.context import disable_auditlog
from django.db import connection, transaction
from django.db.models import Q

from registry.models import Child, ChildMerge
from shielding.database_scope import matching_scope, shield_management_scope
from shielding.models import (
    ContactRequest,
    EmergencyOverride,
    OverrideReview,
    ShieldingOrder,
)
from shielding.signals import record_purged, record_purging


@transaction.atomic
def child_purge(*, child: Child, rule: str) -> list[int]:
    """Delete the record and all that holds the child; returns the ids of the records purged (the
    child's, after those of the records merged into it). Constraint checks run before returning,
    so a row left pointing at the child fails here, not at the commit of a batch."""
    with matching_scope(), shield_management_scope(), disable_auditlog():
        purged = _purge(child, rule=rule)
        connection.check_constraints()
    return purged


def _purge(child: Child, *, rule: str) -> list[int]:
    purged = []
    for merged in Child.unscoped_objects.filter(merged_into=child).order_by("pk"):
        purged += _purge(merged, rule=rule)
    record_purging.send(sender=Child, child=child)
    _shielding_rows_delete(child)
    ChildMerge.objects.filter(Q(survivor=child) | Q(merged=child)).delete()
    child_id = child.pk
    child.delete()
    record_purged.send(sender=Child, child_id=child_id, rule=rule)
    return [*purged, child_id]


def _shielding_rows_delete(child: Child) -> None:
    OverrideReview.objects.filter(override__child=child).delete()
    EmergencyOverride.objects.filter(child=child).delete()
    ContactRequest.objects.filter(child=child).delete()
    ShieldingOrder.objects.filter(child=child).delete()
    # The identity link goes with the child's deletion (shielding.new_identity.identity_links_delete).
