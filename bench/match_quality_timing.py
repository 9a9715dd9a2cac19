"""The matcher's time: by the wall clock, and by the CPU time it and its database backend used.

On a shared machine the wall clock also counts the time the matcher waited for a core. The CPU
time of this process and of the PostgreSQL backend that serves it does not: their sum is the time
one chunk would take with a core to itself, since the two take turns. The backend's CPU time is
read from /proc, so it is known only when the server runs on this machine.
"""

import os
import time
from pathlib import Path

from django.db import connection

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# utime and stime: the 14th and 15th fields of /proc/<pid>/stat, counted after the command name.
_UTIME_AFTER_NAME = 11


class MatcherClock:
    """Reads the wall clock and both processes' CPU time, in seconds."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend_stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def wall(self) -> float:
        return time.perf_counter()

    def matcher_cpu(self) -> float:
        return time.process_time()

    def database_cpu(self) -> float | None:
        try:
            fields = self.backend_stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        user, system = fields[_UTIME_AFTER_NAME], fields[_UTIME_AFTER_NAME + 1]
        return (int(user) + int(system)) / _CLOCK_TICKS
