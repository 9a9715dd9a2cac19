"""Retention, rule by rule, in frozen time: archive on the 18th birthday; a deceased child's record a
year after the death; consent keeping a record open until a date no later than the 25th birthday,
and its withdrawal; who may read an archived record, and when; and the daily run itself: in
batches, safe to run twice, its log line holding counts only. (Purging is tests/registry/
test_retention_purge.py; the command, test_retention_command.py.)"""

import datetime
import logging

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AccessEvent
from registry.models import Child, RetentionExtension
from registry.retention import (
    RetentionAction,
    RetentionPeriods,
    archived_for_lawful_access,
    archived_for_team,
    birthday,
    born_on_or_before,
)
from shielding.record_retention import retention_apply
from shielding.retention_consent import retention_extension_record, retention_extension_withdraw
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory
from tests.shielding.conftest import team_member

pytestmark = pytest.mark.django_db

BORN = datetime.date(2013, 5, 10)
EIGHTEENTH = datetime.date(2031, 5, 10)
PERIODS = RetentionPeriods(
    archive_age=18, team_only_years=1, purge_years=6, after_death_years=1, extended_age=25
)


def at(day: datetime.date, hour: int = 2) -> datetime.datetime:
    """`day` at `hour` o'clock in England, when the nightly run has started."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def run_on(day: datetime.date, **options):
    with time_machine.travel(at(day), tick=False):
        return retention_apply(**options)


def status_of(child: Child) -> str:
    return Child.unscoped_objects.get(pk=child.pk).status


def archive_events(child: Child) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_ARCHIVED, child_ids=[child.pk])
    )


@pytest.fixture
def authority():
    return LocalAuthorityFactory(name="Retention Vale")


@pytest.fixture
def manager(authority):
    return team_member(authority)


def test_a_record_is_archived_on_the_18th_birthday_and_not_the_day_before(authority):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)

    before = run_on(EIGHTEENTH - datetime.timedelta(days=1))
    assert before.counts[RetentionAction.ARCHIVE_AT_AGE] == 0
    assert status_of(child) == Child.Status.ACTIVE

    report = run_on(EIGHTEENTH)
    assert report.counts[RetentionAction.ARCHIVE_AT_AGE] == 1
    archived = Child.unscoped_objects.get(pk=child.pk)
    assert archived.status == Child.Status.ARCHIVED
    assert archived.archived_at == at(EIGHTEENTH)
    [event] = archive_events(child)
    assert (event.user_id, event.details) == (None, {"rule": "archive_at_age"})


def test_someone_born_on_29_february_comes_of_age_on_1_march_in_a_common_year(authority):
    child = ChildFactory(
        date_of_birth=datetime.date(2012, 2, 29), responsible_local_authority=authority
    )
    run_on(datetime.date(2030, 2, 28))
    assert status_of(child) == Child.Status.ACTIVE
    run_on(datetime.date(2030, 3, 1))
    assert status_of(child) == Child.Status.ARCHIVED


def test_the_birth_date_cutoff_agrees_with_the_birthday_every_day_of_eight_years():
    """born_on_or_before() filters rows; birthday() is the law. They agree on every day, leap
    days and 1 March included, for births on each of the days around the end of February."""
    births = [datetime.date(2012, 2, day) for day in (27, 28, 29)] + [datetime.date(2012, 3, 1)]
    day = datetime.date(2029, 1, 1)
    while day < datetime.date(2037, 1, 1):
        cutoff = born_on_or_before(today=day, age=18)
        for born in births:
            assert (born <= cutoff) == (birthday(date_of_birth=born, age=18) <= day), (born, day)
        day += datetime.timedelta(days=1)


def test_a_child_under_18_and_every_other_status_is_left_alone(authority):
    young = ChildFactory(date_of_birth=BORN + datetime.timedelta(days=1))
    sealed = ChildFactory(date_of_birth=BORN, status=Child.Status.SEALED)
    report = run_on(EIGHTEENTH)
    assert sum(report.counts.values()) == 0
    assert (status_of(young), status_of(sealed)) == (Child.Status.ACTIVE, Child.Status.SEALED)


def test_a_deceased_childs_record_is_kept_a_year_after_the_death_then_archived(authority):
    died_on = datetime.date(2029, 3, 1)
    child = ChildFactory(
        date_of_birth=datetime.date(2014, 1, 1),
        status=Child.Status.DECEASED,
        died_on=died_on,
        responsible_local_authority=authority,
    )
    assert run_on(datetime.date(2030, 2, 28)).counts[RetentionAction.ARCHIVE_AFTER_DEATH] == 0
    assert status_of(child) == Child.Status.DECEASED

    report = run_on(datetime.date(2030, 3, 1))
    assert report.counts[RetentionAction.ARCHIVE_AFTER_DEATH] == 1
    assert status_of(child) == Child.Status.ARCHIVED
    [event] = archive_events(child)
    assert event.details == {"rule": "archive_after_death"}


def test_a_deceased_18_year_old_waits_for_the_year_after_death_too(authority):
    child = ChildFactory(date_of_birth=BORN, status=Child.Status.DECEASED, died_on=EIGHTEENTH)
    run_on(EIGHTEENTH + datetime.timedelta(days=30))
    assert status_of(child) == Child.Status.DECEASED
    run_on(datetime.date(2032, 5, 9))
    assert status_of(child) == Child.Status.DECEASED
    run_on(datetime.date(2032, 5, 10))
    assert status_of(child) == Child.Status.ARCHIVED


# Consent to keep a record open past 18


def consent(child, manager, *, keep_until, on=datetime.date(2031, 1, 4), reason="care_leaver"):
    with time_machine.travel(at(on, hour=10), tick=False):
        return retention_extension_record(
            child=child, by=manager, reason=reason, keep_until=keep_until
        )


def test_with_consent_a_record_stays_open_until_the_date_consented_to(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    keep_until = datetime.date(2036, 1, 31)
    consent(child, manager, keep_until=keep_until)

    assert run_on(EIGHTEENTH).counts[RetentionAction.ARCHIVE_AT_AGE] == 0
    run_on(keep_until - datetime.timedelta(days=1))
    assert status_of(child) == Child.Status.ACTIVE

    report = run_on(keep_until)
    assert report.counts[RetentionAction.ARCHIVE_AT_CONSENT_END] == 1
    assert status_of(child) == Child.Status.ARCHIVED
    [event] = archive_events(child)
    assert event.details == {"rule": "archive_at_consent_end"}


def test_consent_keeps_a_record_until_the_25th_birthday_at_the_latest(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    twenty_fifth = datetime.date(2038, 5, 10)
    with pytest.raises(ValidationError, match="10 May 2038 at the latest"):
        consent(child, manager, keep_until=twenty_fifth + datetime.timedelta(days=1))
    with pytest.raises(
        ValidationError, match="after 10 May 2031, when the record would be archived"
    ):
        consent(child, manager, keep_until=EIGHTEENTH)
    consent(child, manager, keep_until=twenty_fifth, reason="learning_difficulty")

    run_on(twenty_fifth - datetime.timedelta(days=1))
    assert status_of(child) == Child.Status.ACTIVE
    run_on(twenty_fifth)
    assert status_of(child) == Child.Status.ARCHIVED


def test_withdrawing_consent_ends_it_and_the_record_is_archived_that_night(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    extension = consent(child, manager, keep_until=datetime.date(2038, 5, 10))
    run_on(datetime.date(2032, 2, 1))
    assert status_of(child) == Child.Status.ACTIVE

    with time_machine.travel(at(datetime.date(2032, 2, 1), hour=15), tick=False):
        retention_extension_withdraw(extension=extension, by=manager)
    run_on(datetime.date(2032, 2, 2))
    assert status_of(child) == Child.Status.ARCHIVED

    events = AccessEvent.objects.filter(
        kind=AccessEvent.Kind.RETENTION_EXTENDED, child_ids=[child.pk]
    ).order_by("pk")
    assert [event.details["withdrawn"] for event in events] == [False, True]
    assert all(event.user_id == manager.pk for event in events)
    assert not [event for event in events if "care_leaver" in str(event.details)]


def test_consent_withdrawn_before_18_lets_the_record_go_at_18(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    extension = consent(child, manager, keep_until=datetime.date(2038, 5, 10))
    with time_machine.travel(at(datetime.date(2031, 2, 1), hour=15), tick=False):
        retention_extension_withdraw(extension=extension, by=manager)
    run_on(EIGHTEENTH)
    assert status_of(child) == Child.Status.ARCHIVED


def test_only_the_childs_team_records_consent_and_only_for_an_open_record(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    for outsider in (UserFactory(), team_member(LocalAuthorityFactory())):
        with pytest.raises(PermissionDenied):
            consent(child, outsider, keep_until=datetime.date(2035, 1, 1))
    run_on(EIGHTEENTH)
    with pytest.raises(ValidationError, match="Only an active record"):
        consent(
            Child.unscoped_objects.get(pk=child.pk),
            manager,
            keep_until=datetime.date(2035, 1, 1),
            on=EIGHTEENTH,
        )
    assert not RetentionExtension.objects.filter(child=child).exists()


def test_one_consent_is_in_force_at_a_time(authority, manager):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    consent(child, manager, keep_until=datetime.date(2035, 1, 1))
    with pytest.raises(ValidationError, match="already recorded"):
        consent(child, manager, keep_until=datetime.date(2036, 1, 1))


# Who may read an archived record, and when


def test_an_archived_record_is_its_teams_for_a_year_then_open_to_lawful_access(authority):
    child = ChildFactory(date_of_birth=BORN, responsible_local_authority=authority)
    run_on(EIGHTEENTH)

    def readers_on(day: datetime.date) -> tuple[bool, bool]:
        children = Child.unscoped_objects.filter(pk=child.pk)
        return (
            children.filter(archived_for_team(today=day, periods=PERIODS)).exists(),
            children.filter(archived_for_lawful_access(today=day, periods=PERIODS)).exists(),
        )

    assert readers_on(EIGHTEENTH) == (True, False)
    assert readers_on(datetime.date(2032, 5, 9)) == (True, False)
    assert readers_on(datetime.date(2032, 5, 10)) == (False, True)
    assert readers_on(datetime.date(2037, 5, 9)) == (False, True)


# The run


def test_running_twice_is_harmless(authority):
    children = [ChildFactory(date_of_birth=BORN) for _ in range(3)]
    first = run_on(EIGHTEENTH)
    second = run_on(EIGHTEENTH)
    assert first.counts[RetentionAction.ARCHIVE_AT_AGE] == 3
    assert sum(second.counts.values()) == 0
    for child in children:
        assert len(archive_events(child)) == 1
        assert Child.unscoped_objects.get(pk=child.pk).archived_at == at(EIGHTEENTH)


def test_the_run_works_through_every_batch(authority):
    children = [ChildFactory(date_of_birth=BORN) for _ in range(5)]
    report = run_on(EIGHTEENTH, batch_size=2)
    assert report.counts[RetentionAction.ARCHIVE_AT_AGE] == 5
    assert {status_of(child) for child in children} == {Child.Status.ARCHIVED}


def test_the_runs_log_line_has_counts_and_nothing_personal(authority, caplog):
    child = ChildFactory(date_of_birth=BORN, given_names="Quillon", family_name="Logsworthy")
    with caplog.at_level(logging.INFO, logger="shielding.record_retention"):
        run_on(EIGHTEENTH)
    [line] = [record.getMessage() for record in caplog.records]
    assert "archive_at_age=1" in line
    for personal in ("Quillon", "Logsworthy", child.contactpoint_id, child.display_id, "2013"):
        assert personal not in line
