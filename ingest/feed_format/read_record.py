"""One record of a feed file as the reader hands it on: where it was, what it was, what it became."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ingest.feed_format.errors import RecordRejection
from ingest.feed_format.record_rules import record_id_given, record_validate
from ingest.records import FeedRecord


@dataclass(frozen=True, slots=True)
class ReadRecord:
    """`row_number` counts the file's records from 1 (not its lines: a CSV header, blank lines
    and a quoted value's line breaks are not counted). `raw` is the record's text exactly as
    received, without its final line ending: the CSV record's line(s) with their quoting, or the
    JSON Lines line.

    `record_id` is the record's id (trimmed, NFC) whenever that column itself is valid, even if
    the record was rejected for another column or as a repeat, so that a report can name it;
    None when the id is missing or broken, or a CSV row's values do not line up with the header.
    """

    row_number: int
    raw: str
    outcome: FeedRecord | RecordRejection
    record_id: str | None = None


def record_read(
    *,
    row_number: int,
    raw: str,
    fields: Mapping[str, object],
    today: date,
    seen_record_ids: set[str],
) -> ReadRecord:
    """Validate one record's fields (as received) and keep them with its place and raw text."""
    outcome = record_validate(fields, today=today, seen_record_ids=seen_record_ids)
    record_id = outcome.record_id if isinstance(outcome, FeedRecord) else record_id_given(fields)
    return ReadRecord(row_number=row_number, raw=raw, outcome=outcome, record_id=record_id)
