"""`manage.py ingest_feed FEED_CODE PATH [--wait]`: receive a file from the command line, and wait
for the workers. No worker runs here: --wait is tested on batches completed in this process, and
the polling on a batch that a fake sleep moves on, as a worker's chunks would."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.management.batch_wait import batch_wait
from ingest.management.commands.ingest_feed import Command
from ingest.models import Batch, Feed, Outcome
from ingest.services import feed_pause
from tests.ingest.admin_world import (
    batch_from_records,
    feed_create,
    marked_record,
    operator_create,
    records_decide,
)
from tests.ingest.feed_files import csv_bytes, valid_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed():
    return feed_create()


@pytest.fixture
def feed_file(tmp_path):
    def write(records: list[dict], name: str = "census.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(records))
        return path

    return write


def ingest_feed(*args: str) -> str:
    out = io.StringIO()
    call_command("ingest_feed", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_file_is_received_as_a_batch_and_the_receipt_printed(feed, feed_file):
    path = feed_file([marked_record("R-1"), valid_record("R-2", gender="Q")])

    output = ingest_feed("school-census", str(path))

    batch = Batch.objects.get()
    assert output == f"Batch {batch.pk} received: 2 records, 1 rejected at once.\n"
    assert (batch.feed, batch.file_name, batch.status) == (feed, "census.csv", Batch.Status.QUEUED)


def test_a_file_received_for_an_operations_user_records_who(feed, feed_file):
    operator = operator_create()
    ingest_feed("school-census", str(feed_file([marked_record("R-1")])), "--by", operator.username)
    assert Batch.objects.get().uploaded_by == operator

    with pytest.raises(CommandError, match="not an active operations user"):
        ingest_feed("school-census", str(feed_file([marked_record("R-2")], "b.csv")), "--by", "x")


def test_the_same_file_again_says_nothing_changed_and_succeeds(feed, feed_file):
    path = feed_file([marked_record("R-1")])
    ingest_feed("school-census", str(path))

    output = ingest_feed("school-census", str(path))

    assert "was received before" in output
    assert "Nothing was changed." in output
    assert Batch.objects.count() == 1


def test_a_file_rejected_as_a_whole_fails_with_the_reason(feed, tmp_path):
    path = tmp_path / "census.xlsx"
    path.write_bytes(b"not a feed file")

    with pytest.raises(CommandError, match=r"was rejected: .*\.csv or \.jsonl"):
        ingest_feed("school-census", str(path), "--wait")

    assert Batch.objects.get().status == Batch.Status.REJECTED


def test_an_unknown_feed_code_names_the_known_ones(feed, feed_file):
    Feed.objects.create(code="births", name="Births", scope=Feed.Scope.NATIONAL)

    with pytest.raises(
        CommandError,
        match=re.escape("no feed with the code 'census'. Known feeds: births, school-census."),
    ):
        ingest_feed("census", str(feed_file([marked_record("R-1")])))

    assert not Batch.objects.exists()


def test_a_missing_file_is_an_error(feed, tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        ingest_feed("school-census", str(tmp_path / "nowhere.csv"))


def test_the_help_says_a_worker_must_be_running():
    help_text = Command().create_parser("manage.py", "ingest_feed").format_help()
    assert "a worker must be running" in " ".join(help_text.split())


def test_wait_on_a_finished_batch_prints_its_outcome_counts(feed, feed_file):
    records = [marked_record("R-1"), marked_record("R-2")]
    batch = batch_from_records(feed, records)
    records_decide(batch, {"R-1": (Outcome.MATCHED, ""), "R-2": (Outcome.HELD, "")}, seconds=1)

    output = ingest_feed("school-census", str(feed_file(records)), "--wait")

    lines = output.splitlines()
    assert "Nothing was changed." in lines[0]
    assert lines[1] == f"Batch {batch.pk}: 100.0% (2 of 2 records), 2 records/s"
    assert lines[2] == (
        f"Batch {batch.pk} completed: 1 matched, 0 created, 0 review, 1 held, 0 rejected, "
        "0 unchanged."
    )


def test_wait_on_a_batch_whose_records_were_all_rejected_completes_at_once(feed, feed_file):
    path = feed_file([valid_record("R-1", gender="Q"), valid_record("R-2", gender="Q")])

    output = ingest_feed("school-census", str(path), "--wait")

    assert output.splitlines()[-1].endswith(
        "completed: 0 matched, 0 created, 0 review, 0 held, 2 rejected, 0 unchanged."
    )


def test_wait_on_a_paused_feed_fails_saying_who_paused_it_and_why(feed, feed_file):
    feed_pause(feed=feed, by=operator_create(), reason="Duplicates reported by schools")

    with pytest.raises(CommandError) as failed:
        ingest_feed("school-census", str(feed_file([marked_record("R-1")])), "--wait")

    message = str(failed.value)
    assert "The feed school-census is paused" in message
    assert "(Duplicates reported by schools)" in message
    assert "stopped at 0 of 1 records" in message
    assert Batch.objects.get().status == Batch.Status.QUEUED


class FakeWorker:
    """A sleep that decides the next record of the batch each time it is called, and a clock that
    moves on by each sleep's interval."""

    def __init__(self, batch: Batch, decisions: list[tuple[str, str]], idle_sleeps: int = 0):
        self.batch, self.decisions, self.idle_sleeps = batch, list(decisions), idle_sleeps
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        if self.idle_sleeps:
            self.idle_sleeps -= 1
        elif self.decisions:
            record_id, outcome = self.decisions.pop(0)
            records_decide(self.batch, {record_id: (outcome, "")}, seconds=0.5)

    def clock(self) -> float:
        return self.now


def wait_for(batch: Batch, worker: FakeWorker, *, stall_seconds: float = 60.0):
    progress, stalls = [], []
    result = batch_wait(
        batch_id=batch.pk,
        interval=2.0,
        progress_report=lambda seen: progress.append(seen.processed_records),
        stall_report=stalls.append,
        stall_seconds=stall_seconds,
        sleep=worker.sleep,
        clock=worker.clock,
    )
    return result, progress, stalls


def test_waiting_reports_each_step_of_progress_until_the_batch_completes(feed):
    batch = batch_from_records(feed, [marked_record(f"R-{n}") for n in range(1, 4)])
    worker = FakeWorker(
        batch, [("R-1", Outcome.CREATED), ("R-2", Outcome.MATCHED), ("R-3", Outcome.HELD)]
    )

    result, progress, stalls = wait_for(batch, worker)

    assert progress == [0, 1, 2]
    assert stalls == []
    assert (result.batch.status, result.feed_paused, result.rejected) == ("completed", False, False)
    assert result.batch.outcome_counts == {
        **dict.fromkeys(Outcome.values, 0),
        "created": 1,
        "matched": 1,
        "held": 1,
    }


def test_waiting_without_progress_asks_once_whether_a_worker_is_running(feed):
    batch = batch_from_records(feed, [marked_record("R-1")])
    worker = FakeWorker(batch, [("R-1", Outcome.CREATED)], idle_sleeps=10)

    result, progress, stalls = wait_for(batch, worker, stall_seconds=5.0)

    assert stalls == [6.0]
    assert progress == [0]
    assert result.batch.status == Batch.Status.COMPLETED


def test_waiting_stops_when_the_feed_is_paused(feed):
    batch = batch_from_records(feed, [marked_record("R-1"), marked_record("R-2")])
    worker = FakeWorker(batch, [("R-1", Outcome.CREATED)])
    original_sleep = worker.sleep

    def sleep_then_pause(seconds: float) -> None:
        original_sleep(seconds)
        feed_pause(feed=feed, by=operator_create(), reason="Stop")

    worker.sleep = sleep_then_pause
    result, progress, _stalls = wait_for(batch, worker)

    assert result.feed_paused
    assert result.batch.processed_records == 1
    assert progress == [0]
