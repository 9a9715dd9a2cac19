"""Real Celery workers for the ingest benchmark, and the wait for their batches to finish.

Each worker is started as production starts one, `celery -A contactpoint worker`, with one
prefork child: a worker process per core is how the pipeline scales, so one such process is the
unit the benchmark reports. Workers connect as the app role to the benchmark's own database and
Redis database; the queue is purged first, so that no task left by an interrupted run is counted.
"""

import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from bench.common import MANAGE
from contactpoint.embedded import processes
from contactpoint.embedded.paths import PROJECT_DIR, log_dir
from contactpoint.embedded.stack import say

PYTHON = MANAGE[0]
CELERY = [PYTHON, "-m", "celery", "-A", "contactpoint"]
POLL_SECONDS = 1.0
PROGRESS_EVERY_SECONDS = 15.0
# A batch that makes no progress for this long has failed: its worker's log says why.
STALL_SECONDS = 600.0


class BatchesStalled(RuntimeError):
    """No record was decided for STALL_SECONDS, or every worker exited."""


def queue_purge(env: dict[str, str]) -> None:
    subprocess.run(
        [*CELERY, "purge", "--force"], env=env, cwd=PROJECT_DIR, check=True, capture_output=True
    )


@contextmanager
def workers_running(env: dict[str, str], *, count: int) -> Iterator[list[subprocess.Popen]]:
    """Start `count` workers of one process each; stop them (warm shutdown) on leaving."""
    with ExitStack() as stack:
        workers = []
        for number in range(1, count + 1):
            log = stack.enter_context((log_dir() / f"bench-ingest-worker-{number}.log").open("ab"))
            worker = processes.spawn(
                [
                    *CELERY,
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"bench-ingest-{number}@%h",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                env=env,
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=log,
            )
            stack.callback(processes.stop, worker)
            workers.append(worker)
        say(f"Started {count} worker(s); logs in {log_dir()}/bench-ingest-worker-*.log")
        yield workers


def batches_wait(batch_ids: list[int], workers: list[subprocess.Popen]) -> None:
    """Return once every batch is completed; report progress on the way."""
    from ingest.models import Batch  # Django is set up by the caller

    last_done, last_change, last_report = -1, time.monotonic(), time.monotonic()
    while True:
        batches = list(Batch.objects.filter(pk__in=batch_ids))
        done = sum(batch.processed_records for batch in batches)
        total = sum(batch.total_records for batch in batches)
        if all(batch.status == Batch.Status.COMPLETED for batch in batches):
            return
        now = time.monotonic()
        if done != last_done:
            last_done, last_change = done, now
        if now - last_report >= PROGRESS_EVERY_SECONDS:
            say(f"  {done:,} of {total:,} records decided")
            last_report = now
        if now - last_change > STALL_SECONDS:
            raise BatchesStalled(f"No progress for {STALL_SECONDS:.0f} s at {done:,} of {total:,}.")
        if all(worker.poll() is not None for worker in workers):
            raise BatchesStalled("Every worker exited before the batches were done.")
        time.sleep(POLL_SECONDS)
