"""The windows the rules count in: the clock hour, and the day as it is in England.

A window is named in its counters' keys, so a new hour or day starts from nothing without anyone
resetting a count; the keys' expiry only clears away the old ones.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

HOUR_KEEP_SECONDS = 2 * 3600
# A day in England is 23, 24 or 25 hours long.
DAY_KEEP_SECONDS = 26 * 3600


@dataclass(frozen=True)
class Window:
    name: str
    start: datetime
    keep_seconds: int


def working_time_zone() -> ZoneInfo:
    return ZoneInfo(settings.ANOMALY_TIME_ZONE)


def hour_window(at: datetime) -> Window:
    start = at.astimezone(working_time_zone()).replace(minute=0, second=0, microsecond=0)
    return Window(f"h{start:%Y%m%d%H%z}", start, HOUR_KEEP_SECONDS)


def day_window(at: datetime) -> Window:
    local = at.astimezone(working_time_zone())
    start = datetime.combine(local.date(), datetime.min.time(), tzinfo=local.tzinfo)
    return Window(f"d{start:%Y%m%d}", start, DAY_KEEP_SECONDS)
