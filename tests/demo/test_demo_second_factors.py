"""The demo users can sign in at once: each has an authenticator key and ten backup codes."""

import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import second_factor_check
from demo.management.commands.demo_setup import Command as DemoSetup
from demo.users import DEMO_USERS, demo_second_factors_ensure, demo_users_create, localities_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    localities_create()
    demo_users_create(password="demo password for tests")


def test_every_demo_user_gets_an_authenticator_key_and_ten_backup_codes(demo_users):
    second_factors = demo_second_factors_ensure()
    assert [second_factor.username for second_factor in second_factors] == [
        demo_user.username for demo_user in DEMO_USERS
    ]
    for second_factor in second_factors:
        assert second_factor.authenticator_uri.startswith("otpauth://totp/ContactPoint")
        assert "issuer=ContactPoint" in second_factor.authenticator_uri
        assert len(set(second_factor.backup_codes)) == 10
        device = TOTPDevice.objects.get(user__username=second_factor.username)
        assert device.confirmed


def test_the_key_is_kept_and_used_codes_are_replaced(demo_users):
    first = demo_second_factors_ensure()[0]
    user = TOTPDevice.objects.get(user__username=first.username).user
    assert second_factor_check(user=user, code=first.backup_codes[0]).device is not None

    second = demo_second_factors_ensure()[0]
    assert second.authenticator_uri == first.authenticator_uri
    assert len(second.backup_codes) == 10
    assert first.backup_codes[0] not in second.backup_codes
    assert set(first.backup_codes[1:]) <= set(second.backup_codes)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert StaticDevice.objects.filter(user=user).count() == 1


def test_the_printout_names_each_user_with_its_link_and_codes(demo_users):
    second_factors = demo_second_factors_ensure()
    out = io.StringIO()
    DemoSetup(stdout=out).print_second_factors(second_factors)
    printed = out.getvalue()
    for second_factor in second_factors:
        assert f"\n  {second_factor.username}\n" in printed
        assert second_factor.authenticator_uri in printed
        assert all(code in printed for code in second_factor.backup_codes)
    assert max(len(line) for line in printed.splitlines() if "backup" in line) < 100


def test_demo_setup_prints_the_second_factors(demo_users, monkeypatch):
    monkeypatch.setenv("CONTACTPOINT_DEMO_PASSWORD", "demo password for tests")
    out = io.StringIO()
    call_command("demo_setup", children=0, stdout=out)
    assert "otpauth://totp/ContactPoint" in out.getvalue()
    assert "backup codes:" in out.getvalue()
