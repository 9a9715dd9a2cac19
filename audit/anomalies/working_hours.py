"""Working hours and days, from settings, in the working time zone (Europe/London).

Settings hold text an operator can write ("08:00-18:00", "mon,tue,wed,thu,fri"); a wrong value
fails loudly on the first read rather than quietly judging every read out of hours.
"""

from datetime import datetime, time
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from audit.anomalies.windows import working_time_zone

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=8)
def working_hours_parse(text: str) -> tuple[time, time]:
    """'08:00-18:00' -> (08:00, 18:00)."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ImproperlyConfigured(
            f"ANOMALY_WORKING_HOURS must look like 08:00-18:00, not {text!r}"
        ) from None
    if start >= end:
        raise ImproperlyConfigured("ANOMALY_WORKING_HOURS must start before it ends.")
    return start, end


@lru_cache(maxsize=8)
def working_days_parse(names: tuple[str, ...]) -> frozenset[int]:
    """('mon', 'tue') -> {0, 1}, as datetime.weekday() counts them."""
    days = set()
    for name in names:
        key = name.strip().lower()[:3]
        if key not in DAY_NAMES:
            raise ImproperlyConfigured(f"ANOMALY_WORKING_DAYS names an unknown day: {name!r}")
        days.add(DAY_NAMES.index(key))
    return frozenset(days)


def is_out_of_hours(at: datetime) -> bool:
    local = at.astimezone(working_time_zone())
    start, end = working_hours_parse(settings.ANOMALY_WORKING_HOURS)
    days = working_days_parse(tuple(settings.ANOMALY_WORKING_DAYS))
    return local.weekday() not in days or not (start <= local.time() < end)
