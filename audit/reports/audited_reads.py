"""Each report's read together with the event that records it, in one transaction: if the event
cannot be written, the read fails and nothing is shown, as for every other read of the index.

A report's event names the report, its filters and the page read, and the children the page named
(those the reader was shown by name); "who has looked at this child" names its child. Opening a
report about a child is a look at that child, so it appears in the child's own report.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Max, QuerySet

from accounts.models import Organisation
from audit.models import AccessEvent
from audit.reports import selectors
from audit.reports.access import REPORT_PURPOSE
from audit.reports.event_summaries import EventRow, event_rows
from audit.services import access_event_record
from registry.models import Child

PAGE_SIZE = 50


@dataclass
class ReportPage:
    page: Page
    rows: list[EventRow]

    def children_named(self) -> list[int]:
        named = (ref.child.pk for row in self.rows for ref in row.children if ref.child)
        return list(dict.fromkeys(named))


@dataclass(frozen=True)
class EventExport:
    """What an export will stream: the matching events up to the last at the moment of export,
    oldest first, and how many there are (recorded before the first row is sent)."""

    events: QuerySet
    row_count: int


def _report_page(*, user, events: QuerySet, page_number, identify_children: bool) -> ReportPage:
    page = Paginator(events, PAGE_SIZE).get_page(page_number)
    rows = event_rows(user=user, events=page.object_list, identify_children=identify_children)
    return ReportPage(page=page, rows=rows)


def _report_viewed(*, user, report: str, child_ids, details: dict) -> None:
    access_event_record(
        kind=AccessEvent.Kind.REPORT_VIEWED,
        user=user,
        purpose=REPORT_PURPOSE,
        child_ids=child_ids,
        details={"report": report, **details},
    )


@transaction.atomic
def child_access_report_read(
    *, user, child: Child, occurred_from, occurred_before, filters: dict, page_number
) -> ReportPage:
    """A page of the events that name the child. The events' other children are counted only."""
    events = selectors.access_events_about_child(
        child=child, occurred_from=occurred_from, occurred_before=occurred_before
    )
    report = _report_page(
        user=user, events=events, page_number=page_number, identify_children=False
    )
    details = {"filters": filters, "page": report.page.number}
    _report_viewed(user=user, report="child_access", child_ids=[child.pk], details=details)
    return report


@transaction.atomic
def user_activity_report_read(
    *,
    user,
    organisation: Organisation,
    subject,
    occurred_from,
    occurred_before,
    filters: dict,
    page_number,
) -> ReportPage:
    events = selectors.access_events_of_user(
        subject=subject,
        organisation=organisation,
        occurred_from=occurred_from,
        occurred_before=occurred_before,
    )
    report = _report_page(user=user, events=events, page_number=page_number, identify_children=True)
    details = {"subject_user": subject.pk, "filters": filters, "page": report.page.number}
    _report_viewed(
        user=user, report="user_activity", child_ids=report.children_named(), details=details
    )
    return report


@transaction.atomic
def event_search_report_read(
    *, user, filters: selectors.EventFilters, filters_recorded: dict, page_number
) -> ReportPage:
    child = selectors.event_search_child(user=user, contactpoint_id=filters.contactpoint_id)
    events = selectors.access_events_search(filters=filters, child=child)
    report = _report_page(user=user, events=events, page_number=page_number, identify_children=True)
    child_ids = list(dict.fromkeys([*([child.pk] if child else []), *report.children_named()]))
    details = {"filters": filters_recorded, "page": report.page.number}
    _report_viewed(user=user, report="event_search", child_ids=child_ids, details=details)
    return report


@transaction.atomic
def event_export_prepare(
    *, user, filters: selectors.EventFilters, filters_recorded: dict
) -> EventExport:
    """Count the events to export and record the export, before a single row is sent.

    The events are bounded by the last one that matched when the export began, so the file holds
    the events counted, and not the export's own event or any written while it streams; the
    bound is recorded too, so the same export can be repeated exactly.
    """
    child = selectors.event_search_child(user=user, contactpoint_id=filters.contactpoint_id)
    events = selectors.access_events_search(filters=filters, child=child)
    # One statement, one snapshot: every row counted has a key no greater than the last.
    matched = events.aggregate(last=Max("pk"), rows=Count("pk"))
    last_event_id, row_count = matched["last"], matched["rows"]
    bounded = events.filter(pk__lte=last_event_id) if last_event_id else events.none()
    access_event_record(
        kind=AccessEvent.Kind.AUDIT_EXPORTED,
        user=user,
        purpose=REPORT_PURPOSE,
        child_ids=[child.pk] if child else [],
        details={
            "report": "event_export",
            "filters": filters_recorded,
            "rows": row_count,
            "last_event": last_event_id,
        },
    )
    return EventExport(events=bounded.order_by("occurred_at", "pk"), row_count=row_count)
