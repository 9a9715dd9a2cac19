"""Reads of the audit trail for the reports, and of the children its events refer to.

Events hold children by primary key only. A report names a child only as the chokepoint lets its
reader see the child (`children_identified`); any other reference is withheld.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Organisation
from audit.models import AccessEvent
from audit.reports.access import REPORT_PURPOSE
from registry.models import Child
from registry.records import child_access


@dataclass(frozen=True)
class EventFilters:
    """The auditor's filters; an empty value does not filter."""

    occurred_from: datetime.datetime | None = None
    occurred_before: datetime.datetime | None = None
    username: str = ""
    organisation: Organisation | None = None
    kind: str = ""
    contactpoint_id: str = ""
    request_id: str = ""
    ip_address: str = ""


def _events() -> QuerySet:
    return AccessEvent.objects.select_related("user", "organisation").order_by(
        "-occurred_at", "-pk"
    )


def _in_range(events: QuerySet, *, occurred_from, occurred_before) -> QuerySet:
    if occurred_from is not None:
        events = events.filter(occurred_at__gte=occurred_from)
    if occurred_before is not None:
        events = events.filter(occurred_at__lt=occurred_before)
    return events


def access_events_about_child(
    *,
    child: Child,
    occurred_from: datetime.datetime | None = None,
    occurred_before: datetime.datetime | None = None,
) -> QuerySet:
    """Every event that names the child (a search that returned it, a view of its record, a
    change to its shielding...), newest first."""
    events = _events().filter(child_ids__contains=[child.pk])
    return _in_range(events, occurred_from=occurred_from, occurred_before=occurred_before)


def access_events_of_user(
    *,
    subject,
    organisation: Organisation,
    occurred_from: datetime.datetime | None = None,
    occurred_before: datetime.datetime | None = None,
) -> QuerySet:
    """The user's events while they worked for `organisation`, newest first. What a user did for
    an earlier employer is that employer's to read, not their new one's."""
    events = _events().filter(user=subject, organisation=organisation)
    return _in_range(events, occurred_from=occurred_from, occurred_before=occurred_before)


def event_search_child(*, user, contactpoint_id: str) -> Child | None:
    """The child a ContactPoint ID filter names, found through the chokepoint for `user`: a sealed,
    merged or archived record is not found, exactly as an ID that names no child."""
    if not contactpoint_id:
        return None
    try:
        return child_access(user=user, purpose=REPORT_PURPOSE, contactpoint_id=contactpoint_id)
    except Child.DoesNotExist:
        return None


def access_events_search(*, filters: EventFilters, child: Child | None) -> QuerySet:
    """Events matching every filter, newest first. `child` is the child the ContactPoint ID filter
    found (event_search_child); when the filter names no child the auditor may see, nothing matches.

    A username matches the event's user, or, for a failed sign-in under a username that names
    nobody, the username that was typed.
    """
    events = _in_range(
        _events(), occurred_from=filters.occurred_from, occurred_before=filters.occurred_before
    )
    if filters.contactpoint_id:
        if child is None:
            return events.none()
        events = events.filter(child_ids__contains=[child.pk])
    if filters.username:
        events = events.filter(
            Q(user__username__iexact=filters.username)
            | Q(user__isnull=True, details__username__iexact=filters.username)
        )
    exact = {
        "organisation": filters.organisation,
        "kind": filters.kind,
        "request_id": filters.request_id,
        "ip_address": filters.ip_address,
    }
    return events.filter(**{name: value for name, value in exact.items() if value})


def children_identified(*, user, child_ids: Iterable[int]) -> dict[int, Child]:
    """The children among `child_ids` that the chokepoint shows `user` by name and ContactPoint
    ID, by primary key. Records no practitioner can open (sealed, merged, archived, purged) are
    left out, so a report shows them only as withheld, never linked to an identity."""
    wanted = set(child_ids)
    if not wanted:
        return {}
    children = (
        Child.objects.visible_to(user, purpose=REPORT_PURPOSE)
        .filter(pk__in=wanted, status__in=Child.OPEN_STATUSES)
        .only("pk", "contactpoint_id", "given_names", "family_name")
    )
    return {child.pk: child for child in children}
