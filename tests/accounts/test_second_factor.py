"""The second step: a code from an authenticator app or a backup code, or enrolment of an app."""

import datetime

import pytest
import time_machine
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.signing_in import (
    ENROL,
    VERIFY,
    code_submit,
    is_signed_in,
    password_submit,
)
from tests.factories import StaticDeviceFactory, TOTPDeviceFactory, UserFactory, totp_code_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def device():
    return TOTPDeviceFactory(user=UserFactory(username="amelia"))


@pytest.fixture
def password_client(client, device):
    """Past the password, at the second factor."""
    password_submit(client, "amelia")
    return client


def test_the_code_from_the_app_signs_the_user_in(password_client, device):
    assert password_client.get(VERIFY).status_code == 200
    response = code_submit(password_client, totp_code_now(device), next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert password_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert is_signed_in(password_client)


def test_verifying_gives_the_session_a_new_key(password_client, device):
    key_before = password_client.session.session_key
    code_submit(password_client, totp_code_now(device))
    assert password_client.session.session_key != key_before


def test_a_wrong_code_gets_a_clear_error_and_no_access(password_client, device):
    wrong = f"{(int(totp_code_now(device)) + 500_000) % 1_000_000:06d}"
    response = code_submit(password_client, wrong)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"govuk-input--error" in response.content
    assert b"Enter a correct code" in response.content
    assert wrong.encode() not in response.content
    assert not is_signed_in(password_client)


def test_a_code_too_soon_after_a_wrong_one_is_asked_for_again(password_client, device):
    code_submit(password_client, "000000" if totp_code_now(device) != "000000" else "111111")
    response = code_submit(password_client, totp_code_now(device))
    assert b"Wait a few seconds" in response.content
    with time_machine.travel(datetime.timedelta(seconds=31)):
        assert code_submit(password_client, totp_code_now(device)).status_code == 302


def test_a_code_cannot_be_used_twice(client, device):
    password_submit(client, "amelia")
    code = totp_code_now(device)
    code_submit(client, code)
    client.post("/accounts/sign-out/")
    password_submit(client, "amelia")
    assert code_submit(client, code).status_code == 200
    assert not is_signed_in(client)


def test_a_backup_code_works_once(client, device):
    StaticDeviceFactory(user=device.user, tokens=["h3k2m5ab"])
    password_submit(client, "amelia")
    assert code_submit(client, "H3K2 M5AB").status_code == 302
    assert is_signed_in(client)

    client.post("/accounts/sign-out/")
    password_submit(client, "amelia")
    assert code_submit(client, "h3k2m5ab").status_code == 200
    assert not is_signed_in(client)


def test_the_verify_page_needs_the_password_first(client):
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_enrolment_shows_a_qr_code_and_the_key(client):
    UserFactory(username="amelia")
    password_submit(client, "amelia")
    response = client.get(ENROL)
    assert response.status_code == 200
    assert b"<svg" in response.content
    device = TOTPDevice.objects.get(user__username="amelia")
    assert not device.confirmed
    first_group = device.config_url.split("secret=")[1][:4]
    assert f'class="cp-totp-key">{first_group}'.encode() in response.content
    assert client.get(ENROL).content.count(first_group.encode()) >= 1
    assert TOTPDevice.objects.filter(user__username="amelia").count() == 1


def test_confirming_the_code_enrols_the_device_and_signs_in(client):
    UserFactory(username="amelia")
    password_submit(client, "amelia")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="amelia")
    response = code_submit(client, totp_code_now(device), page=ENROL)
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert is_signed_in(client)


def test_a_wrong_enrolment_code_confirms_nothing(client):
    UserFactory(username="amelia")
    password_submit(client, "amelia")
    client.get(ENROL)
    response = code_submit(client, "12345", page=ENROL)
    assert b"govuk-error-message" in response.content
    assert not TOTPDevice.objects.get(user__username="amelia").confirmed
    assert not is_signed_in(client)


def test_a_user_with_a_device_cannot_enrol_another(password_client):
    response = password_client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user__username="amelia").count() == 1


def test_backup_codes_alone_send_the_user_to_verify_not_enrol(client):
    StaticDeviceFactory(user=UserFactory(username="amelia"))
    response = password_submit(client, "amelia")
    assert response["Location"].startswith(VERIFY)
