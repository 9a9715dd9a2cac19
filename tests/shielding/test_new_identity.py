"""A new identity (adoption, witness protection): who may make one, what happens to the old and the
new record, and that nothing written at the time joins the two, in the audit trail, the change
history or the database, where the identity link is readable only on the management path and by
the matcher."""

import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, connection, transaction
from django.test import TestCase

from accounts.roles import Role
from audit.models import AccessEvent
from registry.contactpoint_id import validate_contactpoint_id
from registry.models import Child
from shielding.database_scope import (
    matching_scope,
    override_scope,
    shield_management_scope,
    user_scope,
)
from shielding.models import IdentityLink, ShieldingOrder
from shielding.new_identity import SEALED_SHIELD_JUSTIFICATION, new_identity_make
from tests.factories import ChildFactory, UserFactory
from tests.shielding.hidden_rows import HIDDEN_MODELS, hidden_rows_create
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
NEW_IDENTITY = {"given_names": "Maisie", "family_name": "Harrowfield", "gender": "F"}
JUSTIFICATION = "Placed for adoption by order of the family court."


def make(child, by, **overrides) -> Child:
    values = {
        **NEW_IDENTITY,
        "date_of_birth": child.date_of_birth,
        "reason": ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        "justification": JUSTIFICATION,
        "review_due_on": TODAY + datetime.timedelta(days=180),
        **overrides,
    }
    return new_identity_make(child=child, by=by, **values)


def fresh(child) -> Child:
    return Child.unscoped_objects.get(pk=child.pk)


def hidden_row_counts(child) -> dict[str, int]:
    with transaction.atomic(), matching_scope():
        return {
            model.__name__: model.unscoped_objects.filter(child=child).count()
            for model in HIDDEN_MODELS
        }


@pytest.fixture
def unshielded_birth(leeds):
    child = ChildFactory(
        given_names="Ruby", family_name="Ellison", responsible_local_authority=leeds
    )
    hidden_rows_create(child, number=7)
    return child


# The old record and the new one


def test_the_old_record_is_sealed_with_all_it_held_and_the_new_one_holds_none_of_it(
    shielded_child, leeds_manager
):
    order_before = ShieldingOrder.objects.get(child=shielded_child, active=True)
    held_before = hidden_row_counts(shielded_child)

    new = make(shielded_child, leeds_manager)

    old = fresh(shielded_child)
    assert old.status == Child.Status.SEALED and old.sealed_at is not None
    assert (old.given_names, old.family_name) == ("Zara", "Whitfield")
    assert hidden_row_counts(old) == held_before
    assert ShieldingOrder.objects.get(child=old, active=True) == order_before
    new = fresh(new)
    validate_contactpoint_id(new.contactpoint_id)
    assert new.contactpoint_id != old.contactpoint_id
    assert (new.given_names, new.family_name, new.gender) == ("Maisie", "Harrowfield", "F")
    assert new.date_of_birth == old.date_of_birth
    assert new.responsible_local_authority_id == old.responsible_local_authority_id
    assert new.status == Child.Status.ACTIVE
    assert set(hidden_row_counts(new).values()) == {0}


def test_the_new_identity_is_shielded_by_the_team_and_an_unshielded_old_record_is_shielded_too(
    unshielded_birth, leeds_manager
):
    new = make(unshielded_birth, leeds_manager, reason=ShieldingOrder.Reason.WITNESS_PROTECTION)

    new_order = ShieldingOrder.objects.get(child=new, active=True)
    assert (new_order.reason, new_order.justification) == ("witness_protection", JUSTIFICATION)
    assert new_order.made_by == leeds_manager
    assert new_order.local_authority_id == new.responsible_local_authority_id
    sealed_order = ShieldingOrder.objects.get(child=unshielded_birth, active=True)
    assert sealed_order.justification == SEALED_SHIELD_JUSTIFICATION
    assert sealed_order.reason == "witness_protection"


def test_a_new_identity_placed_in_another_authority_is_that_teams_and_it_is_told(
    unshielded_birth, leeds_manager, bradford, bradford_manager
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        new = make(unshielded_birth, leeds_manager, responsible_local_authority=bradford)

    assert new.responsible_local_authority == bradford
    assert ShieldingOrder.objects.get(child=new, active=True).local_authority == bradford
    [message] = mail.outbox
    assert message.to == [bradford_manager.email]
    text = message.subject + message.body
    assert new.display_id in text and "Bradford" in text
    for old_identity in ("Ruby", "Ellison", unshielded_birth.display_id, "new identity"):
        assert old_identity not in text


def test_nobody_is_emailed_when_the_new_identity_stays_in_the_same_authority(
    unshielded_birth, leeds_manager, bradford_manager
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        make(unshielded_birth, leeds_manager)
    assert mail.outbox == []


# Who may, and when


@pytest.mark.parametrize("maker", ["practitioner", "bradford_manager", "not_in_team", "auditor"])
def test_only_the_childs_own_management_team_may_make_a_new_identity(
    maker, unshielded_birth, leeds, request
):
    others = {
        "not_in_team": lambda: management_team_user_create(leeds, join=False),
        "auditor": lambda: UserFactory(role=Role.AUDITOR),
    }
    user = others[maker]() if maker in others else request.getfixturevalue(maker)
    children = Child.unscoped_objects.count()
    with pytest.raises(PermissionDenied):
        make(unshielded_birth, user)
    assert fresh(unshielded_birth).status == Child.Status.ACTIVE
    assert Child.unscoped_objects.count() == children


@pytest.mark.parametrize("status", ["deceased", "sealed", "merged", "archived"])
def test_only_an_active_record_is_given_a_new_identity(status, unshielded_birth, leeds_manager):
    Child.unscoped_objects.filter(pk=unshielded_birth.pk).update(status=status)
    with pytest.raises(ValidationError, match="Only an active record"):
        make(unshielded_birth, leeds_manager)
    assert not IdentityLink.objects.exists()


@pytest.mark.parametrize(
    "names",
    [
        {"given_names": "Zara", "family_name": "Whitfield"},
        {"given_names": "Zara", "family_name": "Whitfeld"},
        {"given_names": "Zarah Maisie", "family_name": "Whitfield"},
    ],
)
def test_names_a_search_by_the_birth_identity_would_find_are_refused(
    names, shielded_child, leeds_manager
):
    with pytest.raises(ValidationError) as refused:
        make(shielded_child, leeds_manager, **names)
    assert "family_name" in refused.value.message_dict
    assert fresh(shielded_child).status == Child.Status.ACTIVE


def test_the_given_names_and_date_of_birth_may_be_kept(shielded_child, leeds_manager):
    new = make(shielded_child, leeds_manager, given_names="Zara", family_name="Pemberton")
    assert (new.given_names, new.date_of_birth) == ("Zara", shielded_child.date_of_birth)


@pytest.mark.parametrize(
    "justification",
    [
        "Zara Whitfield is placed for adoption.",
        "The Whitfield family must not trace her.",
        "Sealed record {display_id} is her birth record.",
        "Old ID {digits}.",
    ],
)
def test_a_justification_that_names_the_old_identity_is_refused(
    justification, shielded_child, leeds_manager
):
    text = justification.format(
        display_id=shielded_child.display_id, digits=shielded_child.contactpoint_id
    )
    with pytest.raises(ValidationError) as refused:
        make(shielded_child, leeds_manager, justification=text)
    assert "justification" in refused.value.message_dict


def test_a_justification_may_use_a_name_the_new_identity_keeps(shielded_child, leeds_manager):
    new = make(
        shielded_child,
        leeds_manager,
        given_names="Zara",
        family_name="Pemberton",
        justification="Zara is placed with the Pemberton family.",
    )
    assert ShieldingOrder.objects.get(child=new, active=True).justification.startswith("Zara")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": TODAY + datetime.timedelta(days=1)}, "date_of_birth"),
        ({"review_due_on": TODAY}, "review_due_on"),
        ({"reason": "a new start"}, "reason"),
        ({"justification": "  "}, "justification"),
        ({"given_names": " "}, "given_names"),
    ],
)
def test_an_incomplete_new_identity_changes_nothing(
    overrides, field, unshielded_birth, leeds_manager
):
    with pytest.raises(ValidationError) as refused:
        make(unshielded_birth, leeds_manager, **overrides)
    assert field in refused.value.message_dict
    assert fresh(unshielded_birth).status == Child.Status.ACTIVE
    assert not ShieldingOrder.objects.filter(child=unshielded_birth).exists()


# Nothing joins the two records


def test_the_audit_trail_names_the_sealed_record_alone(shielded_child, leeds_manager):
    new = make(shielded_child, leeds_manager)

    sealed_event = AccessEvent.objects.get(kind=AccessEvent.Kind.RECORD_SEALED)
    assert sealed_event.child_ids == [shielded_child.pk]
    assert sealed_event.user == leeds_manager
    assert sealed_event.details == {}
    assert not AccessEvent.objects.filter(child_ids__contains=[new.pk]).exists()


def test_the_change_history_has_the_sealing_and_nothing_of_the_new_record_or_the_link(
    unshielded_birth, leeds_manager
):
    new = make(unshielded_birth, leeds_manager)

    child_type = ContentType.objects.get_for_model(Child)
    sealing = LogEntry.objects.get(
        content_type=child_type, object_id=unshielded_birth.pk, action=LogEntry.Action.UPDATE
    )
    assert sealing.changes["status"] == ["active", "sealed"]
    assert not LogEntry.objects.filter(content_type=child_type, object_id=new.pk).exists()
    new_order = ShieldingOrder.objects.get(child=new)
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ShieldingOrder), object_id=new_order.pk
    ).exists()
    link_type = ContentType.objects.get_for_model(IdentityLink)
    assert not LogEntry.objects.filter(content_type=link_type).exists()
    assert all(new.contactpoint_id not in str(entry.changes) for entry in LogEntry.objects.all())


def test_the_link_is_never_recorded_in_the_change_history_however_it_is_written(leeds_manager):
    sealed, new = ChildFactory(), ChildFactory()
    with transaction.atomic(), shield_management_scope():
        IdentityLink.objects.create(sealed_child=sealed, new_child=new, made_by=leeds_manager)
        IdentityLink.objects.filter(sealed_child=sealed).delete()
    assert not auditlog.contains(IdentityLink)
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(IdentityLink)
    ).exists()


# The link, in the database


@pytest.fixture
def link(shielded_child, leeds_manager):
    new = make(shielded_child, leeds_manager)
    with transaction.atomic(), shield_management_scope():
        return IdentityLink.objects.get(sealed_child=shielded_child, new_child=new)


def links_seen(scope) -> int:
    with transaction.atomic(), scope:
        return IdentityLink.objects.count()


def test_the_link_is_read_only_on_the_management_path_and_by_the_matcher(link, leeds_manager):
    assert (link.made_by, link.reason) == (leeds_manager, "adoption_placement")
    assert links_seen(shield_management_scope()) == 1
    assert links_seen(matching_scope()) == 1
    assert links_seen(user_scope(leeds_manager)) == 0
    assert links_seen(override_scope(link.sealed_child_id)) == 0
    assert links_seen(override_scope(link.new_child_id)) == 0
    assert IdentityLink.objects.count() == 0  # no scope at all
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM shielding_identitylink")
        assert cursor.fetchone() == (0,)


@pytest.mark.parametrize("scope", [matching_scope, lambda: override_scope(1)])
def test_a_link_is_written_only_on_the_management_path(scope, leeds_manager):
    sealed, new = ChildFactory(), ChildFactory()
    refused = pytest.raises(ProgrammingError, match="row-level security")
    with refused, transaction.atomic(), scope():
        IdentityLink.objects.create(sealed_child=sealed, new_child=new, made_by=leeds_manager)


def test_a_link_is_never_changed_and_removed_only_on_the_management_path(link):
    with transaction.atomic(), matching_scope():
        assert IdentityLink.objects.filter(pk=link.pk).delete()[0] == 0
    refused = pytest.raises(ProgrammingError, match="permission denied")
    with refused, transaction.atomic(), shield_management_scope():
        IdentityLink.objects.filter(pk=link.pk).update(reason="other_risk")
    assert links_seen(shield_management_scope()) == 1


@pytest.mark.parametrize("end", ["sealed_child", "new_child"])
def test_a_child_deleted_by_retention_takes_its_link_with_it(end, leeds_manager):
    sealed, new = ChildFactory(), ChildFactory()
    with transaction.atomic(), shield_management_scope():
        IdentityLink.objects.create(sealed_child=sealed, new_child=new, made_by=leeds_manager)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    deleted = {"sealed_child": sealed, "new_child": new}[end]

    Child.unscoped_objects.filter(pk=deleted.pk).delete()

    assert links_seen(shield_management_scope()) == 0
