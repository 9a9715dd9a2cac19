"""Alerts about unusual use, and suspensions at the hard limit (audit.anomalies).

They name a user, a rule and counts, never a child: the people who review them learn that
somebody read too much, and look at the trail itself for what.
"""

from django.conf import settings
from django.db import models


class AnomalyRule(models.TextChoices):
    """The rules that judge each search and record view as its event is written."""

    VOLUME = "volume", "Unusual volume of searches and records"
    DISTINCT_CHILDREN = "distinct_children", "Many different children"
    OUT_OF_HOURS = "out_of_hours", "Use outside working hours"
    OUT_OF_AREA = "out_of_area", "Searches far outside the user's own area"


class Alert(models.Model):
    """One rule tripped by one user in one window (an hour, or a day). A window raises one alert
    however many reads follow, and the user's management team or an auditor acknowledges it and
    records what they found."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        REVIEWED = "reviewed", "Reviewed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="anomaly_alerts"
    )
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user's own authority, whose management team reviews the alert; empty for "
        "a national partner's user, whom auditors review.",
    )
    rule = models.CharField(max_length=32, choices=AnomalyRule.choices)
    window_start = models.DateTimeField(help_text="The start of the hour or day counted.")
    count = models.PositiveIntegerField(help_text="What the rule had counted when it tripped.")
    threshold = models.PositiveIntegerField()
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rule", "window_start"], name="alert_once_per_user_rule_window"
            )
        ]
        indexes = [
            models.Index(fields=["local_authority", "status"], name="alert_authority_status"),
            models.Index(fields=["status", "raised_at"], name="alert_status_raised"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: user {self.user_id} at {self.raised_at:%Y-%m-%d %H:%M}"


class Suspension(models.Model):
    """A user stopped at the hard limit: while it is in force they can use no page and no API
    call. Their management team or an auditor reviews it and reinstates them or upholds it."""

    class Status(models.TextChoices):
        SUSPENDED = "suspended", "Suspended, awaiting review"
        UPHELD = "upheld", "Upheld"
        REINSTATED = "reinstated", "Reinstated"

    # The statuses that keep the user out.
    IN_FORCE = (Status.SUSPENDED, Status.UPHELD)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suspensions"
    )
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user's own authority, whose management team reviews the suspension.",
    )
    rule = models.CharField(max_length=32, choices=AnomalyRule.choices)
    window_start = models.DateTimeField(help_text="The start of the day counted.")
    count = models.PositiveIntegerField(help_text="What the rule had counted at the limit.")
    limit = models.PositiveIntegerField()
    suspended_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUSPENDED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-suspended_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["suspended", "upheld"]),
                name="suspension_one_in_force_per_user",
            )
        ]
        indexes = [
            models.Index(fields=["local_authority", "status"], name="suspension_authority_status"),
        ]

    def __str__(self) -> str:
        return f"Suspension of user {self.user_id} at {self.suspended_at:%Y-%m-%d %H:%M}"

    @property
    def in_force(self) -> bool:
        return self.status in self.IN_FORCE
