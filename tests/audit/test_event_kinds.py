"""Each kind of event is written, in the transaction of what it records, with no hidden value."""

import datetime
import io

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessEvent
from ingest.services import feed_pause, feed_resume
from ingest.staging import batch_receive
from shielding.models import ShieldingOrder
from shielding.services import override_make, shield_create, shield_end
from tests.accounts.signing_in import code_submit, password_submit
from tests.factories import ChildFactory, TOTPDeviceFactory, UserFactory, totp_code_now
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
