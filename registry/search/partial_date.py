"""A date of birth as a person may know it: the full date, a month and year, or a year alone.

Two ways in: one text field (`2016-03-09`, `2016-03`, `2016`) as an API sends it, or the three
boxes of the GOV.UK date input (day, month, year), where a person may fill only some. Each
mistake gets a message in the GOV.UK pattern's words, saying what to change.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

_ISO_FORM = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DIGITS = re.compile(r"^\d+$")
_MONTHS_IN_YEAR = 12
_YEAR_DIGITS = 4


@dataclass(frozen=True)
class PartialDate:
    """A year, a month and year, or a full date; always a real date, never in the future."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("A day needs a month.")
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError if not a real date

    def __str__(self) -> str:
        parts = [
            f"{self.year:04d}",
            self.month and f"{self.month:02d}",
            self.day and f"{self.day:02d}",
        ]
        return "-".join(part for part in parts if part)

    @property
    def is_full(self) -> bool:
        return self.day is not None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        month = self.month or _MONTHS_IN_YEAR
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def day_month_swapped(self) -> date | None:
        """The date with day and month exchanged (9 March for 3 September), if that is a date."""
        if not self.is_full or self.day == self.month or self.day > _MONTHS_IN_YEAR:
            return None
        try:
            return date(self.year, self.day, self.month)
        except ValueError:
            return None


def partial_date_from_text(text: str) -> PartialDate:
    """'2016-03-09', '2016-03' or '2016' -> PartialDate, or ValidationError saying what is wrong."""
    found = _ISO_FORM.match(text.strip())
    if not found:
        raise ValidationError(
            "Enter the date of birth as a full date, a year and month, or a year, "
            "like 2016-03-09, 2016-03 or 2016",
            code="date_of_birth_format",
        )
    year, month, day = (int(part) if part else None for part in found.groups())
    return _real_past_date(year, month, day)


def partial_date_from_parts(*, day: str, month: str, year: str) -> PartialDate:
    """The GOV.UK date input's three boxes, any of day and month left blank, -> PartialDate."""
    day, month, year = day.strip(), month.strip(), year.strip()
    if not year:
        raise ValidationError("Date of birth must include a year", code="date_of_birth_year")
    if day and not month:
        raise ValidationError("Date of birth must include a month", code="date_of_birth_month")
    if not all(_DIGITS.match(part) for part in (day, month, year) if part):
        raise ValidationError("Date of birth must be a real date", code="date_of_birth_invalid")
    if len(year) != _YEAR_DIGITS:
        raise ValidationError("Year must include 4 numbers", code="date_of_birth_year_digits")
    return _real_past_date(int(year), int(month) if month else None, int(day) if day else None)


def _real_past_date(year: int, month: int | None, day: int | None) -> PartialDate:
    try:
        partial = PartialDate(year=year, month=month, day=day)
    except ValueError:
        raise ValidationError(
            "Date of birth must be a real date", code="date_of_birth_invalid"
        ) from None
    if partial.first_day > timezone.localdate():
        raise ValidationError(
            "Date of birth must be today or in the past", code="date_of_birth_future"
        )
    return partial
