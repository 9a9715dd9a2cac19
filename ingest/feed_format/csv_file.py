"""CSV feed files: RFC 4180 quoting, one header row naming the columns in any order.

The header is read and checked before the first record, so a caller can reject the whole file
before it writes anything. A row with more or fewer values than the header has columns is a
record error (`field_count`), not a file error: the csv module keeps record boundaries, so the
other records are still sound. Broken quoting is a file error, because after it the record
boundaries can no longer be trusted.
"""

import csv
from collections.abc import Iterator
from datetime import date

from ingest.feed_format.decoded_lines import DecodedLines
from ingest.feed_format.errors import FeedFileRejected, RecordRejection, column_name_shown
from ingest.feed_format.read_record import ReadRecord, record_read
from ingest.feed_format.record_rules import REQUIRED_COLUMNS
from ingest.records import FEED_COLUMNS

_ROW_COLUMN = "(row)"


def csv_records_read(*, lines: DecodedLines, today: date) -> Iterator[ReadRecord]:
    """Check the header now; return an iterator of the records after it."""
    rows = _rows(lines=lines)
    header_row = next(rows, None)
    if header_row is None:
        raise FeedFileRejected(
            "The file is empty: a CSV feed file starts with a header row naming its columns."
        )
    header_names, _header_text = header_row
    header = csv_header_checked(header_names)
    return _records(rows=rows, header=header, today=today)


def csv_header_checked(names: list[str]) -> tuple[str, ...]:
    """The header's column names (trimmed), or FeedFileRejected naming what is wrong with them."""
    header = tuple(name.strip() for name in names)
    known = set(FEED_COLUMNS)
    if not known.intersection(header):
        raise FeedFileRejected(
            "The first line is not a header row: it names none of the feed format's columns. "
            f"Start the file with a header row naming its columns, e.g. {','.join(FEED_COLUMNS[:4])}."
        )
    unknown = [name for name in header if name not in known]
    if unknown:
        raise FeedFileRejected(
            "The header row has columns that are not in the feed format: "
            f"{', '.join(column_name_shown(name) for name in unknown)}. Remove or rename them; "
            f"the format's columns are {', '.join(FEED_COLUMNS)}."
        )
    repeated = sorted({name for name in header if header.count(name) > 1}, key=header.index)
    if repeated:
        raise FeedFileRejected(
            "The header row names these columns more than once: "
            f"{', '.join(column_name_shown(name) for name in repeated)}."
        )
    missing = [name for name in FEED_COLUMNS if name in REQUIRED_COLUMNS and name not in header]
    if missing:
        raise FeedFileRejected(
            "The header row lacks these required columns: "
            f"{', '.join(column_name_shown(name) for name in missing)}."
        )
    return header


def _records(
    *, rows: Iterator[tuple[list[str], str]], header: tuple[str, ...], today: date
) -> Iterator[ReadRecord]:
    seen_record_ids: set[str] = set()
    for row_number, (row, raw) in enumerate(rows, start=1):
        if len(row) == len(header):
            yield record_read(
                row_number=row_number,
                raw=raw,
                fields=dict(zip(header, row, strict=True)),
                today=today,
                seen_record_ids=seen_record_ids,
            )
        else:
            wrong_count = RecordRejection(
                column=_ROW_COLUMN,
                rule="field_count",
                message=(
                    f"Has {len(row)} values but the header row has {len(header)} columns: check "
                    "for a missing or extra comma, or a value holding a comma that is not in "
                    "double quotes."
                ),
            )
            yield ReadRecord(row_number=row_number, raw=raw, outcome=wrong_count)


def _rows(*, lines: DecodedLines) -> Iterator[tuple[list[str], str]]:
    """Each non-blank CSV record as (values, its original text)."""
    reader = csv.reader(lines, strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FeedFileRejected(_quoting_message(error, line_number=lines.line_number)) from None
        raw = lines.take_consumed()
        if raw.strip():
            yield row, raw


def _quoting_message(error: csv.Error, *, line_number: int) -> str:
    if str(error).startswith("field larger than field limit"):
        return (
            f"Line {line_number} has a value longer than {csv.field_size_limit()} characters: "
            "check for a double quote that opens a value and is never closed."
        )
    return (
        f"Line {line_number} breaks the CSV quoting rules (RFC 4180): a value in double quotes "
        "must end with a double quote followed by a comma or the end of the line, and a double "
        "quote inside such a value must be written twice."
    )
