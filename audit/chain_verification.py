"""Walks the hash chain from its start and names the first link that does not hold.

A break is one of: a position missing (an event deleted), an event whose content no longer
matches its digest (changed after sealing), a link whose hash does not follow from the one before
(an event replaced, or the chain rewritten from there on), or an unsealed event from a
transaction older than the chain's head (an event slipped in behind the insert trigger). Events
that simply wait for the sealer are counted, not reported as breaks. An event whose personal details
retention has cleared is checked by its stored digest, and by whether its expiry was due.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min
from django.utils import timezone

from audit.chain import CONTENT_FIELDS, GENESIS_HASH, content_digest_of, link_hash_of
from audit.models import AccessEvent, PurgedChild
from audit.retention import expiry_was_due

VERIFY_BATCH_SIZE = 5000


@dataclass(frozen=True)
class ChainBreak:
    position: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    head_position: int
    head_hash: str
    unsealed: int
    oldest_unsealed_at: datetime | None
    first_break: ChainBreak | None

    @property
    def verified(self) -> int:
        """Events verified: every one up to the head (the walk stops at a break)."""
        return self.head_position

    @property
    def intact(self) -> bool:
        return self.first_break is None


def chain_verify() -> ChainReport:
    """Check every sealed event in order, then the unsealed ones against the head."""
    position, previous_hash, first_break = 0, GENESIS_HASH, None
    while first_break is None:
        events = _sealed_after(position)
        if not events:
            break
        purged_at = _purge_times(events)
        for event in events:
            first_break = _link_check(
                event, position=position, previous_hash=previous_hash, purged_at=purged_at
            )
            if first_break is not None:
                break
            position, previous_hash = event["chain_position"], event["chain_hash"]
    if first_break is None:
        first_break = _out_of_band_event(head_position=position)
    unsealed = AccessEvent.objects.filter(chain_position__isnull=True).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
    return ChainReport(
        head_position=position,
        head_hash=previous_hash,
        unsealed=unsealed["count"],
        oldest_unsealed_at=unsealed["oldest"],
        first_break=first_break,
    )


def _sealed_after(position: int) -> list[dict]:
    return list(
        AccessEvent.objects.filter(chain_position__gt=position)
        .order_by("chain_position")
        .values(*CONTENT_FIELDS, "chain_position", "content_digest", "chain_hash", "expired_at")[
            :VERIFY_BATCH_SIZE
        ]
    )


def _purge_times(events: list[dict]) -> dict[int, datetime]:
    """When the children named by the expired events among `events` were purged."""
    child_ids = {child for event in events if event["expired_at"] for child in event["child_ids"]}
    if not child_ids:
        return {}
    return dict(
        PurgedChild.objects.filter(child_id__in=child_ids).values_list("child_id", "purged_at")
    )


def _link_check(
    event: dict, *, position: int, previous_hash: str, purged_at: dict[int, datetime]
) -> ChainBreak | None:
    expected_position = position + 1
    if event["chain_position"] != expected_position:
        return ChainBreak(
            expected_position,
            None,
            f"position {expected_position} is missing: the chain goes from {position} "
            f"to {event['chain_position']} (an event was removed)",
        )
    if event["expired_at"] is not None:
        if event["expired_at"] > timezone.now() or not expiry_was_due(
            event=event, purged_at=purged_at
        ):
            return ChainBreak(
                expected_position,
                event["id"],
                f"event {event['id']} was cleared before its retention ended",
            )
    elif content_digest_of(event) != event["content_digest"]:
        return ChainBreak(
            expected_position,
            event["id"],
            f"event {event['id']} no longer matches its digest (it was changed after sealing)",
        )
    expected_hash = link_hash_of(
        previous_hash=previous_hash,
        position=expected_position,
        content_digest=event["content_digest"],
    )
    if expected_hash != event["chain_hash"]:
        return ChainBreak(
            expected_position,
            event["id"],
            f"event {event['id']}'s link does not follow from the one before "
            "(an event was replaced, or the chain rewritten from here)",
        )
    return None


def _out_of_band_event(*, head_position: int) -> ChainBreak | None:
    """An unsealed event from a transaction no newer than the sealed chain's newest cannot come
    from the insert trigger: the sealer had already passed every such transaction."""
    newest_sealed = AccessEvent.objects.filter(chain_position__isnull=False).aggregate(
        newest=Max("transaction_id")
    )["newest"]
    if newest_sealed is None:
        return None
    intruder = (
        AccessEvent.objects.filter(chain_position__isnull=True)
        .exclude(transaction_id__gt=newest_sealed)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    if intruder is None:
        return None
    return ChainBreak(
        head_position + 1,
        intruder,
        f"event {intruder} is unsealed but older than the chain's head "
        "(it was inserted behind the trigger's back)",
    )
