"""Access events: who looked at which children, for what purpose, and what they were shown.

Rows are append-only: the app role may INSERT and SELECT, and UPDATE only the chain columns; a
trigger refuses a DELETE, and any UPDATE but the one that seals an event into the hash chain,
from any role (audit/migrations/0005_hash_chain.py), so nobody can hide or rewrite a read, and
audit_verify finds any edit made behind the trigger's back.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class AccessEvent(models.Model):
    """One event of the trail: a read of children's data (a search, a record opened), a sign-in
    step, a change to shielding, or an operation on a feed."""

    class Kind(models.TextChoices):
        SEARCH = "search", "Search"
        RECORD_VIEW = "record_view", "Record viewed"
        SIGN_IN = "sign_in", "Signed in with a password"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SECOND_FACTOR_VERIFIED = "second_factor_verified", "Second factor verified"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor failed"
        SIGN_OUT = "sign_out", "Signed out"
        SHIELD_CREATED = "shield_created", "Child shielded"
        SHIELD_ENDED = "shield_ended", "Shield ended"
        OVERRIDE = "override", "Emergency override"
        FEED_PAUSED = "feed_paused", "Feed paused"
        FEED_RESUMED = "feed_resumed", "Feed resumed"
        BATCH_RECEIVED = "batch_received", "Batch received"
        THROTTLED = "throttled", "Refused by a throttle"
        API_TOKEN_ISSUED = "api_token_issued", "API token issued"
        ADMIN_ACTION = "admin_action", "Admin action on child data"
        OVERRIDE_REVIEWED = "override_reviewed", "Override reviewed"
        REPORT_VIEWED = "report_viewed", "Audit report viewed"
        AUDIT_EXPORTED = "audit_exported", "Audit events exported"
        ANOMALY_FLAGGED = "anomaly_flagged", "Unusual use flagged"
        USER_SUSPENDED = "user_suspended", "User suspended"
        USER_REINSTATED = "user_reinstated", "User reinstated"
        RECORD_SEALED = "record_sealed", "Record sealed for a new identity"
        CHILD_MERGED = "child_merged", "Records merged"
        CHILD_UNMERGED = "child_unmerged", "Merge undone"
        CHILD_MOVED = "child_moved", "Responsible local authority changed"
        RECORD_ARCHIVED = "record_archived", "Record archived"
        RECORD_PURGED = "record_purged", "Record purged"
        RETENTION_EXTENDED = "retention_extended", "Consent to keep a record to 25"
        FILE_CHECKED = "file_checked", "Feed file checked (nothing loaded)"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        help_text="Empty for a failed sign-in under a username that names nobody.",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    purpose = models.CharField(max_length=32, blank=True)
    criteria = models.JSONField(default=dict, blank=True, help_text="What the user asked for.")
    child_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(
        max_length=64, blank=True, help_text="The request's ID, as in the X-Request-ID header."
    )
    # The hash chain (audit/chain.py). The database fills transaction_id at insert; the sealer
    # fills the other three once, and the trigger refuses any other change.
    transaction_id = models.BigIntegerField(null=True, editable=False)
    chain_position = models.BigIntegerField(null=True, unique=True, editable=False)
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Set when retention clears the event's personal details (audit/retention.py).
    expired_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="access_event_user_time"),
            models.Index(fields=["kind", "occurred_at"], name="access_event_kind_time"),
            # "Who has looked at this child" and the auditor's search by child.
            GinIndex(fields=["child_ids"], name="access_event_children"),
            models.Index(
                fields=["transaction_id", "id"],
                condition=models.Q(chain_position__isnull=True),
                name="access_event_unsealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.user_id} at {self.occurred_at:%Y-%m-%d %H:%M}"


class PurgedChild(models.Model):
    """When a child's record was purged. Events name children by primary key and outlive them:
    this is what retention counts the years from (audit/retention.py)."""

    child_id = models.BigIntegerField(primary_key=True)
    purged_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Child {self.child_id} purged at {self.purged_at:%Y-%m-%d}"


from audit.models_anomalies import Alert, Suspension  # noqa: E402, F401
