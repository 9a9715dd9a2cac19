"""What follows a record through a merge, and back through an unmerge: its contact data and its
shield.

The contact data sits in the hidden tables, under row-level security, and the person merging may
not see all of it (data-quality staff never see a shielded child's). The rows are moved by id in
the matcher's database scope, the one grant under which internal writes reach every child's rows;
nothing moved is read back to anyone. Each row is saved on its own, so that the change history
says which rows went where.
"""

from django.utils import timezone

from registry.models import (
    Address,
    Carer,
    Child,
    ChildMerge,
    ExternalIdentifier,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)
from shielding.database_scope import matching_scope
from shielding.models import ShieldingOrder
from shielding.services import shield_follow

MOVED_MODELS = (
    Address,
    Carer,
    SettingEnrolment,
    GPRegistration,
    ServiceInvolvement,
    ExternalIdentifier,
)
# Tables in which a child has at most one open row: where both records have one, the merged
# record's row is closed as it moves (and opened again by an unmerge).
ONE_OPEN_ROW_MODELS = (Address, SettingEnrolment, GPRegistration)


def merge_rows_move(*, merge: ChildMerge) -> None:
    """Move the merged record's contact rows to the survivor, and list them on the merge.

    An identifier the survivor already holds (the same NHS number on both duplicates) stays
    where it is: the survivor needs it once.
    """
    moved: dict[str, list[int]] = {}
    closed: dict[str, list[int]] = {}
    today = timezone.localdate()
    with matching_scope():
        for model in MOVED_MODELS:
            label = model._meta.label_lower
            survivor_rows = model.unscoped_objects.filter(child_id=merge.survivor_id)
            close_open = model in ONE_OPEN_ROW_MODELS and (
                survivor_rows.filter(ended_on__isnull=True).exists()
            )
            held = _identifiers(survivor_rows) if model is ExternalIdentifier else set()
            for row in model.unscoped_objects.filter(child_id=merge.merged_id).order_by("pk"):
                if model is ExternalIdentifier and _identifier(row) in held:
                    continue
                changed = ["child"]
                row.child_id = merge.survivor_id
                if close_open and row.ended_on is None:
                    row.ended_on = today
                    changed.append("ended_on")
                    closed.setdefault(label, []).append(row.pk)
                row.save(update_fields=changed)
                moved.setdefault(label, []).append(row.pk)
    merge.moved_rows, merge.closed_rows = moved, closed
    merge.save(update_fields=["moved_rows", "closed_rows"])


def unmerge_rows_return(*, merge: ChildMerge) -> None:
    """Move the rows listed on the merge back to the merged record, and open again the rows the
    merge closed (unless the record has an open row of that kind already)."""
    with matching_scope():
        for model in MOVED_MODELS:
            ids = merge.moved_rows.get(model._meta.label_lower, [])
            returning = model.unscoped_objects.filter(pk__in=ids, child_id=merge.survivor_id)
            for row in returning.order_by("pk"):
                row.child_id = merge.merged_id
                row.save(update_fields=["child"])
        for model in ONE_OPEN_ROW_MODELS:
            ids = merge.closed_rows.get(model._meta.label_lower, [])
            restored = model.unscoped_objects.filter(child_id=merge.merged_id)
            if not ids or restored.filter(ended_on__isnull=True).exists():
                continue
            row = restored.filter(pk__in=ids).order_by("-pk").first()
            if row is not None:
                row.ended_on = None
                row.save(update_fields=["ended_on"])


def merge_shield_union(*, merge: ChildMerge, by) -> ShieldingOrder | None:
    """If either record is shielded, the survivor is: the merged record's shield is carried to it.

    The merged record keeps its own order, untouched, so that an unmerge gives it back shielded.
    A carried order belongs to the survivor's authority, whose team now manages the child.
    """
    survivor = merge.survivor
    already = ShieldingOrder.objects.filter(child=survivor, active=True).exists()
    order = shield_follow(from_child=merge.merged, to_child=survivor, by=by)
    if order is None or already:
        return order
    if order.local_authority_id != survivor.responsible_local_authority_id:
        order.local_authority_id = survivor.responsible_local_authority_id
        order.save(update_fields=["local_authority"])
    merge.shield_carried = True
    merge.save(update_fields=["shield_carried"])
    return order


def unmerge_shields_keep(*, merge: ChildMerge, by) -> list[ShieldingOrder]:
    """The shield rule of an unmerge: no record that may be at risk comes out of it unshielded.

    While the records were one, nobody could tell which child a shield was for, and the merged
    record's data sat under the survivor's shield. So if either record is shielded, both leave
    shielded: the survivor keeps any shield it holds (a carried one too), the merged record keeps
    its own, and a record with none takes the other's. Every such shield falls due for review
    today, and the team is told (shielding/merges.py), so that people, not this rule, decide
    which child needs it.
    """
    survivor, merged = merge.survivor, merge.merged
    shield_follow(from_child=survivor, to_child=merged, by=by)
    shield_follow(from_child=merged, to_child=survivor, by=by)
    orders = list(
        ShieldingOrder.objects.select_for_update().filter(child__in=[survivor, merged], active=True)
    )
    for order in orders:
        _review_asked(order, child=survivor if order.child_id == survivor.pk else merged)
    return orders


def _review_asked(order: ShieldingOrder, *, child: Child) -> None:
    """The order falls due for review today, with the team of the child's own authority."""
    order.local_authority_id = child.responsible_local_authority_id
    order.review_due_on = min(order.review_due_on, timezone.localdate())
    order.save(update_fields=["review_due_on", "local_authority"])


def _identifier(row: ExternalIdentifier) -> tuple[str, str, str]:
    return (row.scheme, row.issuer, row.value)


def _identifiers(rows) -> set[tuple[str, str, str]]:
    return set(rows.values_list("scheme", "issuer", "value"))
