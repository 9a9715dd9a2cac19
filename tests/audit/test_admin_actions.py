"""Admin actions on child data are access events: every add, change and delete made in the admin on
a registry, shielding or ingest row, and every admin page that shows a child's rows, names the
user, the model, the rows' keys and the children, and never a field's value."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.roles import Role
from audit.admin_actions import AdminActionAudit
from audit.models import AccessEvent
from ingest.models import Feed, TrustedField
from registry.models import LocalAuthority, PostcodeDistrict
from shielding.models import OverrideReview
from tests.factories import AddressFactory, ChildFactory, LocalAuthorityFactory, UserFactory
from tests.shielding.shielded_world import shielded_world_build

pytestmark = pytest.mark.django_db
# A value typed into an admin form: it must not reach the event.
TYPED = "Quillmarker Borough Council"


def admin_events() -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(kind=AccessEvent.Kind.ADMIN_ACTION).order_by("pk"))


def event_text(event: AccessEvent) -> str:
    return f"{event.criteria} {event.details}"


@pytest.fixture
def operator():
    return UserFactory(role=Role.OPERATIONS)


@pytest.fixture
def operations_client(client_for, operator):
    return client_for(operator)


@pytest.fixture
def superuser():
    return UserFactory(role=Role.OPERATIONS, is_superuser=True)


def test_every_admin_of_the_three_apps_records_and_no_other_does():
    for model, model_admin in admin.site._registry.items():
        audited = model._meta.app_label in {"registry", "shielding", "ingest"}
        assert isinstance(model_admin, AdminActionAudit) == audited, model


def test_an_addition_is_recorded_without_what_was_typed(operations_client, operator):
    response = operations_client.post(
        reverse("admin:registry_localauthority_add"), {"code": "971", "name": TYPED}
    )

    assert response.status_code == 302
    authority = LocalAuthority.objects.get(code="971")
    (event,) = admin_events()
    assert event.user == operator
    assert event.details == {
        "model": "registry.localauthority",
        "action": "add",
        "object": str(authority.pk),
    }
    assert event.child_ids == [] and TYPED not in event_text(event)


def test_a_change_is_recorded_without_the_values(operations_client, operator):
    feed = Feed.objects.create(
        code="school-census", name="School census", scope=Feed.Scope.NATIONAL
    )
    response = operations_client.post(
        reverse("admin:ingest_feed_change", args=[feed.pk]),
        {
            "auto_match_threshold": "23.5",
            "review_threshold": "-4",
            "shield_guard_threshold": "-10",
            "trusted_fields": [TrustedField.SCHOOL],
        },
    )

    assert response.status_code == 302
    (event,) = admin_events()
    assert (event.user, event.details) == (
        operator,
        {"model": "ingest.feed", "action": "change", "object": str(feed.pk)},
    )
    assert "23.5" not in event_text(event)


def test_a_deletion_is_recorded_in_its_transaction(client_for, superuser):
    district = PostcodeDistrict.objects.create(
        outward_code="ZQ9", local_authority=LocalAuthorityFactory()
    )
    client = client_for(superuser)
    response = client.post(
        reverse("admin:registry_postcodedistrict_delete", args=[district.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not PostcodeDistrict.objects.filter(pk=district.pk).exists()
    (event,) = admin_events()
    assert event.details == {
        "model": "registry.postcodedistrict",
        "action": "delete",
        "object": str(district.pk),
    }
    assert "ZQ9" not in event_text(event)


def test_a_deletion_of_several_rows_by_an_admin_action_is_one_event(client_for, superuser):
    authority = LocalAuthorityFactory()
    districts = [
        PostcodeDistrict.objects.create(outward_code=code, local_authority=authority)
        for code in ("ZQ7", "ZQ8")
    ]
    client = client_for(superuser)
    response = client.post(
        reverse("admin:registry_postcodedistrict_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [district.pk for district in districts],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not PostcodeDistrict.objects.exists()
    (event,) = admin_events()
    assert event.details["action"] == "delete"
    assert sorted(event.details["objects"]) == sorted(str(district.pk) for district in districts)


def test_opening_a_childs_rows_is_a_read_of_that_child(operations_client, operator):
    address = AddressFactory(line_1="9 Quillmarker Row")
    child = address.child

    for url in (
        reverse("admin:registry_child_change", args=[child.pk]),
        reverse("admin:registry_address_change", args=[address.pk]),
    ):
        assert operations_client.get(url).status_code == 200

    child_view, address_view = admin_events()
    assert child_view.details == {
        "model": "registry.child",
        "action": "view",
        "object": str(child.pk),
    }
    assert address_view.details == {
        "model": "registry.address",
        "action": "view",
        "object": str(address.pk),
    }
    assert child_view.child_ids == address_view.child_ids == [child.pk]
    assert {child_view.user, address_view.user} == {operator}
    assert "Quillmarker" not in event_text(address_view)


def test_a_childs_admin_history_page_is_a_read_of_that_child(operations_client):
    child = ChildFactory()
    response = operations_client.get(reverse("admin:registry_child_history", args=[child.pk]))

    assert response.status_code == 200
    (event,) = admin_events()
    assert event.details == {
        "model": "registry.child",
        "action": "history",
        "object": str(child.pk),
    }
    assert event.child_ids == [child.pk]


def test_looking_a_child_up_in_a_list_is_a_read_and_an_empty_list_is_not(operations_client):
    child = ChildFactory()
    AddressFactory(child=child)
    ChildFactory()  # another child, never shown

    operations_client.get(reverse("admin:registry_address_changelist"))
    assert admin_events() == []

    operations_client.get(reverse("admin:registry_address_changelist"), {"q": child.display_id})
    (event,) = admin_events()
    assert event.details["action"] == "list" and event.details["model"] == "registry.address"
    assert event.child_ids == [child.pk]
    assert event.criteria == {"search": child.display_id}


def test_reference_rows_are_not_reads_of_a_child(operations_client):
    authority = LocalAuthorityFactory()
    operations_client.get(reverse("admin:registry_localauthority_change", args=[authority.pk]))
    operations_client.get(reverse("admin:registry_localauthority_changelist"))
    assert admin_events() == []


def test_a_shielding_row_is_a_read_of_its_child_even_through_another_row(operations_client):
    world = shielded_world_build()
    review = OverrideReview.objects.get(override__child=world.child)
    operations_client.get(reverse("admin:shielding_overridereview_change", args=[review.pk]))

    (event,) = admin_events()
    assert event.child_ids == [world.child.pk]
    assert event.details == {
        "model": "shielding.overridereview",
        "action": "view",
        "object": str(review.pk),
    }


def test_a_refused_page_records_nothing(client_for):
    child = ChildFactory()
    practitioner_staff = UserFactory(role=Role.PRACTITIONER, is_staff=True)
    response = client_for(practitioner_staff).get(
        reverse("admin:registry_child_change", args=[child.pk])
    )
    assert response.status_code == 403
    assert admin_events() == []


def test_a_record_read_outside_the_admin_is_not_an_admin_action(client_for):
    child = ChildFactory()
    protector = UserFactory(role=Role.CHILD_PROTECTION)
    response = client_for(protector).get(
        f"/children/{child.contactpoint_id}/?purpose=child_protection"
    )
    assert response.status_code == 200
    assert admin_events() == []
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW).exists()
