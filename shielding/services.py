"""Writes to shielding: making and ending orders, and carrying a shield from one record to another."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from registry.models import Child
from shielding.clearance import may_manage_shielding
from shielding.models import ShieldingOrder


@transaction.atomic
def shield_create(
    *, child: Child, by, reason: str, justification: str, review_due_on: date
) -> ShieldingOrder:
    """Shield a child. Only the management team of the child's responsible authority may."""
    if not may_manage_shielding(user=by, local_authority=child.responsible_local_authority):
        raise PermissionDenied("Only the child's local-authority management team may shield them.")
    if ShieldingOrder.objects.select_for_update().filter(child=child, active=True).exists():
        raise ValidationError("This child is already shielded.")
    if review_due_on <= timezone.localdate():
        raise ValidationError({"review_due_on": "The review date must be in the future."})
    order = ShieldingOrder(
        child=child,
        local_authority=child.responsible_local_authority,
        reason=reason,
        justification=justification.strip(),
        made_by=by,
        review_due_on=review_due_on,
    )
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def shield_end(*, order: ShieldingOrder, by, reason: str) -> ShieldingOrder:
    """Unshield: end an order, with a reason. Only the responsible authority's team may."""
    child = order.child
    if not may_manage_shielding(user=by, local_authority=child.responsible_local_authority):
        raise PermissionDenied(
            "Only the child's local-authority management team may unshield them."
        )
    if not reason.strip():
        raise ValidationError({"end_reason": "Say why the child no longer needs shielding."})
    order.active = False
    order.ended_by = by
    order.ended_at = timezone.now()
    order.end_reason = reason.strip()
    order.save(update_fields=["active", "ended_by", "ended_at", "end_reason"])
    return order


@transaction.atomic
def shield_follow(*, from_child: Child, to_child: Child, by) -> ShieldingOrder | None:
    """The one rule that makes shielding follow the child: through feed updates, merges, moves and
    new identities, a record that takes over from another takes over its shield too.

    If `from_child` is shielded and `to_child` is not, `to_child` gets an active order with the
    same reason, justification and review date. A shield is never removed here.
    """
    source = (
        ShieldingOrder.objects.select_for_update().filter(child=from_child, active=True).first()
    )
    if source is None:
        return None
    existing = ShieldingOrder.objects.filter(child=to_child, active=True).first()
    if existing is not None:
        return existing
    return ShieldingOrder.objects.create(
        child=to_child,
        local_authority=source.local_authority,
        reason=source.reason,
        justification=source.justification,
        made_by=by,
        review_due_on=source.review_due_on,
    )
