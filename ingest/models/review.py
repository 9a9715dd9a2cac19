"""People's decisions on possible matches: sticky pair judgements, and each record's resolution."""

from django.conf import settings
from django.db import models


class PairJudgement(models.Model):
    """A person's judgement that a source record is, or is not, a child. Sticky: a pair judged
    different is never auto-matched again."""

    class Verdict(models.TextChoices):
        SAME = "same", "Same child"
        DIFFERENT = "different", "Different child"

    feed = models.ForeignKey("ingest.Feed", on_delete=models.PROTECT, related_name="+")
    record_id = models.CharField(max_length=64)
    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=9, choices=Verdict.choices)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    judged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "record_id", "child"], name="pair_judged_once")
        ]

    def __str__(self) -> str:
        return f"Judgement {self.pk}"


class RecordResolution(models.Model):
    """How a person settled a record in review or held: one resolution per record."""

    class Decision(models.TextChoices):
        SAME_CHILD = "same_child", "Same child"
        CREATED = "created", "New child created"

    staged_record = models.OneToOneField(
        "ingest.StagedRecord", on_delete=models.CASCADE, related_name="resolution"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices)
    child = models.ForeignKey(
        "registry.Child", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Resolution of {self.staged_record_id}"
