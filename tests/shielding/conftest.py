"""Shared scenery for the shielding pages and services: two authorities with a management team
each, a practitioner and a child-protection officer, and one Leeds child shielded by Leeds.

The shielded child's contact rows are written before the order, as a feed would have: once it is
shielded, only a scope that may see them can write them.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from registry.models import ServiceInvolvement
from registry.purposes import AccessPurpose
from shielding.clearance import management_team_join
from shielding.models import ShieldingOrder
from shielding.services import shield_create
from tests.factories import (
    AddressFactory,
    CarerFactory,
    ChildFactory,
    ExternalIdentifierFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)

# Every hidden value of the shielded child: none may reach a reader who is not cleared.
HIDDEN_VALUES = (
    "27 Hollybush Lane",
    "Kirkstall",
    "LS5 3BT",
    "Ngozi",
    "Okonkwo-Hart",
    "07700900456",
    "9434765870",
    "Imogen Sable",
    "Kirkstall Family Hub",
)
PURPOSE = AccessPurpose.CHILD_PROTECTION


def team_member(authority, **fields):
    """A member of the authority's management team."""
    user = UserFactory(
        role=Role.LA_MANAGEMENT,
        organisation=OrganisationFactory(local_authority=authority),
        **fields,
    )
    management_team_join(user=user)
    return user


def record_url(child, purpose: str = PURPOSE) -> str:
    return f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={purpose}"


def hidden_values_in(text: str) -> list[str]:
    return [value for value in HIDDEN_VALUES if value in text]


@pytest.fixture
def leeds():
    return LocalAuthorityFactory(code="383", name="Leeds")


@pytest.fixture
def bradford():
    return LocalAuthorityFactory(code="380", name="Bradford")


@pytest.fixture
def leeds_manager(leeds):
    return team_member(leeds, first_name="Lena", last_name="Manager", email="lena@leeds.example")


@pytest.fixture
def bradford_manager(bradford):
    return team_member(bradford, first_name="Brian", last_name="Manager")


@pytest.fixture
def practitioner(leeds):
    return UserFactory(
        role=Role.PRACTITIONER,
        organisation=OrganisationFactory(local_authority=leeds),
        first_name="Pat",
        last_name="Visitor",
    )


@pytest.fixture
def protector():
    return UserFactory(role=Role.CHILD_PROTECTION, first_name="Chris", last_name="Protector")


@pytest.fixture
def unshielded_child(leeds):
    return ChildFactory(
        given_names="Ruby", family_name="Ellison", responsible_local_authority=leeds
    )


@pytest.fixture
def shielded_child(leeds, leeds_manager):
    child = ChildFactory(
        given_names="Zara",
        family_name="Whitfield",
        date_of_birth=datetime.date(2014, 6, 2),
        responsible_local_authority=leeds,
    )
    AddressFactory(child=child, line_1="27 Hollybush Lane", town="Kirkstall", postcode="LS5 3BT")
    CarerFactory(child=child, given_names="Ngozi", family_name="Okonkwo-Hart", phone="07700900456")
    ExternalIdentifierFactory(child=child, value="9434765870")
    ServiceInvolvement.objects.create(
        child=child,
        kind=ServiceInvolvement.Kind.EARLY_HELP,
        practitioner_name="Imogen Sable",
        organisation="Kirkstall Family Hub",
        role="Family support worker",
        started_on=datetime.date(2025, 9, 1),
    )
    shield_create(
        child=child,
        by=leeds_manager,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="Mother and child fled to a refuge.",
        review_due_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    return child
