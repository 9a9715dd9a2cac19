"""Reading a feed file: the format chosen by its name, then each record read and validated.

Records stream: memory does not grow with the file, except for the set of record_ids already
seen (each must be unique within the file).
"""

from collections.abc import Iterator
from datetime import date
from pathlib import PurePath
from typing import BinaryIO

from django.utils import timezone

from ingest.feed_format.csv_file import csv_records_read
from ingest.feed_format.decoded_lines import DecodedLines
from ingest.feed_format.errors import FeedFileRejected
from ingest.feed_format.jsonl_file import jsonl_records_read
from ingest.feed_format.read_record import ReadRecord

_READERS = {".csv": csv_records_read, ".jsonl": jsonl_records_read}


def feed_file_read(
    stream: BinaryIO, *, file_name: str, today: date | None = None
) -> Iterator[ReadRecord]:
    """Each record of the file, in order, with its raw text and its outcome.

    Raises FeedFileRejected when the file as a whole breaks the format. The file name's suffix
    and a CSV file's header are checked by this call itself, before any record is read. Other
    file errors (a line that is not UTF-8 or not a JSON object, an unknown JSON key, broken CSV
    quoting) can only be found when the iteration reaches them, after earlier records have been
    yielded: stage the records inside one transaction and roll it back on FeedFileRejected.

    `stream` is the file's bytes (UTF-8, a BOM allowed). `today` is the day a birth date may not
    be after; it defaults to today in the project's time zone.
    """
    read_records = _READERS.get(PurePath(file_name).suffix.lower())
    if read_records is None:
        raise FeedFileRejected(
            "The file's name must end in .csv or .jsonl, the two formats a feed file can take."
        )
    return read_records(lines=DecodedLines(stream), today=today or timezone.localdate())
