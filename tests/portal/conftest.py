import datetime

import pytest

from accounts.roles import Role
from tests.factories import AddressFactory, CarerFactory, ChildFactory, UserFactory


@pytest.fixture
def practitioner():
    return UserFactory(role=Role.PRACTITIONER, first_name="Pat", last_name="Visitor")


@pytest.fixture
def amelia():
    child = ChildFactory(
        given_names="Amelia Rose", family_name="O'Neill", date_of_birth=datetime.date(2016, 3, 9)
    )
    AddressFactory(child=child, line_1="12 Acacia Avenue", town="Leeds", postcode="LS6 2AB")
    CarerFactory(child=child, given_names="Siobhan", family_name="O'Neill")
    return child


@pytest.fixture
def signed_in(client_for, practitioner):
    return client_for(practitioner)
