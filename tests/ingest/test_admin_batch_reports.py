"""What operations staff read about a batch: counts by outcome, rejection reasons, the ledger and
the reconciliation report. None of it shows a record's content, or anything of a held record
beyond "held"."""

import csv
import html
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from contactpoint.spreadsheet_csv import spreadsheet_safe
from ingest.models import (
    NameFrequency,
    Outcome,
    PairJudgement,
    RecordResolution,
    StagedRecord,
    StagedRecordContent,
)
from tests.ingest.admin_world import (
    batch_from_records,
    batch_url,
    feed_create,
    ledger_url,
    marked_record,
    markers_in,
    operator_create,
    records_decide,
)

pytestmark = pytest.mark.django_db
# A reason the ledger should never hold for a held record; set here to show it is never shown.
HELD_REASON = "Possible shielded child in Marker Vale"


@pytest.fixture
def operations_client(client_for):
    return client_for(operator_create())


@pytest.fixture
def batch():
    """Six records: two rejected on receipt for the same rule, one for another, and three decided:
    matched, held (with a reason planted on the ledger) and one whose record_id is a formula."""
    records = [
        marked_record("R-1"),
        marked_record("R-2"),
        marked_record("R-3", gender="Q"),
        marked_record("R-4", gender="female"),
        marked_record("R-5", date_of_birth="2016-02-30"),
        marked_record('=HYPERLINK("http://x")'),
    ]
    batch = batch_from_records(feed_create(), records)
    return records_decide(
        batch,
        {
            "R-1": (Outcome.MATCHED, ""),
            "R-2": (Outcome.HELD, HELD_REASON),
            '=HYPERLINK("http://x")': (Outcome.CREATED, ""),
        },
        seconds=1.0,
    )


def reconciliation(client, batch) -> list[list[str]]:
    response = client.get(batch_url(batch, "reconciliation"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="batch-{batch.pk}-school-census-reconciliation.csv"'
    )
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_batch_page_shows_counts_by_outcome_and_each_rejection_reason(operations_client, batch):
    reasons = dict(
        StagedRecord.objects.filter(batch=batch, outcome=Outcome.REJECTED).values_list(
            "record_id", "reason"
        )
    )
    assert reasons["R-3"] == reasons["R-4"] != reasons["R-5"]

    body = operations_client.get(batch_url(batch)).content.decode()

    assert f"<tr><td>{html.escape(reasons['R-3'])}</td><td>2</td></tr>" in body
    assert f"<tr><td>{html.escape(reasons['R-5'])}</td><td>1</td></tr>" in body
    for label, count in (("Matched", 1), ("Held", 1), ("Created", 1), ("Rejected", 3)):
        assert f"<tr><th scope='row'>{label}</th><td>{count}</td></tr>" in body
    assert batch_url(batch, "reconciliation") in body
    assert ledger_url(batch) in body.replace("&amp;", "&")


def test_the_reconciliation_report_says_only_held_of_a_held_record(operations_client, batch):
    rows = reconciliation(operations_client, batch)

    assert rows[0] == ["record_id", "row", "outcome", "reason"]
    by_record = {row[0]: row for row in rows[1:]}
    assert by_record["R-2"] == ["R-2", "2", "held", ""]
    assert by_record["R-1"] == ["R-1", "1", "matched", ""]
    assert by_record["R-3"][2] == "rejected"
    assert by_record["R-3"][3].startswith("gender:")
    assert len(rows) == 7


def test_a_record_id_that_a_spreadsheet_would_run_is_written_as_text(operations_client, batch):
    rows = reconciliation(operations_client, batch)

    assert ['\'=HYPERLINK("http://x")', "6", "created", ""] in rows
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert spreadsheet_safe(risky) == "'" + risky
    assert spreadsheet_safe("CB-1") == "CB-1"
    assert spreadsheet_safe(7) == 7


def test_the_ledger_lists_one_batchs_records_with_nothing_of_a_held_record_but_held(
    operations_client, batch
):
    body = operations_client.get(ledger_url(batch)).content.decode()

    for record_id in ("R-1", "R-2", "R-3", "R-4", "R-5"):
        assert f">{record_id}<" in body
    assert "Held" in body
    assert HELD_REASON not in body
    assert "Records of batch" in body


def test_the_ledger_is_empty_until_a_batch_is_chosen(operations_client, batch):
    body = operations_client.get(reverse("admin:ingest_stagedrecord_changelist")).content.decode()

    assert ">R-1<" not in body
    assert "one batch at a time" in body


def test_no_page_or_report_shows_a_records_content(operations_client, batch):
    held = StagedRecord.objects.get(batch=batch, record_id="R-2")
    urls = [
        reverse("admin:ingest_batch_changelist"),
        batch_url(batch),
        ledger_url(batch),
        f"{ledger_url(batch)}&outcome__exact=held",
        reverse("admin:ingest_stagedrecord_change", args=[held.pk]),
        reverse("admin:ingest_feed_change", args=[batch.feed_id]),
        reverse("admin:index"),
    ]
    for url in urls:
        response = operations_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert markers_in(body) == [], url
        assert HELD_REASON not in body, url
    report = b"".join(operations_client.get(batch_url(batch, "reconciliation")).streaming_content)
    assert markers_in(report.decode()) == []
    assert HELD_REASON not in report.decode()


def test_content_and_decisions_about_children_have_no_admin():
    for model in (StagedRecordContent, RecordResolution, PairJudgement, NameFrequency):
        assert model not in admin.site._registry


def test_ledger_rows_are_not_changed_or_deleted(operations_client, batch):
    held = StagedRecord.objects.get(batch=batch, record_id="R-2")
    change_url = reverse("admin:ingest_stagedrecord_change", args=[held.pk])

    assert operations_client.post(change_url, {"outcome": "matched"}).status_code == 403
    delete_url = reverse("admin:ingest_stagedrecord_delete", args=[held.pk])
    assert operations_client.post(delete_url, {"post": "yes"}).status_code == 403
    held.refresh_from_db()
    assert held.outcome == Outcome.HELD
