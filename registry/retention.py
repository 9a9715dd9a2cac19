"""How long a child's record is kept: the rules of retention, as dates and as row filters.

- On the child's 18th birthday an active record is archived, unless recorded consent to keep it is
  in force (a care leaver, or a young person with learning difficulties: RetentionExtension); then
  it is archived on the date consented to (the 25th birthday at the latest), or as soon as the
  consent is withdrawn.
- A deceased child's record is archived a year after the death.
- An archived record is read for a year by the child's management team only, then only by a
  lawful-access officer, and is purged 6 years after it was archived.
- A sealed record (the old identity of an adopted or protected child) is never archived: nobody
  opens it again. It is purged when an archived record of that child would be, 6 years after the
  18th birthday.
- A merged record (a duplicate) goes with the record it was merged into: it is purged with it.

The ages and periods are settings (RETENTION_*). Birthdays are England's: someone born on
29 February comes of age on 1 March in a common year. Everything here is arithmetic on dates and
filters on rows; it reads nothing and knows no user. The run that applies the rules to the index is
shielding.record_retention, which may read every child.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import dateformat, timezone

from registry.models import Child, RetentionExtension


@dataclass(frozen=True)
class RetentionPeriods:
    """The ages and periods of retention, in years."""

    archive_age: int
    team_only_years: int
    purge_years: int
    after_death_years: int
    extended_age: int

    @classmethod
    def from_settings(cls) -> "RetentionPeriods":
        return cls(
            archive_age=settings.RETENTION_ARCHIVE_AGE,
            team_only_years=settings.RETENTION_TEAM_ONLY_YEARS,
            purge_years=settings.RETENTION_PURGE_YEARS,
            after_death_years=settings.RETENTION_AFTER_DEATH_YEARS,
            extended_age=settings.RETENTION_EXTENDED_AGE,
        )


class RetentionAction(StrEnum):
    """What the run does to a record, by the rule that makes it due, in the run's order. Its
    description, with the ages in force, is retention_action_label()."""

    ARCHIVE_AT_AGE = "archive_at_age"
    ARCHIVE_AFTER_DEATH = "archive_after_death"
    ARCHIVE_AT_CONSENT_END = "archive_at_consent_end"
    PURGE = "purge"
    PURGE_SEALED = "purge_sealed"


ARCHIVE_ACTIONS = (
    RetentionAction.ARCHIVE_AT_AGE,
    RetentionAction.ARCHIVE_AFTER_DEATH,
    RetentionAction.ARCHIVE_AT_CONSENT_END,
)


def birthday(*, date_of_birth: datetime.date, age: int) -> datetime.date:
    """The day someone born on `date_of_birth` reaches `age` (29 February: 1 March if need be)."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return datetime.date(year, 3, 1)


def born_on_or_before(*, today: datetime.date, age: int) -> datetime.date:
    """The latest birth date of someone who has reached `age` by `today` (agrees with birthday():
    a 29 February birth is past this date exactly when its birthday is still to come)."""
    return today - relativedelta(years=age)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, in England's time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def archived_on(child: Child) -> datetime.date:
    """The day, in England, that the record was archived."""
    return timezone.localdate(child.archived_at)


def team_only_until(child: Child, *, periods: RetentionPeriods) -> datetime.date:
    """The first day an archived record is no longer the team's, and is open to lawful access."""
    return archived_on(child) + relativedelta(years=periods.team_only_years)


def purge_due_on(child: Child, *, periods: RetentionPeriods) -> datetime.date:
    """The day an archived record is purged."""
    return archived_on(child) + relativedelta(years=periods.purge_years)


def _archived_before_end_of(day: datetime.date) -> Q:
    """Records archived on `day` or earlier."""
    return Q(archived_at__lt=start_of_day(day + datetime.timedelta(days=1)))


def _team_year_over(*, today: datetime.date, periods: RetentionPeriods) -> Q:
    """Records archived on this day a year ago or earlier: the team's year is over."""
    return _archived_before_end_of(today - relativedelta(years=periods.team_only_years))


def archived_for_team(*, today: datetime.date, periods: RetentionPeriods) -> Q:
    """Archived records still in their year for the management team alone."""
    archived = Q(status=Child.Status.ARCHIVED, archived_at__isnull=False)
    return archived & ~_team_year_over(today=today, periods=periods)


def archived_for_lawful_access(*, today: datetime.date, periods: RetentionPeriods) -> Q:
    """Archived records past the team's year, open to a lawful-access officer until purged."""
    return Q(status=Child.Status.ARCHIVED) & _team_year_over(today=today, periods=periods)


def consent_in_force(*, today: datetime.date) -> Exists:
    """The child has recorded consent, not withdrawn, to keep the record open after today."""
    return Exists(
        RetentionExtension.objects.filter(
            child=OuterRef("pk"), withdrawn_at__isnull=True, keep_until__gt=today
        )
    )


def _consent_ever_recorded() -> Exists:
    return Exists(RetentionExtension.objects.filter(child=OuterRef("pk")))


def retention_due(action: str, *, today: datetime.date, periods: RetentionPeriods) -> Q:
    """The filter on children that makes `action` due today."""
    of_age = Q(
        status=Child.Status.ACTIVE,
        date_of_birth__lte=born_on_or_before(today=today, age=periods.archive_age),
    )
    if action == RetentionAction.ARCHIVE_AT_AGE:
        return of_age & ~_consent_ever_recorded()
    if action == RetentionAction.ARCHIVE_AT_CONSENT_END:
        return of_age & _consent_ever_recorded() & ~consent_in_force(today=today)
    if action == RetentionAction.ARCHIVE_AFTER_DEATH:
        died_by = today - relativedelta(years=periods.after_death_years)
        return Q(status=Child.Status.DECEASED, died_on__lte=died_by)
    if action == RetentionAction.PURGE:
        last_day = today - relativedelta(years=periods.purge_years)
        return Q(status=Child.Status.ARCHIVED) & _archived_before_end_of(last_day)
    if action == RetentionAction.PURGE_SEALED:
        age = periods.archive_age + periods.purge_years
        born_by = born_on_or_before(today=today, age=age)
        return Q(status=Child.Status.SEALED, date_of_birth__lte=born_by)
    raise ValueError(f"Unknown retention action: {action!r}")


def keep_until_latest(*, child: Child, periods: RetentionPeriods) -> datetime.date:
    """The last date consent can keep the record open to: the 25th birthday."""
    return birthday(date_of_birth=child.date_of_birth, age=periods.extended_age)


def retention_extension_check(
    *, child: Child, keep_until: datetime.date, today: datetime.date, periods: RetentionPeriods
) -> None:
    """Whether consent can keep this record open until `keep_until`; a ValidationError says why
    not. Only an active record can be kept (an archived one is not reopened), past the day it would
    be archived and today, and no later than the 25th birthday."""
    if child.status != Child.Status.ACTIVE:
        raise ValidationError("Only an active record can be kept past 18.")
    latest = keep_until_latest(child=child, periods=periods)
    if keep_until > latest:
        raise ValidationError(
            {"keep_until": f"Keep the record until {_day(latest)} at the latest."}
        )
    coming_of_age = birthday(date_of_birth=child.date_of_birth, age=periods.archive_age)
    if keep_until <= max(today, coming_of_age):
        raise ValidationError(
            {
                "keep_until": f"The date must be after today and after {_day(coming_of_age)}, "
                "when the record would be archived."
            }
        )


def _day(day: datetime.date) -> str:
    return dateformat.format(day, "j F Y")


def retention_action_label(action: str, *, periods: RetentionPeriods) -> str:
    """What an action does, with the ages and periods in force."""
    return {
        RetentionAction.ARCHIVE_AT_AGE: f"Archive at {periods.archive_age}",
        RetentionAction.ARCHIVE_AFTER_DEATH: (
            f"Archive {_years(periods.after_death_years)} after death"
        ),
        RetentionAction.ARCHIVE_AT_CONSENT_END: (
            "Archive when consent to keep the record ends or is withdrawn"
        ),
        RetentionAction.PURGE: f"Purge {_years(periods.purge_years)} after archiving",
        RetentionAction.PURGE_SEALED: (
            f"Purge a sealed record at {periods.archive_age + periods.purge_years}"
        ),
    }[action]


def _years(count: int) -> str:
    return "a year" if count == 1 else f"{count} years"
