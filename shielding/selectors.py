"""Reads for a management team: its shielded children, the reviews that have fallen due, its queue of
contact requests and the emergency overrides it has to review."""

from django.utils import timezone

from registry.models import Child
from shielding.clearance import cleared_local_authority_ids
from shielding.models import ContactRequest, OverrideReview, ShieldingOrder


def shielding_orders_for_team(*, user):
    """Active orders on the children of the authorities whose team `user` is in. A sealed record's
    shield is left out: it lasts as long as the record, and the record is in the sealed list. So
    is an archived record's: the record is in the team's archive (shielding.archive). And a merged
    record's: the record it merged into carries the shield, and an undo brings it back."""
    return (
        ShieldingOrder.objects.filter(
            active=True,
            child__responsible_local_authority_id__in=cleared_local_authority_ids(user),
        )
        .exclude(
            child__status__in=(Child.Status.SEALED, Child.Status.ARCHIVED, Child.Status.MERGED)
        )
        .select_related("child", "local_authority")
        .order_by("review_due_on")
    )


def shielding_reviews_overdue(*, user):
    """The team's active orders whose review date has passed, oldest first."""
    return shielding_orders_for_team(user=user).filter(review_due_on__lt=timezone.localdate())


def contact_requests_open_for_team(*, user):
    """The team's queue: open requests sent to its authorities, oldest first."""
    return (
        ContactRequest.objects.filter(
            status=ContactRequest.Status.OPEN,
            local_authority_id__in=cleared_local_authority_ids(user),
        )
        .select_related("child", "local_authority", "requested_by__organisation")
        .order_by("requested_at")
    )


def override_reviews_pending_for_team(*, user):
    """Overrides of the team's children that it has still to review, oldest first."""
    return (
        OverrideReview.objects.filter(
            outcome=OverrideReview.Outcome.PENDING,
            local_authority_id__in=cleared_local_authority_ids(user),
        )
        .select_related("override__child", "override__user__organisation", "local_authority")
        .order_by("override__made_at")
    )


def shielding_order_active_for_team(*, user, child) -> ShieldingOrder | None:
    """The child's active order, if `user`'s team is cleared for the child; otherwise None."""
    if child.responsible_local_authority_id not in cleared_local_authority_ids(user):
        return None
    return shielding_orders_for_team(user=user).filter(child=child).first()
