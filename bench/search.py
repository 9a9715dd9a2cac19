"""How fast practitioner search answers, and how often a forgiving search finds its child.

    python -m bench.search [--children 1000000] [--per-kind 500] [--seed 2009]

Reuses the `contactpoint_bench` database if it holds at least the children asked for, and
otherwise rebuilds it with the demo population generator, as bench.seed_population does. Then,
in this process and as the app role, bench.search_run times `registry.selectors.child_search`
over a fixed mix of searches made from real children, with a plain `icontains` ORM query over
the same searches as the baseline. docs/benchmarks.md keeps the figures.
"""

import argparse
import os
import sys

import django

from bench.common import manage, population_ensure, services_running


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--per-kind", type=int, default=500, help="searches of each kind")
    parser.add_argument("--seed", type=int, default=2009)
    arguments = parser.parse_args(argv)
    with services_running() as stack:
        env = population_ensure(stack, children=arguments.children, seed=arguments.seed)
        manage(env, "migrate", "--noinput", "-v", "0", as_owner=True)
        os.environ.update(env)
        django.setup()
        from bench.search_run import search_benchmark  # the ORM needs Django set up first

        search_benchmark(seed=arguments.seed, per_kind=arguments.per_kind)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
