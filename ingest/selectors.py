"""Reads for operations: counts and the reconciliation report, which say nothing about a held
record beyond "held"."""

from collections.abc import Iterator

from django.db.models import Count

from ingest.models import Batch, Feed, Outcome, StagedRecord

RECONCILIATION_COLUMNS = ("record_id", "row", "outcome", "reason")


def unresolved_held_count(*, feed: Feed) -> int:
    """Held records of the feed that no management team has resolved yet (a count only)."""
    return StagedRecord.objects.filter(
        batch__feed=feed, outcome=Outcome.HELD, resolution__isnull=True
    ).count()


def batch_rejection_reasons(*, batch: Batch) -> list[tuple[str, int]]:
    """The batch's rejection reasons with how many records each, most common first."""
    return list(
        batch.records.filter(outcome=Outcome.REJECTED)
        .values_list("reason")
        .annotate(records=Count("pk"))
        .order_by("-records", "reason")
    )


def batch_reconciliation_rows(*, batch: Batch) -> Iterator[tuple[str, int, str, str]]:
    """record_id, row, outcome and reason of every record, in file order, streamed. The ledger
    holds no reason for a held record, so none can be shown."""
    rows = batch.records.order_by("row_number").values_list(
        "record_id", "row_number", "outcome", "reason"
    )
    for record_id, row_number, outcome, reason in rows.iterator(chunk_size=5000):
        yield (
            record_id,
            row_number,
            outcome or "waiting",
            "" if outcome == Outcome.HELD else reason,
        )
