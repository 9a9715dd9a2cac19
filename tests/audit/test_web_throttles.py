"""The pages' searches and record views are throttled per user, in the API's own counters: a user
who uses both gets one allowance, not two. A refusal is a clear 429 page and an audit event."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AccessEvent
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/search/"
BORN = datetime.date(2016, 3, 9)
WEB_SEARCH = {
    "purpose": "child_protection",
    "given_names": "Amelia",
    "family_name": "O'Neill",
    "dob_day": "9",
    "dob_month": "3",
    "dob_year": "2016",
}
API_SEARCH = {
    "purpose": "child_protection",
    "given_names": "Amelia",
    "family_name": "O'Neill",
    "date_of_birth": BORN.isoformat(),
}
# A weekday morning, so that no out-of-hours rule joins in.
WORKING_MORNING = datetime.datetime(2026, 6, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def practitioner():
    return UserFactory(role=Role.PRACTITIONER)


@pytest.fixture
def amelia():
    return ChildFactory(given_names="Amelia", family_name="O'Neill", date_of_birth=BORN)


@pytest.fixture
def signed_in(client_for, practitioner):
    return client_for(practitioner)


@pytest.fixture
def api(practitioner):
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=practitioner).key}")


@pytest.fixture
def tight_limits(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "search": "3/minute", "record": "2/minute"},
    }


def record_url(child) -> str:
    return f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose=child_protection"


def refusals() -> list[dict]:
    throttled = AccessEvent.objects.filter(kind=AccessEvent.Kind.THROTTLED).order_by("pk")
    return list(throttled.values_list("details", flat=True))


def test_the_search_page_is_refused_past_the_limit_with_a_clear_page(
    signed_in, amelia, practitioner, tight_limits
):
    statuses = [signed_in.post(SEARCH, WEB_SEARCH).status_code for _ in range(3)]
    refused = signed_in.post(SEARCH, WEB_SEARCH)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "too many searches" in body and "Try again in" in body
    assert amelia.family_name not in body
    assert refusals() == [{"scope": "search", "view": "portal:search"}]
    assert AccessEvent.objects.get(kind=AccessEvent.Kind.THROTTLED).user == practitioner
    # The refused search was not made, so it is not in the trail as a search.
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SEARCH).count() == 3


def test_the_search_form_itself_is_not_counted(signed_in, tight_limits):
    assert [signed_in.get(SEARCH).status_code for _ in range(5)] == [200] * 5
    assert refusals() == []


def test_the_record_page_is_refused_past_the_limit(signed_in, amelia, tight_limits):
    statuses = [signed_in.get(record_url(amelia)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert refusals() == [{"scope": "record", "view": "portal:child"}]
    # Asking for the purpose first reads nothing, and is not counted.
    purpose_page = signed_in.get(reverse("portal:child", args=[amelia.contactpoint_id]))
    assert purpose_page.status_code == 200


def test_pages_and_api_share_one_allowance(signed_in, api, amelia, tight_limits):
    assert api.post("/api/v1/search/", API_SEARCH, format="json").status_code == 200
    assert signed_in.post(SEARCH, WEB_SEARCH).status_code == 200
    assert api.post("/api/v1/search/", API_SEARCH, format="json").status_code == 200

    assert signed_in.post(SEARCH, WEB_SEARCH).status_code == 429
    assert api.post("/api/v1/search/", API_SEARCH, format="json").status_code == 429
    assert [refusal["scope"] for refusal in refusals()] == ["search", "search"]


def test_each_user_has_an_allowance_of_their_own(client_for, signed_in, amelia, tight_limits):
    for _ in range(3):
        signed_in.post(SEARCH, WEB_SEARCH)
    colleague = client_for(UserFactory(role=Role.PRACTITIONER))
    assert colleague.post(SEARCH, WEB_SEARCH).status_code == 200


def test_the_allowance_comes_back_once_the_minute_has_passed(signed_in, amelia, tight_limits):
    with time_machine.travel(WORKING_MORNING, tick=False) as traveller:
        for _ in range(3):
            signed_in.post(SEARCH, WEB_SEARCH)
        assert signed_in.post(SEARCH, WEB_SEARCH).status_code == 429
        traveller.shift(datetime.timedelta(seconds=61))
        assert signed_in.post(SEARCH, WEB_SEARCH).status_code == 200


def test_the_default_limits_are_the_apis(signed_in, amelia, settings):
    """With the production rates (60 searches a minute), the 61st search in a minute is refused."""
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["search"] == "60/minute"
    with time_machine.travel(WORKING_MORNING, tick=False):
        statuses = [signed_in.post(SEARCH, WEB_SEARCH).status_code for _ in range(61)]
    assert statuses == [200] * 60 + [429]
