"""Shielding orders: a local authority hides a child's contact data from everyone not cleared."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ShieldingOrder(models.Model):
    """One order to shield one child. Ended orders are kept: together they are the child's history."""

    class Reason(models.TextChoices):
        WITNESS_PROTECTION = "witness_protection", "Witness protection"
        FLEEING_ABUSE = "fleeing_abuse", "Fleeing abuse"
        ADOPTION_PLACEMENT = "adoption_placement", "Adoption placement"
        OTHER_RISK = "other_risk", "Other risk"

    child = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, related_name="shielding_orders"
    )
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="shielding_orders",
        help_text="The authority whose management team made the order.",
    )
    reason = models.CharField(max_length=32, choices=Reason.choices)
    justification = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    review_due_on = models.DateField()
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_review_notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(active=True),
                name="shielding_one_active_order_per_child",
            ),
            models.CheckConstraint(
                name="shielding_ended_order_says_who_and_why",
                condition=Q(active=True)
                | (Q(ended_by__isnull=False) & Q(ended_at__isnull=False) & ~Q(end_reason="")),
            ),
        ]
        indexes = [
            models.Index(fields=["child"], condition=Q(active=True), name="shielding_active_child"),
            models.Index(
                fields=["review_due_on"], condition=Q(active=True), name="shielding_review_due"
            ),
        ]

    def __str__(self) -> str:
        return f"Shielding order {self.pk} ({'active' if self.active else 'ended'})"


class EmergencyOverride(models.Model):
    """A child-protection practitioner's "break glass": one view of a shielded child's hidden data.

    Each override is used for the one page it was made for, and is reviewed by the management
    team of the child's responsible authority.
    """

    child = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_overrides"
    )
    purpose = models.CharField(max_length=32)
    reason = models.TextField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"Emergency override {self.pk}"


class OverrideReview(models.Model):
    """The management team's review of one emergency override, and its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        JUSTIFIED = "justified", "Justified"
        NOT_JUSTIFIED = "not_justified", "Not justified: referred for action"

    override = models.OneToOneField(
        EmergencyOverride, on_delete=models.PROTECT, related_name="review"
    )
    local_authority = models.ForeignKey(
        "registry.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "outcome"], name="override_review_queue")
        ]

    def __str__(self) -> str:
        return f"Review of override {self.override_id}"


class ContactRequest(models.Model):
    """A practitioner's request that a management team brokers contact about a shielded child."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACTED = "acted", "Acted on"

    child = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The team whose queue the request lands in.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_requests"
    )
    purpose = models.CharField(max_length=32)
    message = models.TextField()
    requester_phone = models.CharField(max_length=20, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    action_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["local_authority", "status"], name="contact_request_queue")]

    def __str__(self) -> str:
        return f"Contact request {self.pk}"


class IdentityLink(models.Model):
    """That a sealed record and a new identity (after adoption or witness protection) are one child.

    The only place the two are joined. The table is under FORCE ROW LEVEL SECURITY
    (shielding/migrations/0005_identity_link.py): its rows are read only in the feed matcher's
    scope or on the management path, written and removed only on the management path, and never
    changed. No page, API, admin view, report or change-history entry shows them.
    """

    sealed_child = models.OneToOneField(
        "registry.Child", on_delete=models.DO_NOTHING, related_name="+"
    )
    new_child = models.OneToOneField(
        "registry.Child", on_delete=models.DO_NOTHING, related_name="+"
    )
    reason = models.CharField(max_length=32, choices=ShieldingOrder.Reason.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(sealed_child=models.F("new_child")),
                name="identity_link_two_records",
            )
        ]

    def __str__(self) -> str:
        return f"Identity link {self.pk}"
