"""Merging duplicate records and undoing a merge (shielding.merges, registry.merges): the rows that
move and come back, the shield as the union of both records', the unmerge window, who may, and
the trail every step leaves."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import TestCase

from audit.models import AccessEvent
from registry.merges import merged_child_redirect
from registry.models import (
    Address,
    Carer,
    Child,
    ChildMerge,
    ExternalIdentifier,
    ServiceInvolvement,
    SettingEnrolment,
)
from registry.purposes import AccessPurpose
from registry.records import child_record_get
from shielding.database_scope import matching_scope, user_scope
from shielding.merges import child_merge, child_unmerge
from tests.factories import ChildFactory
from tests.registry.merge_world import (
    DUPLICATE_VALUES,
    KEPT_VALUES,
    active_order,
    merge_world_build,
    shield,
)

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.CHILD_PROTECTION
REASON = "Same name, birth date and NHS number; the second record came from a typo."


@pytest.fixture
def world():
    return merge_world_build()


def merge(world, *, by=None, survivor=None, merged=None) -> ChildMerge:
    """Merge (the duplicate into the kept record, by Leeds's team, unless told otherwise), and
    send what waits for the commit (the emails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return child_merge(
            survivor=survivor or world.kept,
            merged=merged or world.duplicate,
            by=by or world.leeds_team,
            reason=REASON,
        )


def unmerge(merge_row: ChildMerge, *, by) -> ChildMerge:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return child_unmerge(merge=merge_row, by=by, reason="Twins, not one child.")


def rows_of(model, child) -> set[int]:
    """The child's rows in a hidden table, read in the matcher's scope (everything)."""
    with transaction.atomic(), matching_scope():
        return set(model.unscoped_objects.filter(child=child).values_list("pk", flat=True))


def refreshed(child) -> Child:
    return Child.unscoped_objects.get(pk=child.pk)


def test_a_merge_moves_the_rows_keeps_the_history_and_redirects_the_old_id(world):
    duplicate_carers = rows_of(Carer, world.duplicate)
    duplicate_addresses = rows_of(Address, world.duplicate)

    made = merge(world)

    merged = refreshed(world.duplicate)
    assert merged.status == Child.Status.MERGED and merged.merged_into_id == world.kept.pk
    assert rows_of(Carer, world.kept) >= duplicate_carers
    assert rows_of(Carer, world.duplicate) == set()
    # Both had an open address: the duplicate's moved, closed, and is listed to be reopened.
    assert made.closed_rows == {"registry.address": sorted(duplicate_addresses)}
    with transaction.atomic(), matching_scope():
        open_addresses = Address.unscoped_objects.filter(child=world.kept, ended_on=None)
        assert [address.line_1 for address in open_addresses] == ["27 Hollybush Lane"]
        # The NHS number both records held stays with the duplicate: the survivor needs it once.
        identifiers = ExternalIdentifier.unscoped_objects.filter(child=world.kept)
        assert sorted(identifiers.values_list("scheme", flat=True)) == ["nhs_number", "upn"]
    assert set(made.moved_rows) == {
        "registry.address",
        "registry.carer",
        "registry.serviceinvolvement",
        "registry.externalidentifier",
    }
    assert made.merged_status == Child.Status.ACTIVE and not made.shield_carried

    found = merged_child_redirect(
        user=world.practitioner, purpose=PURPOSE, contactpoint_id=world.duplicate.contactpoint_id
    )
    assert found == (merged, world.kept)
    record = child_record_get(
        user=world.practitioner, purpose=PURPOSE, contactpoint_id=world.kept.contactpoint_id
    )
    assert {carer.given_names for carer in record.carers} == {"Ngozi", "Tobiah"}
    with pytest.raises(Child.DoesNotExist):
        child_record_get(
            user=world.practitioner,
            purpose=PURPOSE,
            contactpoint_id=world.duplicate.contactpoint_id,
        )


def test_every_step_is_recorded_naming_both_records(world):
    made = merge(world)
    unmerge(made, by=world.data_quality)

    merged_event, unmerged_event = AccessEvent.objects.filter(
        kind__in=[AccessEvent.Kind.CHILD_MERGED, AccessEvent.Kind.CHILD_UNMERGED]
    ).order_by("pk")
    assert merged_event.kind == AccessEvent.Kind.CHILD_MERGED
    assert merged_event.user == world.leeds_team
    assert merged_event.child_ids == [world.duplicate.pk, world.kept.pk]
    assert merged_event.details == {"merge": made.pk}
    assert unmerged_event.kind == AccessEvent.Kind.CHILD_UNMERGED
    assert unmerged_event.user == world.data_quality
    assert unmerged_event.child_ids == [world.duplicate.pk, world.kept.pk]
    # The change history has the merge, the merged record's status both ways and each row moved.
    merge_entries = LogEntry.objects.get_for_object(made)
    assert merge_entries.count() >= 2
    assert all("Twins" not in str(entry.changes) for entry in merge_entries)
    statuses = [
        entry.changes.get("status")
        for entry in LogEntry.objects.get_for_object(world.duplicate).order_by("pk")
        if "status" in entry.changes
    ]
    assert statuses[-2:] == [["active", "merged"], ["merged", "active"]]
    [carer_id] = made.moved_rows["registry.carer"]
    carer_entries = LogEntry.objects.filter(
        content_type__model="carer", object_id=carer_id
    ).order_by("pk")
    assert [list(entry.changes) for entry in carer_entries][-2:] == [["child"], ["child"]]


def test_an_unmerge_puts_every_row_back_and_opens_the_record_again(world):
    before = {
        model: (rows_of(model, world.kept), rows_of(model, world.duplicate))
        for model in (Address, Carer, ServiceInvolvement, ExternalIdentifier, SettingEnrolment)
    }
    made = merge(world)
    undone = unmerge(made, by=world.leeds_team)

    for model, (kept_rows, duplicate_rows) in before.items():
        assert (rows_of(model, world.kept), rows_of(model, world.duplicate)) == (
            kept_rows,
            duplicate_rows,
        ), model
    with transaction.atomic(), matching_scope():
        assert Address.unscoped_objects.filter(child=world.duplicate, ended_on=None).count() == 1
    restored = refreshed(world.duplicate)
    assert restored.status == Child.Status.ACTIVE and restored.merged_into is None
    made.refresh_from_db()
    assert made.undone_at is not None and made.undone_by == world.leeds_team
    assert undone.undo_reason == "Twins, not one child."
    assert (
        merged_child_redirect(
            user=world.practitioner,
            purpose=PURPOSE,
            contactpoint_id=world.duplicate.contactpoint_id,
        )
        is None
    )
    # Merged again, the same pair makes a second live merge: the first is history.
    again = merge(world)
    assert ChildMerge.objects.filter(merged=world.duplicate).count() == 2
    assert again.undone_at is None


@pytest.mark.parametrize("shielded", ["kept", "duplicate", "both"])
def test_the_merged_record_is_shielded_if_either_record_was(world, shielded):
    for name in ("kept", "duplicate") if shielded == "both" else (shielded,):
        shield(getattr(world, name), by=world.leeds_team)

    made = merge(world)

    assert active_order(world.kept) is not None
    assert made.shield_carried == (shielded == "duplicate")
    record = child_record_get(
        user=world.practitioner, purpose=PURPOSE, contactpoint_id=world.kept.contactpoint_id
    )
    assert record.redaction is not None and record.carers == []
    # The team still sees the whole merged record; data-quality staff see none of it.
    with transaction.atomic(), user_scope(world.leeds_team):
        team_record = child_record_get(
            user=world.leeds_team, purpose=PURPOSE, contactpoint_id=world.kept.contactpoint_id
        )
    assert {carer.given_names for carer in team_record.carers} == {"Ngozi", "Tobiah"}
    for reader in (world.data_quality, world.bradford_team):
        with transaction.atomic(), user_scope(reader):
            assert not Carer.unscoped_objects.filter(child=world.kept).exists()


def test_the_teams_shielded_list_names_the_merged_record_once(world):
    from shielding.selectors import shielding_orders_for_team

    for child in (world.kept, world.duplicate):
        shield(child, by=world.leeds_team)
    made = merge(world)
    listed = {order.child for order in shielding_orders_for_team(user=world.leeds_team)}
    assert listed == {world.kept}
    unmerge(made, by=world.leeds_team)
    listed = {order.child for order in shielding_orders_for_team(user=world.leeds_team)}
    assert listed == {world.kept, world.duplicate}


@pytest.mark.parametrize("shielded", ["kept", "duplicate", "both"])
def test_after_an_unmerge_both_records_stay_shielded_and_the_team_reviews(world, shielded):
    for name in ("kept", "duplicate") if shielded == "both" else (shielded,):
        shield(getattr(world, name), by=world.leeds_team)
    made = merge(world)
    mail.outbox.clear()

    unmerge(made, by=world.leeds_team)

    today = datetime.date.today()
    for child in (world.kept, world.duplicate):
        order = active_order(child)
        assert order is not None and order.review_due_on == today
        assert order.local_authority == world.leeds
        record = child_record_get(
            user=world.practitioner, purpose=PURPOSE, contactpoint_id=child.contactpoint_id
        )
        assert record.redaction is not None
    [email] = mail.outbox
    assert email.to == ["team@leeds.example"]
    assert "review each shield" in email.body
    assert world.kept.display_id in email.body and world.duplicate.display_id in email.body


def test_an_unmerge_of_unshielded_records_shields_neither(world):
    made = merge(world)
    unmerge(made, by=world.leeds_team)
    assert active_order(world.kept) is None and active_order(world.duplicate) is None


def test_a_carried_shield_moves_to_the_survivors_authority(world):
    """Records of two authorities, merged by data-quality staff: the Bradford shield comes to the
    Leeds record, and Leeds's team, now responsible, manages and sees it."""
    bradford_child = ChildFactory(
        given_names="Zara",
        family_name="Whitfield",
        date_of_birth=world.kept.date_of_birth,
        responsible_local_authority=world.bradford,
    )
    shield(bradford_child, by=world.bradford_team)

    made = merge(world, by=world.data_quality, merged=bradford_child)

    assert made.shield_carried
    assert active_order(world.kept).local_authority == world.leeds
    assert active_order(bradford_child).local_authority == world.bradford
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == ["team@bradford.example", "team@leeds.example"]


def test_the_teams_are_emailed_ids_and_never_contact_details(world):
    shield(world.duplicate, by=world.leeds_team)
    mail.outbox.clear()

    made = merge(world)

    [email] = mail.outbox
    assert email.to == ["team@leeds.example"]
    assert world.duplicate.display_id in email.subject and world.kept.display_id in email.subject
    assert "is shielded now too" in email.body
    text = email.subject + email.body
    assert not [value for value in (*KEPT_VALUES, *DUPLICATE_VALUES, REASON) if value in text]
    assert made.undo_deadline.strftime("%d %B %Y") in email.body


@pytest.mark.parametrize(
    ("days_later", "undoable"), [(6, True), (7, True), (8, False)], ids=["6", "7", "8"]
)
def test_a_merge_can_be_undone_only_within_the_window(world, settings, days_later, undoable):
    settings.REGISTRY_UNMERGE_DAYS = 7
    made_at = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(made_at, tick=False):
        made = merge(world)
    with time_machine.travel(made_at + datetime.timedelta(days=days_later), tick=False):
        made.refresh_from_db()
        assert made.is_undoable == undoable
        if undoable:
            unmerge(made, by=world.leeds_team)
            assert refreshed(world.duplicate).status == Child.Status.ACTIVE
        else:
            with pytest.raises(ValidationError, match="time to undo"):
                unmerge(made, by=world.leeds_team)
            assert refreshed(world.duplicate).status == Child.Status.MERGED


def test_an_undone_merge_cannot_be_undone_twice(world):
    made = merge(world)
    unmerge(made, by=world.leeds_team)
    with pytest.raises(ValidationError, match="already been undone"):
        unmerge(made, by=world.leeds_team)


def test_who_may_merge(world):
    bradford_child = ChildFactory(responsible_local_authority=world.bradford)
    refused = [
        (world.practitioner, world.duplicate),
        (world.bradford_team, world.duplicate),
        # Records of two authorities: neither team may merge them alone.
        (world.leeds_team, bradford_child),
        (world.bradford_team, bradford_child),
    ]
    for user, merged in refused:
        with pytest.raises(PermissionDenied):
            merge(world, by=user, merged=merged)
    assert not ChildMerge.objects.exists()
    merge(world, by=world.data_quality, merged=bradford_child)
    merge(world, by=world.leeds_team)
    assert ChildMerge.objects.count() == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Child.Status.SEALED, "must be open"),
        (Child.Status.ARCHIVED, "must be open"),
        (Child.Status.MERGED, "must be open"),
    ],
)
def test_only_open_records_are_merged(world, status, message):
    other = ChildFactory(responsible_local_authority=world.leeds, status=status)
    for survivor, merged in ((world.kept, other), (other, world.kept)):
        with pytest.raises(ValidationError, match=message):
            merge(world, survivor=survivor, merged=merged)
    assert not ChildMerge.objects.exists()


def test_a_record_is_not_merged_into_itself_or_into_a_merged_record(world):
    with pytest.raises(ValidationError, match="into itself"):
        merge(world, survivor=world.kept, merged=world.kept)
    third = ChildFactory(responsible_local_authority=world.leeds)
    merge(world)
    with pytest.raises(ValidationError, match="must be open"):
        merge(world, survivor=refreshed(world.duplicate), merged=third)
    with pytest.raises(ValidationError, match="Say why"):
        child_merge(survivor=world.kept, merged=third, by=world.leeds_team, reason="  ")


def test_a_death_is_never_merged_away(world):
    deceased = ChildFactory(responsible_local_authority=world.leeds, status=Child.Status.DECEASED)
    with pytest.raises(ValidationError, match="death"):
        merge(world, merged=deceased)
    made = merge(world, survivor=deceased, merged=world.duplicate)
    assert made.merged_status == Child.Status.ACTIVE
    made = merge(world, survivor=deceased, merged=world.kept)
    unmerge(made, by=world.leeds_team)
    assert refreshed(world.kept).status == Child.Status.ACTIVE


def test_a_later_merge_of_the_survivor_is_followed_and_blocks_the_earlier_unmerge(world):
    third = ChildFactory(responsible_local_authority=world.leeds)
    first = merge(world)
    merge(world, survivor=third, merged=world.kept)

    found = merged_child_redirect(
        user=world.practitioner, purpose=PURPOSE, contactpoint_id=world.duplicate.contactpoint_id
    )
    assert found[1] == third
    with pytest.raises(ValidationError, match="surviving record has since been merged"):
        unmerge(first, by=world.leeds_team)


def test_an_old_id_leads_nowhere_when_the_survivor_is_no_longer_open(world):
    merge(world)
    Child.unscoped_objects.filter(pk=world.kept.pk).update(status=Child.Status.SEALED)
    assert (
        merged_child_redirect(
            user=world.practitioner,
            purpose=PURPOSE,
            contactpoint_id=world.duplicate.contactpoint_id,
        )
        is None
    )
