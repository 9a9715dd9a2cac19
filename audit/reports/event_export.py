"""The auditor's CSV export of events: one row per event, streamed in chunks, so an export of any
size holds only one chunk of events in memory.

A child appears in the file by ContactPoint ID only, and only as the chokepoint shows the auditor
that child; any other child the event refers to is "withheld" (event_summaries). Names are left
out: a file of every child a month's searches returned, by name, would be a copy of part of the
index, and nobody may download the index. Every cell is made safe for spreadsheets
(contactpoint.spreadsheet_csv). The export's own event is written before the first row is sent
(audited_reads.event_export_prepare).
"""

import datetime
from collections.abc import Iterator
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import timezone

from audit.models import AccessEvent
from audit.reports.audited_reads import EventExport
from audit.reports.event_summaries import WITHHELD, EventRow, criteria_summary, details_summary
from audit.reports.selectors import children_identified
from contactpoint.spreadsheet_csv import csv_lines

CHUNK_SIZE = 2000
EXPORT_COLUMNS = (
    "event_id",
    "occurred_at_utc",
    "kind",
    "username",
    "user_name",
    "role",
    "organisation",
    "purpose",
    "criteria",
    "details",
    "children_count",
    "children",
    "ip_address",
    "user_agent",
    "request_id",
)


def event_export_response(*, user, export: EventExport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(EXPORT_COLUMNS, event_export_rows(user=user, export=export)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def event_export_rows(*, user, export: EventExport) -> Iterator[list]:
    events = export.events.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(events, CHUNK_SIZE)):
        identified = children_identified(
            user=user, child_ids=(pk for event in chunk for pk in event.child_ids)
        )
        for event in chunk:
            yield _row(event, identified)


def _row(event: AccessEvent, identified: dict) -> list:
    row = EventRow(event=event)
    user = event.user
    children = [
        identified[pk].display_id if pk in identified else WITHHELD for pk in event.child_ids
    ]
    return [
        event.pk,
        event.occurred_at.astimezone(datetime.UTC).isoformat(),
        event.get_kind_display(),
        user.username if user else "",
        row.who,
        row.role,
        row.organisation,
        row.purpose,
        "; ".join(criteria_summary(event.criteria)),
        "; ".join(details_summary(event.details)),
        len(event.child_ids),
        "; ".join(children),
        event.ip_address or "",
        event.user_agent,
        event.request_id,
    ]
