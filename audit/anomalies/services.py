"""Writes of anti-extraction: raising an alert, suspending a user at the hard limit, and the
reviews that acknowledge an alert, reinstate a user or uphold a suspension.

Alerts and suspensions are written in the transaction of the read that tripped them, with their
audit events. Emails, and the cache's flags and markers, follow once it commits: a mail outage
never fails a read, and a read that rolls back leaves no marker behind to hide a later one.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.anomalies import counters
from audit.anomalies.access import reviewer_scope
from audit.anomalies.notifications import (
    alert_notification_messages,
    suspension_notification_messages,
)
from audit.anomalies.rules import HARD_LIMIT, RULES
from audit.anomalies.suspension_state import suspended_flag_set
from audit.anomalies.windows import Window
from audit.models import AccessEvent
from audit.models_anomalies import Alert, Suspension
from audit.services import access_event_record


def _after_commit(action: Callable[[], object]) -> None:
    """Run `action` once the transaction commits. Its failure (a mail server or Redis outage) is
    logged, and never fails the read that is already committed."""
    transaction.on_commit(action, robust=True)


def _mail_after_commit(messages: list[tuple]) -> None:
    def send() -> None:
        send_mass_mail(messages)

    _after_commit(send)


def _local_authority_id(user) -> int | None:
    return user.organisation.local_authority_id if user.organisation_id else None


@transaction.atomic
def alert_raise(*, user, rule: str, window: Window, count: int, threshold: int) -> Alert:
    """The alert for this user, rule and window: made, recorded and sent the first time only."""
    alert, created = Alert.objects.get_or_create(
        user=user,
        rule=rule,
        window_start=window.start,
        defaults={
            "local_authority_id": _local_authority_id(user),
            "count": count,
            "threshold": threshold,
        },
    )
    if created:
        access_event_record(
            kind=AccessEvent.Kind.ANOMALY_FLAGGED,
            user=user,
            details={"alert": alert.pk, "rule": rule, "count": count, "threshold": threshold},
        )
        _mail_after_commit(alert_notification_messages(alert=alert))
    _after_commit(lambda: counters.alerted_mark(rule=rule, user_id=user.pk, window=window))
    return alert


@transaction.atomic
def suspension_impose(*, user, window: Window, count: int, limit: int) -> Suspension:
    """Suspend a user at the hard limit, unless a suspension is in force already."""
    try:
        with transaction.atomic():
            suspension = Suspension.objects.create(
                user=user,
                local_authority_id=_local_authority_id(user),
                rule=HARD_LIMIT.rule,
                window_start=window.start,
                count=count,
                limit=limit,
            )
    except IntegrityError:  # one is in force already (a read that ran alongside made it)
        return Suspension.objects.get(user=user, status__in=Suspension.IN_FORCE)
    access_event_record(
        kind=AccessEvent.Kind.USER_SUSPENDED,
        user=user,
        details={"suspension": suspension.pk, "rule": suspension.rule, "count": count},
    )
    _mail_after_commit(suspension_notification_messages(suspension=suspension))
    _after_commit(lambda: _suspension_took_effect(user.pk, window))
    return suspension


def _suspension_took_effect(user_id: int, window: Window) -> None:
    suspended_flag_set(user_id=user_id, suspended=True)
    counters.alerted_mark(rule=counters.HARD_LIMIT_MARKER, user_id=user_id, window=window)


def _review_allowed(*, by, item: Alert | Suspension) -> None:
    scope = reviewer_scope(user=by)
    if scope is None or not scope.covers(item):
        raise PermissionDenied("Only the user's management team or an auditor may review this.")


def _notes_required(notes: str) -> str:
    if not notes.strip():
        raise ValidationError({"notes": "Record what the review found."})
    return notes.strip()


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by) -> Alert:
    """Say that somebody is looking at the alert."""
    _review_allowed(by=by, item=alert)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.OPEN:
        raise ValidationError("This alert has already been acknowledged.")
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.acknowledged_by = by
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    return alert


@transaction.atomic
def alert_review(*, alert: Alert, by, notes: str) -> Alert:
    """Record what the review of an alert found; that closes it. Reviewing acknowledges too."""
    _review_allowed(by=by, item=alert)
    notes = _notes_required(notes)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == Alert.Status.REVIEWED:
        raise ValidationError("This alert has already been reviewed.")
    now = timezone.now()
    fields = ["status", "reviewed_by", "reviewed_at", "review_notes"]
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = by, now
        fields += ["acknowledged_by", "acknowledged_at"]
    alert.status = Alert.Status.REVIEWED
    alert.reviewed_by, alert.reviewed_at, alert.review_notes = by, now, notes
    alert.save(update_fields=fields)
    return alert


@transaction.atomic
def suspension_review(*, suspension: Suspension, by, outcome: str, notes: str) -> Suspension:
    """Reinstate the user, or uphold the suspension (they stay out). An upheld suspension may be
    reviewed again later and the user reinstated; a reinstatement stands."""
    _review_allowed(by=by, item=suspension)
    if outcome not in {Suspension.Status.REINSTATED, Suspension.Status.UPHELD}:
        raise ValidationError({"outcome": "Select whether to reinstate the user."})
    notes = _notes_required(notes)
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.status == Suspension.Status.REINSTATED or suspension.status == outcome:
        raise ValidationError(f"This suspension is already {suspension.get_status_display()}.")
    suspension.status = outcome
    suspension.reviewed_by, suspension.reviewed_at = by, timezone.now()
    suspension.review_notes = notes
    suspension.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_notes"])
    if outcome == Suspension.Status.REINSTATED:
        access_event_record(
            kind=AccessEvent.Kind.USER_REINSTATED,
            user=by,
            details={"suspension": suspension.pk, "user": suspension.user_id},
        )
        _after_commit(lambda: _reinstatement_took_effect(suspension.user_id))
    return suspension


def _reinstatement_took_effect(user_id: int) -> None:
    """The user is let back in with today's counts started again, or their next read would
    suspend them at once."""
    suspended_flag_set(user_id=user_id, suspended=False)
    now = timezone.now()
    windows = [(rule, spec.window_of(now)) for rule, spec in RULES.items()]
    counters.counts_forget(user_id=user_id, windows=windows)
