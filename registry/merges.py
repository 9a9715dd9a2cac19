"""Merging duplicate records: the registry's half, which touches identity only.

A merge folds one record (`merged`) into another (`survivor`): the merged record keeps its
identity row, with the status `merged` and a pointer to the survivor, so that its ContactPoint ID
leads to the survivor from then on; a ChildMerge row keeps the history. Moving the merged record's
contact data, and its shield, is shielding's half (shielding/merges.py), because those rows are
under row-level security. Within settings.REGISTRY_UNMERGE_DAYS the merge can be undone.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registry.contactpoint_id import contactpoint_id_normalise
from registry.models import Child, ChildMerge
from registry.purposes import AccessPurpose

MERGE_PURPOSE = AccessPurpose.DATA_QUALITY
# How many merges in a row an old ID is followed through (a survivor merged again later).
REDIRECT_HOPS = 10

NOT_OPEN = "Both records must be open: not archived, sealed or already merged."
SAME_RECORD = "A record cannot be merged into itself."
DEATH_KEPT = (
    "The record to merge records the child's death and the surviving record does not: keep the "
    "record of the death as the surviving record."
)
REASON_NEEDED = "Say why the two records are the same child."
UNDO_REASON_NEEDED = "Say why the records are two children after all."
ALREADY_UNDONE = "This merge has already been undone."
WINDOW_CLOSED = "The time to undo this merge has passed."
SURVIVOR_CHANGED = (
    "The surviving record has since been merged, archived or sealed: undo that first, or ask "
    "data-quality staff."
)


@transaction.atomic
def child_merge_record(*, survivor: Child, merged: Child, by, reason: str) -> ChildMerge:
    """Fold `merged` into `survivor`: its status becomes merged and its ID redirects.

    Both rows are locked, then checked again as they stand: two people merging the same pair, or
    a merge racing an unmerge, cannot both succeed.
    """
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    if survivor.pk == merged.pk:
        raise ValidationError(SAME_RECORD)
    survivor, merged = _locked(by, survivor.pk, merged.pk)
    if survivor.status not in Child.OPEN_STATUSES or merged.status not in Child.OPEN_STATUSES:
        raise ValidationError(NOT_OPEN)
    if merged.status == Child.Status.DECEASED and survivor.status != Child.Status.DECEASED:
        raise ValidationError(DEATH_KEPT)
    merge = ChildMerge.objects.create(
        survivor=survivor,
        merged=merged,
        made_by=by,
        reason=reason.strip(),
        merged_status=merged.status,
    )
    merged.status = Child.Status.MERGED
    merged.merged_into = survivor
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    return merge


@transaction.atomic
def child_unmerge_record(*, merge: ChildMerge, by, reason: str) -> ChildMerge:
    """Give the merged record back its own ID and status, and mark the merge undone."""
    if not reason.strip():
        raise ValidationError({"undo_reason": UNDO_REASON_NEEDED})
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(ALREADY_UNDONE)
    if not merge.is_undoable:
        raise ValidationError(WINDOW_CLOSED)
    survivor, merged = _locked(by, merge.survivor_id, merge.merged_id)
    if survivor.status not in Child.OPEN_STATUSES:
        raise ValidationError(SURVIVOR_CHANGED)
    merged.status = merge.merged_status
    merged.merged_into = None
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.undo_reason = reason.strip()
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    merge.survivor, merge.merged = survivor, merged
    return merge


def merged_child_redirect(
    *, user, purpose: str, contactpoint_id: str
) -> tuple[Child, Child] | None:
    """(the merged record, the open record its ID now leads to) for a merged record's ID; None
    for any other ID. Identity only: what opening the survivor shows is decided there."""
    try:
        digits = contactpoint_id_normalise(contactpoint_id)
    except ValidationError:
        return None
    merged = (
        Child.objects.visible_to(user, purpose=purpose)
        .filter(contactpoint_id=digits, status=Child.Status.MERGED)
        .first()
    )
    if merged is None:
        return None
    survivor = merge_survivor(user=user, purpose=purpose, merged=merged)
    return None if survivor is None else (merged, survivor)


def merge_survivor(*, user, purpose: str, merged: Child) -> Child | None:
    """The open record that a merged record's ID now leads to, following later merges of the
    survivor too; None when the chain ends anywhere but an open record (a survivor since
    archived or sealed leads nowhere, exactly as if the ID did not exist)."""
    children = Child.objects.visible_to(user, purpose=purpose).select_related(
        "responsible_local_authority"
    )
    current = merged
    for _hop in range(REDIRECT_HOPS):
        if current.status != Child.Status.MERGED or current.merged_into_id is None:
            break
        current = children.filter(pk=current.merged_into_id).first()
        if current is None:
            return None
    return current if current.status in Child.OPEN_STATUSES else None


def _locked(user, survivor_id: int, merged_id: int) -> tuple[Child, Child]:
    """Both records, locked in one statement in a fixed order (no deadlock between two merges)."""
    rows = (
        Child.objects.visible_to(user, purpose=MERGE_PURPOSE)
        .select_for_update()
        .filter(pk__in=[survivor_id, merged_id])
        .order_by("pk")
    )
    by_id = {child.pk: child for child in rows}
    if len(by_id) != 2:
        raise ValidationError(NOT_OPEN)
    return by_id[survivor_id], by_id[merged_id]
