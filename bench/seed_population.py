"""How fast the demo population generator fills an empty index.

    python -m bench.seed_population [--children 1000000] [--seed 2009]

Starts the embedded services, recreates and migrates the `contactpoint_bench` database, and times
`manage.py seed_demo` run as the app role, as `make run` runs it. The database is kept for the
benchmarks that search it. docs/benchmarks.md keeps the figures.
"""

import argparse
import datetime
import sys

from bench.common import (
    analyse,
    fresh_bench_database,
    machine_summary,
    manage,
    row_counts,
    services_running,
)

TABLES = [
    "registry_child",
    "registry_address",
    "registry_carer",
    "registry_settingenrolment",
    "registry_gpregistration",
    "registry_serviceinvolvement",
    "registry_externalidentifier",
    "registry_educationalsetting",
    "registry_gppractice",
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2009)
    arguments = parser.parse_args(argv)
    with services_running() as stack:
        env = fresh_bench_database(stack.environment("contactpoint.settings.development"))
        wall_time = manage(
            env, "seed_demo", "--children", str(arguments.children), "--seed", str(arguments.seed)
        )
        counts = row_counts(stack, env, TABLES)
        analyse(env)
    report(children=arguments.children, wall_time=wall_time, counts=counts)
    return 0


def report(*, children: int, wall_time: float, counts: dict[str, int]) -> None:
    print(f"\nDemo population generator, {datetime.date.today():%Y-%m-%d}, {machine_summary()}")
    print(f"  children:   {children:,}")
    print(f"  wall time:  {wall_time:.1f} s (manage.py seed_demo, start to end)")
    print(f"  throughput: {children / wall_time:,.0f} children/s")
    print(f"  rows:       {sum(counts.values()):,} in all")
    for table, rows in counts.items():
        print(f"    {table:<32} {rows:>12,}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
