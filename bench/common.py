"""What the benchmarks share: the embedded services, and a database of their own to fill.

Benchmarks never touch the development database. They drop and recreate `contactpoint_bench` as
the owner role, migrate it as the owner (which grants the app role its privileges), and then run
the code under test as the app role, as the web and worker processes do. The database is kept
afterwards, so that a later benchmark can read what an earlier one wrote.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from contactpoint.embedded.paths import PROJECT_DIR
from contactpoint.embedded.postgres import SUPERUSER
from contactpoint.embedded.stack import ServiceStack, say

BENCH_DATABASE = "contactpoint_bench"
BENCH_REDIS_DATABASE = 2
SETTINGS_MODULE = "contactpoint.settings.development"
MANAGE = [sys.executable, str(PROJECT_DIR / "manage.py")]


@contextmanager
def services_running() -> Iterator[ServiceStack]:
    """Start the embedded services (or use DATABASE_URL/REDIS_URL), and stop what was started."""
    stack = ServiceStack(redis_database=BENCH_REDIS_DATABASE)
    try:
        stack.start()
        yield stack
    finally:
        say("Stopping services")
        stack.stop()


def database_url_for(url: str, database: str) -> str:
    """The same server and role, another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def bench_environment(env: dict[str, str], database: str = BENCH_DATABASE) -> dict[str, str]:
    """`env` with both roles' URLs pointing at the benchmark database."""
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    return dict(
        env,
        DATABASE_URL=database_url_for(env["DATABASE_URL"], database),
        DATABASE_OWNER_URL=database_url_for(owner_url, database),
    )


def fresh_bench_database(env: dict[str, str], database: str = BENCH_DATABASE) -> dict[str, str]:
    """Drop and recreate the benchmark database, migrate it, and return the environment for it."""
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    say(f"Recreating the database {database}")
    with psycopg.connect(database_url_for(owner_url, "postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    bench_env = bench_environment(env, database)
    say(f"Migrating {database}")
    manage(bench_env, "migrate", "--noinput", "-v", "0", as_owner=True)
    return bench_env


def manage(env: dict[str, str], *args: str, as_owner: bool = False) -> float:
    """Run a management command to its end; return its wall time in seconds."""
    command_env = dict(env, CONTACTPOINT_DATABASE_AS_OWNER="1") if as_owner else env
    started = time.perf_counter()
    subprocess.run([*MANAGE, *args], env=command_env, check=True, cwd=PROJECT_DIR)
    return time.perf_counter() - started


def row_counts(stack: ServiceStack, env: dict[str, str], tables: list[str]) -> dict[str, int]:
    """Exact row counts of the benchmark database.

    Under FORCE ROW LEVEL SECURITY even the owner sees only what the policies allow, so the
    embedded server's superuser counts; with an external server the owner does, as well as it can.
    """
    database = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    if stack.postgres is not None:
        url = stack.postgres.url(SUPERUSER, database)
    else:
        url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    counts = {}
    with psycopg.connect(url) as connection:
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            counts[table] = connection.execute(query).fetchone()[0]
    return counts


def children_in(stack: ServiceStack, env: dict[str, str]) -> int:
    """Children in the benchmark database; 0 if there is no such database yet."""
    try:
        return row_counts(stack, env, ["registry_child"])["registry_child"]
    except psycopg.OperationalError:
        return 0


def population_ensure(stack: ServiceStack, *, children: int, seed: int) -> dict[str, str]:
    """The benchmark database's environment, with at least `children` children: the one kept
    from an earlier benchmark, or a fresh one filled by the demo population generator."""
    env = bench_environment(stack.environment(SETTINGS_MODULE))
    if children_in(stack, env) < children:
        env = fresh_bench_database(stack.environment(SETTINGS_MODULE))
        manage(env, "seed_demo", "--children", str(children), "--seed", str(seed))
        analyse(env)
    return env


def analyse(env: dict[str, str]) -> None:
    """Refresh the planner's statistics, as autovacuum would in time, for the benchmarks after."""
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    with psycopg.connect(owner_url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def machine_summary() -> str:
    return f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}"
