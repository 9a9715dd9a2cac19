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


def child_merged(*, merge, by, **_kwargs) -> None:
    """Both records are named: a merge is no secret link. The reason stays on the merge."""
    access_event_record(
        kind=AccessEvent.Kind.CHILD_MERGED,
        user=by,
        child_ids=[merge.merged_id, merge.survivor_id],
        details={"merge": merge.pk},
    )


def child_unmerged(*, merge, by, **_kwargs) -> None:
    access_event_record(
        kind=AccessEvent.Kind.CHILD_UNMERGED,
        user=by,
        child_ids=[merge.merged_id, merge.survivor_id],
        details={"merge": merge.pk},
    )


def child_moved(*, child, from_local_authority, to_local_authority, by, source, **_kwargs) -> None:
    """The authorities and what recorded the address; never the address."""
    access_event_record(
        kind=AccessEvent.Kind.CHILD_MOVED,
        user=by,
        child_ids=[child.pk],
        details={
            "from_local_authority": from_local_authority.name,
            "to_local_authority": to_local_authority.name,
            "source": source,
        },
    )


def record_sealed(*, child, by, **_kwargs) -> None:
    """The sealed record alone: the new identity made in the same transaction is never named."""
    access_event_record(kind=AccessEvent.Kind.RECORD_SEALED, user=by, child_ids=[child.pk])


def record_archived(*, child, rule, **_kwargs) -> None:
    """The daily retention run archived the record: no user, and the rule that made it due."""
    access_event_record(
        kind=AccessEvent.Kind.RECORD_ARCHIVED,
        user=None,
        child_ids=[child.pk],
        details={"rule": rule},
    )


def record_purged(*, child_id, rule, **_kwargs) -> None:
    """The record is gone: the event names its primary key only."""
    access_event_record(
        kind=AccessEvent.Kind.RECORD_PURGED, user=None, child_ids=[child_id], details={"rule": rule}
    )


def retention_consent_changed(*, extension, by, withdrawn, **_kwargs) -> None:
    """Consent to keep a record past 18, recorded or withdrawn; never why it was given."""
    access_event_record(
        kind=AccessEvent.Kind.RETENTION_EXTENDED,
        user=by,
        child_ids=[extension.child_id],
        details={
            "extension": extension.pk,
            "keep_until": extension.keep_until.isoformat(),
            "withdrawn": withdrawn,
        },
    )
