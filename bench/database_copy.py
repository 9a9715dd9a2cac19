"""A throwaway, migrated copy of the benchmark database, for a benchmark that writes.

Ingest and matching change the index (children matched, created, shielded, sealed) and need
migrations of their own apps. Rather than undo all that row by row, such a benchmark works in a
copy made with `CREATE DATABASE ... TEMPLATE contactpoint_bench` (a file copy: seconds for a
million children), migrates it, and drops it at the end, so `contactpoint_bench` is left exactly
as it was found. PostgreSQL copies a database only while nobody else is connected to it, so the
copy waits a while for other benchmarks' sessions to end.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from bench.common import BENCH_DATABASE, bench_environment, database_url_for, manage
from contactpoint.embedded.stack import say

TEMPLATE_WAIT_SECONDS = 600


class TemplateInUse(RuntimeError):
    """The benchmark database kept other sessions for longer than the copy would wait."""


@contextmanager
def bench_database_copy(
    env: dict[str, str], *, name: str, keep: bool = False
) -> Iterator[dict[str, str]]:
    """A fresh, migrated copy named `name`; yields the environment pointing at it."""
    with _owner_connection(env) as connection:
        _drop(connection, name)
        _copy(connection, name)
    copy_env = bench_environment(env, name)
    try:
        say(f"Migrating {name}")
        manage(copy_env, "migrate", "--noinput", "-v", "0", as_owner=True)
        yield copy_env
    finally:
        if keep:
            say(f"Keeping {name} (--keep)")
        else:
            say(f"Dropping {name}")
            with _owner_connection(env) as connection:
                _drop(connection, name)


def _copy(connection: psycopg.Connection, name: str) -> None:
    say(f"Copying {BENCH_DATABASE} to {name}")
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
        sql.Identifier(name), sql.Identifier(BENCH_DATABASE)
    )
    deadline = time.monotonic() + TEMPLATE_WAIT_SECONDS
    while True:
        try:
            connection.execute(statement)
            return
        except psycopg.errors.ObjectInUse as error:
            if time.monotonic() > deadline:
                raise TemplateInUse(
                    f"{BENCH_DATABASE} has had other sessions for {TEMPLATE_WAIT_SECONDS} s "
                    "(another benchmark?); run this one when it is idle."
                ) from error
            say(f"{BENCH_DATABASE} is in use by another session; waiting")
            time.sleep(10)


def _drop(connection: psycopg.Connection, name: str) -> None:
    connection.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def _owner_connection(env: dict[str, str]) -> psycopg.Connection:
    owner_url = env.get("DATABASE_OWNER_URL", env["DATABASE_URL"])
    return psycopg.connect(database_url_for(owner_url, "postgres"), autocommit=True)
