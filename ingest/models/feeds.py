"""Feeds: the national and local sources that send batches, and who paused or resumed them."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q


class TrustedField(models.TextChoices):
    """The parts of a child's record a feed may change on a match (source precedence)."""

    IDENTITY = "identity", "Names, gender and date of birth"
    ADDRESS = "address", "Address"
    CARERS = "carers", "Parents and carers"
    SCHOOL = "school", "Educational setting"
    GP = "gp", "GP practice"
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"


class Feed(models.Model):
    """One source of batches, e.g. the NHS registrations feed, with its matching thresholds.

    Thresholds are match weights (the log2 odds that the record is the candidate, prior included,
    as Splink reports them): at or above `auto_match_threshold` a record updates the child; from
    `review_threshold` a person decides; from the lower `shield_guard_threshold` a shielded or
    sealed candidate holds it.
    """

    class Scope(models.TextChoices):
        NATIONAL = "national", "National"
        LOCAL = "local", "Local"

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=120)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feeds",
        help_text="A local feed's authority; also the responsible authority of children it "
        "creates without an address.",
    )
    trusted_fields = ArrayField(
        models.CharField(max_length=16, choices=TrustedField.choices),
        default=list,
        blank=True,
        help_text="What a match may update. A new child gets everything the record holds.",
    )
    # Defaults as calibrated by bench/match_quality.py (ingest.matching.decision).
    auto_match_threshold = models.FloatField(default=9.0)
    review_threshold = models.FloatField(default=-4.0)
    shield_guard_threshold = models.FloatField(default=-10.0)
    state = models.CharField(max_length=8, choices=State.choices, default=State.RUNNING)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    state_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="feed_thresholds_in_order",
                condition=Q(shield_guard_threshold__lt=F("review_threshold"))
                & Q(review_threshold__lt=F("auto_match_threshold")),
            ),
            models.CheckConstraint(
                name="feed_local_has_authority",
                condition=Q(scope="national") | Q(local_authority__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.state == self.State.RUNNING


class FeedStateChange(models.Model):
    """A pause or a resume: who, when and why, and how many held records a resume went past."""

    class Action(models.TextChoices):
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"

    feed = models.ForeignKey(Feed, on_delete=models.PROTECT, related_name="state_changes")
    action = models.CharField(max_length=8, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    unresolved_held_records = models.PositiveIntegerField(
        default=0, help_text="Held records still open when the feed was resumed."
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.feed} {self.action}"
