"""How long the review and held queues have waited: counts by age, and the oldest.

A record's age is the time since the matcher decided it (its processed_at). National figures
read the ledger, which holds no content: a record waits while its outcome is review or held and it
has no resolution, and the batches' counters narrow the scan to the batches that had any, through
the (batch, outcome) index. A record in review that a person's decision sent to be held stays
"review" in the ledger (its outcome never changes), and is counted there.

A management team's figures read the records' hidden content in the team's own database scope, as
its queues do (ingest.review.selectors): the records held for its authorities, and the possible
matches with a candidate child of its authorities.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import BooleanField, Count, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ingest.dashboard.access import DashboardScope
from ingest.models import Batch, Outcome, StagedRecord, StagedRecordContent
from ingest.review.access import AWAITING_A_PERSON
from ingest.review.selectors import _CANDIDATE_OF_AUTHORITIES
from shielding.database_scope import user_scope

# (label, at least, under) in days; None: no upper bound.
AGE_BUCKETS = (
    ("Under a day", 0, 1),
    ("1 to 7 days", 1, 7),
    ("7 to 30 days", 7, 30),
    ("30 days or more", 30, None),
)


@dataclass(frozen=True)
class QueueAge:
    """One queue: how many records wait in each age bucket, and when the oldest was decided."""

    name: str
    by_age: tuple[int, ...]
    oldest_since: datetime | None

    @property
    def waiting(self) -> int:
        return sum(self.by_age)

    @property
    def oldest_days(self) -> int | None:
        if self.oldest_since is None:
            return None
        return (timezone.now() - self.oldest_since).days


def queue_ages(*, scope: DashboardScope) -> list[QueueAge]:
    """The review queue's ages and the held queue's, in the scope's view."""
    if scope.national:
        return [
            _ages("Review", _ledger_waiting(Outcome.REVIEW), "processed_at"),
            _ages("Held", _ledger_waiting(Outcome.HELD), "processed_at"),
        ]
    with transaction.atomic(), user_scope(scope.user):
        authority_ids = sorted(scope.authority_ids)
        waiting = StagedRecordContent.objects.filter(
            staged_record__outcome__in=AWAITING_A_PERSON,
            staged_record__resolution__isnull=True,
        )
        review = waiting.filter(held_for__isnull=True).filter(
            RawSQL(_CANDIDATE_OF_AUTHORITIES, [authority_ids], output_field=BooleanField())  # noqa: S611
        )
        held = waiting.filter(held_for_id__in=authority_ids)
        field = "staged_record__processed_at"
        return [_ages("Review", review, field), _ages("Held", held, field)]


def _ledger_waiting(outcome: str) -> QuerySet[StagedRecord]:
    batches_with_any = Batch.objects.filter(**{f"{outcome}__gt": 0}).values("pk")
    return StagedRecord.objects.filter(
        batch__in=batches_with_any, outcome=outcome, resolution__isnull=True
    )


def _ages(name: str, records: QuerySet, field: str) -> QueueAge:
    now = timezone.now()
    counts = {}
    for index, (_label, at_least, under) in enumerate(AGE_BUCKETS):
        in_bucket = Q(**{f"{field}__lte": now - timedelta(days=at_least)})
        if under is not None:
            in_bucket &= Q(**{f"{field}__gt": now - timedelta(days=under)})
        counts[f"bucket_{index}"] = Count("pk", filter=in_bucket)
    figures = records.order_by().aggregate(oldest=Min(field), **counts)
    by_age = tuple(figures[f"bucket_{index}"] for index in range(len(AGE_BUCKETS)))
    return QueueAge(name=name, by_age=by_age, oldest_since=figures["oldest"])
