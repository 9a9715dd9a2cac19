"""Batches and their staged records: each record of a file, what it became, and why.

A staged record is split in two. `StagedRecord` is the ledger operations staff read: row,
record_id, outcome and a reason that names a column and a rule, never a value. `StagedRecordContent`
holds what the source sent and what the matcher found; it is a hidden table under row-level
security (ingest/migrations), because a record may be about a shielded or sealed child.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q


class Outcome(models.TextChoices):
    """What a record can become (spec/feed-format.md)."""

    MATCHED = "matched", "Matched"
    CREATED = "created", "Created"
    REVIEW = "review", "Review"
    HELD = "held", "Held"
    REJECTED = "rejected", "Rejected"
    UNCHANGED = "unchanged", "Unchanged"


class Batch(models.Model):
    """One file from one feed. The same feed and SHA-256 is the same batch."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        REJECTED = "rejected", "Rejected"

    feed = models.ForeignKey("ingest.Feed", on_delete=models.PROTECT, related_name="batches")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    rejection_message = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_progress_at = models.DateTimeField(
        null=True, blank=True, help_text="When a chunk last committed; a stalled batch is resumed."
    )
    chunk_size = models.PositiveIntegerField(default=1000)
    total_records = models.PositiveIntegerField(default=0)
    processed_records = models.PositiveIntegerField(default=0)
    processing_seconds = models.FloatField(
        default=0.0, help_text="Time spent in chunks, so that pauses do not lower the rate."
    )
    matched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    review = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "batches"
        constraints = [
            models.UniqueConstraint(fields=["feed", "sha256"], name="batch_once_per_feed_file"),
            models.CheckConstraint(
                name="batch_processed_within_total",
                condition=Q(processed_records__lte=models.F("total_records")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feed.code} {self.file_name}"

    @property
    def outcome_counts(self) -> dict[str, int]:
        return {outcome: getattr(self, outcome) for outcome in Outcome.values}

    @property
    def percent_done(self) -> float:
        return 100.0 * self.processed_records / self.total_records if self.total_records else 100.0

    @property
    def records_per_second(self) -> float | None:
        if not self.processing_seconds:
            return None
        return self.processed_records / self.processing_seconds

    @property
    def time_remaining(self) -> timedelta | None:
        rate = self.records_per_second
        if not rate:
            return None
        return timedelta(seconds=round((self.total_records - self.processed_records) / rate))


class StagedRecord(models.Model):
    """One record of a batch and its one outcome. Once set, an outcome never changes (a trigger)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField(help_text="The record's place in the file, from 1.")
    chunk_number = models.PositiveIntegerField()
    record_id = models.CharField(max_length=64, blank=True)
    # NULL, not '', while the record waits: the pending-records index and the trigger key on it.
    outcome = models.CharField(  # noqa: DJ001
        max_length=12, choices=Outcome.choices, null=True, blank=True
    )
    reason = models.CharField(
        max_length=300, blank=True, help_text="Names a column and a rule; never a value."
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="staged_record_once"),
            models.CheckConstraint(
                name="staged_record_outcome_has_time",
                condition=Q(outcome__isnull=True, processed_at__isnull=True)
                | Q(outcome__isnull=False, processed_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["batch", "chunk_number"],
                condition=Q(outcome__isnull=True),
                name="staged_record_pending",
            ),
            models.Index(fields=["batch", "outcome"], name="staged_record_outcome"),
        ]

    def __str__(self) -> str:
        return f"Row {self.row_number} of batch {self.batch_id}"


class StagedRecordContent(models.Model):
    """The record as received and as matched: hidden, because it may describe a shielded child.

    Row-level security shows a row to the matcher; to anyone, once `disclosed` and while the child
    it names is not shielded; and to the management team of `held_for`, or of the child's
    responsible authority.
    """

    staged_record = models.OneToOneField(
        StagedRecord, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    raw = models.TextField(help_text="The record exactly as received.")
    normalised = models.JSONField(null=True, blank=True)
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The child matched, created, or (for a held record) guarded.",
    )
    match_weight = models.FloatField(null=True, blank=True)
    field_levels = models.JSONField(default=dict, blank=True)
    candidates = models.JSONField(
        default=list, blank=True, help_text="Scored candidates shown to reviewers."
    )
    held_for = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The authority whose management team alone may see a held record.",
    )
    disclosed = models.BooleanField(
        default=False, help_text="Set by the matcher when the record is about no hidden child."
    )

    class Meta:
        indexes = [
            models.Index(fields=["held_for"], condition=Q(held_for__isnull=False), name="held_for"),
            # Which open review records name a child, when that child is shielded.
            GinIndex(
                fields=["candidates"],
                opclasses=["jsonb_path_ops"],
                condition=~Q(candidates=[]),
                name="content_candidates",
            ),
        ]

    def __str__(self) -> str:
        return f"Content of {self.staged_record_id}"
