"""Figures about feeds' batches: outcomes per day, per feed, and the commonest rejection reasons.

Outcomes come from the counters each batch keeps (ingest.pipeline), a row per batch, so a chart of
a month reads a few hundred rows, not the ledger's millions. The rejection reasons do read the
ledger, but only the period's batches' rejected records, through the (batch, outcome) index. A
reason names a column and a rule, never a value (ingest.feed_format.errors).
"""

from datetime import date

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate

from ingest.dashboard.period import Period
from ingest.models import Batch, Feed, Outcome, StagedRecord

OUTCOMES = (
    Outcome.MATCHED,
    Outcome.UNCHANGED,
    Outcome.CREATED,
    Outcome.REVIEW,
    Outcome.HELD,
    Outcome.REJECTED,
)
REJECTION_REASONS_SHOWN = 10


def period_batches(*, feeds: QuerySet[Feed], period: Period) -> QuerySet[Batch]:
    return Batch.objects.filter(feed__in=feeds, received_at__gte=period.start)


def outcomes_by_day(*, feeds: QuerySet[Feed], period: Period) -> dict[date, dict[str, int]]:
    """Each day's records by outcome, over the feeds' batches received that day."""
    rows = (
        period_batches(feeds=feeds, period=period)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(**{outcome: Sum(outcome) for outcome in OUTCOMES})
        .order_by("day")
    )
    return {row.pop("day"): row for row in rows}


def outcomes_by_feed(*, feeds: QuerySet[Feed], period: Period) -> list[dict]:
    """Each feed's batches and records by outcome over the period, feeds with none included."""
    totals = {
        row.pop("feed_id"): row
        for row in period_batches(feeds=feeds, period=period)
        .values("feed_id")
        .annotate(batches=Count("pk"), **{outcome: Sum(outcome) for outcome in OUTCOMES})
        .order_by()
    }
    empty = {"batches": 0, **dict.fromkeys(OUTCOMES, 0)}
    return [
        {"code": feed.code, "name": feed.name, **totals.get(feed.pk, empty)}
        for feed in feeds.only("pk", "code", "name")
    ]


def rejection_reasons_top(*, feeds: QuerySet[Feed], period: Period) -> list[tuple[str, int]]:
    """The commonest reasons records were rejected, with how many records each."""
    return list(
        StagedRecord.objects.filter(
            batch__in=period_batches(feeds=feeds, period=period).values("pk"),
            outcome=Outcome.REJECTED,
        )
        .values_list("reason")
        .annotate(records=Count("pk"))
        .order_by("-records", "reason")[:REJECTION_REASONS_SHOWN]
    )
