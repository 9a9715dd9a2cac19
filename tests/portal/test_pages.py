"""The portal's pages: search, the record, and a practitioner's own involvement."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from registry.models import ServiceInvolvement
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/search/"


def search_form(**criteria):
    return {"purpose": "child_protection", **criteria}


def record_url(child, purpose="child_protection"):
    return f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={purpose}"


def test_pages_need_a_signed_in_user(client, amelia):
    for url in (SEARCH, record_url(amelia)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


def test_the_search_form_labels_every_field(signed_in):
    body = signed_in.get(SEARCH).content.decode()
    for field in (
        "purpose",
        "given_names",
        "family_name",
        "dob_day",
        "dob_month",
        "dob_year",
        "postcode",
        "contactpoint_id",
        "nhs_number",
    ):
        assert f'for="id_{field}"' in body


def test_a_search_without_a_purpose_is_refused_with_a_clear_error(signed_in, amelia):
    response = signed_in.post(
        SEARCH,
        {
            "given_names": "Amelia",
            "family_name": "O'Neill",
            "dob_day": "9",
            "dob_month": "3",
            "dob_year": "2016",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Select why you are looking" in body
    assert AccessEvent.objects.count() == 0


def test_a_search_without_enough_criteria_names_what_is_missing(signed_in, amelia):
    response = signed_in.post(SEARCH, search_form(given_names="Amelia"))
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "date of birth" in body.lower()
    assert "O&#x27;Neill" not in body


def test_a_search_with_a_typo_finds_the_child_and_is_recorded(signed_in, amelia, practitioner):
    response = signed_in.post(
        SEARCH,
        search_form(
            given_names="Amelia", family_name="ONeil", dob_day="9", dob_month="3", dob_year="2016"
        ),
    )
    body = response.content.decode()
    assert "Amelia Rose O&#x27;Neill" in body
    assert amelia.display_id in body
    assert "Strong" in body or "Possible" in body
    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.purpose) == ("search", practitioner, "child_protection")
    assert event.child_ids == [amelia.pk]
    assert event.criteria["family_name"] == "ONeil"


def test_more_than_twenty_matches_ask_the_user_to_refine(signed_in):
    for _ in range(25):
        ChildFactory(
            given_names="Oliver", family_name="Smith", date_of_birth=datetime.date(2015, 5, 1)
        )
    body = signed_in.post(
        SEARCH, search_form(given_names="Oliver", family_name="Smith", dob_year="2015")
    ).content.decode()
    assert "More than 20 children match" in body
    assert "govuk-table__row" not in body


def test_the_record_asks_for_a_purpose_first(signed_in, amelia):
    response = signed_in.get(reverse("portal:child", args=[amelia.contactpoint_id]))
    assert response.status_code == 200
    assert "Why are you looking at this record?" in response.content.decode()
    assert "Acacia" not in response.content.decode()


def test_the_record_shows_every_section_and_is_recorded(signed_in, amelia):
    body = signed_in.get(record_url(amelia)).content.decode()
    for text in (
        "12 Acacia Avenue",
        "LS6 2AB",
        "Siobhan",
        "Parents and carers",
        "GP practice",
        "School or early-years setting",
        "Practitioners and services involved",
    ):
        assert text in body
    event = AccessEvent.objects.get(kind="record_view")
    assert event.child_ids == [amelia.pk]
    assert "address" in event.details["sections"]


def test_a_mistyped_id_and_an_unknown_id_are_the_same_404(signed_in, amelia):
    digits = amelia.contactpoint_id
    mistyped = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    assert signed_in.get(f"/children/{mistyped}/?purpose=health").status_code == 404
    other = ChildFactory.build().contactpoint_id
    assert signed_in.get(f"/children/{other}/?purpose=health").status_code == 404


def involvement_post(**overrides):
    return {
        "kind": "health_visiting",
        "role": "Health visitor",
        "phone": "0113 496 0000",
        "email": "pat@example.org",
        "started_day": "6",
        "started_month": "1",
        "started_year": "2026",
        "is_lead_professional": "on",
        **overrides,
    }


def test_a_practitioner_records_and_ends_their_own_involvement(signed_in, amelia, practitioner):
    new_url = reverse("portal:involvement-new", args=[amelia.contactpoint_id]) + "?purpose=health"
    response = signed_in.post(new_url, involvement_post(), follow=True)
    body = response.content.decode()
    assert "Your involvement has been recorded" in body
    assert "Pat Visitor" in body and "Lead professional" in body
    involvement = ServiceInvolvement.unscoped_objects.get(child=amelia)
    assert involvement.recorded_by == practitioner

    end_url = reverse("portal:involvement-end", args=[involvement.pk]) + "?purpose=health"
    response = signed_in.post(
        end_url, {"ended_day": "20", "ended_month": "11", "ended_year": "2026"}, follow=True
    )
    assert "Your involvement has been ended" in response.content.decode()
    involvement.refresh_from_db()
    assert involvement.ended_on == datetime.date(2026, 11, 20)


def test_a_bad_start_date_is_named(signed_in, amelia):
    new_url = reverse("portal:involvement-new", args=[amelia.contactpoint_id]) + "?purpose=health"
    body = signed_in.post(new_url, involvement_post(started_month="13")).content.decode()
    assert "Start date must be a real date" in body


def test_nobody_ends_another_practitioners_involvement(client_for, signed_in, amelia):
    new_url = reverse("portal:involvement-new", args=[amelia.contactpoint_id]) + "?purpose=health"
    signed_in.post(new_url, involvement_post())
    involvement = ServiceInvolvement.unscoped_objects.get(child=amelia)
    other = client_for(UserFactory())
    assert (
        other.get(
            reverse("portal:involvement-end", args=[involvement.pk]) + "?purpose=health"
        ).status_code
        == 404
    )


def test_a_sensitive_service_needs_consent_and_is_hidden_from_ordinary_users(
    client_for, signed_in, amelia
):
    new_url = reverse("portal:involvement-new", args=[amelia.contactpoint_id]) + "?purpose=health"
    body = signed_in.post(new_url, involvement_post(kind="mental_health")).content.decode()
    assert "consent" in body.lower() and "govuk-error-summary" in body
    signed_in.post(new_url, involvement_post(kind="mental_health", consent_recorded="on"))
    assert "Mental health" not in signed_in.get(record_url(amelia)).content.decode()
    protector = client_for(UserFactory(role=Role.CHILD_PROTECTION))
    assert "Mental health" in protector.get(record_url(amelia)).content.decode()
