"""Checking a feed file: every record through the format's rules, the valid ones through the
matcher's decision, the file against itself for duplicates. Nothing is loaded: no batch, no
staged record, no child is written, and the decision's savepoints are always rolled back.

The check reads the index (in the matcher's scope, as ingest does), so it is recorded as an
access event (FILE_CHECKED) in its own transaction: the file's name, its SHA-256 and the counts,
never a record's content. A file that breaks the format as a whole is recorded too.

The file is read three times (its hash, the records, then the records that share a key with
another), a record at a time, so that memory does not hold the file: the stream must be seekable,
as an uploaded file and a file on disk are.
"""

from collections.abc import Callable
from datetime import date
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import AccessEvent
from audit.services import access_event_record
from ingest.feed_format import FeedFileRejected, RecordRejection, feed_file_read
from ingest.matching.decision import MatchThresholds
from ingest.models import Feed
from ingest.quality_check.duplicates import DuplicateBlocks, duplicate_pairs_score
from ingest.quality_check.outcomes import OutcomeTally
from ingest.quality_check.report import QualityReport, RecordError
from ingest.staging import file_sha256

ErrorReport = Callable[[RecordError], None]


@transaction.atomic
def feed_file_check(
    *,
    feed: Feed,
    stream: BinaryIO,
    file_name: str,
    user,
    on_error: ErrorReport | None = None,
    today: date | None = None,
) -> QualityReport:
    """Check one file as a batch of `feed` would be received and decided, and record the check.

    `user` is who checked it (None for the command run without --by). `on_error` is told of each
    rejected record as it is found. `today` is the day a birth date may not be after.
    """
    report = QualityReport(
        feed_code=feed.code, file_name=file_name[:255], sha256=file_sha256(stream)
    )
    today = today or timezone.localdate()
    try:
        _file_check(
            feed=feed,
            stream=stream,
            file_name=file_name,
            today=today,
            report=report,
            on_error=on_error,
        )
    except FeedFileRejected as rejection:
        report.file_rejected(rejection.message)
    access_event_record(
        kind=AccessEvent.Kind.FILE_CHECKED, user=user, details=report.audit_details()
    )
    return report


def _file_check(
    *,
    feed: Feed,
    stream: BinaryIO,
    file_name: str,
    today: date,
    report: QualityReport,
    on_error: ErrorReport | None,
) -> None:
    blocks = DuplicateBlocks()
    tally = OutcomeTally(feed=feed, chunk_size=settings.INGEST_CHUNK_SIZE)
    for read_record in feed_file_read(stream, file_name=file_name, today=today):
        report.records += 1
        if isinstance(read_record.outcome, RecordRejection):
            error = RecordError.of(read_record)
            report.error_add(error)
            if on_error is not None:
                on_error(error)
            continue
        blocks.add(row_number=read_record.row_number, record=read_record.outcome)
        tally.add(read_record.outcome)
    report.outcomes = tally.finish()
    pairs, report.duplicate_search_complete = blocks.pairs()
    report.duplicate_pairs_set(
        duplicate_pairs_score(
            blocks=blocks,
            pairs=pairs,
            stream=stream,
            file_name=file_name,
            today=today,
            thresholds=MatchThresholds.of_feed(feed),
        )
    )
