"""Test set-up: the test database is created and migrated by the owner role, and the tests then run
as the app role, as the web and worker processes do, so every privilege and policy is exercised.

Flushing a database (after a transactional test) needs TRUNCATE, which the app role rightly lacks,
so flush runs as the owner.
"""

from contextlib import contextmanager

import dj_database_url
import pytest
from django.conf import settings
from django.db import connections


@contextmanager
def database_role(url: str):
    """Connect as the role in `url` for the duration of the block."""
    credentials = dj_database_url.parse(url)
    connection = connections["default"]
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    _connect_as(connection, credentials["USER"], credentials["PASSWORD"])
    try:
        yield
    finally:
        _connect_as(connection, saved["USER"], saved["PASSWORD"])


def _connect_as(connection, user: str, password: str) -> None:
    connection.close()
    connection.settings_dict["USER"] = user
    connection.settings_dict["PASSWORD"] = password


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    owner = dj_database_url.parse(settings.DATABASE_OWNER_URL)
    _connect_as(connections["default"], owner["USER"], owner["PASSWORD"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """After the owner has built the test database, switch to the app role; switch back to drop it."""
    app = dj_database_url.parse(settings.DATABASE_APP_URL)
    owner = dj_database_url.parse(settings.DATABASE_OWNER_URL)
    _connect_as(connections["default"], app["USER"], app["PASSWORD"])
    yield
    _connect_as(connections["default"], owner["USER"], owner["PASSWORD"])


@pytest.fixture(scope="session", autouse=True)
def _flush_as_owner():
    from django.core.management.commands import flush

    original_handle = flush.Command.handle

    def handle(self, **options):
        with database_role(settings.DATABASE_OWNER_URL):
            return original_handle(self, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original_handle


@pytest.fixture
def owner_role():
    """A context manager that runs a block as the owner role (for set-up only the owner may do)."""
    return lambda: database_role(settings.DATABASE_OWNER_URL)


@pytest.fixture
def verified_client(client):
    """`verified_client(user)` returns the test client signed in as `user` with a verified second
    factor, as after the full sign-in. (`client.force_login` alone leaves the session unverified,
    and every page then redirects to the second-factor step.)"""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.factories import TOTPDeviceFactory

    def sign_in(user):
        client.force_login(user)
        device = TOTPDeviceFactory(user=user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture
def client_for():
    """`client_for(user)` returns a fresh client signed in as `user` with a verified second factor,
    so that one test can hold several users' clients at once."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def signed_in_client(user) -> Client:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return signed_in_client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts are kept in the cache: one test's requests must not throttle the next's."""
    from django.core.cache import cache

    cache.clear()
