"""One round of the ingest benchmark, run in-process once Django is set up (see bench.ingest).

A round receives the feed file as operations would (`batch_receive`, timed on its own as staging),
then starts real workers and waits for the batches to complete. With N workers the file is cut
into N batches: a batch is one chain of chunks, decided one chunk at a time, so workers share
out batches, not the chunks of one batch.
"""

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max

from accounts.models import User
from accounts.roles import Role
from bench.ingest_workers import batches_wait, queue_purge, workers_running
from bench.search_shielding import shielded_children_ensure
from ingest.matching.name_frequency import name_frequencies_refresh
from ingest.models import Batch, Feed, Outcome, StagedRecord, TrustedField
from ingest.staging import batch_receive

FEED_CODE = "bench-child-benefit"
TRUSTED_FIELDS = [TrustedField.ADDRESS, TrustedField.CARERS, TrustedField.NHS_NUMBER]


@dataclass(frozen=True)
class RoundResult:
    """What one round measured. Times are seconds; batches are as they ended."""

    workers: int
    staging_seconds: float
    workers_wall_seconds: float
    batches: list[Batch]
    outcomes_by_kind: dict[str, Counter]
    first_tenth_rate: float
    last_tenth_rate: float

    @property
    def decided(self) -> int:
        """Records the chunks decided (the staging's rejections are not theirs)."""
        return sum(batch.processed_records - batch.rejected for batch in self.batches)

    @property
    def chunk_seconds(self) -> float:
        return sum(batch.processing_seconds for batch in self.batches)

    @property
    def per_worker_rate(self) -> float:
        """Records per second of chunk time: what one worker process decides while it works."""
        return self.decided / self.chunk_seconds

    @property
    def steady_wall_rate(self) -> float:
        """All workers together, from the first chunk's commit to the last: queueing included."""
        after_first_chunks = self.decided - sum(
            min(batch.chunk_size, batch.total_records) for batch in self.batches
        )
        started = min(batch.started_at for batch in self.batches)
        finished = max(batch.finished_at for batch in self.batches)
        return after_first_chunks / (finished - started).total_seconds()

    @property
    def outcomes(self) -> Counter:
        return sum(self.outcomes_by_kind.values(), Counter())


def population_prepare() -> int:
    """Make the copy look like a live index; return how many children are shielded.

    Every 200th child is shielded, as the search benchmark does, unless orders exist already;
    and the name counts are refreshed, as the beat's daily task keeps them on a live index.
    """
    reader = User(username="bench.ingest", role=Role.PRACTITIONER, is_active=True)  # never saved
    shielded = shielded_children_ensure(reader=reader)
    name_frequencies_refresh()
    return shielded


def ingest_round(*, env: dict[str, str], files: list[Path], kind_of: dict[str, str]) -> RoundResult:
    """Receive `files` as batches of a new national feed, and process them with a worker each."""
    feed = Feed.objects.create(
        code=FEED_CODE,
        name="Child benefit (benchmark)",
        scope=Feed.Scope.NATIONAL,
        trusted_fields=TRUSTED_FIELDS,
    )
    queue_purge(env)
    started = time.perf_counter()
    batch_ids = []
    for path in files:
        with path.open("rb") as stream:
            batch_ids.append(batch_receive(feed=feed, stream=stream, file_name=path.name).batch.pk)
    staging_seconds = time.perf_counter() - started
    with workers_running(env, count=len(files)) as workers:
        started = time.perf_counter()
        batches_wait(batch_ids, workers)
        workers_wall_seconds = time.perf_counter() - started
    return RoundResult(
        workers=len(files),
        staging_seconds=staging_seconds,
        workers_wall_seconds=workers_wall_seconds,
        batches=list(Batch.objects.filter(pk__in=batch_ids)),
        outcomes_by_kind=outcomes_by_kind(batch_ids, kind_of),
        **throughput_at_ends(batch_ids),
    )


def throughput_at_ends(batch_ids: list[int]) -> dict[str, float]:
    """Records per second, all workers, over the first and the last tenth of the chunks.

    A chunk's records share one processed_at, its commit; the rate of a run of chunks is their
    records over the time from the commit before them to their last. The two differ when the cost
    of a chunk grows as the batch goes on.
    """
    commits = sorted(
        StagedRecord.objects.filter(batch_id__in=batch_ids)
        .exclude(outcome=Outcome.REJECTED)  # rejected while staging, not by a chunk
        .values("batch_id", "chunk_number")
        .annotate(committed=Max("processed_at"), records=Count("id"))
        .values_list("committed", "records")
    )
    tenth = max(2, len(commits) // 10)

    def rate(run: list[tuple], before: tuple) -> float:
        return sum(records for _at, records in run) / (run[-1][0] - before[0]).total_seconds()

    return {
        "first_tenth_rate": rate(commits[1 : tenth + 1], commits[0]),
        "last_tenth_rate": rate(commits[-tenth:], commits[-tenth - 1]),
    }


def outcomes_by_kind(batch_ids: list[int], kind_of: dict[str, str]) -> dict[str, Counter]:
    """Each kind of record in the file, and what its records became."""
    table: dict[str, Counter] = {}
    ledger = StagedRecord.objects.filter(batch_id__in=batch_ids).values_list("record_id", "outcome")
    for record_id, outcome in ledger.iterator(chunk_size=10_000):
        table.setdefault(kind_of.get(record_id, "unknown"), Counter())[outcome] += 1
    return table


def feed_file_parts(path: Path, parts: int) -> list[Path]:
    """The file cut into `parts` files of whole lines, each with the header; [path] for one."""
    if parts == 1:
        return [path]
    header, *lines = path.read_bytes().splitlines(keepends=True)  # no value holds a line break
    size = -(-len(lines) // parts)
    paths = []
    for number in range(parts):
        part = path.with_name(f"{path.stem}-part-{number + 1}-of-{parts}{path.suffix}")
        part.write_bytes(header + b"".join(lines[number * size : (number + 1) * size]))
        paths.append(part)
    return paths
