"""The API: the same rules as the pages, with tokens only for users who prove a second factor."""

import datetime

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AccessEvent
from tests.factories import TEST_PASSWORD, ChildFactory

pytestmark = pytest.mark.django_db
AMELIA = {
    "purpose": "child_protection",
    "given_names": "Amelia",
    "family_name": "O'Neil",
    "date_of_birth": "2016-03-09",
}


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()


@pytest.fixture
def api(practitioner):
    client = APIClient()
    client.force_authenticate(user=practitioner, token=Token.objects.create(user=practitioner))
    return client


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_api_needs_authentication(amelia):
    response = APIClient().post("/api/v1/search/", AMELIA, format="json")
    assert response.status_code in (401, 403)


def test_a_token_needs_a_confirmed_second_factor(practitioner, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after a wrong one
    client = APIClient()
    body = {"username": practitioner.username, "password": TEST_PASSWORD, "otp_token": "123456"}
    assert client.post("/api/v1/token/", body, format="json").status_code == 400

    device = TOTPDevice.objects.create(user=practitioner, name="app", confirmed=True)
    wrong = client.post("/api/v1/token/", {**body, "otp_token": "000000"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {"non_field_errors": ["Enter a correct username, password and code."]}

    right = client.post(
        "/api/v1/token/", {**body, "otp_token": current_code(device)}, format="json"
    )
    assert right.status_code == 200
    token = right.json()["token"]
    search = APIClient(HTTP_AUTHORIZATION=f"Token {token}").post(
        "/api/v1/search/", AMELIA, format="json"
    )
    assert search.status_code == 200


def test_search_finds_a_typo_and_is_recorded(api, amelia, practitioner):
    response = api.post("/api/v1/search/", AMELIA, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["too_many"] is False
    assert body["results"][0]["child"]["contactpoint_id"] == amelia.display_id
    assert body["results"][0]["band"] in {"strong", "possible"}
    assert AccessEvent.objects.get().purpose == "child_protection"


def test_search_needs_a_purpose_and_enough_criteria(api, amelia):
    no_purpose = api.post("/api/v1/search/", {**AMELIA, "purpose": ""}, format="json")
    assert no_purpose.status_code == 400 and "purpose" in no_purpose.json()
    thin = api.post(
        "/api/v1/search/", {"purpose": "health", "given_names": "Amelia"}, format="json"
    )
    assert thin.status_code == 400
    assert "date of birth" in str(thin.json()).lower()


def test_search_is_capped_and_never_paged(api):
    for _ in range(21):
        ChildFactory(
            given_names="Oliver", family_name="Smith", date_of_birth=datetime.date(2015, 5, 1)
        )
    body = api.post(
        "/api/v1/search/",
        {
            "purpose": "health",
            "given_names": "Oliver",
            "family_name": "Smith",
            "date_of_birth": "2015",
        },
        format="json",
    ).json()
    assert body == {"results": [], "too_many": True}


def test_the_record_needs_a_purpose_and_shows_every_section(api, amelia):
    url = f"/api/v1/children/{amelia.contactpoint_id}/"
    assert api.get(url).status_code == 400
    body = api.get(url, {"purpose": "health"}).json()
    assert body["child"]["given_names"] == "Amelia Rose"
    assert body["addresses"][0]["postcode"] == "LS6 2AB"
    assert body["carers"][0]["given_names"] == "Siobhan"
    assert set(body) >= {"settings", "gp_practices", "services", "identifiers"}


def test_hidden_and_missing_children_are_the_same_404(api, amelia):
    missing = ChildFactory.build().contactpoint_id
    response = api.get(f"/api/v1/children/{missing}/", {"purpose": "health"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_involvement_is_recorded_and_ended_through_the_api(api, amelia):
    created = api.post(
        f"/api/v1/children/{amelia.contactpoint_id}/involvements/",
        {
            "purpose": "health",
            "kind": "school_nursing",
            "role": "School nurse",
            "started_on": "2026-01-06",
            "assessment_under_way": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    involvement_id = created.json()["id"]
    ended = api.post(
        f"/api/v1/involvements/{involvement_id}/end/",
        {"purpose": "health", "ended_on": "2026-11-20"},
        format="json",
    )
    assert ended.status_code == 200
    assert ended.json()["ended_on"] == "2026-11-20"
    again = api.post(
        f"/api/v1/involvements/{involvement_id}/end/",
        {"purpose": "health", "ended_on": "2026-11-21"},
        format="json",
    )
    assert again.status_code == 404


def test_a_sensitive_service_without_consent_is_refused(api, amelia):
    response = api.post(
        f"/api/v1/children/{amelia.contactpoint_id}/involvements/",
        {"purpose": "health", "kind": "sexual_health", "role": "Nurse", "started_on": "2026-01-06"},
        format="json",
    )
    assert response.status_code == 400


def test_search_is_throttled(api, amelia, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "search": "3/minute"},
    }
    statuses = [api.post("/api/v1/search/", AMELIA, format="json").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = AccessEvent.objects.filter(kind=AccessEvent.Kind.THROTTLED)
    assert (
        list(refused.values_list("details", flat=True))
        == [{"scope": "search", "view": "api:search"}] * 2
    )


def test_the_schema_and_its_docs_are_served(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/search/" in schema.json()["paths"]


def test_the_docs_page_is_served(client_for, practitioner):
    response = client_for(practitioner).get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_disabling_a_user_revokes_their_tokens(practitioner, amelia):
    from accounts.services import user_disable

    token = Token.objects.create(user=practitioner).key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/search/", AMELIA, format="json").status_code == 200
    user_disable(user=practitioner, by=None)
    assert not Token.objects.filter(user=practitioner).exists()
    assert client.post("/api/v1/search/", AMELIA, format="json").status_code in (401, 403)
