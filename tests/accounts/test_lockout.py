"""Lockout: five failures, of either factor, lock a username from one address for 30 minutes."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings

from accounts.lockout import client_ip_address
from tests.accounts.signing_in import code_submit, is_signed_in, password_submit
from tests.factories import TOTPDeviceFactory, UserFactory, totp_code_now

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT


def wrong_passwords(client, username: str, count: int, **extra):
    return [password_submit(client, username, "wrong", **extra) for _ in range(count)]


def test_the_limit_is_five():
    assert LIMIT == 5


def test_the_failure_that_reaches_the_limit_locks_the_user_out(client):
    UserFactory(username="amelia")
    responses = wrong_passwords(client, "amelia", LIMIT)
    assert [response.status_code for response in responses[:-1]] == [200] * (LIMIT - 1)
    assert responses[-1].status_code == 429
    assert b"You cannot sign in at the moment" in responses[-1].content


def test_a_locked_out_user_cannot_sign_in_even_with_the_right_password(client):
    TOTPDeviceFactory(user=UserFactory(username="amelia"))
    wrong_passwords(client, "amelia", LIMIT)
    response = password_submit(client, "amelia")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_does_not_reveal_whether_the_user_exists(client):
    UserFactory(username="amelia")
    known = wrong_passwords(client, "amelia", LIMIT + 1)
    unknown = wrong_passwords(client, "nobody-by-this-name", LIMIT + 1)
    for known_response, unknown_response in zip(known, unknown, strict=True):
        assert known_response.status_code == unknown_response.status_code
    assert known[-1].content == unknown[-1].content
    assert b"amelia" not in known[-1].content


def test_the_lock_holds_for_30_minutes(client):
    TOTPDeviceFactory(user=UserFactory(username="amelia"))
    wrong_passwords(client, "amelia", LIMIT)
    with time_machine.travel(datetime.timedelta(minutes=29)):
        assert password_submit(client, "amelia").status_code == 429
    with time_machine.travel(datetime.timedelta(minutes=61)):
        assert password_submit(client, "amelia").status_code == 302


def test_the_lock_is_for_the_username_from_that_address_only(client):
    TOTPDeviceFactory(user=UserFactory(username="amelia"))
    wrong_passwords(client, "amelia", LIMIT, REMOTE_ADDR="203.0.113.9")
    assert password_submit(client, "amelia", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_wrong_codes_count_towards_the_lockout(client):
    device = TOTPDeviceFactory(user=UserFactory(username="amelia"))
    wrong_passwords(client, "amelia", LIMIT - 2)
    password_submit(client, "amelia")
    wrong = "000000" if totp_code_now(device) != "000000" else "111111"
    assert code_submit(client, wrong).status_code == 200
    with time_machine.travel(datetime.timedelta(seconds=5)):
        response = code_submit(client, wrong)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session, "a lockout signs the half-signed-in user out"
    assert password_submit(client, "amelia").status_code == 429


def test_a_right_password_does_not_reset_the_count_but_both_factors_do(client):
    device = TOTPDeviceFactory(user=UserFactory(username="amelia"))
    wrong_passwords(client, "amelia", LIMIT - 1)
    password_submit(client, "amelia")
    assert AccessAttempt.objects.filter(username="amelia").exists()
    code_submit(client, totp_code_now(device))
    assert is_signed_in(client)
    assert not AccessAttempt.objects.filter(username="amelia").exists()


def test_the_code_is_not_recorded_with_the_failed_attempt(client):
    device = TOTPDeviceFactory(user=UserFactory(username="amelia"))
    password_submit(client, "amelia")
    wrong = "000000" if totp_code_now(device) != "000000" else "111111"
    code_submit(client, wrong)
    attempt = AccessAttempt.objects.get(username="amelia")
    assert wrong not in attempt.post_data


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy: the header is the client's own claim
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # the spoofed left entry is ignored
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, rf, proxy_count, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == expected
