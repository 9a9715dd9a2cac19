"""The audit reports in real headless Chromium: an auditor searches the trail and downloads it as
CSV; a management-team member opens "who has looked at this child" from the child's record."""

import csv
import datetime
import io

import pytest

from accounts.roles import Role
from audit.models import AccessEvent
from audit.reports.event_export import EXPORT_COLUMNS
from tests.browser.test_practitioner_journeys import sign_in_with_password
from tests.factories import (
    ChildFactory,
    LocalAuthorityFactory,
    TOTPDeviceFactory,
    UserFactory,
    access_event_at,
    totp_code_now,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user) -> None:
    device = TOTPDeviceFactory(user=user)
    sign_in_with_password(page, user.username)
    page.fill("#id_code", totp_code_now(device))
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Find a child')")


def test_an_auditor_searches_the_events_and_downloads_them_as_csv(page):
    auditor = UserFactory(role=Role.AUDITOR)
    practitioner = UserFactory(username="pat.searcher", first_name="Pat", last_name="Searcher")
    child = ChildFactory(given_names="Nia", family_name="Brook")
    for day in (2, 3):
        access_event_at(
            datetime.datetime(2025, 2, day, 10, 0, tzinfo=datetime.UTC),
            kind="record_view",
            user=practitioner,
            purpose="health",
            child_ids=[child.pk],
            details={"sections": ["address"], "redacted": False},
        )

    sign_in(page, auditor)
    page.click("header a:has-text('Audit events')")
    page.wait_for_selector("h1:has-text('Audit events')")
    page.fill("#id_username", "pat.searcher")
    page.select_option("#id_kind", "record_view")
    page.click("button:has-text('Search events')")
    page.wait_for_selector("caption:has-text('2 events, newest first')")
    table = page.inner_text("#events")
    assert "Pat Searcher" in table and "Sections shown: address" in table
    page.click("#events summary:has-text('1 child')")
    assert child.display_id in page.inner_text("#events")

    with page.expect_download() as download_info:
        page.click("#export-link")
    download = download_info.value
    assert download.suggested_filename.startswith("audit-events-")
    with open(download.path(), encoding="utf-8") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert [row[1] for row in rows[1:]] == [
        "2025-02-02T10:00:00+00:00",
        "2025-02-03T10:00:00+00:00",
    ]
    assert {row[11] for row in rows[1:]} == {child.display_id}
    exported = AccessEvent.objects.get(kind="audit_exported", user=auditor)
    assert exported.details["rows"] == 2
    assert exported.details["filters"] == {"username": "pat.searcher", "kind": "record_view"}


def test_the_team_opens_who_has_looked_at_a_child_from_the_record(page):
    leeds = LocalAuthorityFactory(name="Leeds")
    manager = management_team_user_create(leeds)
    child = ChildFactory(given_names="Olly", family_name="Reed", responsible_local_authority=leeds)
    visitor = UserFactory(first_name="Vic", last_name="Visitor")
    access_event_at(
        datetime.datetime(2025, 7, 1, 8, 15, tzinfo=datetime.UTC),
        kind="record_view",
        user=visitor,
        purpose="education",
        child_ids=[child.pk],
        details={"sections": ["address", "setting"], "redacted": False},
    )

    sign_in(page, manager)
    page.goto(f"/children/{child.display_id}/")
    page.select_option("#id_purpose", "child_protection")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Olly Reed')")
    page.click("a:has-text('Who has looked at this child')")
    page.wait_for_selector("h1:has-text('Who has looked at this child')")

    table = page.inner_text("#events")
    assert "Vic Visitor" in table and "Education or school admission" in table
    assert "1 Jul 2025\n09:15:00 BST" in table
    # The team's own opening of the record is listed too, newest first.
    assert table.index("Local-authority management team") < table.index("Vic Visitor")

    page.fill("#id_from_day", "1")
    page.fill("#id_from_month", "7")
    page.fill("#id_from_year", "2025")
    page.fill("#id_to_day", "1")
    page.fill("#id_to_month", "7")
    page.fill("#id_to_year", "2025")
    page.click("button:has-text('Show events')")
    page.wait_for_selector("caption:has-text('1 event, newest first')")
    assert "Vic Visitor" in page.inner_text("#events")
    viewed = AccessEvent.objects.filter(kind="report_viewed", user=manager).order_by("pk")
    assert [event.details["filters"] for event in viewed] == [
        {},
        {"from": "2025-07-01", "to": "2025-07-01"},
    ]
