"""The shielding admin: read-only, for operations staff, and never a child's hidden details or the
free text around an order (a justification, a message, a team's notes can hold them)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from shielding import services
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from tests.factories import UserFactory
from tests.shielding.conftest import PURPOSE, hidden_values_in

pytestmark = pytest.mark.django_db
SHIELDING_MODELS = [ShieldingOrder, ContactRequest, EmergencyOverride, OverrideReview]
FREE_TEXT = (
    "Mother and child fled to a refuge.",  # the order's justification
    "Please ask Ngozi to call me.",  # a practitioner's message
    "Called the carer on 07700900456.",  # the team's notes
    "Child missing from 27 Hollybush Lane.",  # an override's reason
    "Justified: police confirmed.",  # the review's notes
)


def changelist(model) -> str:
    return reverse(f"admin:shielding_{model._meta.model_name}_changelist")


def change_page(obj) -> str:
    return reverse(f"admin:shielding_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def everything(shielded_child, practitioner, protector, leeds_manager):
    contact_request = services.contact_request_make(
        child=shielded_child, by=practitioner, purpose=PURPOSE, message=FREE_TEXT[1]
    )
    services.contact_request_act(
        contact_request=contact_request, by=leeds_manager, notes=FREE_TEXT[2]
    )
    emergency_override = services.override_make(
        child=shielded_child, by=protector, purpose=PURPOSE, reason=FREE_TEXT[3]
    )
    services.override_review_record(
        review=emergency_override.review,
        by=leeds_manager,
        outcome=OverrideReview.Outcome.JUSTIFIED,
        notes=FREE_TEXT[4],
    )
    return [
        ShieldingOrder.objects.get(child=shielded_child),
        contact_request,
        emergency_override,
        emergency_override.review,
    ]


@pytest.fixture
def operations_client(verified_client):
    return verified_client(UserFactory(role=Role.OPERATIONS))


def test_operations_see_which_children_and_when_but_nothing_hidden(
    operations_client, everything, shielded_child
):
    for obj in everything:
        for url in (changelist(type(obj)), change_page(obj)):
            response = operations_client.get(url)
            body = response.content.decode()
            assert response.status_code == 200, url
            assert shielded_child.display_id in body, url
            assert hidden_values_in(body) == [], url
            assert [text for text in FREE_TEXT if text in body] == [], url
    orders = operations_client.get(changelist(ShieldingOrder)).content.decode()
    assert "Fleeing abuse" in orders


def test_an_id_lookup_narrows_the_list(operations_client, everything, shielded_child):
    found = operations_client.get(changelist(ShieldingOrder), {"q": shielded_child.display_id})
    assert shielded_child.display_id in found.content.decode()
    nothing = operations_client.get(changelist(ShieldingOrder), {"q": "1234"})
    assert shielded_child.display_id not in nothing.content.decode()


@pytest.mark.parametrize("model", SHIELDING_MODELS, ids=lambda model: model.__name__)
def test_nothing_is_added_changed_or_deleted_in_the_admin(operations_client, everything, model):
    obj = next(obj for obj in everything if isinstance(obj, model))
    add_url = reverse(f"admin:shielding_{model._meta.model_name}_add")
    delete_url = reverse(f"admin:shielding_{model._meta.model_name}_delete", args=[obj.pk])
    assert operations_client.get(add_url).status_code == 403
    assert operations_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert operations_client.post(change_page(obj), {}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_management_team_cannot_use_the_admin_even_if_made_staff(
    client_for, everything, leeds_manager, bradford_manager
):
    for manager in (leeds_manager, bradford_manager):
        manager.is_staff = True
        manager.save(update_fields=["is_staff"])
        client = client_for(manager)
        index = client.get(reverse("admin:index")).content.decode()
        assert "Shielding order" not in index
        for obj in everything:
            assert client.get(changelist(type(obj))).status_code == 403
            assert client.get(change_page(obj)).status_code == 403


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.LA_MANAGEMENT])
def test_roles_outside_the_admin_are_sent_to_sign_in(verified_client, role):
    response = verified_client(UserFactory(role=role)).get(changelist(ShieldingOrder))
    assert response.status_code == 302
