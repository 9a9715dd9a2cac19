"""Feed files built in memory for the format's tests: a valid record, and the bytes of a file."""

import csv
import io
import json
from datetime import date

from ingest.feed_format import ReadRecord, feed_file_read
from ingest.records import FEED_COLUMNS

# Fixed, so that "not in the future" does not depend on the day the tests run.
TODAY = date(2025, 6, 1)

VALID_RECORD = {
    "record_id": "CB-000123-1",
    "given_names": "Amelia Rose",
    "family_name": "O'Neill",
    "date_of_birth": "2016-03-09",
    "gender": "F",
    "address_line_1": "12 Acacia Avenue",
    "address_line_2": "Headingley",
    "town": "Leeds",
    "postcode": "LS6 2AB",
    "nhs_number": "943 476 5919",
    "upn": "B801200005001",
    "carer_given_names": "Siobhan",
    "carer_family_name": "O'Neill",
    "carer_relationship": "mother",
    "carer_phone": "01632 960001",
    "school_urn": "100000",
    "school_start_date": "2020-09-01",
    "gp_ods_code": "A81001",
}


def valid_record(record_id: str, /, **changes: object) -> dict[str, object]:
    return {**VALID_RECORD, "record_id": record_id, **changes}


def csv_bytes(records: list[dict], *, columns: tuple[str, ...] = FEED_COLUMNS) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return text.getvalue().encode("utf-8")


def jsonl_bytes(records: list[dict]) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")


def feed_bytes(file_format: str, records: list[dict]) -> bytes:
    return csv_bytes(records) if file_format == "csv" else jsonl_bytes(records)


def read(data: bytes, *, file_name: str = "feed.csv") -> list[ReadRecord]:
    return list(feed_file_read(io.BytesIO(data), file_name=file_name, today=TODAY))


def read_records(file_format: str, records: list[dict]) -> list[ReadRecord]:
    return read(feed_bytes(file_format, records), file_name=f"feed.{file_format}")
