"""The registry's admin: read-only over the chokepoint, and a lookup by ID rather than a list to browse."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from registry import models
from tests.factories import AddressFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
CHILD_DATA_MODELS = [
    models.Child,
    models.Address,
    models.Carer,
    models.SettingEnrolment,
    models.GPRegistration,
    models.ServiceInvolvement,
    models.ExternalIdentifier,
]
REFERENCE_MODELS = [
    models.LocalAuthority,
    models.PostcodeDistrict,
    models.EducationalSetting,
    models.GPPractice,
]


@pytest.fixture
def operations_client(verified_client):
    return verified_client(UserFactory(role=Role.OPERATIONS))


def changelist(model):
    return reverse(f"admin:registry_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(
    "model", CHILD_DATA_MODELS + REFERENCE_MODELS, ids=lambda model: model.__name__
)
def test_operations_staff_can_open_every_registry_admin(operations_client, model):
    assert operations_client.get(changelist(model)).status_code == 200


@pytest.mark.parametrize("model", CHILD_DATA_MODELS, ids=lambda model: model.__name__)
def test_child_data_cannot_be_added_in_the_admin(operations_client, model):
    add_url = reverse(f"admin:registry_{model._meta.model_name}_add")
    assert operations_client.get(add_url).status_code == 403


def test_the_child_list_is_empty_until_an_id_is_looked_up(operations_client):
    child = ChildFactory(given_names="Amelia", family_name="Lookup-Only")
    assert b"Lookup-Only" not in operations_client.get(changelist(models.Child)).content

    response = operations_client.get(changelist(models.Child), {"q": child.display_id})
    assert b"Lookup-Only" in response.content

    detail = operations_client.get(reverse("admin:registry_child_change", args=[child.pk]))
    assert detail.status_code == 200
    assert b"Lookup-Only" in detail.content


def test_contact_data_is_found_by_its_childs_id(operations_client):
    address = AddressFactory(line_1="7 Lookup Lane")
    response = operations_client.get(
        changelist(models.Address), {"q": address.child.contactpoint_id}
    )
    assert b"7 Lookup Lane" in response.content
    assert (
        b"7 Lookup Lane"
        not in operations_client.get(changelist(models.Address), {"q": "nonsense"}).content
    )


def test_an_auditor_in_the_admin_may_not_open_child_records(verified_client):
    client = verified_client(UserFactory(role=Role.AUDITOR))
    assert client.get(changelist(models.Child)).status_code == 403


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CHILD_PROTECTION])
def test_roles_that_do_not_work_in_the_admin_are_sent_to_sign_in(verified_client, role):
    client = verified_client(UserFactory(role=role))
    response = client.get(changelist(models.Child))
    assert response.status_code == 302
