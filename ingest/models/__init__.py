"""Ingest models: feeds, their batches and staged records, review decisions, and name frequencies."""

from ingest.models.batches import Batch, Outcome, StagedRecord, StagedRecordContent
from ingest.models.feeds import Feed, FeedStateChange, TrustedField
from ingest.models.name_frequency import NameFrequency
from ingest.models.review import PairJudgement, RecordResolution

__all__ = [
    "Batch",
    "Feed",
    "FeedStateChange",
    "NameFrequency",
    "Outcome",
    "PairJudgement",
    "RecordResolution",
    "StagedRecord",
    "StagedRecordContent",
    "TrustedField",
]
