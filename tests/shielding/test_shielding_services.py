"""The shielding services: each checks who may act, and for which authority, before it writes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from shielding import selectors, services
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from tests.factories import ChildFactory, UserFactory
from tests.shielding.conftest import PURPOSE, hidden_values_in, team_member

pytestmark = pytest.mark.django_db
IN_90_DAYS = datetime.date.today() + datetime.timedelta(days=90)


def shield(child, by, **fields):
    return services.shield_create(
        child=child,
        by=by,
        reason=fields.get("reason", ShieldingOrder.Reason.OTHER_RISK),
        justification=fields.get("justification", "Risk assessed by social care."),
        review_due_on=fields.get("review_due_on", IN_90_DAYS),
    )


def override(child, by, reason="Child reported missing; police need to reach the carer now."):
    return services.override_make(child=child, by=by, purpose=PURPOSE, reason=reason)


# Shielding and unshielding


def test_only_the_childs_own_team_shields(unshielded_child, bradford_manager, practitioner):
    for outsider in (bradford_manager, practitioner):
        with pytest.raises(PermissionDenied):
            shield(unshielded_child, outsider)
    assert not ShieldingOrder.objects.exists()


def test_the_team_shields_once_and_unshields_with_a_reason(unshielded_child, leeds_manager):
    order = shield(unshielded_child, leeds_manager)
    with pytest.raises(ValidationError):
        shield(unshielded_child, leeds_manager)
    with pytest.raises(ValidationError):
        services.shield_end(order=order, by=leeds_manager, reason="  ")
    services.shield_end(order=order, by=leeds_manager, reason="Family back in contact.")
    order.refresh_from_db()
    assert (order.active, order.ended_by, order.end_reason) == (
        False,
        leeds_manager,
        "Family back in contact.",
    )


def test_another_team_cannot_unshield(shielded_child, bradford_manager):
    order = ShieldingOrder.objects.get(child=shielded_child)
    with pytest.raises(PermissionDenied):
        services.shield_end(order=order, by=bradford_manager, reason="Not ours to end.")
    order.refresh_from_db()
    assert order.active


def test_a_review_date_must_be_in_the_future(unshielded_child, leeds_manager):
    with pytest.raises(ValidationError):
        shield(unshielded_child, leeds_manager, review_due_on=datetime.date.today())


# Emergency overrides


def test_only_a_child_protection_practitioner_overrides(
    shielded_child, practitioner, bradford_manager
):
    auditor = UserFactory(role=Role.AUDITOR)
    for user in (practitioner, bradford_manager, auditor):
        with pytest.raises(PermissionDenied):
            override(shielded_child, user)
    assert not EmergencyOverride.objects.exists()


def test_an_override_needs_a_reason_and_a_known_purpose(shielded_child, protector):
    with pytest.raises(ValidationError) as error:
        override(shielded_child, protector, reason="   ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.override_make(
            child=shielded_child, by=protector, purpose="curiosity", reason="Just looking"
        )
    assert not EmergencyOverride.objects.exists()


def test_there_is_nothing_to_override_on_an_unshielded_child(unshielded_child, protector):
    with pytest.raises(ValidationError):
        override(unshielded_child, protector)


def test_an_override_is_reviewed_by_the_childs_team_and_emailed_to_it(
    shielded_child, protector, leeds, leeds_manager, bradford, django_capture_on_commit_callbacks
):
    colleague = team_member(leeds, email="colleague@leeds.example")
    team_member(leeds, email="gone@leeds.example", is_active=False)
    team_member(bradford, email="other@bradford.example")
    with django_capture_on_commit_callbacks(execute=True):
        emergency_override = override(shielded_child, protector)
    review = OverrideReview.objects.get(override=emergency_override)
    assert (review.local_authority, review.outcome) == (leeds, OverrideReview.Outcome.PENDING)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [leeds_manager.email, colleague.email]
    )
    message = mail.outbox[0]
    text = message.subject + message.body
    assert shielded_child.display_id in text
    assert "Chris Protector" in text
    assert hidden_values_in(text) == []
    assert shielded_child.given_names not in text
    assert "police need to reach" not in text, "the reason stays in ContactPoint"


def test_no_email_leaves_before_the_override_is_committed(shielded_child, protector):
    override(shielded_child, protector)
    assert mail.outbox == []  # the test's transaction never commits


def test_the_childs_team_records_an_outcome_once(shielded_child, protector, leeds_manager):
    review = override(shielded_child, protector).review
    with pytest.raises(ValidationError):
        services.override_review_record(
            review=review, by=leeds_manager, outcome=OverrideReview.Outcome.PENDING, notes="x"
        )
    with pytest.raises(ValidationError):
        services.override_review_record(
            review=review, by=leeds_manager, outcome=OverrideReview.Outcome.JUSTIFIED, notes=" "
        )
    services.override_review_record(
        review=review,
        by=leeds_manager,
        outcome=OverrideReview.Outcome.JUSTIFIED,
        notes="Police confirmed the child was missing.",
    )
    review.refresh_from_db()
    assert (review.outcome, review.reviewed_by) == ("justified", leeds_manager)
    with pytest.raises(ValidationError):
        services.override_review_record(
            review=review, by=leeds_manager, outcome="not_justified", notes="Changed my mind."
        )


def test_another_team_cannot_review(shielded_child, protector, bradford_manager):
    review = override(shielded_child, protector).review
    with pytest.raises(PermissionDenied):
        services.override_review_record(
            review=review, by=bradford_manager, outcome="justified", notes="Looks fine."
        )


# Brokered contact


def contact_request(child, by, **fields):
    return services.contact_request_make(
        child=child,
        by=by,
        purpose=fields.get("purpose", PURPOSE),
        message=fields.get(
            "message", "I am the child's new health visitor; please put me in touch."
        ),
        requester_phone=fields.get("requester_phone", "0113 496 0000"),
    )


def test_a_contact_request_lands_with_the_childs_team(shielded_child, practitioner, leeds):
    request = contact_request(shielded_child, practitioner)
    assert (request.local_authority, request.status) == (leeds, ContactRequest.Status.OPEN)
    assert request.requester_phone == "01134960000"


def test_a_contact_request_needs_a_message_and_a_real_phone(shielded_child, practitioner):
    with pytest.raises(ValidationError) as error:
        contact_request(shielded_child, practitioner, message="  ")
    assert "message" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contact_request(shielded_child, practitioner, requester_phone="call me")
    assert "requester_phone" in error.value.message_dict
    assert contact_request(shielded_child, practitioner, requester_phone="").requester_phone == ""


def test_nobody_asks_for_contact_they_can_make_themselves(
    shielded_child, unshielded_child, practitioner, leeds_manager
):
    with pytest.raises(ValidationError):
        contact_request(unshielded_child, practitioner)
    with pytest.raises(ValidationError):
        contact_request(shielded_child, leeds_manager)


def test_only_the_childs_team_acts_on_a_request_and_only_once(
    shielded_child, practitioner, leeds_manager, bradford_manager
):
    request = contact_request(shielded_child, practitioner)
    with pytest.raises(PermissionDenied):
        services.contact_request_act(contact_request=request, by=bradford_manager, notes="Done.")
    with pytest.raises(ValidationError):
        services.contact_request_act(contact_request=request, by=leeds_manager, notes="")
    services.contact_request_act(
        contact_request=request, by=leeds_manager, notes="Called the practitioner back."
    )
    request.refresh_from_db()
    assert (request.status, request.acted_by) == (ContactRequest.Status.ACTED, leeds_manager)
    with pytest.raises(ValidationError):
        services.contact_request_act(contact_request=request, by=leeds_manager, notes="Again.")


# What each team sees


def test_each_team_sees_only_its_own_queue_and_reviews(
    shielded_child, practitioner, protector, leeds_manager, bradford_manager, bradford
):
    request = contact_request(shielded_child, practitioner)
    review = override(shielded_child, protector).review
    assert list(selectors.contact_requests_open_for_team(user=leeds_manager)) == [request]
    assert list(selectors.override_reviews_pending_for_team(user=leeds_manager)) == [review]
    assert not selectors.contact_requests_open_for_team(user=bradford_manager).exists()
    assert not selectors.override_reviews_pending_for_team(user=bradford_manager).exists()
    assert not selectors.contact_requests_open_for_team(user=practitioner).exists()


def test_overdue_reviews_are_the_teams_orders_past_their_date(
    shielded_child, leeds, leeds_manager, bradford, bradford_manager
):
    due_soon = ShieldingOrder.objects.get(child=shielded_child)
    overdue = shield(ChildFactory(responsible_local_authority=leeds), leeds_manager)
    long_overdue = shield(ChildFactory(responsible_local_authority=leeds), leeds_manager)
    elsewhere = shield(ChildFactory(responsible_local_authority=bradford), bradford_manager)
    today = datetime.date.today()
    for order, days_ago in ((overdue, 3), (long_overdue, 40), (elsewhere, 10)):
        order.review_due_on = today - datetime.timedelta(days=days_ago)
        order.save(update_fields=["review_due_on"])

    assert list(selectors.shielding_reviews_overdue(user=leeds_manager)) == [long_overdue, overdue]
    assert due_soon in selectors.shielding_orders_for_team(user=leeds_manager)
    assert list(selectors.shielding_reviews_overdue(user=bradford_manager)) == [elsewhere]
