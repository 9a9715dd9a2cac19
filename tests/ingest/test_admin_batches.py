"""Batches in the admin: operations staff upload a file, and watch its batch being processed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from ingest.models import Batch, Outcome
from ingest.services import feed_pause
from tests.factories import UserFactory
from tests.ingest.admin_world import (
    batch_from_records,
    batch_url,
    feed_create,
    marked_record,
    operator_create,
    records_decide,
)
from tests.ingest.feed_files import csv_bytes, valid_record

pytestmark = pytest.mark.django_db
UPLOAD_URL = reverse("admin:ingest_batch_add")
LIST_URL = reverse("admin:ingest_batch_changelist")
REFRESH = '<meta http-equiv="refresh"'


@pytest.fixture
def operator():
    return operator_create()


@pytest.fixture
def operations_client(client_for, operator):
    return client_for(operator)


@pytest.fixture
def feed():
    return feed_create()


def upload(client, feed, data: bytes, name: str = "census.csv"):
    """Upload a file and follow the redirect to the page that shows what became of it."""
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(UPLOAD_URL, {"feed": feed.pk, "file": file}, follow=True)


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def test_the_upload_page_offers_every_feed(operations_client, feed):
    body = operations_client.get(UPLOAD_URL).content.decode()
    assert "school-census: School census" in body
    assert 'type="file"' in body
    assert "Upload a feed file" in operations_client.get(LIST_URL).content.decode()


def test_an_upload_becomes_a_batch_and_says_what_was_received(operations_client, operator, feed):
    records = [marked_record("R-1"), marked_record("R-2"), valid_record("R-3", gender="Q")]

    response = upload(operations_client, feed, csv_bytes(records))

    batch = Batch.objects.get()
    assert response.redirect_chain == [(batch_url(batch), 302)]
    assert messages_of(response) == [
        ("success", f"Batch {batch.pk} received: 3 records, 1 rejected at once.")
    ]
    assert (batch.feed, batch.uploaded_by, batch.file_name) == (feed, operator, "census.csv")
    assert (batch.total_records, batch.rejected, batch.status) == (3, 1, Batch.Status.QUEUED)


def test_the_same_file_again_changes_nothing_and_says_so(operations_client, feed):
    data = csv_bytes([marked_record("R-1")])
    first = upload(operations_client, feed, data)
    batch = Batch.objects.get()

    again = upload(operations_client, feed, data, name="renamed.csv")

    assert again.redirect_chain == first.redirect_chain
    ((level, message),) = messages_of(again)
    assert level == "warning"
    assert f"This file was received before, as batch {batch.pk}" in message
    assert "Nothing was changed." in message
    assert Batch.objects.count() == 1
    assert batch.records.count() == 1


def test_a_file_rejected_as_a_whole_is_shown_as_an_error(operations_client, feed):
    data = b"record_id,given_names,family_name,date_of_birth,favourite_colour\r\nR-1,A,B,2016-01-01,red\r\n"

    response = upload(operations_client, feed, data)

    batch = Batch.objects.get()
    assert batch.status == Batch.Status.REJECTED
    assert "favourite_colour" in batch.rejection_message
    ((level, message),) = messages_of(response)
    assert (level, message) == (
        "error",
        f"Batch {batch.pk} was rejected: {batch.rejection_message}",
    )
    assert batch.records.count() == 0
    body = response.content.decode()
    assert "Rejected" in body


def test_a_file_for_a_paused_feed_is_received_with_a_warning(operations_client, operator, feed):
    feed_pause(feed=feed, by=operator, reason="Census supplier investigating duplicates")

    response = upload(operations_client, feed, csv_bytes([marked_record("R-1")]))

    levels = [level for level, _message in messages_of(response)]
    assert levels == ["success", "warning"]
    assert "waits until the feed is resumed" in messages_of(response)[1][1]


def test_an_upload_without_a_file_is_refused(operations_client, feed):
    response = operations_client.post(UPLOAD_URL, {"feed": feed.pk})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Batch.objects.exists()


def test_a_batch_in_progress_shows_percent_counts_rate_and_time_left_and_refreshes(
    operations_client, feed
):
    batch = batch_from_records(feed, [marked_record(f"R-{n}") for n in range(1, 5)])
    batch = records_decide(
        batch,
        {"R-1": (Outcome.MATCHED, ""), "R-2": (Outcome.CREATED, "")},
        seconds=2.0,
    )

    body = operations_client.get(batch_url(batch)).content.decode()

    assert "Processing" in body
    assert "50.0%" in body
    assert "2 of 4" in body
    assert "1 records/s" in body
    assert "about 0:00:02" in body
    assert REFRESH in body
    for label, count in (("Matched", 1), ("Created", 1), ("Held", 0), ("Rejected", 0)):
        assert f"<tr><th scope='row'>{label}</th><td>{count}</td></tr>" in body
    listed = operations_client.get(LIST_URL).content.decode()
    assert REFRESH in listed
    assert "50.0%" in listed


def test_a_completed_batch_stops_refreshing(operations_client, feed):
    batch = batch_from_records(feed, [marked_record("R-1")])
    batch = records_decide(batch, {"R-1": (Outcome.UNCHANGED, "")}, seconds=0.5)

    body = operations_client.get(batch_url(batch)).content.decode()

    assert batch.status == Batch.Status.COMPLETED
    assert "100.0%" in body
    assert REFRESH not in body
    assert REFRESH not in operations_client.get(LIST_URL).content.decode()


def test_batches_are_not_changed_or_deleted_in_the_admin(operations_client, feed):
    batch = batch_from_records(feed, [marked_record("R-1")])

    assert operations_client.post(batch_url(batch), {"file_name": "x.csv"}).status_code == 403
    delete = operations_client.post(batch_url(batch, "delete"), {"post": "yes"})
    assert delete.status_code == 403
    batch.refresh_from_db()
    assert batch.file_name == "census.csv"


@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.LA_MANAGEMENT, Role.AUDITOR, Role.DATA_QUALITY],
)
def test_other_roles_can_neither_upload_nor_watch(client_for, feed, role):
    batch = batch_from_records(feed, [marked_record("R-1")])
    client = client_for(UserFactory(role=role))

    for url in (LIST_URL, UPLOAD_URL, batch_url(batch), batch_url(batch, "reconciliation")):
        response = client.get(url)
        # Staff without the permission (an auditor) are refused at once; others are sent to sign in.
        if response.status_code == 302:
            response = client.get(response.url)
        assert response.status_code == 403, url
    data = csv_bytes([marked_record("R-2")])
    client.post(UPLOAD_URL, {"feed": feed.pk, "file": SimpleUploadedFile("x.csv", data)})
    assert Batch.objects.count() == 1
