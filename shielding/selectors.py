"""Reads for a management team: its shielded children and the reviews that have fallen due."""

from django.utils import timezone

from shielding.clearance import cleared_local_authority_ids
from shielding.models import ShieldingOrder


def shielding_orders_for_team(*, user):
    """Active orders on the children of the authorities whose team `user` is in."""
    return (
        ShieldingOrder.objects.filter(
            active=True,
            child__responsible_local_authority_id__in=cleared_local_authority_ids(user),
        )
        .select_related("child", "local_authority")
        .order_by("review_due_on")
    )


def shielding_reviews_overdue(*, user):
    """The team's active orders whose review date has passed, oldest first."""
    return shielding_orders_for_team(user=user).filter(review_due_on__lt=timezone.localdate())
