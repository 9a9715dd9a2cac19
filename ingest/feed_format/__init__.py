"""The feed file format (spec: feed-format.md): reading a source's file and validating its records.

Sources build their exports to a fixed format, so this package accepts exactly that format and
rejects what breaks it: a whole file when its encoding, header or structure is wrong
(FeedFileRejected), otherwise one record at a time with a reason naming the column and the rule
(RecordRejection). It knows nothing of the database; the ingest pipeline stores what it yields.
"""

from ingest.feed_format.errors import FeedFileRejected, RecordRejection
from ingest.feed_format.read_record import ReadRecord
from ingest.feed_format.reader import feed_file_read
from ingest.feed_format.record_rules import (
    CARER_RELATIONSHIPS,
    GENDERS,
    REQUIRED_COLUMNS,
    record_validate,
    text_cleaned,
)

__all__ = [
    "CARER_RELATIONSHIPS",
    "GENDERS",
    "REQUIRED_COLUMNS",
    "FeedFileRejected",
    "ReadRecord",
    "RecordRejection",
    "feed_file_read",
    "record_validate",
    "text_cleaned",
]
