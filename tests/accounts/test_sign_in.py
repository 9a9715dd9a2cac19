"""The first step: username and password. It signs the user in, but not yet verified."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from tests.accounts.signing_in import ENROL, SIGN_IN, VERIFY, is_signed_in, password_submit
from tests.factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_served(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert b"Sign in to ContactPoint" in response.content
    assert b'for="id_username"' in response.content
    assert b'for="id_password"' in response.content


def test_pages_need_a_signed_in_user(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_a_wrong_password_gets_a_clear_error_and_no_session(client):
    UserFactory(username="amelia")
    response = password_submit(client, "amelia", "wrong")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert b"<title>Error: " in response.content
    assert "_auth_user_id" not in client.session


def test_after_a_wrong_password_the_username_is_kept_and_the_password_is_not(client):
    UserFactory(username="amelia")
    response = password_submit(client, "amelia", "a-secret-guess")
    assert b'value="amelia"' in response.content
    assert b"a-secret-guess" not in response.content


def test_an_empty_form_says_what_is_missing(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_a_right_password_asks_for_the_code_and_grants_nothing_yet(client):
    user = UserFactory(username="amelia")
    TOTPDeviceFactory(user=user)
    response = password_submit(client, "amelia")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert not is_signed_in(client)


def test_a_user_without_a_device_is_sent_to_enrol(client):
    UserFactory(username="amelia")
    response = password_submit(client, "amelia")
    assert response["Location"].startswith(ENROL)


def test_the_page_asked_for_is_carried_through_sign_in(client):
    user = UserFactory(username="amelia")
    TOTPDeviceFactory(user=user)
    response = client.get("/admin/")
    response = client.get(response["Location"])  # the admin sends its sign-in to ours
    assert response["Location"].startswith(SIGN_IN)
    response = client.get(response["Location"])
    assert b'name="next" value="/admin/"' in response.content
    response = password_submit(client, "amelia", next_url="/admin/")
    assert response["Location"] == f"{VERIFY}?next=/admin/"


def test_a_next_page_on_another_site_is_ignored(client):
    user = UserFactory(username="amelia")
    TOTPDeviceFactory(user=user)
    response = password_submit(client, "amelia", next_url="https://evil.example/")
    assert "evil.example" not in response["Location"]


def test_sign_out_ends_the_session(verified_client):
    client = verified_client(UserFactory())
    assert is_signed_in(client)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert not is_signed_in(client)
