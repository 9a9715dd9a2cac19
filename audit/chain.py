"""The audit trail's hash chain: each event's hash covers its own content and the hash before it,
so an event changed, removed or slipped in after sealing breaks every link from there on.

Events are not chained as they are written: that would make every read in the country wait on
one lock for the chain's head. Each event records the ID of the transaction that wrote it (the
table's insert trigger), and the sealer chains, in (transaction, id) order, only the events of
transactions older than the oldest one still running. Those can no longer gain or lose an event,
and every event written later belongs to a newer transaction, so it sorts after the chain's head.

The sealer runs on the beat (audit.tasks) and before each verification; the hash of the head is
logged each time it moves, so a copy of it lives outside the database.
"""

import hashlib
import json
import logging
from collections.abc import Iterable
from datetime import UTC

from django.db import connection, transaction

from audit.models import AccessEvent

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
SEAL_BATCH_SIZE = 5000
# pg_advisory_xact_lock key: one sealer at a time, across every worker.
SEALER_LOCK_KEY = 0x41554454  # "AUDT"

# The columns an event's digest covers: everything it records, but not the chain's own columns.
CONTENT_FIELDS = (
    "id",
    "kind",
    "occurred_at",
    "user_id",
    "organisation_id",
    "purpose",
    "criteria",
    "child_ids",
    "details",
    "ip_address",
    "user_agent",
    "request_id",
    "transaction_id",
)


def content_digest_of(event: dict) -> str:
    """SHA-256 of the event's content, as canonical JSON (sorted keys, UTC times)."""
    content = {field: event[field] for field in CONTENT_FIELDS}
    content["occurred_at"] = event["occurred_at"].astimezone(UTC).isoformat()
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def link_hash_of(*, previous_hash: str, position: int, content_digest: str) -> str:
    return hashlib.sha256(f"{previous_hash}:{position}:{content_digest}".encode()).hexdigest()


def chain_head() -> tuple[int, str]:
    """The last sealed position and its hash (0 and the genesis hash for an empty chain)."""
    head = (
        AccessEvent.objects.filter(chain_position__isnull=False)
        .order_by("-chain_position")
        .values_list("chain_position", "chain_hash")
        .first()
    )
    return head if head is not None else (0, GENESIS_HASH)


def seal_horizon() -> int:
    """The oldest transaction still running: every transaction before it has finished."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return cursor.fetchone()[0]


def chain_seal() -> int:
    """Seal every event the horizon allows, a batch per transaction. Returns how many."""
    sealed = 0
    while True:
        count = _chain_seal_batch(limit=SEAL_BATCH_SIZE)
        sealed += count
        if count < SEAL_BATCH_SIZE:
            return sealed


@transaction.atomic
def _chain_seal_batch(*, limit: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEALER_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return 0
    horizon = seal_horizon()
    events = list(
        AccessEvent.objects.filter(chain_position__isnull=True, transaction_id__lt=horizon)
        .order_by("transaction_id", "id")
        .values(*CONTENT_FIELDS)[:limit]
    )
    if not events:
        return 0
    position, previous_hash = chain_head()
    links = []
    for event in events:
        position += 1
        digest = content_digest_of(event)
        previous_hash = link_hash_of(
            previous_hash=previous_hash, position=position, content_digest=digest
        )
        links.append((event["id"], position, digest, previous_hash))
    _links_write(links)
    logger.info("audit chain sealed to position %s: %s", position, previous_hash)
    return len(links)


def _links_write(links: Iterable[tuple[int, int, str, str]]) -> None:
    ids, positions, digests, hashes = (list(column) for column in zip(*links, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE audit_accessevent AS event
               SET chain_position = link.position,
                   content_digest = link.digest,
                   chain_hash = link.hash
              FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[])
                   AS link(id, position, digest, hash)
             WHERE event.id = link.id
            """,
            [ids, positions, digests, hashes],
        )
