"""Retention: events outlive the children they name; their personal details are cleared only when
both the event and every child's purge are past retention, and the chain still verifies."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from audit.chain import chain_seal
from audit.chain_verification import chain_verify
from audit.models import AccessEvent, PurgedChild
from audit.retention import events_expire
from registry.models import Child
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIX_YEARS_AND_A_DAY = timedelta(days=6 * 366 + 1)


@pytest.fixture
def purged_child_event():
    """A sealed search event naming a child whose record has since been purged."""
    child = ChildFactory()
    event = access_event(child_ids=[child.pk])
    Child.unscoped_objects.filter(pk=child.pk).delete()
    chain_seal()
    return event


def access_event(*, child_ids):
    from audit.services import access_event_record

    with transaction.atomic():
        return access_event_record(
            kind="search",
            user=UserFactory(),
            purpose="health",
            criteria={"surname": "Marker-Surname"},
            child_ids=child_ids,
            ip_address="192.0.2.7",
            user_agent="Marker agent",
        )


def test_purging_a_child_keeps_its_events_and_notes_the_purge(purged_child_event):
    event = AccessEvent.objects.get(pk=purged_child_event.pk)
    assert event.criteria == {"surname": "Marker-Surname"}
    assert PurgedChild.objects.filter(child_id=event.child_ids[0]).exists()


def test_an_event_is_kept_until_both_it_and_the_purge_are_past_retention(purged_child_event):
    assert events_expire(now=timezone.now() + timedelta(days=5 * 365)) == 0
    assert AccessEvent.objects.get(pk=purged_child_event.pk).expired_at is None


def test_an_event_past_retention_loses_its_personal_details_and_still_verifies(
    purged_child_event,
):
    later = timezone.now() + SIX_YEARS_AND_A_DAY
    with time_machine.travel(later, tick=False):
        assert events_expire(dry_run=True) == 1
        assert AccessEvent.objects.get(pk=purged_child_event.pk).expired_at is None
        assert events_expire() == 1
        report = chain_verify()
    event = AccessEvent.objects.get(pk=purged_child_event.pk)
    assert (event.criteria, event.details, event.ip_address, event.user_agent) == ({}, {}, None, "")
    assert (event.kind, event.child_ids, event.user_id) == (
        purged_child_event.kind,
        purged_child_event.child_ids,
        purged_child_event.user_id,
    )
    assert report.intact, report.first_break


def test_an_event_about_a_child_still_in_the_index_never_expires():
    child = ChildFactory()
    access_event(child_ids=[child.pk])
    chain_seal()
    assert events_expire(now=timezone.now() + timedelta(days=30 * 365)) == 0


def test_an_expiry_that_was_not_due_breaks_the_chain(purged_child_event):
    """The app role may clear an event's details in the trigger's shape, but not before time."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accessevent SET criteria = '{}', details = '{}', ip_address = NULL, "
            "user_agent = '', expired_at = now() WHERE id = %s",
            [purged_child_event.pk],
        )
    report = chain_verify()
    assert not report.intact
    assert "cleared before its retention ended" in report.first_break.reason


def test_an_expiry_may_clear_nothing_but_the_personal_details(purged_child_event):
    from django.db import ProgrammingError

    with pytest.raises(ProgrammingError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accessevent SET criteria = '{}', details = '{}', ip_address = NULL, "
            "user_agent = 'changed', expired_at = now() WHERE id = %s",
            [purged_child_event.pk],
        )
