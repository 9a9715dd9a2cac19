"""Every URL needs a verified second factor, the admin and the API included."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.middleware import SecondFactorRequiredMiddleware
from accounts.roles import Role
from tests.factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified_client(client):
    user = UserFactory(role=Role.OPERATIONS)
    TOTPDeviceFactory(user=user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/", "/admin/", "/admin/registry/child/", "/no-such-page/"])
def test_an_unverified_user_is_sent_to_the_second_factor(unverified_client, path):
    response = unverified_client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/verify/?next={path}"


def test_an_unverified_user_without_a_device_is_sent_to_enrol(client):
    client.force_login(UserFactory())
    assert client.get("/").headers["Location"].startswith("/accounts/enrol/")


def test_the_api_answers_an_unverified_user_with_403_json(unverified_client):
    response = unverified_client.get("/api/v1/children/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "second factor" in json.loads(response.content)["detail"]


@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/accounts/verify/"])
def test_the_sign_in_pages_stay_open_to_an_unverified_user(unverified_client, path):
    assert unverified_client.get(path).status_code == 200


def test_an_unverified_user_can_sign_out(unverified_client):
    response = unverified_client.post("/accounts/sign-out/")
    assert response["Location"] == "/accounts/sign-in/"
    assert "_auth_user_id" not in unverified_client.session


def test_a_request_without_a_session_user_is_left_to_the_view():
    """API calls with a token are authenticated later, by the API; the middleware lets them by."""
    request = RequestFactory().get("/api/v1/children/", HTTP_AUTHORIZATION="Token abc")
    request.user = AnonymousUser()
    middleware = SecondFactorRequiredMiddleware(lambda request: HttpResponse("reached"))
    assert middleware(request).content == b"reached"


def test_the_admin_sign_in_page_sends_to_the_project_sign_in(client):
    response = client.get("/admin/login/?next=/admin/registry/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/admin/registry/"


def test_a_verified_operations_user_reaches_the_admin(verified_client):
    client = verified_client(UserFactory(role=Role.OPERATIONS))
    assert client.get("/admin/").status_code == 200


def test_a_verified_user_without_admin_access_is_refused_not_asked_to_sign_in(verified_client):
    client = verified_client(UserFactory(role=Role.PRACTITIONER))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
