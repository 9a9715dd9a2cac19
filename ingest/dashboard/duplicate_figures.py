"""Duplicates found per day, three ways: a person settled a feed record as an existing child
("same child"), two records of the index were merged, and a file sent one record_id twice.

Nationally, every one; for a management team, the same-child decisions and merges whose child
(the survivor of a merge) its authority is responsible for, and the repeated record_ids of its
own local feeds. Counts only.
"""

from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from ingest.dashboard.access import DashboardScope
from ingest.dashboard.feed_figures import period_batches
from ingest.dashboard.period import Period
from ingest.models import Feed, Outcome, RecordResolution, StagedRecord
from registry.models import ChildMerge

# The reason the format's rules give a record whose record_id came earlier in its file.
DUPLICATE_RECORD_ID_REASON = "record_id: Must be unique within the file"
SAME_CHILD, MERGED, REPEATED_ID = "same_child", "merged", "repeated_record_id"


def duplicates_by_day(
    *, scope: DashboardScope, feeds: QuerySet[Feed], period: Period
) -> dict[str, dict[date, int]]:
    """For each way a duplicate is found, how many on each day of the period that had any."""
    same_child = RecordResolution.objects.filter(
        decision=RecordResolution.Decision.SAME_CHILD, decided_at__gte=period.start
    )
    merges = ChildMerge.objects.filter(made_at__gte=period.start, undone_at__isnull=True)
    if not scope.national:
        same_child = same_child.filter(
            child__responsible_local_authority_id__in=scope.authority_ids
        )
        merges = merges.filter(survivor__responsible_local_authority_id__in=scope.authority_ids)
    repeated = StagedRecord.objects.filter(
        batch__in=period_batches(feeds=feeds, period=period).values("pk"),
        outcome=Outcome.REJECTED,
        reason__startswith=DUPLICATE_RECORD_ID_REASON,
    )
    return {
        SAME_CHILD: _per_day(same_child, "decided_at"),
        MERGED: _per_day(merges, "made_at"),
        REPEATED_ID: _per_day(repeated, "batch__received_at"),
    }


def _per_day(rows: QuerySet, field: str) -> dict[date, int]:
    return dict(
        rows.annotate(day=TruncDate(field))
        .values_list("day")
        .annotate(found=Count("pk"))
        .order_by("day")
    )
