"""The match-quality benchmark's own copy of the benchmark database.

The matcher needs the ingest app's tables and the registry's matching indexes, which migrations
still in progress add. Rather than migrate the shared `contactpoint_bench`, the benchmark copies
it (`CREATE DATABASE ... TEMPLATE`, a file copy: seconds for a million children), migrates the
copy, and drops it at the end, so the shared database is left exactly as it was found. PostgreSQL
copies a database only while nobody else is connected to it, so the copy waits for other
benchmarks' sessions to end.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from bench.common import BENCH_DATABASE, bench_environment, database_url_for, manage
from contactpoint.embedded.stack import say

MATCHING_DATABASE = f"{BENCH_DATABASE}_matching"
TEMPLATE_WAIT_SECONDS = 600


@contextmanager
def matching_database(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """A migrated copy of the benchmark database; yields the environment pointing at it."""
    with _owner_connection(env) as connection:
        _drop(connection)
        _copy(connection)
    copy_env = bench_environment(env, MATCHING_DATABASE)
    try:
        say(f"Migrating {MATCHING_DATABASE}")
        manage(copy_env, "migrate", "--noinput", "-v", "0", as_owner=True)
        # Index-only scans need the visibility map that autovacuum would keep in time.
        with psycopg.connect(copy_env["DATABASE_OWNER_URL"], autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE registry_child, registry_address")
        yield copy_env
    finally:
        say(f"Dropping {MATCHING_DATABASE}")
        with _owner_connection(env) as connection:
            _drop(connection)


def _copy(connection: psycopg.Connection) -> None:
    say(f"Copying {BENCH_DATABASE} to {MATCHING_DATABASE}")
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
        sql.Identifier(MATCHING_DATABASE), sql.Identifier(BENCH_DATABASE)
    )
    deadline = time.monotonic() + TEMPLATE_WAIT_SECONDS
    while True:
        try:
            connection.execute(statement)
            return
        except psycopg.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise
            say(f"{BENCH_DATABASE} is in use by another session; waiting")
            time.sleep(10)


def _drop(connection: psycopg.Connection) -> None:
    connection.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(MATCHING_DATABASE))
    )


def _owner_connection(env: dict[str, str]) -> psycopg.Connection:
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    return psycopg.connect(database_url_for(owner_url, "postgres"), autocommit=True)
