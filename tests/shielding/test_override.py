"""The emergency override: a child-protection practitioner states a reason, sees the hidden data on
that one page, and the child's management team gets a review item and an email."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AccessEvent
from shielding.models import EmergencyOverride, OverrideReview
from tests.factories import ChildFactory
from tests.shielding.conftest import PURPOSE, hidden_values_in, record_url

pytestmark = pytest.mark.django_db
REASON = "Child reported missing from school; police need to reach the carer now."


def override_url(child) -> str:
    return f"{reverse('shielding:override', args=[child.contactpoint_id])}?purpose={PURPOSE}"


def override_post(client, child, **fields):
    return client.post(override_url(child), {"purpose": PURPOSE, "reason": REASON, **fields})


def test_a_child_protection_practitioner_is_offered_the_override(
    client_for, shielded_child, protector, practitioner
):
    override_link = reverse("shielding:override", args=[shielded_child.contactpoint_id])
    assert override_link in client_for(protector).get(record_url(shielded_child)).content.decode()
    body = client_for(practitioner).get(record_url(shielded_child)).content.decode()
    assert override_link not in body
    assert "Emergency override" not in body


def test_the_confirmation_page_warns_and_shows_nothing_hidden(
    client_for, shielded_child, protector
):
    response = client_for(protector).get(override_url(shielded_child))
    body = response.content.decode()
    assert response.status_code == 200
    assert "recorded" in body and "reviews it" in body
    assert "management team of Leeds" in body
    assert hidden_values_in(body) == []
    assert not EmergencyOverride.objects.exists()


@pytest.mark.parametrize("user", ["practitioner", "leeds_manager", "bradford_manager"])
def test_only_child_protection_reaches_the_override(client_for, shielded_child, user, request):
    client = client_for(request.getfixturevalue(user))
    assert client.get(override_url(shielded_child)).status_code == 404
    response = override_post(client, shielded_child)
    assert response.status_code == 404
    assert hidden_values_in(response.content.decode()) == []
    assert not EmergencyOverride.objects.exists()


def test_an_override_without_a_reason_is_refused(client_for, shielded_child, protector):
    response = override_post(client_for(protector), shielded_child, reason="  ")
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the reason for the emergency override" in body
    assert hidden_values_in(body) == []
    assert not EmergencyOverride.objects.exists()


def test_the_override_shows_the_hidden_data_on_that_one_page(
    client_for, shielded_child, protector, practitioner, django_capture_on_commit_callbacks
):
    client = client_for(protector)
    with django_capture_on_commit_callbacks(execute=True):
        response = override_post(client, shielded_child)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Emergency override view" in body
    assert set(hidden_values_in(body)) >= {"27 Hollybush Lane", "LS5 3BT", "Ngozi", "Imogen Sable"}
    assert "no-store" in response["Cache-Control"]

    again = client.get(record_url(shielded_child)).content.decode()
    assert hidden_values_in(again) == []
    assert 'id="brokered-contact"' in again
    others = client_for(practitioner).get(record_url(shielded_child)).content.decode()
    assert hidden_values_in(others) == []


def test_the_override_is_recorded_reviewed_and_emailed(
    client_for, shielded_child, protector, leeds, leeds_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        override_post(client_for(protector), shielded_child)
    emergency_override = EmergencyOverride.objects.get()
    assert (emergency_override.user, emergency_override.child) == (protector, shielded_child)
    assert emergency_override.reason == REASON

    review = OverrideReview.objects.get(override=emergency_override)
    assert (review.local_authority, review.outcome) == (leeds, "pending")

    event = AccessEvent.objects.get(kind="record_view")
    assert event.user == protector and event.child_ids == [shielded_child.pk]
    assert event.details["override"] == emergency_override.pk
    assert event.details["redacted"] is False

    [message] = mail.outbox
    assert message.to == [leeds_manager.email]
    assert shielded_child.display_id in message.body and "Chris Protector" in message.body
    assert hidden_values_in(message.subject + message.body) == []


def test_a_mail_outage_never_undoes_the_override(
    client_for,
    shielded_child,
    protector,
    leeds_manager,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    def outage(*_args, **_kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("shielding.notifications.send_mass_mail", outage)
    client = client_for(protector)
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = override_post(client, shielded_child)
    assert response.status_code == 200 and len(callbacks) == 1
    assert EmergencyOverride.objects.filter(child=shielded_child).exists()


def test_each_override_is_one_view_and_one_review(
    client_for, shielded_child, protector, django_capture_on_commit_callbacks
):
    client = client_for(protector)
    with django_capture_on_commit_callbacks(execute=True):
        override_post(client, shielded_child)
        override_post(client, shielded_child)
    assert OverrideReview.objects.count() == 2
    views = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW)
    assert views.filter(details__has_key="override").count() == 2
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.OVERRIDE).count() == 2


def test_the_override_page_of_an_unshielded_child_leads_to_its_record(
    client_for, unshielded_child, protector
):
    response = client_for(protector).get(override_url(unshielded_child))
    assert response.status_code == 302
    assert response["Location"] == record_url(unshielded_child)
    assert not EmergencyOverride.objects.exists()


def test_the_override_of_an_unknown_child_is_a_404(client_for, protector):
    unknown = ChildFactory.build()
    assert client_for(protector).get(override_url(unknown)).status_code == 404
