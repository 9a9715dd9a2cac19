"""How long the audit trail keeps what it records.

Events name children by primary key, with no foreign key, so purging a child never deletes or
changes an event about it. An event's personal details (what was typed, the address, the user
agent, the details) are cleared only when it is older than AUDIT_RETENTION_YEARS and every child
it names was purged more than AUDIT_RETENTION_YEARS_AFTER_PURGE ago (6 and 6 by default). The
event itself (who, when, what kind, which children) stays, sealed in the hash chain by its stored
digest; audit_verify checks that each expiry was due.
"""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import PurgedChild

EXPIRY_BATCH_SIZE = 10_000


def event_cutoff(moment: datetime) -> datetime:
    """Events that occurred before this may expire (given their children's purge)."""
    return moment - relativedelta(years=settings.AUDIT_RETENTION_YEARS)


def purge_cutoff(moment: datetime) -> datetime:
    """Children purged before this no longer hold their events back."""
    return moment - relativedelta(years=settings.AUDIT_RETENTION_YEARS_AFTER_PURGE)


def child_purge_record(*, instance, **_kwargs) -> None:
    """Note when a child's record went (registry.Child post_delete): the years count from here."""
    PurgedChild.objects.get_or_create(child_id=instance.pk, defaults={"purged_at": timezone.now()})


# An event may expire once it is past retention, sealed, and every child it names was purged
# before the purge cutoff (an event that names no child expires on its age alone).
EXPIRABLE = """
    SELECT event.id FROM audit_accessevent AS event
     WHERE event.chain_position IS NOT NULL
       AND event.expired_at IS NULL
       AND event.occurred_at < %(event_cutoff)s
       AND NOT EXISTS (
           SELECT 1 FROM unnest(event.child_ids) AS named(child_id)
            WHERE NOT EXISTS (
                SELECT 1 FROM audit_purgedchild AS purged
                 WHERE purged.child_id = named.child_id
                   AND purged.purged_at < %(purge_cutoff)s))
     ORDER BY event.id
     LIMIT %(limit)s
"""


def events_expire(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Clear the personal details of every event past retention, a batch per transaction.
    Returns how many events expired (or would, with `dry_run`)."""
    now = now or timezone.now()
    expired = 0
    while True:
        count = _events_expire_batch(now=now, dry_run=dry_run)
        expired += count
        if dry_run or count < EXPIRY_BATCH_SIZE:
            return expired


@transaction.atomic
def _events_expire_batch(*, now: datetime, dry_run: bool) -> int:
    limit = None if dry_run else EXPIRY_BATCH_SIZE
    parameters = {
        "event_cutoff": event_cutoff(now),
        "purge_cutoff": purge_cutoff(now),
        "limit": limit,
        "now": now,
    }
    with connection.cursor() as cursor:
        if dry_run:
            # The f-strings join this module's constant SQL, never a value: values are parameters.
            cursor.execute(f"SELECT count(*) FROM ({EXPIRABLE}) AS due", parameters)  # noqa: S608
            return cursor.fetchone()[0]
        cursor.execute(
            f"""
            UPDATE audit_accessevent
               SET criteria = '{{}}', details = '{{}}', ip_address = NULL, user_agent = '',
                   expired_at = %(now)s
             WHERE id IN ({EXPIRABLE})
            """,  # noqa: S608
            parameters,
        )
        return cursor.rowcount


def expiry_was_due(*, event: dict, purged_at: dict[int, datetime]) -> bool:
    """Whether an expired event was past retention when it expired (for audit_verify)."""
    expired_at = event["expired_at"]
    if event["occurred_at"] >= event_cutoff(expired_at):
        return False
    cutoff = purge_cutoff(expired_at)
    return all(
        child_id in purged_at and purged_at[child_id] < cutoff for child_id in event["child_ids"]
    )
