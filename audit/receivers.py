"""The events other apps announce, written to the trail in the announcing transaction.

Sign-in steps come from Django's auth signals and accounts' own; shielding changes, overrides and
their reviews from shielding's signals. Each event names what happened and to which record, never
a hidden value: a shield's reason and justification stay on the order, a review's notes on the
review.
"""

from django.contrib.auth import get_user_model

from audit.models import AccessEvent
from audit.services import access_event_record

# The sender of the failure accounts.lockout reports for a wrong second-factor code.
SECOND_FACTOR_FAILURE_SENDER = "accounts.lockout"


def signed_in(*, user, **_kwargs) -> None:
    access_event_record(kind=AccessEvent.Kind.SIGN_IN, user=user)


def signed_out(*, user, **_kwargs) -> None:
    if user is not None:
        access_event_record(kind=AccessEvent.Kind.SIGN_OUT, user=user)


def sign_in_failed(*, sender, credentials: dict, **_kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    kind = (
        AccessEvent.Kind.SECOND_FACTOR_FAILED
        if sender == SECOND_FACTOR_FAILURE_SENDER
        else AccessEvent.Kind.SIGN_IN_FAILED
    )
    access_event_record(kind=kind, user=user, details={"username": username})


def second_factor_verified(*, user, device, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.SECOND_FACTOR_VERIFIED,
        user=user,
        details={"device": device.__class__.__name__},
    )


def shield_created(*, child, order, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.SHIELD_CREATED,
        user=order.made_by,
        child_ids=[child.pk],
        details={"order": order.pk},
    )


def shield_ended(*, child, order, by, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.SHIELD_ENDED,
        user=by,
        child_ids=[child.pk],
        details={"order": order.pk},
    )


def override_made(*, override, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.OVERRIDE,
        user=override.user,
        purpose=override.purpose,
        child_ids=[override.child_id],
        details={"override": override.pk},
    )


def override_reviewed(*, review, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.OVERRIDE_REVIEWED,
        user=review.reviewed_by,
        child_ids=[review.override.child_id],
        details={"review": review.pk, "override": review.override_id, "outcome": review.outcome},
    )
