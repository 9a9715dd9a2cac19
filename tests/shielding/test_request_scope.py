"""A request's transaction carries its user's clearance, so the database shows a management team
its own shielded children's data, and an emergency override its one child's."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from registry.models import Address
from registry.purposes import AccessPurpose
from registry.records import child_record_get
from shielding.database_scope import matching_scope, override_scope
from shielding.models import EmergencyOverride
from tests.factories import ChildFactory, LocalAuthorityFactory, OrganisationFactory, UserFactory
from tests.shielding.hidden_rows import hidden_rows_create, manager_of, shielding_order_make

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.CHILD_PROTECTION


@pytest.fixture
def manager():
    return manager_of(LocalAuthorityFactory())


@pytest.fixture
def shielded_child(manager):
    child = ChildFactory(responsible_local_authority=manager.local_authority)
    hidden_rows_create(child, number=1)
    shielding_order_make(child=child, by=manager)
    return child


@pytest.fixture
def address_line(shielded_child) -> str:
    with matching_scope():
        return Address.unscoped_objects.get(child=shielded_child).line_1


def record_page(client, child) -> str:
    url = f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={PURPOSE}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_sees_its_own_shielded_childs_address(
    verified_client, manager, shielded_child, address_line
):
    assert address_line in record_page(verified_client(manager), shielded_child)


def test_a_practitioner_does_not(verified_client, manager, shielded_child, address_line):
    practitioner = UserFactory(
        organisation=OrganisationFactory(local_authority=manager.local_authority)
    )
    body = record_page(verified_client(practitioner), shielded_child)
    assert address_line not in body
    assert 'id="brokered-contact"' in body


def test_without_the_request_scope_the_database_hides_the_rows_even_from_the_team(
    verified_client, manager, shielded_child, address_line, settings
):
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "shielding.middleware.DatabaseScopeMiddleware"
    ]
    body = record_page(verified_client(manager), shielded_child)
    assert address_line not in body
    assert "No address recorded." in body


def test_a_token_user_of_the_api_gets_their_clearance_too(manager, shielded_child, address_line):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")
    url = f"/api/v1/children/{shielded_child.contactpoint_id}/?purpose={PURPOSE}"
    response = api.get(url)
    assert response.status_code == 200
    assert address_line in response.content.decode()


def test_an_override_shows_its_child_inside_its_scope(shielded_child, address_line):
    practitioner = UserFactory(role=Role.CHILD_PROTECTION)
    override = EmergencyOverride.objects.create(
        child=shielded_child, user=practitioner, purpose=PURPOSE, reason="Missing overnight."
    )

    def record():
        return child_record_get(
            user=practitioner,
            purpose=PURPOSE,
            contactpoint_id=shielded_child.contactpoint_id,
            override=override,
        )

    with override_scope(override.child_id):
        opened = record()
    assert opened.redaction is None
    assert [address.line_1 for address in opened.addresses] == [address_line]
    assert len(opened.carers) == len(opened.identifiers) == len(opened.involvements) == 1
    # Outside the override's scope the code would show the record, but the database holds it back.
    assert record().addresses == []
