"""How many feed records a worker process decides per second, and what that means for a refresh.

    python -m bench.ingest [--children 1000000] [--records 100000] [--workers 1 2] [--seed 2009]
                           [--keep]

Reuses the `contactpoint_bench` database if it holds at least the children asked for, and
otherwise fills it with the demo population generator first, as bench.search does. Each round
then works in a fresh copy of it (bench.database_copy), shields 0.5% of its children, and
receives a child-benefit-like feed file made from the index (bench.ingest_feed_file) through
`ingest.staging.batch_receive`; real Celery workers, one process each, decide the records. The
copy is dropped at the end (unless --keep), so `contactpoint_bench` is left as it was found.
Prints a markdown block for docs/benchmarks.md.
"""

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import django

from bench.common import (
    BENCH_DATABASE,
    bench_environment,
    children_in,
    population_ensure,
    services_running,
)
from bench.database_copy import bench_database_copy
from contactpoint.embedded.paths import data_dir
from contactpoint.embedded.stack import say

INGEST_DATABASE = f"{BENCH_DATABASE}_ingest"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="one round for each worker count"
    )
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--keep", action="store_true", help="keep the last round's database copy")
    arguments = parser.parse_args(argv)
    with services_running() as stack:
        env = population_ensure(stack, children=arguments.children, seed=arguments.seed)
        children = children_in(stack, env)
        os.environ.update(bench_environment(env, INGEST_DATABASE))
        django.setup()
        print(benchmark(env, arguments, children=children))
    return 0


def benchmark(env: dict[str, str], arguments: argparse.Namespace, *, children: int) -> str:
    """Every round, each in a fresh copy of the benchmark database; the report of them all."""
    from bench.ingest_feed_file import feed_file_write  # these need Django set up first
    from bench.ingest_report import report
    from bench.ingest_run import feed_file_parts, ingest_round, population_prepare

    path = data_dir() / "bench" / f"child-benefit-{arguments.records}.csv"
    feed_file, rounds = None, []
    for number, workers in enumerate(arguments.workers, start=1):
        keep = arguments.keep and number == len(arguments.workers)
        with (
            bench_database_copy(env, name=INGEST_DATABASE, keep=keep) as copy_env,
            django_connections_closed(),
        ):
            shielded = population_prepare()
            if feed_file is None:
                say(f"Writing {arguments.records:,} records to {path}")
                feed_file = feed_file_write(
                    path=path, records=arguments.records, seed=arguments.seed
                )
            say(f"Round {number}: {workers} worker(s)")
            files = feed_file_parts(path, workers)
            rounds.append(ingest_round(env=copy_env, files=files, kind_of=feed_file.kind_of))
    return report(env=env, children=children, shielded=shielded, feed_file=feed_file, rounds=rounds)


@contextmanager
def django_connections_closed() -> Iterator[None]:
    """Close this process's connections on leaving: a database is dropped only when unused."""
    from django.db import connections

    try:
        yield
    finally:
        connections.close_all()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
