"""The 2009 defect, made impossible: a record that could be a shielded child never creates a
visible record or changes one visibly. It is held for the child's management team."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Role
from ingest.models import Outcome, StagedRecordContent, TrustedField
from ingest.selectors import batch_reconciliation_rows
from ingest.services import feed_pause, feed_resume
from registry.models import Address, Child
from shielding.database_scope import matching_scope, user_scope
from shielding.models import ShieldingOrder
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
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shielded(world):
    child = indexed_child_create(local_authority=world.local_authority)
    child.manager = management_team_user_create(world.local_authority)
    child_shield(child, by=child.manager)
    return child


VARIANT = POSSIBLY_AMELIA


def test_a_variant_of_a_shielded_child_is_held_and_nothing_visible_changes(world, shielded):
    feed = feed_create()
    children_before = Child.unscoped_objects.count()

    batch = batch_run(file_receive(feed=feed, records=[VARIANT]).batch)

    staged = batch.records.get()
    assert (staged.outcome, staged.reason) == (Outcome.HELD, "")
    assert (batch.held, batch.created, batch.matched) == (1, 0, 0)
    assert Child.unscoped_objects.count() == children_before
    with transaction.atomic(), matching_scope():
        assert list(Address.unscoped_objects.filter(child=shielded).values_list("postcode")) == [
            (AMELIA["postcode"],)
        ]
        content = StagedRecordContent.objects.get(staged_record=staged)
        assert (content.held_for, content.child_id) == (world.local_authority, shielded.pk)
    assert list(batch_reconciliation_rows(batch=batch)) == [("CB-77", 1, "held", "")]


def test_a_held_record_is_seen_only_by_the_childs_management_team(world, shielded):
    feed = feed_create()
    batch = batch_run(file_receive(feed=feed, records=[VARIANT]).batch)
    staged = batch.records.get()
    other_team = management_team_user_create(world.other_authority)
    operator = UserFactory(role=Role.OPERATIONS)
    for outsider in (other_team, operator, UserFactory(role=Role.CHILD_PROTECTION)):
        with transaction.atomic(), user_scope(outsider):
            assert not StagedRecordContent.objects.filter(staged_record=staged).exists()
    with transaction.atomic(), user_scope(shielded.manager):
        assert "9 Refuge Row" in StagedRecordContent.objects.get(staged_record=staged).raw


def test_an_auto_match_to_a_shielded_child_changes_only_hidden_data(world, shielded):
    feed = feed_create(trusted=[TrustedField.IDENTITY, TrustedField.ADDRESS])
    record = {
        **AMELIA,
        "record_id": "CB-5",
        "gender": "X",
        "address_line_1": "1 New Street",
        "postcode": "LS6 4ZZ",
    }

    batch = batch_run(file_receive(feed=feed, records=[record]).batch)

    assert batch.records.get().outcome == Outcome.MATCHED
    shielded.refresh_from_db()
    assert shielded.gender == AMELIA["gender"]
    assert ShieldingOrder.objects.filter(child=shielded, active=True).exists()
    with transaction.atomic(), matching_scope():
        current = Address.unscoped_objects.get(child=shielded, ended_on__isnull=True)
        assert current.postcode == "LS6 4ZZ"
    with transaction.atomic():  # no scope: the shielded child's rows stay hidden
        assert not Address.unscoped_objects.filter(child=shielded).exists()


def test_resuming_over_unresolved_held_records_needs_a_confirmation(world, shielded):
    feed = feed_create()
    batch_run(file_receive(feed=feed, records=[VARIANT]).batch)
    operator = UserFactory(role=Role.OPERATIONS)
    feed_pause(feed=feed, by=operator, reason="Held records to look at.")

    with pytest.raises(ValidationError) as refused:
        feed_resume(feed=feed, by=operator, reason="Going on.")
    assert refused.value.code == "held_records_unconfirmed"

    change = feed_resume(feed=feed, by=operator, reason="Going on.", held_records_confirmed=True)
    assert change.unresolved_held_records == 1
