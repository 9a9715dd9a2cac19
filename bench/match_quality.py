"""How well the feed matcher decides, how safe its shield guard is, and how fast it runs.

    python -m bench.match_quality [--children 1000000] [--existing 20000] [--new 6000]
                                  [--shielded-variants 10000] [--sealed 500] [--seed 2009]

Reuses the `contactpoint_bench` database if it holds at least the children asked for, and
otherwise rebuilds it with the demo population generator, as bench.search does; then works in a
migrated copy of it (bench.database_copy), dropped at the end.
The ground truth is made from that population (bench.match_quality_records): perturbed feed records
of existing children, of shielded children and of sealed ones, and records of new children,
some of them twins or namesakes of children already there. The real matcher
(ingest.matching: candidates_find, scoring, match_decide) decides each, in chunks of 1,000, in
this process and as the app role. bench.match_quality_report prints precision, recall and F1 per
outcome, the shield guard's result and the throughput, as markdown for docs/benchmarks.md.

Inside the copy, too, the benchmark keeps nothing it changes: shielding orders (when the
population has none yet), sealed children and the name frequencies are written in one
transaction that is rolled back at the end.
"""

import argparse
import os
import sys

import django
import psycopg

from bench.common import BENCH_DATABASE, population_ensure, services_running
from bench.database_copy import bench_database_copy

MATCHING_DATABASE = f"{BENCH_DATABASE}_matching"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--existing", type=int, default=20_000, help="records of children")
    parser.add_argument("--new", type=int, default=6_000, help="records of new children")
    parser.add_argument("--shielded-variants", type=int, default=10_000)
    parser.add_argument("--sealed", type=int, default=500, help="children sealed for the run")
    parser.add_argument("--seed", type=int, default=2009)
    arguments = parser.parse_args(argv)
    with services_running() as stack:
        env = population_ensure(stack, children=arguments.children, seed=arguments.seed)
        with bench_database_copy(env, name=MATCHING_DATABASE) as copy_env:
            analyse_for_index_only_scans(copy_env)
            os.environ.update(copy_env)
            django.setup()
            from django.db import connections

            from bench.match_quality_run import match_quality_benchmark  # needs Django set up

            try:
                match_quality_benchmark(
                    seed=arguments.seed,
                    existing=arguments.existing,
                    new=arguments.new,
                    shielded_variants=arguments.shielded_variants,
                    sealed=arguments.sealed,
                )
            finally:
                connections.close_all()  # the app role's session, before the copy is dropped
    return 0


def analyse_for_index_only_scans(env: dict[str, str]) -> None:
    """Index-only scans need the visibility map that autovacuum would keep in time."""
    with psycopg.connect(env["DATABASE_OWNER_URL"], autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE registry_child, registry_address")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
