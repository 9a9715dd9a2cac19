"""The days a dashboard covers: the last `days` days, today included, in England's time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

PERIOD_CHOICES = (7, 30, 90)
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    @classmethod
    def ending_today(cls, *, days: int) -> "Period":
        today = timezone.localdate()
        return cls(first_day=today - timedelta(days=days - 1), last_day=today)

    @property
    def start(self) -> datetime:
        """The first day's midnight, aware."""
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=offset) for offset in range(count)]
