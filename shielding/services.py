"""Writes to shielding: making and ending orders, carrying a shield from one record to another,
emergency overrides and their reviews, and brokered contact."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from registry.models import Child
from registry.purposes import AccessPurpose
from registry.shielding_policy import shielding_policy
from registry.validators import uk_phone_normalise
from shielding.clearance import may_manage_shielding
from shielding.database_scope import shield_management_scope
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from shielding.notifications import override_notification_messages, team_emails_send_on_commit
from shielding.signals import child_shielded, override_made, override_reviewed, shield_ended


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
    order = shielding_order_save(
        child=child, by=by, reason=reason, justification=justification, review_due_on=review_due_on
    )
    child_shielded.send(sender=ShieldingOrder, child=child, order=order)
    return order


def shielding_order_save(
    *, child: Child, by, reason: str, justification: str, review_due_on: date
) -> ShieldingOrder:
    """Validate and save an active order for the child's responsible authority. Announcing it is
    the caller's choice: a new identity's shield must not be announced (shielding.new_identity)."""
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
    # The database lets an active order end only on this path (the order table's trigger).
    with shield_management_scope():
        order.save(update_fields=["active", "ended_by", "ended_at", "end_reason"])
    shield_ended.send(sender=ShieldingOrder, child=child, order=order, by=by)
    return order


@transaction.atomic
def shield_review_record(
    *, order: ShieldingOrder, by, notes: str, next_review_due_on: date
) -> ShieldingOrder:
    """Record that the team reviewed a shield and keeps it, and when it falls due again."""
    if not may_manage_shielding(user=by, local_authority=order.child.responsible_local_authority):
        raise PermissionDenied("Only the child's local-authority management team may review.")
    if not order.active:
        raise ValidationError("This shield has ended; there is nothing to review.")
    if not notes.strip():
        raise ValidationError({"last_review_notes": "Say what the review found."})
    if next_review_due_on <= timezone.localdate():
        raise ValidationError({"review_due_on": "The next review date must be in the future."})
    order.review_due_on = next_review_due_on
    order.last_reviewed_at = timezone.now()
    order.last_reviewed_by = by
    order.last_review_notes = notes.strip()
    order.save(
        update_fields=["review_due_on", "last_reviewed_at", "last_reviewed_by", "last_review_notes"]
    )
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
    order = ShieldingOrder.objects.create(
        child=to_child,
        local_authority=source.local_authority,
        reason=source.reason,
        justification=source.justification,
        made_by=by,
        review_due_on=source.review_due_on,
    )
    child_shielded.send(sender=ShieldingOrder, child=to_child, order=order)
    return order


@transaction.atomic
def override_make(*, child: Child, by, purpose: str, reason: str) -> EmergencyOverride:
    """Break glass: record a child-protection practitioner's emergency override of one shielded child.

    The override lifts the shield for the one page the caller renders with it (by passing it to
    `child_record_get`), and for nobody else. It is never stored in a session, so the next read
    is redacted again. The responsible authority's management team gets a review item and an
    email that names the child's ContactPoint ID and the user, and nothing hidden.
    """
    if not (by.is_active and by.role == Role.CHILD_PROTECTION):
        raise PermissionDenied("Only a child-protection practitioner may override shielding.")
    if shielding_policy().child_redaction(user=by, child=child) is None:
        raise ValidationError("Nothing on this child's record is hidden from you.")
    if purpose not in AccessPurpose.values:
        raise ValidationError({"purpose": "Select why you need to see the hidden details."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why you need to see the hidden details now."})
    override = EmergencyOverride.objects.create(
        child=child, user=by, purpose=purpose, reason=reason.strip()
    )
    review = OverrideReview.objects.create(
        override=override, local_authority=child.responsible_local_authority
    )
    override_made.send(sender=EmergencyOverride, override=override)
    team_emails_send_on_commit(override_notification_messages(review=review))
    return override


@transaction.atomic
def override_review_record(
    *, review: OverrideReview, by, outcome: str, notes: str
) -> OverrideReview:
    """The management team records whether an override was justified. A recorded outcome stands."""
    if not may_manage_shielding(user=by, local_authority=review.local_authority):
        raise PermissionDenied("Only the authority's management team may review this override.")
    if outcome not in {OverrideReview.Outcome.JUSTIFIED, OverrideReview.Outcome.NOT_JUSTIFIED}:
        raise ValidationError({"outcome": "Select whether the override was justified."})
    if not notes.strip():
        raise ValidationError({"notes": "Record what the review found."})
    review = OverrideReview.objects.select_for_update().get(pk=review.pk)
    if review.outcome != OverrideReview.Outcome.PENDING:
        raise ValidationError("This override has already been reviewed.")
    review.outcome = outcome
    review.notes = notes.strip()
    review.reviewed_by = by
    review.reviewed_at = timezone.now()
    review.save(update_fields=["outcome", "notes", "reviewed_by", "reviewed_at"])
    override_reviewed.send(sender=OverrideReview, review=review)
    return review


@transaction.atomic
def contact_request_make(
    *, child: Child, by, purpose: str, message: str, requester_phone: str = ""
) -> ContactRequest:
    """Ask the management team of a shielded child's authority to broker contact.

    The request lands in that team's queue. The practitioner learns nothing hidden: the team gets
    in touch with them, or passes their message on.
    """
    if shielding_policy().child_redaction(user=by, child=child) is None:
        raise ValidationError(
            "You can see this child's contact details: contact the people on the record directly."
        )
    if purpose not in AccessPurpose.values:
        raise ValidationError({"purpose": "Select why you need to make contact."})
    if not message.strip():
        raise ValidationError({"message": "Say who you need to reach and why."})
    phone = ""
    if requester_phone.strip():
        try:
            phone = uk_phone_normalise(requester_phone)
        except ValidationError as error:
            raise ValidationError({"requester_phone": error.messages}) from None
    return ContactRequest.objects.create(
        child=child,
        local_authority=child.responsible_local_authority,
        requested_by=by,
        purpose=purpose,
        message=message.strip(),
        requester_phone=phone,
    )


@transaction.atomic
def contact_request_act(*, contact_request: ContactRequest, by, notes: str) -> ContactRequest:
    """The team marks a request acted on, saying what it did. Only the team it was sent to may."""
    if not may_manage_shielding(user=by, local_authority=contact_request.local_authority):
        raise PermissionDenied("Only the authority's management team may act on this request.")
    if not notes.strip():
        raise ValidationError({"action_notes": "Say what the team did."})
    contact_request = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
    if contact_request.status != ContactRequest.Status.OPEN:
        raise ValidationError("This request has already been acted on.")
    contact_request.status = ContactRequest.Status.ACTED
    contact_request.acted_by = by
    contact_request.acted_at = timezone.now()
    contact_request.action_notes = notes.strip()
    contact_request.save(update_fields=["status", "acted_by", "acted_at", "action_notes"])
    return contact_request
