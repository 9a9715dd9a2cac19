"""A practitioner's journeys in real headless Chromium, against the live app."""

import base64
import datetime
import time

import pytest
from django_otp.oath import totp

from accounts.roles import Role
from tests.factories import (
    TEST_PASSWORD,
    AddressFactory,
    CarerFactory,
    ChildFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code_now,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_with_password(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button:has-text('Sign in')")


def test_sign_in_search_with_a_typo_open_the_record_and_record_an_involvement(page):
    user = UserFactory(role=Role.PRACTITIONER, first_name="Pat", last_name="Visitor")
    device = TOTPDeviceFactory(user=user)
    child = ChildFactory(
        given_names="Amelia Rose", family_name="O'Neill", date_of_birth=datetime.date(2016, 3, 9)
    )
    AddressFactory(child=child, line_1="12 Acacia Avenue", postcode="LS6 2AB")
    CarerFactory(child=child, given_names="Siobhan")

    sign_in_with_password(page, user.username)
    page.wait_for_selector("h1:has-text('Enter your security code')")
    page.fill("#id_code", totp_code_now(device))
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Find a child')")

    page.select_option("#id_purpose", "health")
    page.fill("#id_given_names", "Amelia")
    page.fill("#id_family_name", "ONeil")
    page.fill("#id_dob_day", "9")
    page.fill("#id_dob_month", "3")
    page.fill("#id_dob_year", "2016")
    page.click("button:has-text('Search')")
    page.click('a:has-text("Amelia Rose O\'Neill")')
    page.wait_for_selector("text=12 Acacia Avenue")
    assert "Siobhan" in page.content()

    page.click("a:has-text('Record your involvement')")
    page.select_option("#id_kind", "health_visiting")
    page.fill("#id_role", "Health visitor")
    page.fill("#id_phone", "0113 496 0000")
    page.fill("#id_started_day", "6")
    page.fill("#id_started_month", "1")
    page.fill("#id_started_year", "2026")
    page.check("#id_is_lead_professional")
    page.click("button:has-text('Record involvement')")
    page.wait_for_selector("text=Your involvement has been recorded")
    assert "Lead professional" in page.content()

    page.click("button:has-text('Sign out')")
    page.wait_for_selector("h1:has-text('Sign in to ContactPoint')")
    page.goto("/search/")
    assert "/accounts/sign-in/" in page.url


def test_a_new_user_enrols_an_authenticator_app(page):
    user = UserFactory(role=Role.PRACTITIONER)
    sign_in_with_password(page, user.username)
    page.wait_for_selector("h1:has-text('Set up your authenticator app')")
    assert page.locator("svg").count() >= 1
    key = page.inner_text(".cp-totp-key").replace(" ", "")
    code = totp(base64.b32decode(key.upper() + "=" * (-len(key) % 8)), step=30, t0=0, digits=6)
    page.fill("#id_code", f"{code:06d}")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Find a child')")


def test_an_idle_session_times_out(page, settings):
    settings.SESSION_COOKIE_AGE = 2
    user = UserFactory(role=Role.PRACTITIONER)
    device = TOTPDeviceFactory(user=user)
    sign_in_with_password(page, user.username)
    page.fill("#id_code", totp_code_now(device))
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Find a child')")
    time.sleep(3)
    page.goto("/search/")
    page.wait_for_selector("h1:has-text('Sign in to ContactPoint')")
