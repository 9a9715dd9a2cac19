"""The audit trail is append-only: the app role lacks the privileges, and a trigger refuses an
UPDATE or DELETE from any role, the owner included."""

import pytest
from django.db import ProgrammingError, connection, transaction

from audit.services import access_event_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return access_event_record(kind="search", user=UserFactory(), purpose="health")


def _execute(statement: str, params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accessevent SET child_ids = '{}' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    ],
)
def test_the_app_role_may_not_rewrite_or_remove_an_event(event, statement):
    with pytest.raises(ProgrammingError, match="permission denied"):
        _execute(statement, [event.pk])


# The owner's connection is a new one, so this test's rows must be committed for it to see them.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accessevent SET child_ids = '{}' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    ],
)
def test_not_even_the_owner_may_rewrite_or_remove_an_event(event, statement, owner_role):
    with owner_role(), pytest.raises(ProgrammingError, match="append-only"):
        _execute(statement, [event.pk])
    assert type(event).objects.filter(pk=event.pk).exists()


def test_the_app_role_may_add_events(event):
    assert event.pk is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE auditlog_logentry SET changes_text = '' WHERE id = %s",
        "DELETE FROM auditlog_logentry WHERE id = %s",
    ],
)
def test_not_even_the_owner_may_rewrite_or_remove_the_change_history(statement, owner_role):
    from auditlog.models import LogEntry

    from tests.factories import LocalAuthorityFactory

    LocalAuthorityFactory()
    entry = LogEntry.objects.latest("pk")
    with owner_role(), pytest.raises(ProgrammingError, match="append-only"):
        _execute(statement, [entry.pk])
    assert LogEntry.objects.filter(pk=entry.pk).exists()
