"""Access helpers for the management team's pages: each returns the object only to the team it
belongs to. For anyone else it raises Http404, exactly as for an object that does not exist, so a
page never tells another authority that a child is shielded or that a request was made.
"""

from django.db.models import Q
from django.http import Http404

from registry.models import Child
from registry.records import child_access
from shielding.clearance import cleared_local_authority_ids, may_manage_shielding
from shielding.models import ContactRequest, OverrideReview, ShieldingOrder


def team_required(*, user) -> frozenset[int]:
    """The authorities whose team `user` is in; Http404 for a user in no team."""
    authority_ids = cleared_local_authority_ids(user)
    if not authority_ids:
        raise Http404("No such page.")
    return authority_ids


def child_to_shield_access(*, user, purpose: str, contactpoint_id: str) -> Child:
    """A child whose shielding `user` may manage: one of their own authority's children."""
    try:
        child = child_access(user=user, purpose=purpose, contactpoint_id=contactpoint_id)
    except Child.DoesNotExist:
        raise Http404("No child with this ContactPoint ID.") from None
    if not may_manage_shielding(user=user, local_authority=child.responsible_local_authority):
        raise Http404("No child with this ContactPoint ID.")
    return child


def shielding_order_access(*, user, order_id: int) -> ShieldingOrder:
    """An active order on one of the team's children (not a sealed record's, which stays)."""
    try:
        return ShieldingOrder.objects.select_related(
            "child__responsible_local_authority", "local_authority", "made_by"
        ).get(
            ~Q(child__status=Child.Status.SEALED),
            pk=order_id,
            active=True,
            child__responsible_local_authority_id__in=team_required(user=user),
        )
    except ShieldingOrder.DoesNotExist:
        raise Http404("No such shielding order.") from None


def contact_request_access(*, user, contact_request_id: int) -> ContactRequest:
    """A contact request sent to the team."""
    try:
        return ContactRequest.objects.select_related(
            "child", "local_authority", "requested_by__organisation", "acted_by"
        ).get(pk=contact_request_id, local_authority_id__in=team_required(user=user))
    except ContactRequest.DoesNotExist:
        raise Http404("No such contact request.") from None


def override_review_access(*, user, review_id: int) -> OverrideReview:
    """The review of an override of one of the team's children."""
    try:
        return OverrideReview.objects.select_related(
            "override__child", "override__user__organisation", "local_authority", "reviewed_by"
        ).get(pk=review_id, local_authority_id__in=team_required(user=user))
    except OverrideReview.DoesNotExist:
        raise Http404("No such override review.") from None
