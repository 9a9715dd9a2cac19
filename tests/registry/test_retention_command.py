"""`manage.py retention`: --dry-run lists, by rule, how many records and which ContactPoint IDs
would be archived or purged, and changes nothing; without it the run applies. Sealed records are
counted, never listed; no name or birth date is printed. And the daily beat task that runs it."""

import datetime
from io import StringIO

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from audit.models import AccessEvent
from contactpoint.celery import app
from registry.models import Child
from shielding.tasks import retention_apply_task
from tests.factories import ChildFactory
from tests.registry.test_retention import BORN, EIGHTEENTH, at

pytestmark = pytest.mark.django_db

SIX_YEARS_AGO = datetime.date(2025, 5, 10)


def retention_command(*args) -> str:
    out = StringIO()
    with time_machine.travel(at(EIGHTEENTH), tick=False):
        call_command("retention", *args, stdout=out, stderr=out)
    return out.getvalue()


def named(number: int, **fields) -> Child:
    return ChildFactory(given_names=f"Ottilie{number}", family_name=f"Dryrun{number}", **fields)


@pytest.fixture
def due():
    """One record of each kind due today, and one that is not."""
    return {
        "at_18": named(1, date_of_birth=BORN),
        "after_death": named(2, status=Child.Status.DECEASED, died_on=datetime.date(2030, 5, 1)),
        "purge": named(3, status=Child.Status.ARCHIVED, archived_at=at(SIX_YEARS_AGO)),
        "sealed": named(4, status=Child.Status.SEALED, date_of_birth=datetime.date(2007, 5, 1)),
        "not_due": named(5, date_of_birth=BORN + datetime.timedelta(days=1)),
    }


def statuses() -> dict[int, str]:
    return dict(Child.unscoped_objects.values_list("pk", "status"))


def test_the_dry_run_lists_what_would_change_and_changes_nothing(due):
    before, events = statuses(), AccessEvent.objects.count()
    output = retention_command("--dry-run")

    assert statuses() == before
    assert AccessEvent.objects.count() == events
    assert "2031-05-10: a dry run, nothing changed" in output
    lines = output.splitlines()
    for label, child in (
        ("Archive at 18: 1", due["at_18"]),
        ("Archive a year after death: 1", due["after_death"]),
        ("Purge 6 years after archiving: 1", due["purge"]),
    ):
        position = lines.index(label)
        assert lines[position + 1].strip() == child.display_id
    assert "Archive when consent to keep the record ends or is withdrawn: 0" in lines
    assert due["not_due"].display_id not in output


def test_the_dry_run_counts_a_sealed_record_and_never_lists_it(due):
    output = retention_command("--dry-run")
    assert "Purge a sealed record at 24: 1" in output
    assert "(sealed records are counted, not listed)" in output
    sealed = due["sealed"]
    assert sealed.display_id not in output and sealed.contactpoint_id not in output


def test_the_output_names_nobody(due):
    for output in (retention_command("--dry-run"), retention_command()):
        for child in due.values():
            assert child.given_names not in output and child.family_name not in output
            assert child.date_of_birth.isoformat() not in output
            assert f"{child.date_of_birth:%-d %B %Y}" not in output


def test_without_dry_run_the_command_applies_the_rules(due):
    output = retention_command()
    assert "Archive at 18: 1 done" in output
    assert "Purge 6 years after archiving: 1 done" in output
    remaining = statuses()
    assert remaining[due["at_18"].pk] == Child.Status.ARCHIVED
    assert remaining[due["after_death"].pk] == Child.Status.ARCHIVED
    assert due["purge"].pk not in remaining and due["sealed"].pk not in remaining
    assert remaining[due["not_due"].pk] == Child.Status.ACTIVE
    assert "Archive at 18: 0" in retention_command("--dry-run")


def test_the_dry_run_looks_ahead_to_another_day(due):
    output = retention_command("--dry-run", "--on", "2031-05-11")
    assert "Retention on 2031-05-11: a dry run, nothing changed." in output
    assert due["not_due"].display_id in output
    with pytest.raises(CommandError, match="use it with --dry-run"):
        retention_command("--on", "2031-05-11")
    assert statuses()[due["at_18"].pk] == Child.Status.ACTIVE


def test_the_dry_run_counts_the_records_merged_into_those_it_would_purge(due):
    ChildFactory(status=Child.Status.MERGED, merged_into=due["purge"])
    output = retention_command("--dry-run")
    assert "Records merged into those purged, which go with them: 1" in output


# The daily beat task


def test_the_beat_runs_retention_every_night_after_midnight_in_england():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-apply"]
    assert entry["task"] == "shielding.retention_apply"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=1, minute=30)
    assert settings.CELERY_TIMEZONE == "UTC"  # 01:30 UTC is after midnight in summer time too


def test_the_task_applies_the_rules_and_returns_its_counts(due):
    with time_machine.travel(at(EIGHTEENTH), tick=False):
        counts = retention_apply_task.apply().get()
        again = retention_apply_task.apply().get()
    assert counts["archive_at_age"] == 1 and counts["purge"] == 1
    assert counts["purge_sealed"] == 1 and counts["failed"] == 0
    assert sum(again.values()) == 0
