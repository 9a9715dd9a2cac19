"""The reconciliation report: one CSV row per record of a batch, streamed, for the source to check
what became of each record it sent.

The rows come from ingest.selectors.batch_reconciliation_rows, which says nothing about a held
record beyond "held". The file is opened in spreadsheets, so a cell that a spreadsheet would run as
a formula (a record_id starting with "=", say) is written with a leading apostrophe.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from ingest.models import Batch
from ingest.selectors import RECONCILIATION_COLUMNS, batch_reconciliation_rows

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """The value, with an apostrophe before text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _LineBuffer:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv.writer(_LineBuffer())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])


def reconciliation_response(batch: Batch) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(RECONCILIATION_COLUMNS, batch_reconciliation_rows(batch=batch)),
        content_type="text/csv; charset=utf-8",
    )
    file_name = f"batch-{batch.pk}-{batch.feed.code}-reconciliation.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
