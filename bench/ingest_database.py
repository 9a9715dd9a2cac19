"""A throwaway copy of the benchmark database for the ingest benchmark to write into.

Ingest changes the index: it updates matched children, creates new ones, adds identifiers and
shielding. Rather than undo all that row by row, the benchmark works in a copy made with
`CREATE DATABASE ... TEMPLATE contactpoint_bench` (a file copy: seconds for a million children)
and drops it at the end, so `contactpoint_bench` is left exactly as it was found, for the other
benchmarks and for the next run. The copy is migrated on its own, which also keeps migrations of
apps still in progress out of the shared database.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from bench.common import BENCH_DATABASE, bench_environment, database_url_for
from contactpoint.embedded.stack import say

INGEST_DATABASE = f"{BENCH_DATABASE}_ingest"
TEMPLATE_WAIT_SECONDS = 600


class TemplateInUse(RuntimeError):
    """PostgreSQL copies a database only while nobody else is connected to it."""


@contextmanager
def ingest_database(env: dict[str, str], *, keep: bool = False) -> Iterator[dict[str, str]]:
    """A fresh copy of the benchmark database; yields the environment pointing at it."""
    copy_create(env)
    try:
        yield bench_environment(env, INGEST_DATABASE)
    finally:
        if keep:
            say(f"Keeping {INGEST_DATABASE} (--keep)")
        else:
            copy_drop(env)


def copy_create(env: dict[str, str]) -> None:
    """Copy the benchmark database, waiting a while for other sessions on it to end."""
    say(f"Copying {BENCH_DATABASE} to {INGEST_DATABASE}")
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
        sql.Identifier(INGEST_DATABASE), sql.Identifier(BENCH_DATABASE)
    )
    deadline = time.monotonic() + TEMPLATE_WAIT_SECONDS
    with _owner_connection(env) as connection:
        _drop(connection)
        while True:
            try:
                connection.execute(statement)
                return
            except psycopg.errors.ObjectInUse as error:
                if time.monotonic() > deadline:
                    raise TemplateInUse(
                        f"{BENCH_DATABASE} has had other sessions for "
                        f"{TEMPLATE_WAIT_SECONDS} s (another benchmark?); run this one when it "
                        "is idle."
                    ) from error
                say(f"{BENCH_DATABASE} is in use by another session; waiting")
                time.sleep(10)


def copy_drop(env: dict[str, str]) -> None:
    say(f"Dropping {INGEST_DATABASE}")
    with _owner_connection(env) as connection:
        _drop(connection)


def _drop(connection: psycopg.Connection) -> None:
    connection.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(INGEST_DATABASE))
    )


def _owner_connection(env: dict[str, str]) -> psycopg.Connection:
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    return psycopg.connect(database_url_for(owner_url, "postgres"), autocommit=True)
