import datetime

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

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
def client_for():
    """A fresh client signed in as `user`, with a second factor verified (so one test can hold two)."""

    def signed_in_client(user) -> Client:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return signed_in_client


@pytest.fixture
def signed_in(client_for, practitioner):
    return client_for(practitioner)
