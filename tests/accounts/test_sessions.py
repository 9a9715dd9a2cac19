"""Session limits: 15 minutes idle, 12 hours in all, and ended at once when a user is disabled."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from accounts.roles import Role
from accounts.services import user_disable
from accounts.session_lifetime import SIGNED_IN_AT_SESSION_KEY
from accounts.signals import user_disabled
from tests.accounts.signing_in import is_signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_factory():
    """Another browser, for a second session."""
    return Client


@pytest.fixture
def user():
    return UserFactory(username="amelia")


def later(**elapsed):
    return time_machine.travel(datetime.timedelta(**elapsed))


def test_a_session_idle_for_more_than_15_minutes_is_signed_out(verified_client, user):
    client = verified_client(user)
    with later(minutes=15, seconds=30):
        assert not is_signed_in(client)


def test_a_session_in_use_stays_signed_in(verified_client, user):
    client = verified_client(user)
    for minutes in (14, 28, 42):
        with later(minutes=minutes):
            assert is_signed_in(client)


def test_a_session_ends_12_hours_after_sign_in_however_busy(verified_client, user):
    client = verified_client(user)
    steps = [datetime.timedelta(minutes=10) * step for step in range(1, 72)]
    for elapsed in steps:  # every ten minutes, up to 11 hours 50
        with time_machine.travel(elapsed):
            assert is_signed_in(client), f"signed out after {elapsed}"
    with later(hours=12, minutes=5):
        assert not is_signed_in(client)


def test_a_session_without_a_sign_in_time_is_signed_out(verified_client, user):
    client = verified_client(user)
    session = client.session
    del session[SIGNED_IN_AT_SESSION_KEY]
    session.save()
    assert not is_signed_in(client)


def test_every_sign_in_records_its_time(client, user):
    client.force_login(user)
    assert isinstance(client.session[SIGNED_IN_AT_SESSION_KEY], float)


def test_the_session_row_records_its_user(verified_client, user):
    client = verified_client(user)
    assert UserSession.objects.get(session_key=client.session.session_key).user == user


def test_disabling_a_user_ends_their_sessions_at_once(verified_client, user, client_factory):
    client = verified_client(user)
    other_device_client = client_factory()
    other_device_client.force_login(user)
    assert UserSession.objects.filter(user=user).count() == 2

    user_disable(user=user, by=UserFactory(role=Role.LA_MANAGEMENT))

    assert not UserSession.objects.filter(user=user).exists()
    assert not is_signed_in(client)
    user.refresh_from_db()
    assert not user.is_active


def test_disabling_a_user_leaves_other_users_signed_in(verified_client, user, client_factory):
    colleague = UserFactory()
    colleague_client = client_factory()
    colleague_client.force_login(colleague)
    verified_client(user)
    user_disable(user=user, by=None)
    assert UserSession.objects.filter(user=colleague).count() == 1


def test_disabling_a_user_tells_the_rest_of_the_project(user):
    heard = []

    def receiver(sender, user, by, **kwargs):
        heard.append((user, by))

    user_disabled.connect(receiver)
    try:
        user_disable(user=user, by=None)
    finally:
        user_disabled.disconnect(receiver)
    assert heard == [(user, None)]


def test_clearing_active_in_the_admin_ends_the_users_sessions(verified_client, client_factory):
    user = UserFactory(username="amelia")
    client_factory().force_login(user)
    admin = verified_client(UserFactory(is_superuser=True, is_staff=True))
    form = {  # the user's change form as the admin shows it, with "active" cleared
        "username": user.username,
        "email": user.email,
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%d/%m/%Y"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "role": user.role,
        "organisation": user.organisation_id,
    }
    response = admin.post(reverse("admin:accounts_user_change", args=[user.pk]), form)
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert not UserSession.objects.filter(user=user).exists()


def test_the_admin_action_disables_and_signs_out(verified_client, client_factory):
    user = UserFactory(username="amelia")
    client_factory().force_login(user)
    admin = verified_client(UserFactory(is_superuser=True, is_staff=True))
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_users", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_expired_sessions_are_cleared_by_the_beat_task():
    from django.conf import settings

    from accounts.session_store import SessionStore
    from accounts.tasks import sessions_clear

    assert settings.CELERY_BEAT_SCHEDULE["sessions-clear"]["task"] == sessions_clear.name
    live, stale = SessionStore(), SessionStore()
    live.create()
    stale.create()
    UserSession.objects.filter(session_key=stale.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    sessions_clear.apply().get()
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {live.session_key}
