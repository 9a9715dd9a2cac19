"""The web and worker processes connect as an app role that can be held by row-level security."""

import pytest
from django.conf import settings
from django.db import ProgrammingError, connection, transaction

pytestmark = pytest.mark.django_db


def fetch_one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def test_the_tests_run_as_the_app_role():
    assert fetch_one("SELECT current_user")[0] == settings.DATABASE_APP_ROLE


def test_the_app_role_is_not_superuser_and_cannot_bypass_row_level_security():
    attributes = fetch_one(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s",
        [settings.DATABASE_APP_ROLE],
    )
    assert attributes == (False, False, False, False)


def test_the_app_role_owns_no_table():
    owned = fetch_one(
        "SELECT count(*) FROM pg_tables WHERE tableowner = %s", [settings.DATABASE_APP_ROLE]
    )
    assert owned == (0,)


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE registry_child ADD COLUMN sneaky text",
        "ALTER TABLE registry_address DISABLE ROW LEVEL SECURITY",
        "DROP TABLE registry_address",
        "TRUNCATE registry_child",
        "CREATE TABLE copy_of_children AS SELECT * FROM registry_child",
    ],
)
def test_the_app_role_cannot_alter_drop_or_truncate(statement):
    with (
        pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


def test_the_app_role_can_read_and_write_rows():
    privileges = fetch_one(
        "SELECT has_table_privilege(%s, 'registry_child', 'SELECT'),"
        " has_table_privilege(%s, 'registry_child', 'INSERT'),"
        " has_table_privilege(%s, 'registry_child', 'UPDATE'),"
        " has_table_privilege(%s, 'registry_child', 'DELETE')",
        [settings.DATABASE_APP_ROLE] * 4,
    )
    assert privileges == (True, True, True, True)
