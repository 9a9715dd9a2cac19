"""The retention run: registry.retention's rules applied to the whole index, daily by the beat and
by `manage.py retention`.

It reads every child without a user, as shielding's internals may. It works in batches: each batch
is one transaction that locks up to RETENTION_BATCH_SIZE records due for one action (skipping any
that a run alongside holds) and archives or purges each. The rule is part of the locking query, so
a record is acted on only while it is due: a second run, or two at once, finds nothing more to do.
Each purge has a savepoint of its own; a record that cannot be purged (a row the purge does not
know of still points at it) is logged by primary key, left for the next run, and the batch goes on.

Nothing personal is logged: the run's line has its counts only.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from registry.contactpoint_id import contactpoint_id_format
from registry.models import Child
from registry.retention import (
    ARCHIVE_ACTIONS,
    RetentionAction,
    RetentionPeriods,
    retention_due,
)
from shielding.record_purge import child_purge
from shielding.signals import record_archived

logger = logging.getLogger(__name__)

# Records a run lists by count alone: an old identity's ContactPoint ID is of use to nobody.
COUNTED_ONLY = frozenset({RetentionAction.PURGE_SEALED})
PURGE_FAILURES = (IntegrityError, ProtectedError, RestrictedError)


@dataclass
class RetentionReport:
    """What a run did, or (a plan) would do: per action, how many records, and for a plan their
    ContactPoint IDs. `merged` counts the records merged into those purged, which go with them."""

    today: datetime.date
    counts: dict[str, int] = field(default_factory=dict)
    merged: int = 0
    failed: int = 0
    contactpoint_ids: dict[str, list[str]] = field(default_factory=dict)


def retention_plan(*, today: datetime.date | None = None) -> RetentionReport:
    """What a run would do today (or on `today`, to look ahead), changing nothing."""
    today = today or timezone.localdate()
    periods = RetentionPeriods.from_settings()
    plan = RetentionReport(today=today)
    for action in RetentionAction:
        due = _due(action, today=today, periods=periods)
        ids = list(due.values_list("pk", "contactpoint_id"))
        plan.counts[action] = len(ids)
        if action not in COUNTED_ONLY:
            plan.contactpoint_ids[action] = [contactpoint_id_format(cpid) for _pk, cpid in ids]
        if action not in ARCHIVE_ACTIONS:
            plan.merged += _merged_into_count([pk for pk, _cpid in ids])
    return plan


def retention_apply(*, batch_size: int | None = None) -> RetentionReport:
    """Archive and purge every record that is due today, a batch per transaction."""
    today = timezone.localdate()
    periods = RetentionPeriods.from_settings()
    batch_size = batch_size or settings.RETENTION_BATCH_SIZE
    report = RetentionReport(today=today)
    for action in RetentionAction:
        report.counts[action] = 0
        skipped: set[int] = set()
        while True:
            handled = _batch_apply(
                action,
                today=today,
                periods=periods,
                limit=batch_size,
                skipped=skipped,
                report=report,
            )
            if handled < batch_size:
                break
    logger.info(
        "retention run for %s: %s; merged records purged with them: %s; not purged: %s",
        today.isoformat(),
        ", ".join(f"{action}={count}" for action, count in report.counts.items()),
        report.merged,
        report.failed,
    )
    return report


@transaction.atomic
def _batch_apply(
    action: str,
    *,
    today: datetime.date,
    periods: RetentionPeriods,
    limit: int,
    skipped: set[int],
    report: RetentionReport,
) -> int:
    """One batch of one action in one transaction. Returns how many records it took up."""
    due = _due(action, today=today, periods=periods).exclude(pk__in=skipped)
    batch = list(due.select_for_update(skip_locked=True)[:limit])
    for child in batch:
        if action in ARCHIVE_ACTIONS:
            _archive(child, rule=action)
            report.counts[action] += 1
        elif _purge(child, rule=action, report=report):
            report.counts[action] += 1
        else:
            skipped.add(child.pk)
    return len(batch)


def _due(action: str, *, today: datetime.date, periods: RetentionPeriods):
    # Shielding's internals read every child: the run acts for the service, not for a user.
    return Child.unscoped_objects.filter(
        retention_due(action, today=today, periods=periods)
    ).order_by("pk")


def _archive(child: Child, *, rule: str) -> None:
    child.status = Child.Status.ARCHIVED
    child.archived_at = timezone.now()
    child.save(update_fields=["status", "archived_at", "updated_at"])
    record_archived.send(sender=Child, child=child, rule=rule)


def _purge(child: Child, *, rule: str, report: RetentionReport) -> bool:
    try:
        purged = child_purge(child=child, rule=rule)
    except PURGE_FAILURES as error:
        logger.warning("retention: child %s was not purged (%s)", child.pk, type(error).__name__)
        report.failed += 1
        return False
    report.merged += len(purged) - 1
    return True


def _merged_into_count(child_ids: list[int]) -> int:
    """How many records are merged into these, directly or through another merged record."""
    count, level = 0, child_ids
    while level:
        level = list(
            Child.unscoped_objects.filter(merged_into__in=level).values_list("pk", flat=True)
        )
        count += len(level)
    return count
