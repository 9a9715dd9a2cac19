"""Access events: who looked at which children, for what purpose, and what they were shown.

Rows are append-only: the app role may INSERT and SELECT, never UPDATE or DELETE, and a trigger
refuses an UPDATE or DELETE from any role (audit/migrations/0003_append_only.py), so nobody can
hide or rewrite a read.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class AccessEvent(models.Model):
    """One read of children's data: a search, or a record opened."""

    class Kind(models.TextChoices):
        SEARCH = "search", "Search"
        RECORD_VIEW = "record_view", "Record viewed"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    purpose = models.CharField(max_length=32)
    criteria = models.JSONField(default=dict, blank=True, help_text="What the user asked for.")
    child_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(
        max_length=64, blank=True, help_text="The request's ID, as in the X-Request-ID header."
    )

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="access_event_user_time"),
            models.Index(fields=["kind", "occurred_at"], name="access_event_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.user_id} at {self.occurred_at:%Y-%m-%d %H:%M}"
