"""Real Celery workers for the tests whose subject is the worker: started as processes of their
own (in their own session, so that a test can kill one outright), against the test's database."""

import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

from django.db import connection

from contactpoint.celery import app


def worker_environment(*, database_name: str | None = None) -> dict[str, str]:
    """This process's environment, with the database URL naming `database_name` if given (the
    test database, which the worker could not otherwise know)."""
    env = os.environ.copy()
    if database_name:
        url = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = url._replace(path=f"/{database_name}").geturl()
    return env


def database_name_in_use() -> str:
    return connection.settings_dict["NAME"]


def worker_start(*, hostname: str, env: dict[str, str], ready_within: float = 60):
    """Start a solo-pool worker and wait until it answers a ping."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "contactpoint", "worker", "--pool", "solo",
         "--hostname", f"{hostname}@%h", "--loglevel", "WARNING"],
        env=env,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + ready_within
    while not any(hostname in name for reply in app.control.ping(timeout=0.5) for name in reply):
        assert worker.poll() is None, "the worker exited"
        assert time.monotonic() < deadline, f"no worker answered a ping within {ready_within} s"
    return worker
