"""The database agrees: as the app role, a shielded child's hidden rows are out of reach of any
query, raw SQL and the chokepoint's bypass included, unless the transaction's scope allows them."""

import pytest
from django.db import ProgrammingError, connection, transaction

from registry.models import Address, Carer
from shielding.database_scope import (
    matching_scope,
    override_scope,
    shield_management_scope,
    user_scope,
)
from tests.factories import (
    ChildFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.shielding.hidden_rows import (
    HIDDEN_MODELS,
    hidden_rows_create,
    manager_of,
    raw_row_count,
    shielding_order_make,
    unscoped_row_count,
)

pytestmark = pytest.mark.django_db
HIDDEN_TABLES = [model._meta.db_table for model in HIDDEN_MODELS]


@pytest.fixture
def authority():
    return LocalAuthorityFactory()


@pytest.fixture
def manager(authority):
    return manager_of(authority)


@pytest.fixture
def other_manager():
    return manager_of(LocalAuthorityFactory())


@pytest.fixture
def shielded_child(authority, manager):
    child = ChildFactory(responsible_local_authority=authority)
    hidden_rows_create(child, number=1)
    shielding_order_make(child=child, by=manager)
    return child


@pytest.fixture
def unshielded_child(authority):
    child = ChildFactory(responsible_local_authority=authority)
    hidden_rows_create(child, number=2)
    return child


def visible_rows(model, child) -> tuple[int, int]:
    """The child's rows in `model`'s table: by raw SQL, and by `unscoped_objects`."""
    return raw_row_count(model, child=child), unscoped_row_count(model, child=child)


def test_every_hidden_table_forces_row_level_security():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [HIDDEN_TABLES],
        )
        flags = {name: (enabled, forced) for name, enabled, forced in cursor.fetchall()}
        cursor.execute(
            "SELECT tablename FROM pg_policies WHERE tablename = ANY(%s) AND cmd = 'ALL'",
            [HIDDEN_TABLES],
        )
        with_policy = {name for (name,) in cursor.fetchall()}
    assert flags == dict.fromkeys(HIDDEN_TABLES, (True, True))
    assert with_policy == set(HIDDEN_TABLES)


def test_the_tests_run_as_a_role_that_is_held_by_the_policies():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, "
            "EXISTS (SELECT FROM pg_tables WHERE tableowner = current_user) "
            "FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False)


@pytest.mark.parametrize("model", HIDDEN_MODELS, ids=HIDDEN_TABLES)
def test_without_a_scope_a_shielded_childs_rows_are_not_there(
    model, shielded_child, unshielded_child
):
    assert visible_rows(model, shielded_child) == (0, 0)
    assert visible_rows(model, unshielded_child) == (1, 1)


@pytest.mark.parametrize("model", HIDDEN_MODELS, ids=HIDDEN_TABLES)
def test_another_authoritys_team_does_not_see_them(model, shielded_child, other_manager):
    with user_scope(other_manager):
        assert visible_rows(model, shielded_child) == (0, 0)


@pytest.mark.parametrize("model", HIDDEN_MODELS, ids=HIDDEN_TABLES)
def test_the_childs_own_authoritys_team_sees_them(model, shielded_child, manager):
    with user_scope(manager):
        assert visible_rows(model, shielded_child) == (1, 1)


def test_a_practitioner_of_the_same_authority_does_not_see_them(shielded_child, authority):
    practitioner = UserFactory(organisation=OrganisationFactory(local_authority=authority))
    with user_scope(practitioner):
        assert visible_rows(Address, shielded_child) == (0, 0)


@pytest.mark.parametrize("model", HIDDEN_MODELS, ids=HIDDEN_TABLES)
def test_an_override_opens_its_own_child_and_no_other(
    model, shielded_child, unshielded_child, manager
):
    another_shielded_child = ChildFactory()
    hidden_rows_create(another_shielded_child, number=3)
    shielding_order_make(child=another_shielded_child, by=manager)

    with override_scope(shielded_child.pk):
        assert visible_rows(model, shielded_child) == (1, 1)
        assert visible_rows(model, another_shielded_child) == (0, 0)
    with override_scope(unshielded_child.pk):
        assert visible_rows(model, shielded_child) == (0, 0)


@pytest.mark.parametrize("model", HIDDEN_MODELS, ids=HIDDEN_TABLES)
def test_the_matcher_sees_them(model, shielded_child):
    with matching_scope():
        assert visible_rows(model, shielded_child) == (1, 1)


def test_the_scope_follows_its_block_within_one_transaction(shielded_child, manager):
    assert visible_rows(Address, shielded_child) == (0, 0)
    with user_scope(manager):
        assert visible_rows(Address, shielded_child) == (1, 1)
    assert visible_rows(Address, shielded_child) == (0, 0)
    with matching_scope():
        assert visible_rows(Address, shielded_child) == (1, 1)
    assert visible_rows(Address, shielded_child) == (0, 0)


@pytest.mark.parametrize("table", HIDDEN_TABLES)
def test_without_a_scope_a_shielded_childs_rows_cannot_be_changed_or_deleted(table, shielded_child):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET recorded_at = now() - interval '1 day' "  # noqa: S608
            "WHERE child_id = %s",
            [shielded_child.pk],
        )
        assert cursor.rowcount == 0
        cursor.execute(f"DELETE FROM {table} WHERE child_id = %s", [shielded_child.pk])  # noqa: S608
        assert cursor.rowcount == 0
    with matching_scope(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} "  # noqa: S608
            "WHERE child_id = %s AND recorded_at > now() - interval '1 hour'",
            [shielded_child.pk],
        )
        assert cursor.fetchone()[0] == 1


def test_without_a_scope_no_row_is_added_to_a_shielded_child(shielded_child):
    with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
        Address.unscoped_objects.create(child=shielded_child, status="no_known_address")
    with shield_management_scope():
        assert Address.unscoped_objects.filter(child=shielded_child).count() == 0


def test_a_row_may_not_be_moved_onto_a_shielded_child(shielded_child, unshielded_child):
    carer = Carer.unscoped_objects.get(child=unshielded_child)
    carer.child = shielded_child
    with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
        carer.save(update_fields=["child"])


def test_the_team_writes_its_own_shielded_childs_rows(shielded_child, manager):
    with user_scope(manager):
        Address.unscoped_objects.filter(child=shielded_child).update(town="Otley")
        assert Address.unscoped_objects.get(child=shielded_child).town == "Otley"
