"""Celery tasks of the ingest pipeline: thin, taking IDs, and safe to run twice.

A batch runs as a chain of chunk tasks: each processes one chunk and, once it has committed,
sends the next. A pause stops the chain before its next chunk; a resume, a new worker starting,
or the beat's recovery task starts it again at the first chunk still waiting. A second copy of a
chunk task (a redelivery after a lost worker, or a recovery racing the chain) does nothing.
"""

import gc
import logging

from celery import shared_task
from celery.signals import worker_init, worker_process_init, worker_ready

from ingest.batch_recovery import batches_to_restart
from ingest.matching import name_frequency
from ingest.pipeline import chunk_process, first_waiting_chunk

logger = logging.getLogger(__name__)

# The matcher allocates many small, short-lived objects per chunk beside long-lived caches: with
# the default gen-0 threshold (700) the collector walks those caches again and again, a third of
# a chunk's time. Objects alive when the worker starts are frozen out of collection altogether.
GC_GEN0_THRESHOLD = 100_000


@shared_task(name="ingest.batch_chunk_process")
def batch_chunk_process(batch_id: int, chunk_number: int) -> int:
    """Process one chunk; send the next if the feed still runs. Returns records processed."""
    result = chunk_process(batch_id=batch_id, chunk_number=chunk_number)
    logger.info(
        "batch %s chunk %s: %s records. %s", batch_id, chunk_number, result.processed, result.note
    )
    if result.next_chunk is not None:
        batch_chunk_process.delay(batch_id, result.next_chunk)
    return result.processed


def batch_dispatch(*, batch_id: int) -> int | None:
    """Send the batch's first waiting chunk to the workers; the chain does the rest."""
    chunk_number = first_waiting_chunk(batch_id=batch_id)
    if chunk_number is not None:
        batch_chunk_process.delay(batch_id, chunk_number)
    return chunk_number


@shared_task(name="ingest.batches_recover")
def batches_recover(stalled_only: bool = True) -> int:
    """Restart the chains of batches that have waiting records but no live chain."""
    batch_ids = batches_to_restart(stalled_only=stalled_only)
    for batch_id in batch_ids:
        batch_dispatch(batch_id=batch_id)
    return len(batch_ids)


@shared_task(name="ingest.name_frequencies_refresh")
def name_frequencies_refresh() -> int:
    """Recount how common each name is, for the matcher's term-frequency adjustment."""
    return name_frequency.name_frequencies_refresh()


@worker_ready.connect(dispatch_uid="ingest.recover_on_worker_ready")
def _recover_when_a_worker_starts(sender, **_kwargs) -> None:
    """A worker that starts may be replacing one that died mid-batch: pick its batches up now,
    rather than when the broker redelivers the lost task an hour later."""
    sender.app.send_task("ingest.batches_recover", kwargs={"stalled_only": False})


@worker_init.connect(dispatch_uid="ingest.worker_gc_tuning")  # a solo pool's one process
@worker_process_init.connect(dispatch_uid="ingest.pool_process_gc_tuning")  # each prefork child
def _collector_tuned_for_chunks(**_kwargs) -> None:
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
