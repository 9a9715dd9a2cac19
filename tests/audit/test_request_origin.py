"""Every audit event written during a request carries the request's ID, address and user agent,
and the response names the same ID."""

import datetime

import pytest

from accounts.roles import Role
from audit.models import AccessEvent
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/search/"
AMELIA_SEARCH = {
    "purpose": "child_protection",
    "given_names": "Amelia",
    "family_name": "O'Neill",
    "dob_day": "9",
    "dob_month": "3",
    "dob_year": "2016",
}


@pytest.fixture
def signed_in(client_for):
    ChildFactory(
        given_names="Amelia", family_name="O'Neill", date_of_birth=datetime.date(2016, 3, 9)
    )
    return client_for(UserFactory(role=Role.PRACTITIONER))


def test_a_search_event_carries_the_request_id_address_and_user_agent(signed_in):
    response = signed_in.post(
        SEARCH, AMELIA_SEARCH, HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="192.0.2.7"
    )
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SEARCH)
    assert len(event.request_id) == 32
    assert response["X-Request-ID"] == event.request_id
    assert (event.ip_address, event.user_agent) == ("192.0.2.7", "Firefox/140")


def test_a_trusted_proxys_request_id_and_client_address_are_kept(signed_in, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = signed_in.post(
        SEARCH,
        AMELIA_SEARCH,
        HTTP_X_REQUEST_ID="proxy-req-0001",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        REMOTE_ADDR="10.0.0.2",
    )
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SEARCH)
    assert (event.request_id, event.ip_address) == ("proxy-req-0001", "203.0.113.9")
    assert response["X-Request-ID"] == "proxy-req-0001"


def test_a_clients_own_request_id_is_not_believed(signed_in):
    response = signed_in.post(SEARCH, AMELIA_SEARCH, HTTP_X_REQUEST_ID="client-chosen-id")
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SEARCH)
    assert event.request_id != "client-chosen-id"
    assert response["X-Request-ID"] == event.request_id
