"""`python -m contactpoint.embedded run|test [pytest arguments]`: the two commands behind the Makefile.

`python -m contactpoint.embedded manage COMMAND [arguments]` runs one management command against
the same embedded services as `run` (started if `run` is not running), e.g. to load a feed file.
"""

import os
import signal
import subprocess
import sys
import time

from contactpoint.embedded import processes
from contactpoint.embedded.browser import chromium_ensure
from contactpoint.embedded.paths import PROJECT_DIR, data_dir
from contactpoint.embedded.stack import ServiceStack, say

PYTHON = sys.executable
MANAGE = [PYTHON, str(PROJECT_DIR / "manage.py")]
PYTEST_NO_TESTS = 5


class Stopped(Exception):
    """SIGINT or SIGTERM reached the supervisor."""


def _raise_stopped(signum, _frame):
    raise Stopped(signal.Signals(signum).name)


def manage(env: dict, *args: str, as_owner: bool = False) -> None:
    command_env = dict(env, CONTACTPOINT_DATABASE_AS_OWNER="1") if as_owner else env
    subprocess.run([*MANAGE, *args], env=command_env, check=True, cwd=PROJECT_DIR)


def prepare(env: dict) -> None:
    say("Applying migrations")
    manage(env, "migrate", "--noinput", "-v", "0", as_owner=True)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "demo_setup")


def serve(env: dict) -> int:
    """Web, worker and beat in the foreground until Ctrl-C or until one of them dies."""
    children = {
        "web": processes.spawn(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "contactpoint.wsgi",
                "--bind",
                "127.0.0.1:8000",
                "--workers",
                os.environ.get("WEB_CONCURRENCY", "3"),
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=PROJECT_DIR,
        ),
        "worker": processes.spawn(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "contactpoint",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                os.environ.get("CELERY_CONCURRENCY", "2"),
            ],
            env=env,
            cwd=PROJECT_DIR,
        ),
        "beat": processes.spawn(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "contactpoint",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(data_dir() / "celerybeat-schedule"),
            ],
            env=env,
            cwd=PROJECT_DIR,
        ),
    }
    say("Serving on http://127.0.0.1:8000 (Ctrl-C stops everything)")
    try:
        while True:
            for name, child in children.items():
                if child.poll() is not None:
                    say(f"{name} exited with status {child.returncode}; stopping")
                    return 1
            time.sleep(0.5)
    except Stopped:
        return 0
    finally:
        for child in reversed(children.values()):
            processes.stop(child)


def run() -> int:
    stack = ServiceStack(redis_database=0)
    try:
        stack.start()
        env = stack.environment("contactpoint.settings.development")
        prepare(env)
        return serve(env)
    finally:
        say("Stopping services")
        stack.stop()


def test(pytest_args: list[str]) -> int:
    stack = ServiceStack(redis_database=1)
    try:
        chromium = chromium_ensure()
        stack.start()
        env = stack.environment("contactpoint.settings.test")
        env["CONTACTPOINT_CHROMIUM"] = chromium
        result = subprocess.run([PYTHON, "-m", "pytest", *pytest_args], env=env, cwd=PROJECT_DIR)
        if result.returncode == PYTEST_NO_TESTS:
            say("pytest collected no tests: that is a failure")
            return 1
        return result.returncode
    except Stopped:
        return 130
    finally:
        stack.stop()


def manage_command(arguments: list[str]) -> int:
    stack = ServiceStack(redis_database=0)
    try:
        stack.start()
        env = stack.environment("contactpoint.settings.development")
        return subprocess.run([*MANAGE, *arguments], env=env, cwd=PROJECT_DIR).returncode
    except Stopped:
        return 130
    finally:
        stack.stop()


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, _raise_stopped)
    signal.signal(signal.SIGTERM, _raise_stopped)
    if argv[:1] == ["run"]:
        return run()
    if argv[:1] == ["test"]:
        return test(argv[1:])
    if argv[:1] == ["manage"] and argv[1:]:
        return manage_command(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
