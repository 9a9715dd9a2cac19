"""How the scope reaches the database: per transaction, never per session, and only as wide as the
block that set it, through savepoints and Celery tasks alike."""

from contextlib import ExitStack

import pytest
from celery import shared_task
from django.db import connection, transaction

from registry.models import Address
from shielding import database_scope
from shielding.database_scope import (
    NO_SCOPE,
    DatabaseScope,
    database_scope_current,
    override_scope,
    user_scope,
)
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory
from tests.shielding.hidden_rows import (
    hidden_rows_create,
    manager_of,
    raw_row_count,
    shielding_order_make,
)

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Raised to roll a savepoint back."""


@pytest.fixture
def manager():
    return manager_of(LocalAuthorityFactory())


@pytest.fixture
def shielded_child(manager):
    child = ChildFactory(responsible_local_authority=manager.local_authority)
    hidden_rows_create(child, number=1)
    shielding_order_make(child=child, by=manager)
    return child


def setting(name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [f"contactpoint.{name}"])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_scope_is_set_inside_a_transaction_and_ends_with_it(shielded_child, manager):
    with user_scope(manager):
        assert raw_row_count(Address, child=shielded_child) == 0  # autocommit: nothing is set
        with transaction.atomic():
            assert setting("cleared_authorities") == str(manager.local_authority.pk)
            assert raw_row_count(Address, child=shielded_child) == 1
        assert setting("cleared_authorities") in ("", None)
        assert raw_row_count(Address, child=shielded_child) == 0


def test_the_settings_are_sent_once_per_transaction_and_again_on_a_change(
    shielded_child, manager, monkeypatch
):
    sent = []
    values = DatabaseScope.settings_values
    monkeypatch.setattr(
        DatabaseScope, "settings_values", lambda scope: sent.append(scope) or values(scope)
    )
    raw_row_count(Address, child=shielded_child)
    assert sent == []  # the empty scope needs nothing set
    with user_scope(manager):
        for _query in range(3):
            raw_row_count(Address, child=shielded_child)
    assert [scope.cleared_authority_ids for scope in sent] == [{manager.local_authority.pk}]
    raw_row_count(Address, child=shielded_child)
    assert sent[1:] == [NO_SCOPE]


def test_a_savepoint_rolled_back_does_not_bring_back_a_wider_scope(shielded_child, manager):
    practitioner = UserFactory()
    with user_scope(manager), ExitStack() as narrowed:
        assert raw_row_count(Address, child=shielded_child) == 1
        with pytest.raises(Rollback), transaction.atomic():
            narrowed.enter_context(user_scope(practitioner))
            assert raw_row_count(Address, child=shielded_child) == 0
            raise Rollback
        # The rollback put the manager's settings back in the database; they are not used.
        assert raw_row_count(Address, child=shielded_child) == 0


def test_an_override_keeps_the_readers_own_clearance(manager):
    with user_scope(manager), override_scope(42):
        scope = database_scope_current()
    assert scope.cleared_authority_ids == {manager.local_authority.pk}
    assert scope.override_child_id == 42
    assert database_scope_current() == NO_SCOPE


@shared_task(name="tests.shielding.scope_seen_by_task")
def scope_seen_by_task() -> bool:
    return database_scope_current() == NO_SCOPE


def test_a_task_starts_with_the_empty_scope_and_gives_back_the_callers(manager):
    with user_scope(manager):
        assert scope_seen_by_task.apply().get() is True
        assert database_scope_current().cleared_authority_ids == {manager.local_authority.pk}


def test_each_connection_gets_one_scope_wrapper():
    connection.ensure_connection()
    database_scope.transaction_scope_install(connection=connection)
    wrappers = [
        wrapper
        for wrapper in connection.execute_wrappers
        if isinstance(wrapper, database_scope.TransactionScopeWrapper)
    ]
    assert len(wrappers) == 1
