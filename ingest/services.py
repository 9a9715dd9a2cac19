"""Operations' writes on feeds: pausing and resuming, each with who and why.

Resuming a feed with held records still unresolved is allowed only when the person says they
know (the 2009 lesson: the national feed was resumed over records about shielded children).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record
from ingest.models import Batch, Feed, FeedStateChange
from ingest.selectors import unresolved_held_count
from ingest.tasks import batch_dispatch

FEED_OPERATORS = frozenset({Role.OPERATIONS})


def may_operate_feeds(user) -> bool:
    return bool(user.is_active and (user.role in FEED_OPERATORS or user.is_superuser))


@transaction.atomic
def feed_pause(*, feed: Feed, by, reason: str) -> FeedStateChange:
    """Pause a feed: chunks already running finish; no further chunk starts."""
    _operator_check(by)
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if not feed.is_running:
        raise ValidationError("This feed is already paused.")
    return _state_change(feed=feed, by=by, reason=reason, action=FeedStateChange.Action.PAUSED)


@transaction.atomic
def feed_resume(
    *, feed: Feed, by, reason: str, held_records_confirmed: bool = False
) -> FeedStateChange:
    """Resume a feed where it stopped. Unresolved held records need `held_records_confirmed`."""
    _operator_check(by)
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if feed.is_running:
        raise ValidationError("This feed is already running.")
    held = unresolved_held_count(feed=feed)
    if held and not held_records_confirmed:
        raise ValidationError(
            f"This feed has {held} held records that a management team has not resolved. "
            "Confirm that you mean to resume it anyway.",
            code="held_records_unconfirmed",
        )
    change = _state_change(
        feed=feed, by=by, reason=reason, action=FeedStateChange.Action.RESUMED, held=held
    )
    batch_ids = list(
        feed.batches.filter(
            status__in=[Batch.Status.QUEUED, Batch.Status.PROCESSING, Batch.Status.PAUSED]
        ).values_list("pk", flat=True)
    )
    feed.batches.filter(pk__in=batch_ids, status=Batch.Status.PAUSED).update(
        status=Batch.Status.PROCESSING
    )
    transaction.on_commit(lambda: _batches_dispatch(batch_ids))
    return change


def _state_change(*, feed: Feed, by, reason: str, action: str, held: int = 0) -> FeedStateChange:
    if not reason.strip():
        raise ValidationError({"reason": f"Say why the feed is being {action}."})
    feed.state = (
        Feed.State.PAUSED if action == FeedStateChange.Action.PAUSED else Feed.State.RUNNING
    )
    feed.state_changed_by = by
    feed.state_changed_at = timezone.now()
    feed.state_reason = reason.strip()
    feed.save(update_fields=["state", "state_changed_by", "state_changed_at", "state_reason"])
    change = FeedStateChange.objects.create(
        feed=feed, action=action, by=by, reason=reason.strip(), unresolved_held_records=held
    )
    access_event_record(
        kind=AccessEvent.Kind.FEED_PAUSED
        if action == FeedStateChange.Action.PAUSED
        else AccessEvent.Kind.FEED_RESUMED,
        user=by,
        details={"feed": feed.code, "change": change.pk, "unresolved_held_records": held},
    )
    return change


def _operator_check(user) -> None:
    if not may_operate_feeds(user):
        raise PermissionDenied("Only operations staff may pause or resume a feed.")


def _batches_dispatch(batch_ids: list[int]) -> None:
    for batch_id in batch_ids:
        batch_dispatch(batch_id=batch_id)
