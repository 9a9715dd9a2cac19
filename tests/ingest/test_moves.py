"""Moves: a feed's new address in another authority's area makes that authority responsible for
the child (shielding.moves). The shield, open contact requests and held records follow the child,
both teams are emailed, the move is an access event, and the old team loses sight of the hidden
data, in the database's row-level security as much as in the code."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase

from audit.models import AccessEvent
from ingest.models import Outcome, StagedRecordContent
from ingest.review.services import SAME, review_resolve
from registry.models import Address, Carer, Child
from registry.purposes import AccessPurpose
from registry.records import child_record_get
from shielding.clearance import may_manage_shielding
from shielding.database_scope import matching_scope, user_scope
from shielding.models import ContactRequest, ShieldingOrder
from shielding.moves import child_move
from tests.factories import UserFactory
from tests.ingest.pipeline_world import (
    AMELIA,
    POSSIBLY_AMELIA,
    batch_run,
    child_shield,
    feed_create,
    file_receive,
    indexed_child_create,
)
from tests.registry.merge_world import team_member

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.CHILD_PROTECTION
# Amelia, matched with certainty, now living in Bradford.
MOVED_TO_BRADFORD = {
    **AMELIA,
    "record_id": "CB-1",
    "address_line_1": "3 Mill Lane",
    "town": "Bradford",
    "postcode": "BD1 2XY",
}
ADDRESS_VALUES = ("3 Mill Lane", "BD1 2XY", AMELIA["address_line_1"], AMELIA["postcode"])


@pytest.fixture
def teams(world):
    return (
        team_member(world.local_authority, email="team@leeds.example"),
        team_member(world.other_authority, email="team@bradford.example"),
    )


@pytest.fixture
def amelia(world):
    return indexed_child_create(local_authority=world.local_authority)


def feed_batch(records, *, name: str = "batch.csv", feed=None):
    """Receive and process a file, sending what waits for the commits (the emails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return batch_run(file_receive(feed=feed or feed_create(), records=records, name=name).batch)


def hidden_rows_seen_by(user, child) -> int:
    """The child's address and carer rows the database shows in `user`'s scope, read past the
    code's chokepoint: only row-level security stands between the app role and the rows."""
    with transaction.atomic(), user_scope(user):
        return (
            Address.unscoped_objects.filter(child=child).count()
            + Carer.unscoped_objects.filter(child=child).count()
        )


def test_a_shielded_child_moves_with_its_shield_and_the_old_team_loses_sight(world, teams, amelia):
    leeds_team, bradford_team = teams
    child_shield(amelia, by=leeds_team)
    feed = feed_create()
    held = feed_batch([POSSIBLY_AMELIA], name="refuge.csv", feed=feed).records.get()
    contact_request = ContactRequest.objects.create(
        child=amelia,
        local_authority=world.local_authority,
        requested_by=UserFactory(),
        purpose=PURPOSE,
        message="Please pass on a message.",
    )
    assert hidden_rows_seen_by(leeds_team, amelia) == 2
    assert hidden_rows_seen_by(bradford_team, amelia) == 0
    mail.outbox.clear()

    batch = feed_batch([MOVED_TO_BRADFORD], feed=feed)

    assert batch.records.get().outcome == Outcome.MATCHED
    amelia.refresh_from_db()
    assert amelia.responsible_local_authority == world.other_authority
    order = ShieldingOrder.objects.get(child=amelia, active=True)
    assert order.local_authority == world.other_authority
    contact_request.refresh_from_db()
    assert contact_request.local_authority == world.other_authority
    with transaction.atomic(), matching_scope():
        assert StagedRecordContent.objects.get(staged_record=held).held_for == world.other_authority
    # The database: Leeds's team now reads none of her rows; Bradford's reads them all.
    assert hidden_rows_seen_by(leeds_team, amelia) == 0
    assert hidden_rows_seen_by(bradford_team, amelia) == 3
    # The code agrees, and the shield is Bradford's to manage.
    with transaction.atomic(), user_scope(leeds_team):
        old = child_record_get(
            user=leeds_team, purpose=PURPOSE, contactpoint_id=amelia.contactpoint_id
        )
    assert old.redaction is not None and old.addresses == []
    with transaction.atomic(), user_scope(bradford_team):
        new = child_record_get(
            user=bradford_team, purpose=PURPOSE, contactpoint_id=amelia.contactpoint_id
        )
    assert [address.postcode for address in new.addresses if not address.ended_on] == ["BD1 2XY"]
    assert may_manage_shielding(
        user=bradford_team, local_authority=amelia.responsible_local_authority
    )
    assert not may_manage_shielding(
        user=leeds_team, local_authority=amelia.responsible_local_authority
    )

    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == ["team@bradford.example", "team@leeds.example"]
    for email in mail.outbox:
        assert amelia.display_id in email.subject
        assert "the shield moved with the child" in email.body
        assert [value for value in ADDRESS_VALUES if value in email.subject + email.body] == []

    [event] = AccessEvent.objects.filter(kind=AccessEvent.Kind.CHILD_MOVED)
    assert event.child_ids == [amelia.pk] and event.user is None
    assert event.details == {
        "from_local_authority": "Leeds",
        "to_local_authority": "Bradford",
        "source": "feed child-benefit",
    }


def test_an_unshielded_child_moves_and_both_teams_are_told(world, teams, amelia):
    feed_batch([MOVED_TO_BRADFORD])

    amelia.refresh_from_db()
    assert amelia.responsible_local_authority == world.other_authority
    assert not ShieldingOrder.objects.filter(child=amelia).exists()
    assert sorted(address for email in mail.outbox for address in email.to) == [
        "team@bradford.example",
        "team@leeds.example",
    ]
    assert all("shield" not in email.body for email in mail.outbox)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.CHILD_MOVED).count() == 1


@pytest.mark.parametrize(
    "address",
    [
        {"address_line_1": "9 Elm Road", "postcode": "LS7 1AA"},  # another Leeds address
        {"address_line_1": "1 High Street", "postcode": "M1 1AE"},  # a district in no authority
    ],
    ids=["same-authority", "unknown-district"],
)
def test_an_address_in_no_other_authority_moves_nobody(world, teams, amelia, address):
    batch = feed_batch([{**MOVED_TO_BRADFORD, **address}])

    assert batch.records.get().outcome == Outcome.MATCHED
    amelia.refresh_from_db()
    assert amelia.responsible_local_authority == world.local_authority
    assert mail.outbox == []
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.CHILD_MOVED).exists()


def test_the_team_settling_a_held_record_moves_the_child_and_hands_it_over(world, teams, amelia):
    """A person's decision on a feed record is the other path that records an address."""
    leeds_team, bradford_team = teams
    child_shield(amelia, by=leeds_team)
    held = feed_batch([POSSIBLY_AMELIA], name="refuge.csv").records.get()
    assert held.outcome == Outcome.HELD

    with TestCase.captureOnCommitCallbacks(execute=True):
        review_resolve(staged_record=held, by=leeds_team, decision=SAME, child_id=amelia.pk)

    amelia.refresh_from_db()
    assert amelia.responsible_local_authority == world.other_authority
    assert ShieldingOrder.objects.get(child=amelia, active=True).local_authority == (
        world.other_authority
    )
    # The settled record holds the refuge address: it is Bradford's now, not Leeds's.
    with transaction.atomic(), user_scope(leeds_team):
        assert not StagedRecordContent.objects.filter(staged_record=held).exists()
    with transaction.atomic(), user_scope(bradford_team):
        assert StagedRecordContent.objects.filter(staged_record=held).exists()
    assert hidden_rows_seen_by(leeds_team, amelia) == 0
    assert len(mail.outbox) == 2
    # The move is the decider's, in the trail.
    [event] = AccessEvent.objects.filter(kind=AccessEvent.Kind.CHILD_MOVED)
    assert event.user == leeds_team


def test_sealed_and_merged_records_never_move(world, teams):
    for status in (Child.Status.SEALED, Child.Status.MERGED):
        child = indexed_child_create(local_authority=world.local_authority)
        Child.unscoped_objects.filter(pk=child.pk).update(status=status)
        moved = child_move(child=child, to_local_authority=world.other_authority, source="test")
        assert not moved
        child.refresh_from_db()
        assert child.responsible_local_authority == world.local_authority
