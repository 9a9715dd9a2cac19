"""What happens to a child's record over time: merges of duplicates, and consent to keep a record
past 18. (Archive and purge dates live on the child; a new identity's link to its sealed record
lives in shielding, where only the management path and the matcher may read it.)"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChildMerge(models.Model):
    """Two records found to be one child: `merged` folds into `survivor`, whose ID it then
    redirects to. The rows moved are listed, so the merge can be undone within the window."""

    survivor = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, related_name="merges_survived"
    )
    merged = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, related_name="merges_absorbed"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    # {"registry.address": [ids], ...}: the contact-data rows moved from `merged` to `survivor`.
    moved_rows = models.JSONField(default=dict, blank=True)
    # Rows of `merged` that were open where `survivor` had an open row of the same kind (an
    # address, a setting, a GP practice): closed as they moved, and opened again by an unmerge.
    closed_rows = models.JSONField(default=dict, blank=True)
    # The merged record's status before the merge (active or deceased), which an unmerge restores.
    merged_status = models.CharField(max_length=16, default="active")
    # The survivor was given a shield because only the merged record had one.
    shield_carried = models.BooleanField(default=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("merged")), name="child_merge_two_records"
            ),
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at__isnull=True),
                name="child_merge_merged_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Merge of child {self.merged_id} into {self.survivor_id}"

    @property
    def undo_deadline(self) -> datetime:
        """Until when the merge can be undone (settings.REGISTRY_UNMERGE_DAYS after it was made)."""
        return self.made_at + timedelta(days=settings.REGISTRY_UNMERGE_DAYS)

    @property
    def is_undoable(self) -> bool:
        return self.undone_at is None and timezone.now() <= self.undo_deadline


class RetentionExtension(models.Model):
    """Recorded consent to keep a young person's record past 18, until their 25th birthday."""

    class Reason(models.TextChoices):
        CARE_LEAVER = "care_leaver", "Care leaver"
        LEARNING_DIFFICULTY = "learning_difficulty", "Young person with learning difficulties"

    child = models.ForeignKey(
        "registry.Child", on_delete=models.CASCADE, related_name="retention_extensions"
    )
    reason = models.CharField(max_length=32, choices=Reason.choices)
    keep_until = models.DateField(help_text="The young person's 25th birthday at the latest.")
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-consent_recorded_at"]

    def __str__(self) -> str:
        return f"Retention of child {self.child_id} until {self.keep_until:%Y-%m-%d}"
