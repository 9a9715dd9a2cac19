"""Processing one chunk of a batch: match each waiting record, decide, write, and count.

A chunk is one transaction under the matcher's database scope. It starts by locking its batch's
row with SKIP LOCKED: a second delivery of the same task finds the lock taken, or finds the
chunk's records already decided, and does nothing. A worker killed mid-chunk leaves nothing
behind, because the transaction never commits; the chunk runs again elsewhere. The trigger on
staged records refuses a second outcome, whatever the code does.

The feed's state is read at the start of every chunk, so a pause takes effect before the next one.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ingest.chunk_decisions import ChunkDecider
from ingest.models import Batch, StagedRecord
from ingest.outcome_writes import outcomes_write
from ingest.records import FeedRecord
from shielding.database_scope import matching_scope


@dataclass(frozen=True)
class ChunkResult:
    """What a chunk task did, and the chunk that should run next (None: stop here)."""

    processed: int
    next_chunk: int | None
    note: str


def chunk_process(*, batch_id: int, chunk_number: int) -> ChunkResult:
    """Decide every waiting record of one chunk, if the batch's feed is running."""
    started = time.perf_counter()
    with transaction.atomic(), matching_scope():
        batch = (
            Batch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("feed")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None:
            return ChunkResult(0, None, "The batch is being processed elsewhere, or is gone.")
        if not batch.feed.is_running:
            _batch_status_set(batch, Batch.Status.PAUSED)
            return ChunkResult(0, None, "The feed is paused.")
        waiting = _waiting_records(batch_id=batch.pk, chunk_number=chunk_number)
        if not waiting:
            return ChunkResult(0, None, "Nothing waits in this chunk: it ran before.")
        decided = ChunkDecider(feed=batch.feed).decide(waiting)
        outcomes_write(decided)
        next_chunk = first_waiting_chunk(batch_id=batch.pk)
        _progress_record(
            batch,
            decided=decided,
            seconds=time.perf_counter() - started,
            finished=next_chunk is None,
        )
    return ChunkResult(len(decided), next_chunk, "Processed.")


def _waiting_records(*, batch_id: int, chunk_number: int) -> list[tuple[int, FeedRecord]]:
    rows = (
        StagedRecord.objects.filter(
            batch_id=batch_id, chunk_number=chunk_number, outcome__isnull=True
        )
        .order_by("row_number")
        .values_list("pk", "content__normalised")
    )
    return [(staged_id, FeedRecord.from_json(normalised)) for staged_id, normalised in rows]


def first_waiting_chunk(*, batch_id: int) -> int | None:
    """The lowest chunk of the batch with a record still waiting; None when all are decided."""
    return (
        StagedRecord.objects.filter(batch_id=batch_id, outcome__isnull=True)
        .order_by("chunk_number")
        .values_list("chunk_number", flat=True)
        .first()
    )


def _progress_record(batch: Batch, *, decided, seconds: float, finished: bool) -> None:
    counts: dict[str, int] = {}
    for decision in decided:
        counts[decision.outcome] = counts.get(decision.outcome, 0) + 1
    now = timezone.now()
    values = {outcome: F(outcome) + count for outcome, count in counts.items()}
    values.update(
        processed_records=F("processed_records") + len(decided),
        processing_seconds=F("processing_seconds") + seconds,
        last_progress_at=now,
        status=Batch.Status.COMPLETED if finished else Batch.Status.PROCESSING,
    )
    if batch.started_at is None:
        values["started_at"] = now
    if finished:
        values["finished_at"] = now
    Batch.objects.filter(pk=batch.pk).update(**values)


def _batch_status_set(batch: Batch, status: str) -> None:
    if batch.status != status:
        Batch.objects.filter(pk=batch.pk).update(status=status)
