"""Feeds in the admin: operations staff see each feed's state and settings, change its thresholds
and trusted fields, and pause and resume it with a reason that is kept with who did it."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from ingest.admin.forms import THRESHOLDS_OUT_OF_ORDER
from ingest.models import Batch, Feed, FeedStateChange, Outcome, StagedRecord, TrustedField
from ingest.services import feed_pause
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SETTINGS = ["auto_match_threshold", "review_threshold", "shield_guard_threshold"]


@pytest.fixture
def operator():
    return UserFactory(role=Role.OPERATIONS, first_name="Olu", last_name="Operator")


@pytest.fixture
def operations_client(client_for, operator):
    return client_for(operator)


@pytest.fixture
def feed():
    return Feed.objects.create(
        code="nhs-registrations",
        name="NHS registrations",
        scope=Feed.Scope.NATIONAL,
        trusted_fields=[TrustedField.ADDRESS, TrustedField.GP],
    )


def feed_url(feed: Feed, view: str = "change") -> str:
    return reverse(f"admin:ingest_feed_{view}", args=[feed.pk])


def held_records_create(feed: Feed, count: int) -> None:
    """Held ledger rows, as the matcher leaves them (the pipeline's own tests make real ones)."""
    batch = Batch.objects.create(feed=feed, file_name="held.csv", sha256="a" * 64)
    for row_number in range(1, count + 1):
        StagedRecord.objects.create(
            batch=batch,
            row_number=row_number,
            chunk_number=0,
            record_id=f"H-{row_number}",
            outcome=Outcome.HELD,
            processed_at=batch.received_at,
        )


def settings_post(feed: Feed, **changes) -> dict:
    values = {name: getattr(feed, name) for name in SETTINGS}
    values["trusted_fields"] = list(feed.trusted_fields)
    return {**values, **changes}


def test_the_feed_list_shows_state_who_why_thresholds_and_trusted_fields(
    operations_client, operator, feed
):
    feed_pause(feed=feed, by=operator, reason="Supplier resending a corrected file")

    body = operations_client.get(reverse("admin:ingest_feed_changelist")).content.decode()

    for shown in (
        "nhs-registrations",
        "National",
        "Paused",
        str(operator),
        "Supplier resending a corrected file",
        "9.0",
        "-4.0",
        "-10.0",
        "Address, GP practice",
    ):
        assert shown in body


def test_thresholds_and_trusted_fields_can_be_changed(operations_client, feed):
    response = operations_client.post(
        feed_url(feed),
        settings_post(
            feed,
            auto_match_threshold="25",
            trusted_fields=[TrustedField.IDENTITY, TrustedField.UPN],
        ),
    )

    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.auto_match_threshold == 25.0
    assert feed.trusted_fields == [TrustedField.IDENTITY, TrustedField.UPN]


def test_thresholds_out_of_order_are_refused_with_a_clear_message(operations_client, feed):
    response = operations_client.post(feed_url(feed), settings_post(feed, review_threshold="30"))

    assert response.status_code == 200
    body = response.content.decode()
    assert THRESHOLDS_OUT_OF_ORDER in body
    assert "feed_thresholds_in_order" not in body
    feed.refresh_from_db()
    assert feed.review_threshold == -4.0


def test_a_posted_code_name_or_state_is_ignored(operations_client, feed):
    operations_client.post(
        feed_url(feed), settings_post(feed, code="renamed", name="Renamed", state="paused")
    )

    feed.refresh_from_db()
    assert (feed.code, feed.name, feed.state) == (
        "nhs-registrations",
        "NHS registrations",
        "running",
    )


def test_pausing_needs_a_reason_and_records_who_and_why(operations_client, operator, feed):
    assert "Pause this feed" in operations_client.get(feed_url(feed)).content.decode()

    refused = operations_client.post(feed_url(feed, "pause"), {"reason": "  "})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    feed.refresh_from_db()
    assert feed.is_running

    response = operations_client.post(feed_url(feed, "pause"), {"reason": "Corrupt upstream"})

    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.state, feed.state_changed_by, feed.state_reason) == (
        Feed.State.PAUSED,
        operator,
        "Corrupt upstream",
    )
    change = FeedStateChange.objects.get(feed=feed)
    assert (change.action, change.by, change.reason) == ("paused", operator, "Corrupt upstream")
    page = operations_client.get(feed_url(feed)).content.decode()
    assert "Resume this feed" in page
    assert "Corrupt upstream" in page


def test_pausing_a_paused_feed_says_so(operations_client, operator, feed):
    feed_pause(feed=feed, by=operator, reason="First pause")

    response = operations_client.post(feed_url(feed, "pause"), {"reason": "Second pause"})

    assert "This feed is already paused." in response.content.decode()
    assert FeedStateChange.objects.filter(feed=feed).count() == 1


def test_resuming_without_held_records_needs_only_a_reason(operations_client, operator, feed):
    feed_pause(feed=feed, by=operator, reason="Corrupt upstream")
    page = operations_client.get(feed_url(feed, "resume")).content.decode()
    assert "No held record of this feed" in page
    assert "held_records_confirmed" not in page

    response = operations_client.post(feed_url(feed, "resume"), {"reason": "Fixed upstream"})

    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.is_running
    resume = FeedStateChange.objects.get(feed=feed, action="resumed")
    assert (resume.by, resume.reason, resume.unresolved_held_records) == (
        operator,
        "Fixed upstream",
        0,
    )


def test_resuming_with_held_records_shows_them_and_needs_a_confirmation(
    operations_client, operator, feed
):
    held_records_create(feed, 3)
    feed_pause(feed=feed, by=operator, reason="Shielded children not matching")

    page = operations_client.get(feed_url(feed, "resume")).content.decode()
    assert "<strong>3</strong> held records" in page

    unconfirmed = operations_client.post(feed_url(feed, "resume"), {"reason": "Looks fine now"})
    assert unconfirmed.status_code == 200
    assert "3 unresolved held records: confirm" in unconfirmed.content.decode()
    feed.refresh_from_db()
    assert not feed.is_running

    confirmed = operations_client.post(
        feed_url(feed, "resume"), {"reason": "Looks fine now", "held_records_confirmed": "on"}
    )

    assert confirmed.status_code == 302
    feed.refresh_from_db()
    assert feed.is_running
    resume = FeedStateChange.objects.get(feed=feed, action="resumed")
    assert (resume.unresolved_held_records, resume.by) == (3, operator)
    history = operations_client.get(feed_url(feed)).content.decode()
    assert "Shielded children not matching" in history
    assert "Looks fine now" in history


def test_feeds_are_neither_added_nor_deleted_in_the_admin(operations_client, feed):
    assert operations_client.get(reverse("admin:ingest_feed_add")).status_code == 403
    delete = operations_client.post(feed_url(feed, "delete"), {"post": "yes"})
    assert delete.status_code == 403
    assert Feed.objects.filter(pk=feed.pk).exists()


def test_a_missing_feed_is_not_found(operations_client):
    response = operations_client.get(reverse("admin:ingest_feed_pause", args=[987654]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.LA_MANAGEMENT, Role.AUDITOR, Role.DATA_QUALITY],
)
def test_other_roles_cannot_see_or_operate_feeds(client_for, feed, role):
    user = UserFactory(role=role)
    client = client_for(user)
    for url in (feed_url(feed), feed_url(feed, "pause"), feed_url(feed, "resume")):
        response = client.get(url)
        # Staff without the permission (an auditor) are refused at once; others are sent to sign in.
        if response.status_code == 302:
            response = client.get(response.url)
        assert response.status_code == 403
    assert client.post(feed_url(feed, "pause"), {"reason": "x"}).status_code in (302, 403)
    feed.refresh_from_db()
    assert feed.is_running


def test_staff_outside_operations_cannot_operate_feeds_even_with_the_permissions(client_for, feed):
    from django.contrib.auth.models import Permission

    auditor = UserFactory(role=Role.AUDITOR, is_staff=True)
    auditor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="ingest", codename__endswith="_feed")
    )
    client = client_for(auditor)

    assert client.get(feed_url(feed)).status_code == 403
    assert client.post(feed_url(feed, "pause"), {"reason": "x"}).status_code == 403
    assert "Ingest" not in client.get(reverse("admin:index")).content.decode()
    feed.refresh_from_db()
    assert feed.is_running
