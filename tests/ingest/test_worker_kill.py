"""The fault test: a real worker is killed with SIGKILL in the middle of a batch, another is
started, and every record still ends with exactly one outcome and no child is duplicated."""

import os
import signal
import time

import pytest
from django.db.models import Count

from contactpoint.celery import app
from ingest.models import Batch, Outcome, StagedRecord
from registry.models import Child, ExternalIdentifier
from tests.ingest.pipeline_world import feed_create, file_receive, pipeline_world_build
from tests.worker_processes import database_name_in_use, worker_environment, worker_start

pytestmark = pytest.mark.django_db(transaction=True)

RECORDS = 3000
CHUNK_SIZE = 50
GIVEN_NAMES = ["Ada", "Bea", "Cleo", "Dora", "Edie", "Faye", "Gina", "Hana", "Iris", "Jade"]


def _records() -> list[dict]:
    """New children: most end `created`; alike ones may go to review. None may end twice."""
    return [
        {
            "record_id": f"CB-{number:05d}",
            "given_names": GIVEN_NAMES[number % 10],
            "family_name": f"Killtest{number // 10:04d}",
            "date_of_birth": f"20{10 + number % 8:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "postcode": "LS6 2AB",
            "address_line_1": f"{number} Acacia Avenue",
        }
        for number in range(RECORDS)
    ]


def _wait_for(condition, *, within: float, what: str):
    deadline = time.monotonic() + within
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return value


def _processed(batch_id: int) -> int:
    return Batch.objects.values_list("processed_records", flat=True).get(pk=batch_id)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(settings):
    settings.INGEST_CHUNK_SIZE = CHUNK_SIZE
    app.control.purge()
    pipeline_world_build()
    feed = feed_create()
    env = worker_environment(database_name=database_name_in_use())
    batch = file_receive(feed=feed, records=_records()).batch  # dispatched on commit

    first = worker_start(hostname=f"kill-test-first-{os.getpid()}", env=env)
    try:
        _wait_for(lambda: _processed(batch.pk) >= 5 * CHUNK_SIZE, within=120, what="progress")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    killed_at = _processed(batch.pk)
    assert killed_at < RECORDS, "the batch finished before the worker was killed"

    second = worker_start(hostname=f"kill-test-second-{os.getpid()}", env=env)
    try:
        _wait_for(
            lambda: Batch.objects.get(pk=batch.pk).status == Batch.Status.COMPLETED,
            within=300,
            what="the batch to complete",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)

    batch.refresh_from_db()
    records = StagedRecord.objects.filter(batch=batch)
    assert records.count() == RECORDS
    assert not records.filter(outcome__isnull=True).exists()
    ledger = dict(records.values_list("outcome").annotate(count=Count("pk")))
    assert ledger == {outcome: count for outcome, count in batch.outcome_counts.items() if count}
    assert batch.processed_records == RECORDS
    created = ledger.get(Outcome.CREATED, 0)
    assert created > 0
    assert Child.unscoped_objects.filter(family_name__startswith="Killtest").count() == created
    duplicated = (
        Child.unscoped_objects.values("given_names", "family_name", "date_of_birth")
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
    )
    assert not duplicated.exists()
    assert ExternalIdentifier.unscoped_objects.filter(
        scheme="source_record", issuer=feed.code
    ).count() == created + ledger.get(Outcome.MATCHED, 0)
