"""The reconciliation report: one CSV row per record of a batch, streamed, for the source to check
what became of each record it sent.

The rows come from ingest.selectors.batch_reconciliation_rows, which says nothing about a held
record beyond "held". The file is opened in spreadsheets, so a cell that a spreadsheet would run as
a formula (a record_id starting with "=", say) is written with a leading apostrophe
(contactpoint.spreadsheet_csv).
"""

from django.http import StreamingHttpResponse

from contactpoint.spreadsheet_csv import csv_lines
from ingest.models import Batch
from ingest.selectors import RECONCILIATION_COLUMNS, batch_reconciliation_rows


def reconciliation_response(batch: Batch) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(RECONCILIATION_COLUMNS, batch_reconciliation_rows(batch=batch)),
        content_type="text/csv; charset=utf-8",
    )
    file_name = f"batch-{batch.pk}-{batch.feed.code}-reconciliation.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
