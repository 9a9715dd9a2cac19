"""Scenery for the ingest admin's tests: an operator, a feed, and batches received from real files.

The records' content is marked: the ledger pages and reports must never show a given name, a
family name, an address or a postcode that a file sent. Outcomes are set on the ledger directly,
as a chunk leaves them, so that a page can be looked at in any state of its batch.
"""

import io
from collections import Counter

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from ingest.models import Batch, Feed, StagedRecord, TrustedField
from ingest.staging import batch_receive
from tests.factories import UserFactory
from tests.ingest.feed_files import csv_bytes, valid_record

# Values a file sends about a child: none may appear on any admin page or in any report.
CONTENT_MARKERS = {
    "given_names": "Marigold Juniper",
    "family_name": "Quillfeather-Ashdown",
    "address_line_1": "41 Lantern Row",
    "town": "Wetherby",
    "postcode": "LS22 6RT",
    "carer_given_names": "Persephone",
}


def marked_record(record_id: str, **changes) -> dict:
    return valid_record(record_id, **CONTENT_MARKERS, **changes)


def markers_in(text: str) -> list[str]:
    return [value for value in CONTENT_MARKERS.values() if value in text]


def operator_create():
    return UserFactory(role=Role.OPERATIONS)


def feed_create() -> Feed:
    return Feed.objects.create(
        code="school-census",
        name="School census",
        scope=Feed.Scope.NATIONAL,
        trusted_fields=[TrustedField.SCHOOL],
    )


def batch_from_records(feed: Feed, records: list[dict], *, name: str = "census.csv") -> Batch:
    receipt = batch_receive(feed=feed, stream=io.BytesIO(csv_bytes(records)), file_name=name)
    return receipt.batch


def records_decide(batch: Batch, decisions: dict[str, tuple[str, str]], *, seconds: float) -> Batch:
    """Give records (by record_id) an outcome and reason, and count them on the batch as a chunk
    that took `seconds` would. The batch completes when no record waits."""
    now = timezone.now()
    for record_id, (outcome, reason) in decisions.items():
        StagedRecord.objects.filter(batch=batch, record_id=record_id, outcome__isnull=True).update(
            outcome=outcome, reason=reason, processed_at=now
        )
    counts = Counter(outcome for outcome, _reason in decisions.values())
    waiting = StagedRecord.objects.filter(batch=batch, outcome__isnull=True).exists()
    Batch.objects.filter(pk=batch.pk).update(
        **{outcome: F(outcome) + count for outcome, count in counts.items()},
        processed_records=F("processed_records") + len(decisions),
        processing_seconds=F("processing_seconds") + seconds,
        status=Batch.Status.PROCESSING if waiting else Batch.Status.COMPLETED,
        started_at=now,
        finished_at=None if waiting else now,
    )
    batch.refresh_from_db()
    return batch


def batch_url(batch: Batch, view: str = "change") -> str:
    return reverse(f"admin:ingest_batch_{view}", args=[batch.pk])


def ledger_url(batch: Batch) -> str:
    return f"{reverse('admin:ingest_stagedrecord_changelist')}?batch__id__exact={batch.pk}"
