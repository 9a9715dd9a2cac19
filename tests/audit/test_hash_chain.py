"""The hash chain: the sealer chains the events of finished transactions, only sealing may touch
the chain's columns, and audit_verify finds an event changed, removed or slipped in behind the
trigger's back.

Sealing waits for an event's transaction to finish, so these tests commit their events
(transactional tests); tampering needs the owner with the table's triggers switched off.
"""

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection, transaction

from audit.chain import GENESIS_HASH, chain_seal, content_digest_of, link_hash_of
from audit.chain_verification import chain_verify
from audit.models import AccessEvent
from audit.services import access_event_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def events():
    user = UserFactory()
    recorded = []
    for number in range(5):
        with transaction.atomic():
            recorded.append(
                access_event_record(
                    kind="search",
                    user=user,
                    purpose="health",
                    criteria={"surname": f"Name{number}"},
                    child_ids=[number],
                )
            )
    return recorded


@pytest.fixture
def tamper(owner_role):
    """Run SQL as the owner with the audit table's triggers off: what an intruder with the
    owner's password could do, and what the chain must reveal."""

    @contextmanager
    def tampering():
        with owner_role(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
            yield cursor
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER USER")

    return tampering


def _execute(statement: str, params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _audit_verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_the_sealer_chains_finished_events_in_order(events):
    assert chain_seal() == 5
    sealed = list(AccessEvent.objects.order_by("chain_position").values())
    assert [event["id"] for event in sealed] == [event.pk for event in events]
    previous = GENESIS_HASH
    for position, event in enumerate(sealed, start=1):
        assert event["chain_position"] == position
        assert event["content_digest"] == content_digest_of(event)
        assert event["chain_hash"] == link_hash_of(
            previous_hash=previous, position=position, content_digest=event["content_digest"]
        )
        previous = event["chain_hash"]
    assert chain_seal() == 0


def test_an_event_of_a_running_transaction_waits_for_it_to_finish(events):
    with transaction.atomic():
        waiting = access_event_record(kind="search", user=events[0].user, purpose="health")
        assert waiting.pk not in set(
            AccessEvent.objects.filter(chain_position__isnull=False).values_list("pk", flat=True)
        )
    chain_seal()
    waiting.refresh_from_db()
    assert waiting.chain_position == 6


def test_an_insert_cannot_forge_the_chain_columns(events):
    forged = AccessEvent.objects.create(
        kind="search", user=events[0].user, chain_position=99, chain_hash="f" * 64
    )
    forged.refresh_from_db()
    assert (forged.chain_position, forged.chain_hash) == (None, "")
    assert forged.transaction_id is not None


def test_a_sealed_event_cannot_be_sealed_again(events):
    chain_seal()
    with pytest.raises(ProgrammingError, match="append-only"):
        _execute(
            "UPDATE audit_accessevent SET chain_hash = %s WHERE id = %s", ["0" * 64, events[0].pk]
        )


def test_sealing_may_not_change_anything_else(events):
    with pytest.raises(ProgrammingError):
        _execute(
            "UPDATE audit_accessevent SET chain_position = 1, content_digest = 'x', "
            "chain_hash = 'x', purpose = 'other' WHERE id = %s",
            [events[0].pk],
        )


def test_audit_verify_passes_an_intact_chain(events):
    output = _audit_verify()
    assert "Audit chain intact: 5 events verified" in output


def test_audit_verify_finds_a_changed_event(events, tamper):
    chain_seal()
    with tamper() as cursor:
        cursor.execute(
            "UPDATE audit_accessevent SET child_ids = '{}' WHERE id = %s", [events[2].pk]
        )
    with pytest.raises(CommandError, match=f"position 3: event {events[2].pk} no longer matches"):
        _audit_verify()


def test_audit_verify_finds_a_removed_event(events, tamper):
    chain_seal()
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match="position 2: position 2 is missing"):
        _audit_verify()


def test_audit_verify_finds_a_resealed_event(events, tamper):
    """Rewriting an event and its digest still breaks its link, unless every later link is
    rewritten too; the head's hash, logged at each seal, is what that would contradict."""
    chain_seal()
    event = AccessEvent.objects.values().get(pk=events[3].pk)
    event["purpose"] = "other"
    with tamper() as cursor:
        cursor.execute(
            "UPDATE audit_accessevent SET purpose = 'other', content_digest = %s WHERE id = %s",
            [content_digest_of(event), events[3].pk],
        )
    with pytest.raises(CommandError, match=f"position 4: event {events[3].pk}'s link"):
        _audit_verify()


def test_audit_verify_finds_an_event_slipped_in_behind_the_trigger(events, tamper):
    chain_seal()
    with tamper() as cursor:
        cursor.execute(
            "INSERT INTO audit_accessevent (kind, occurred_at, purpose, criteria, child_ids, "
            "details, user_agent, request_id, transaction_id, content_digest, chain_hash) "
            "SELECT kind, occurred_at, purpose, criteria, child_ids, details, user_agent, "
            "request_id, transaction_id, '', '' FROM audit_accessevent WHERE id = %s",
            [events[0].pk],
        )
    report = chain_verify()
    assert report.first_break is not None
    assert "inserted behind the trigger" in report.first_break.reason


def test_audit_verify_counts_events_that_wait_for_the_sealer(events):
    with transaction.atomic():
        access_event_record(kind="search", user=events[0].user, purpose="health")
        report = chain_verify()
    assert report.intact
    assert report.unsealed == 6


def test_the_beat_seals_the_chain(events, settings):
    from audit.tasks import audit_chain_seal

    assert settings.CELERY_BEAT_SCHEDULE["audit-chain-seal"]["task"] == audit_chain_seal.name
    assert audit_chain_seal.apply().get() == 5
