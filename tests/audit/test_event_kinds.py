"""Each kind of event is written, in the transaction of what it records, with no hidden value."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AccessEvent
from ingest.services import feed_pause, feed_resume
from ingest.staging import batch_receive
from shielding.models import OverrideReview, ShieldingOrder
from shielding.services import override_make, override_review_record, shield_create, shield_end
from tests.accounts.signing_in import code_submit, password_submit
from tests.factories import (
    TEST_PASSWORD,
    ChildFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code_now,
)
from tests.ingest.pipeline_world import csv_bytes, feed_create
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
JUSTIFICATION = "The family fled to a refuge in Harrogate."


def kinds() -> list[str]:
    return list(AccessEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_each_step_of_signing_in_and_out_is_recorded(client):
    user = UserFactory(role=Role.PRACTITIONER)
    device = TOTPDeviceFactory(user=user)

    password_submit(client, user.username, "not-the-password")
    password_submit(client, user.username)
    code_submit(client, totp_code_now(device))
    client.post("/accounts/sign-out/")

    assert kinds() == ["sign_in_failed", "sign_in", "second_factor_verified", "sign_out"]
    assert set(AccessEvent.objects.values_list("user", flat=True)) == {user.pk}
    failed = AccessEvent.objects.get(kind="sign_in_failed")
    assert failed.details == {"username": user.username}
    assert failed.request_id and failed.ip_address == "127.0.0.1"


def test_a_wrong_second_factor_code_is_recorded(client):
    user = UserFactory(role=Role.PRACTITIONER)
    TOTPDeviceFactory(user=user)
    password_submit(client, user.username)
    code_submit(client, "000000")
    assert kinds() == ["sign_in", "second_factor_failed"]


def test_a_failed_sign_in_under_an_unknown_username_is_recorded_without_a_user(client):
    password_submit(client, "nobody-of-that-name", "guess")
    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.details) == (
        "sign_in_failed",
        None,
        {"username": "nobody-of-that-name"},
    )


def test_shielding_changes_and_overrides_are_recorded_without_their_reasons():
    child = ChildFactory()
    manager = management_team_user_create(child.responsible_local_authority)
    order = shield_create(
        child=child,
        by=manager,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification=JUSTIFICATION,
        review_due_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    officer = UserFactory(role=Role.CHILD_PROTECTION)
    override_make(child=child, by=officer, purpose="child_protection", reason="Urgent visit.")
    shield_end(order=order, by=manager, reason="Risk has passed.")

    events = list(AccessEvent.objects.order_by("pk"))
    assert [(event.kind, event.user) for event in events] == [
        ("shield_created", manager),
        ("override", officer),
        ("shield_ended", manager),
    ]
    assert all(event.child_ids == [child.pk] for event in events)
    assert all(JUSTIFICATION not in str(event.details) for event in events)


def test_feed_operations_are_recorded():
    operator = UserFactory(role=Role.OPERATIONS)
    feed = feed_create()
    batch_receive(
        feed=feed, stream=io.BytesIO(csv_bytes([])), file_name="empty.csv", uploaded_by=operator
    )
    feed_pause(feed=feed, by=operator, reason="Supplier asked.")
    feed_resume(feed=feed, by=operator, reason="Supplier ready.")

    assert kinds() == ["batch_received", "feed_paused", "feed_resumed"]
    assert AccessEvent.objects.filter(user=operator).count() == 3
    assert AccessEvent.objects.get(kind="feed_paused").details["feed"] == feed.code


def token_request(username: str, password: str, code: str):
    body = {"username": username, "password": password, "otp_token": code}
    return APIClient().post("/api/v1/token/", body, format="json")


def test_an_api_token_issued_is_recorded_each_time(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = UserFactory(role=Role.PRACTITIONER)
    device = TOTPDeviceFactory(user=user)

    first = token_request(user.username, TEST_PASSWORD, totp_code_now(device))
    device.refresh_from_db()
    device.last_t -= 1  # the same code again, as if from the next time step
    device.save(update_fields=["last_t"])
    again = token_request(user.username, TEST_PASSWORD, totp_code_now(device))

    assert first.status_code == again.status_code == 200
    events = list(AccessEvent.objects.filter(kind="api_token_issued").order_by("pk"))
    assert [(event.user, event.details) for event in events] == [
        (user, {"created": True}),
        (user, {"created": False}),
    ]
    assert events[0].request_id == first["X-Request-ID"]
    assert first.json()["token"] not in str(events[0].details)


def test_a_failed_token_exchange_is_recorded_and_counts_towards_the_lockout():
    user = UserFactory(role=Role.PRACTITIONER)
    TOTPDeviceFactory(user=user)

    wrong_password = token_request(user.username, "not-the-password", "000000")
    wrong_code = token_request(user.username, TEST_PASSWORD, "000000")

    assert wrong_password.status_code == wrong_code.status_code == 400
    assert kinds() == ["sign_in_failed", "second_factor_failed"]
    assert set(AccessEvent.objects.values_list("user", flat=True)) == {user.pk}
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 2
    assert not AccessEvent.objects.filter(kind="api_token_issued").exists()


def test_an_override_reviews_outcome_is_recorded_without_its_notes():
    child = ChildFactory()
    manager = management_team_user_create(child.responsible_local_authority)
    shield_create(
        child=child,
        by=manager,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification=JUSTIFICATION,
        review_due_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    officer = UserFactory(role=Role.CHILD_PROTECTION)
    override = override_make(
        child=child, by=officer, purpose="child_protection", reason="Urgent visit."
    )
    notes = "Police confirmed the visit to 4 Quillmarker Close."
    review = override_review_record(
        review=override.review,
        by=manager,
        outcome=OverrideReview.Outcome.NOT_JUSTIFIED,
        notes=notes,
    )

    event = AccessEvent.objects.get(kind="override_reviewed")
    assert (event.user, event.child_ids) == (manager, [child.pk])
    assert event.details == {
        "review": review.pk,
        "override": override.pk,
        "outcome": "not_justified",
    }
    assert notes not in str(event.details) and notes not in str(event.criteria)


def test_an_override_review_that_is_refused_records_nothing():
    child = ChildFactory()
    manager = management_team_user_create(child.responsible_local_authority)
    shield_create(
        child=child,
        by=manager,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification=JUSTIFICATION,
        review_due_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    override = override_make(
        child=child,
        by=UserFactory(role=Role.CHILD_PROTECTION),
        purpose="child_protection",
        reason="Urgent visit.",
    )
    with pytest.raises(ValidationError, match="Record what the review found"):
        override_review_record(
            review=override.review,
            by=manager,
            outcome=OverrideReview.Outcome.JUSTIFIED,
            notes="  ",
        )
    assert not AccessEvent.objects.filter(kind="override_reviewed").exists()
