"""Brokered contact: a practitioner who sees a shielded child redacted asks the child's management
team to make contact; the request lands in that team's queue only, and the team acts on it. The
practitioner never sees the hidden data, before or after."""

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import ServiceInvolvement
from shielding.models import ContactRequest
from tests.shielding.conftest import PURPOSE, hidden_values_in, record_url

pytestmark = pytest.mark.django_db
MESSAGE = "I am the new health visitor for the family; please ask the mother to call me."


def request_url(child) -> str:
    path = reverse("shielding:contact-request-new", args=[child.contactpoint_id])
    return f"{path}?purpose={PURPOSE}"


def test_a_redacted_record_offers_to_ask_the_team(client_for, shielded_child, practitioner):
    body = client_for(practitioner).get(record_url(shielded_child)).content.decode()
    assert "Ask Leeds to broker contact" in body
    assert request_url(shielded_child).split("?")[0] in body
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', body)
    assert hidden_values_in(body) == []


def test_the_form_on_the_record_posts_with_its_csrf_token(shielded_child, practitioner, client_for):
    client = client_for(practitioner)
    client.handler.enforce_csrf_checks = True
    body = client.get(record_url(shielded_child)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', body).group(1)
    response = client.post(
        request_url(shielded_child), {"message": MESSAGE, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1


def test_a_full_record_does_not(client_for, unshielded_child, shielded_child, leeds_manager):
    assert (
        "broker contact"
        not in client_for(leeds_manager).get(record_url(unshielded_child)).content.decode()
    )
    assert (
        "broker contact"
        not in client_for(leeds_manager).get(record_url(shielded_child)).content.decode()
    )


def test_the_request_lands_in_the_childs_teams_queue_and_nowhere_else(
    client_for, shielded_child, practitioner, leeds, leeds_manager, bradford_manager
):
    practitioner_client = client_for(practitioner)
    response = practitioner_client.post(
        request_url(shielded_child),
        {"message": MESSAGE, "requester_phone": "0113 496 0000"},
        follow=True,
    )
    body = response.content.decode()
    assert "Your request has gone to the management team of Leeds" in body
    assert hidden_values_in(body) == []
    contact_request = ContactRequest.objects.get()
    assert (contact_request.local_authority, contact_request.requested_by) == (leeds, practitioner)

    leeds_queue = client_for(leeds_manager).get(reverse("shielding:contact-requests"))
    assert shielded_child.display_id in leeds_queue.content.decode()
    bradford_client = client_for(bradford_manager)
    bradford_queue = bradford_client.get(reverse("shielding:contact-requests")).content.decode()
    assert shielded_child.display_id not in bradford_queue
    detail = reverse("shielding:contact-request", args=[contact_request.pk])
    assert bradford_client.get(detail).status_code == 404
    assert practitioner_client.get(reverse("shielding:contact-requests")).status_code == 404


def test_the_team_reads_the_request_and_marks_it_acted_on(
    client_for, shielded_child, practitioner, leeds_manager
):
    client_for(practitioner).post(
        request_url(shielded_child), {"message": MESSAGE, "requester_phone": "0113 496 0000"}
    )
    contact_request = ContactRequest.objects.get()
    team = client_for(leeds_manager)
    detail = reverse("shielding:contact-request", args=[contact_request.pk])
    body = team.get(detail).content.decode()
    assert MESSAGE in body and "Pat Visitor" in body and "01134960000" in body

    response = team.post(detail, {"notes": "Passed the message to the mother."}, follow=True)
    assert "marked as acted on" in response.content.decode()
    contact_request.refresh_from_db()
    assert (contact_request.status, contact_request.acted_by) == ("acted", leeds_manager)
    queue = team.get(reverse("shielding:contact-requests")).content.decode()
    assert shielded_child.display_id not in queue


def test_another_team_cannot_act_on_the_request(
    client_for, shielded_child, practitioner, bradford_manager
):
    client_for(practitioner).post(request_url(shielded_child), {"message": MESSAGE})
    contact_request = ContactRequest.objects.get()
    detail = reverse("shielding:contact-request", args=[contact_request.pk])
    response = client_for(bradford_manager).post(detail, {"notes": "Ours now."})
    assert response.status_code == 404
    contact_request.refresh_from_db()
    assert contact_request.status == "open"


def test_the_practitioner_still_sees_the_record_redacted_after_the_team_acts(
    client_for, shielded_child, practitioner, leeds_manager
):
    practitioner_client = client_for(practitioner)
    practitioner_client.post(request_url(shielded_child), {"message": MESSAGE})
    detail = reverse("shielding:contact-request", args=[ContactRequest.objects.get().pk])
    client_for(leeds_manager).post(detail, {"notes": "Called the carer on 07700900456."})
    body = practitioner_client.get(record_url(shielded_child)).content.decode()
    assert hidden_values_in(body) == []


def test_a_request_needs_a_message(client_for, shielded_child, practitioner):
    response = client_for(practitioner).post(request_url(shielded_child), {"message": " "})
    body = response.content.decode()
    assert "Enter who you need to reach and why" in body
    assert hidden_values_in(body) == []
    assert not ContactRequest.objects.exists()


def test_a_bad_phone_number_is_named(client_for, shielded_child, practitioner):
    response = client_for(practitioner).post(
        request_url(shielded_child), {"message": MESSAGE, "requester_phone": "ring me"}
    )
    assert "Enter a UK phone number" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_an_unshielded_childs_request_page_leads_to_the_record(
    client_for, unshielded_child, practitioner
):
    response = client_for(practitioner).post(request_url(unshielded_child), {"message": MESSAGE})
    assert response.status_code == 302
    assert response["Location"] == record_url(unshielded_child)
    assert not ContactRequest.objects.exists()


# Recording one's own involvement on a redacted child goes through the team too.


def involvement_post():
    return {
        "kind": "health_visiting",
        "role": "Health visitor",
        "started_day": "6",
        "started_month": "1",
        "started_year": "2026",
    }


def test_no_involvement_is_recorded_on_a_redacted_child(client_for, shielded_child, practitioner):
    url = reverse("portal:involvement-new", args=[shielded_child.contactpoint_id])
    client = client_for(practitioner)
    for response in (
        client.get(f"{url}?purpose={PURPOSE}"),
        client.post(f"{url}?purpose={PURPOSE}", involvement_post()),
    ):
        body = response.content.decode()
        assert response.status_code == 403
        assert "goes through the management team of Leeds" in body
        assert hidden_values_in(body) == []
    assert not ServiceInvolvement.unscoped_objects.filter(recorded_by=practitioner).exists()


def test_the_childs_team_records_its_involvement_as_usual(
    client_for, shielded_child, leeds_manager
):
    url = reverse("portal:involvement-new", args=[shielded_child.contactpoint_id])
    response = client_for(leeds_manager).post(f"{url}?purpose={PURPOSE}", involvement_post())
    assert response.status_code == 302


# The API says who brokers contact.


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_api_names_the_brokering_authority_and_nothing_hidden(
    shielded_child, unshielded_child, practitioner, leeds_manager
):
    client = api_client(practitioner)
    url = f"/api/v1/children/{shielded_child.contactpoint_id}/?purpose={PURPOSE}"
    response = client.get(url)
    data = response.json()
    assert data["contact_brokered_by"] == "Leeds"
    assert data["addresses"] == [] and data["carers"] == [] and data["services"] == []
    assert hidden_values_in(response.content.decode()) == []

    unshielded = client.get(
        f"/api/v1/children/{unshielded_child.contactpoint_id}/?purpose={PURPOSE}"
    )
    assert unshielded.json()["contact_brokered_by"] is None
    own_team = api_client(leeds_manager).get(url).json()
    assert own_team["contact_brokered_by"] is None
    assert own_team["addresses"][0]["line_1"] == "27 Hollybush Lane"


def test_the_api_refuses_an_involvement_on_a_redacted_child(shielded_child, practitioner):
    response = api_client(practitioner).post(
        f"/api/v1/children/{shielded_child.contactpoint_id}/involvements/",
        {
            "purpose": PURPOSE,
            "kind": "health_visiting",
            "role": "Health visitor",
            "started_on": "2026-01-06",
        },
        format="json",
    )
    assert response.status_code == 403
    assert "Leeds" in response.json()["detail"]
    assert not ServiceInvolvement.unscoped_objects.filter(recorded_by=practitioner).exists()
