"""The ingest benchmark's results, as a markdown block for docs/benchmarks.md.

The estimate for a full refresh scales the measured rate linearly. It says what it assumes: one
batch is decided one chunk at a time, so a single 11-million-record file keeps one worker busy
however many run, and more workers help only when the refresh comes as several batches, up to
the cores that the workers and PostgreSQL share.
"""

import datetime
import os
import platform
from collections import Counter
from pathlib import Path

import psycopg

from bench.common import database_url_for
from bench.ingest_feed_file import KIND_SHARES, FeedFile
from bench.ingest_run import TRUSTED_FIELDS, RoundResult
from ingest.models import Outcome

FULL_REFRESH = 11_000_000
TARGET_PER_WORKER = 2_000


def report(
    *,
    env: dict[str, str],
    children: int,
    shielded: int,
    feed_file: FeedFile,
    rounds: list[RoundResult],
) -> str:
    first = rounds[0]
    lines = [
        f"### Feed ingest throughput, {datetime.date.today():%Y-%m-%d} (`make bench-ingest`)",
        "",
        f"Machine: {machine_facts(env)}.",
        f"Index: {children:,} children, {shielded:,} of them shielded. Feed: {feed_file.records:,} "
        f"records in one CSV file ({feed_file.path.stat().st_size / 1e6:.1f} MB), national, "
        f"trusted for {', '.join(TRUSTED_FIELDS)}; chunks of {first.batches[0].chunk_size:,} "
        "records, one transaction each.",
        "",
        *file_table(feed_file),
        "",
        *step_table(feed_file, first),
        "",
        *worker_table(rounds),
        "",
        *outcome_table(first),
        "",
        *estimate_lines(rounds),
    ]
    return "\n".join(lines)


def machine_facts(env: dict[str, str]) -> str:
    """Asked of the server itself: the benchmark's database copies are gone by now."""
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    with psycopg.connect(database_url_for(owner_url, "postgres")) as connection:
        version, shared_buffers = connection.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')"
        ).fetchone()
    return (
        f"{os.cpu_count()} cores ({cpu_model()}), {memory_gb():.0f} GB RAM, Python "
        f"{platform.python_version()}; PostgreSQL {version} on the same machine "
        f"(shared_buffers {shared_buffers}), Redis as broker"
    )


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def file_table(feed_file: FeedFile) -> list[str]:
    kinds = feed_file.kinds
    named = sum(count for kind, count in kinds.items() if not kind.startswith("new"))
    rows = [
        f"| {kind} | {kinds[kind]:,} | {kinds[kind] / feed_file.records:.1%} |"
        for kind in KIND_SHARES
    ]
    return [
        "| records in the file | n | share |",
        "|---|---:|---:|",
        *rows,
        f"| of the {named:,} naming an indexed child: shielded | {feed_file.shielded_targets:,} "
        f"| {feed_file.shielded_targets / named:.1%} |",
    ]


def step_table(feed_file: FeedFile, first: RoundResult) -> list[str]:
    records = feed_file.records
    return [
        "| step | time | records/s |",
        "|---|---:|---:|",
        f"| writing the file (bench only) | {feed_file.seconds:.1f} s | {records / feed_file.seconds:,.0f} |",
        f"| staging: `batch_receive` reads, validates and stages | {first.staging_seconds:.1f} s "
        f"| {records / first.staging_seconds:,.0f} |",
    ]


def worker_table(rounds: list[RoundResult]) -> list[str]:
    rows = [
        f"| {result.workers} | {len(result.batches)} | **{result.per_worker_rate:,.0f}** "
        f"| {result.steady_wall_rate:,.0f} | {result.first_tenth_rate:,.0f} → "
        f"{result.last_tenth_rate:,.0f} | {result.workers_wall_seconds:.0f} s "
        f"({result.decided / result.workers_wall_seconds:,.0f}/s) |"
        for result in rounds
    ]
    return [
        "| workers (1 process each) | batches | records/s per worker process (chunk time) "
        "| records/s, all workers, first chunk's commit to last "
        "| the same, first tenth of the chunks → last tenth | worker start to done |",
        "|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]


def outcome_table(result: RoundResult) -> list[str]:
    outcomes = Outcome.values
    header = f"| record kind ({result.workers} worker round) | " + " | ".join(outcomes) + " |"
    rows = [
        f"| {kind} | " + " | ".join(f"{counts[outcome]:,}" for outcome in outcomes) + " |"
        for kind, counts in _in_file_order(result.outcomes_by_kind)
    ]
    total = result.outcomes
    rows.append(
        "| **all** | " + " | ".join(f"**{total[outcome]:,}**" for outcome in outcomes) + " |"
    )
    return [header, "|---|" + "---:|" * len(outcomes), *rows]


def estimate_lines(rounds: list[RoundResult]) -> list[str]:
    one = rounds[0]
    cores = os.cpu_count() or 1
    lines = [
        f"Estimate for a full refresh of {FULL_REFRESH:,} records "
        f"(target: at least {TARGET_PER_WORKER:,} records/s per worker, "
        f"{'met' if one.per_worker_rate >= TARGET_PER_WORKER else 'not met'}):",
        "",
        f"- one batch, one worker: {_hours(FULL_REFRESH / one.per_worker_rate)} of chunk time, "
        f"{_hours(FULL_REFRESH / one.steady_wall_rate)} at the measured wall rate;",
        f"- as {cores} or more batches on {cores} workers, linear to {cores} cores: "
        f"{_hours(FULL_REFRESH / (one.steady_wall_rate * cores))};",
    ]
    for result in rounds[1:]:
        lines.append(
            f"- as measured with {result.workers} workers on {len(result.batches)} batches: "
            f"{_hours(FULL_REFRESH / result.steady_wall_rate)} "
            f"({result.steady_wall_rate / one.steady_wall_rate:.2f}x one worker);"
        )
    lines += [
        "",
        f"Assumptions: the {one.decided:,}-record average holds for the whole refresh; where the "
        "rate falls from the first tenth of a batch to the last, it does not, and a long batch is "
        "slower than this. This is a feed's first batch: every match links the feed's record_id, "
        "so copies come out matched rather than unchanged, and a later refresh writes less. A "
        "batch is one chain of chunks, so one file keeps one worker busy, and only several "
        f"batches use several workers. PostgreSQL shares the same {cores} cores, so workers "
        "beyond the cores add nothing.",
    ]
    return lines


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h"


def _in_file_order(table: dict[str, Counter]) -> list[tuple[str, Counter]]:
    order = [*KIND_SHARES, "unknown"]
    return sorted(table.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
