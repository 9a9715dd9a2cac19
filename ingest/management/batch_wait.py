"""Waiting on the command line for a batch that the workers are processing.

The command only reads: the batch's counters, written by each chunk as it commits, and its feed's
state. A paused feed ends the wait, because the batch cannot finish until someone resumes it.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from ingest.models import Batch

SETTLED = frozenset({Batch.Status.COMPLETED, Batch.Status.REJECTED})


@dataclass(frozen=True)
class BatchWaitResult:
    """The batch as the wait left it; `feed_paused` when it stopped because the feed is paused."""

    batch: Batch
    feed_paused: bool

    @property
    def rejected(self) -> bool:
        return self.batch.status == Batch.Status.REJECTED


def batch_wait(
    *,
    batch_id: int,
    interval: float,
    progress_report: Callable[[Batch], None],
    stall_report: Callable[[float], None],
    stall_seconds: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> BatchWaitResult:
    """Poll the batch every `interval` seconds until it settles or its feed is paused.

    `progress_report` gets the batch whenever its processed count moves. `stall_report` gets the
    seconds without progress, once, when nothing has moved for `stall_seconds`: no worker is
    running, or one is busy elsewhere.
    """
    last_processed, last_moved_at, stall_reported = None, clock(), False
    while True:
        batch = Batch.objects.select_related("feed").get(pk=batch_id)
        if batch.status in SETTLED:
            return BatchWaitResult(batch=batch, feed_paused=False)
        if batch.status == Batch.Status.PAUSED or not batch.feed.is_running:
            return BatchWaitResult(batch=batch, feed_paused=True)
        if batch.processed_records != last_processed:
            progress_report(batch)
            last_processed, last_moved_at, stall_reported = batch.processed_records, clock(), False
        elif not stall_reported and clock() - last_moved_at >= stall_seconds:
            stall_report(clock() - last_moved_at)
            stall_reported = True
        sleep(interval)
