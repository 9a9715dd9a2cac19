"""Merging duplicate records, and undoing a merge: who may, and everything that goes with it.

The registry changes the identity rows (registry/merges.py); this moves the contact data and the
shield (shielding/merge_followers.py), tells the teams, and announces the change, which audit
records as an access event naming both records: a merge is not a secret link.

Who may: data-quality staff, for any two records; and a management team, for two records of its
own authority. Records of two authorities are merged by data-quality staff, so that neither team
takes in the other's child on its own; both teams are emailed. Data-quality staff see identity
only wherever a record is shielded from them (portal/merge_reads.py).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from accounts.roles import Role
from registry.merges import child_merge_record, child_unmerge_record
from registry.models import Child, ChildMerge
from shielding.clearance import cleared_local_authority_ids, may_manage_shielding
from shielding.merge_followers import (
    merge_rows_move,
    merge_shield_union,
    unmerge_rows_return,
    unmerge_shields_keep,
)
from shielding.notifications import (
    merge_notification_messages,
    team_emails_send_on_commit,
    unmerge_notification_messages,
)
from shielding.signals import child_merged, child_unmerged

NOT_YOURS = (
    "Only data-quality staff, or the management team of both records' local authority, may "
    "merge these records."
)


def is_data_quality_staff(user) -> bool:
    return bool(getattr(user, "is_active", False) and user.role == Role.DATA_QUALITY)


def may_merge(*, user, survivor: Child, merged: Child) -> bool:
    """Whether `user` may merge (or unmerge) these two records."""
    if is_data_quality_staff(user):
        return True
    return all(
        may_manage_shielding(user=user, local_authority=child.responsible_local_authority)
        for child in (survivor, merged)
    )


def may_use_merges(user) -> bool:
    """Whether `user` has the merge pages at all: data-quality staff and management teams."""
    return is_data_quality_staff(user) or bool(cleared_local_authority_ids(user))


@transaction.atomic
def child_merge(*, survivor: Child, merged: Child, by, reason: str) -> ChildMerge:
    """Merge `merged` into `survivor`: one record, the old ID redirecting, the shield the union."""
    if not may_merge(user=by, survivor=survivor, merged=merged):
        raise PermissionDenied(NOT_YOURS)
    merge = child_merge_record(survivor=survivor, merged=merged, by=by, reason=reason)
    merge_rows_move(merge=merge)
    merge_shield_union(merge=merge, by=by)
    child_merged.send(sender=ChildMerge, merge=merge, by=by)
    team_emails_send_on_commit(merge_notification_messages(merge=merge))
    return merge


@transaction.atomic
def child_unmerge(*, merge: ChildMerge, by, reason: str) -> ChildMerge:
    """Undo a merge within the window: two records again, and no shield lost (see
    merge_followers.unmerge_shields_keep)."""
    if not may_merge(user=by, survivor=merge.survivor, merged=merge.merged):
        raise PermissionDenied(NOT_YOURS)
    merge = child_unmerge_record(merge=merge, by=by, reason=reason)
    unmerge_rows_return(merge=merge)
    kept = unmerge_shields_keep(merge=merge, by=by)
    child_unmerged.send(sender=ChildMerge, merge=merge, by=by)
    team_emails_send_on_commit(unmerge_notification_messages(merge=merge, shielded=bool(kept)))
    return merge


def merges_for_user(*, user):
    """The merges `user` may see, newest first: every merge for data-quality staff; those that
    touch one of its authorities' records for a management team; none for anyone else."""
    merges = ChildMerge.objects.select_related(
        "survivor__responsible_local_authority",
        "merged__responsible_local_authority",
        "made_by__organisation",
        "undone_by",
    ).order_by("-made_at", "-pk")
    if is_data_quality_staff(user):
        return merges
    authority_ids = cleared_local_authority_ids(user)
    if not authority_ids:
        return merges.none()
    return merges.filter(
        Q(survivor__responsible_local_authority_id__in=authority_ids)
        | Q(merged__responsible_local_authority_id__in=authority_ids)
    )


def child_merge_access(*, user, merge_id: int) -> ChildMerge:
    """A merge `user` may see; Http404 otherwise, exactly as for one that does not exist."""
    merge = merges_for_user(user=user).filter(pk=merge_id).first()
    if merge is None:
        raise Http404("No such merge.")
    return merge
