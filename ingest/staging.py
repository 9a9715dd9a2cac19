"""Receiving a file: one batch, every record staged with its raw text, rejections named at once.

The file is read twice: once for its SHA-256 (the same feed and hash is the same batch, and
changes nothing), and once to stage. Staging is one transaction: a file-level error rolls every
staged record back and leaves only the batch, marked rejected with its message. Valid records wait
for the matcher; each invalid one is rejected here with the column and rule it broke, and the
rest go on. Processing starts once the staging has committed.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import AccessEvent
from audit.services import access_event_record
from ingest.bulk_load import rows_insert
from ingest.feed_format import FeedFileRejected, ReadRecord, RecordRejection, feed_file_read
from ingest.models import Batch, Feed, Outcome, StagedRecord, StagedRecordContent
from ingest.tasks import batch_dispatch
from shielding.database_scope import matching_scope

_HASH_BLOCK = 1 << 20
_STAGING_SLICE = 5000
_LEDGER_FIELDS = (
    "batch",
    "row_number",
    "chunk_number",
    "record_id",
    "outcome",
    "reason",
    "processed_at",
)


@dataclass(frozen=True)
class BatchReceipt:
    """The batch a file became, and whether this call made it (False: the file came before)."""

    batch: Batch
    is_new: bool

    @property
    def message(self) -> str:
        batch = self.batch
        if not self.is_new:
            return (
                f"This file was received before, as batch {batch.pk} on "
                f"{batch.received_at:%d %B %Y %H:%M} UTC ({batch.get_status_display().lower()}). "
                "Nothing was changed."
            )
        if batch.status == Batch.Status.REJECTED:
            return f"Batch {batch.pk} was rejected: {batch.rejection_message}"
        return (
            f"Batch {batch.pk} received: {batch.total_records} records, "
            f"{batch.rejected} rejected at once."
        )


def file_sha256(stream: BinaryIO) -> str:
    """The hex SHA-256 of a seekable stream, which is left at its start."""
    stream.seek(0)
    digest = hashlib.sha256()
    while block := stream.read(_HASH_BLOCK):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def batch_receive(
    *, feed: Feed, stream: BinaryIO, file_name: str, uploaded_by=None
) -> BatchReceipt:
    """Receive one file for `feed`: stage it, or say that it came before. Dispatches processing."""
    sha256 = file_sha256(stream)
    with transaction.atomic():
        batch, is_new = Batch.objects.get_or_create(
            feed=feed,
            sha256=sha256,
            defaults={
                "file_name": file_name[:255],
                "uploaded_by": uploaded_by,
                "chunk_size": settings.INGEST_CHUNK_SIZE,
            },
        )
        if not is_new:
            return BatchReceipt(batch=batch, is_new=False)
        access_event_record(
            kind=AccessEvent.Kind.BATCH_RECEIVED,
            user=uploaded_by,
            details={"feed": feed.code, "batch": batch.pk, "file_name": batch.file_name},
        )
        try:
            with transaction.atomic(), matching_scope():
                _stage(batch=batch, read_records=feed_file_read(stream, file_name=file_name))
        except FeedFileRejected as rejection:
            batch.status = Batch.Status.REJECTED
            batch.rejection_message = rejection.message
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "rejection_message", "finished_at"])
            return BatchReceipt(batch=batch, is_new=True)
        if batch.status != Batch.Status.COMPLETED:
            transaction.on_commit(lambda: batch_dispatch(batch_id=batch.pk))
    return BatchReceipt(batch=batch, is_new=True)


def _stage(*, batch: Batch, read_records: Iterable[ReadRecord]) -> None:
    """Write the records in slices: ledger rows first, then their content, keyed by row number."""
    total = rejected = 0
    now = timezone.now()
    for records in _slices(read_records, _STAGING_SLICE):
        ids_by_row = dict(
            (row_number, staged_id)
            for staged_id, row_number in rows_insert(
                model=StagedRecord,
                fields=_LEDGER_FIELDS,
                rows=(_ledger_row(batch=batch, record=record, now=now) for record in records),
                returning=["id", "row_number"],
            )
        )
        rows_insert(
            model=StagedRecordContent,
            fields=("staged_record", "raw", "normalised", "field_levels", "candidates"),
            rows=(
                (ids_by_row[record.row_number], record.raw, _normalised_json(record), "{}", "[]")
                for record in records
            ),
        )
        total += len(records)
        rejected += sum(isinstance(record.outcome, RecordRejection) for record in records)
    batch.total_records = total
    batch.rejected = batch.processed_records = rejected
    update_fields = ["total_records", "rejected", "processed_records"]
    if rejected == total:
        batch.status, batch.finished_at = Batch.Status.COMPLETED, now
        update_fields += ["status", "finished_at"]
    batch.save(update_fields=update_fields)


def _ledger_row(*, batch: Batch, record: ReadRecord, now) -> tuple:
    chunk_number = (record.row_number - 1) // batch.chunk_size
    outcome = record.outcome
    if isinstance(outcome, RecordRejection):
        # The record_id as given when that column was itself valid, for the reconciliation report.
        record_id = (record.record_id or "")[:64]
        return (
            batch.pk,
            record.row_number,
            chunk_number,
            record_id,
            Outcome.REJECTED,
            outcome.reason[:300],
            now,
        )
    return (batch.pk, record.row_number, chunk_number, outcome.record_id, None, "", None)


def _normalised_json(record: ReadRecord) -> str | None:
    if isinstance(record.outcome, RecordRejection):
        return None
    return json.dumps(record.outcome.as_json())


def _slices(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
