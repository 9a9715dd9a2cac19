"""The review and held queues' pages and a record's side-by-side page: what each reader is shown,
the buttons, and what a reader who may not see a shielded candidate is never shown."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from ingest.models import PairJudgement, RecordResolution
from tests.factories import ExternalIdentifierFactory, UserFactory
from tests.ingest.pipeline_world import AMELIA, child_shield
from tests.ingest.staged_world import (
    MOVED,
    REFUGE_VARIANT,
    record_stage,
)

pytestmark = pytest.mark.django_db
# What Amelia's record alone holds: her twin has another address and no NHS number.
AMELIA_HIDDEN = (AMELIA["address_line_1"], AMELIA["postcode"], AMELIA["nhs_number"])


def record_url(staged) -> str:
    return reverse("ingest:record", args=[staged.pk])


def decide_url(staged) -> str:
    return reverse("ingest:record-decide", args=[staged.pk])


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def table_rows(body: str) -> dict[str, str]:
    """Each row of the comparison table by its heading, as text without tags."""
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, flags=re.S):
        heading = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, flags=re.S)
        if heading:
            rows[heading.group(1)] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return rows


def test_the_record_page_sets_the_record_beside_each_candidate_with_levels(
    world, in_review, client_for
):
    body = page_text(client_for(world.data_quality).get(record_url(in_review)))

    assert "Possible match" in body and MOVED["record_id"] in body
    for child in (world.amelia, world.twin):
        assert child.display_id in body
    rows = table_rows(body)
    assert rows["Given names"] == "Given names Amelia Rose Amelia Rose Exact Amelie Rose Close"
    assert rows["Address"] == (
        "Address 9 Elm Road, Leeds, LS7 1AA "
        "12 Acacia Avenue, Leeds, LS6 2AB Different 3 Birch Grove, Leeds, LS6 3CD Different"
    )
    assert "Not on both" in rows["Parent or carer"]
    assert "Match weight 6.6" in body
    assert body.count('value="same"') == body.count('value="different"') == 2
    assert "Create a new record" in body


def test_each_view_of_the_record_page_is_audited(world, in_review, client_for):
    client_for(world.data_quality).get(record_url(in_review))

    event = AccessEvent.objects.get(user=world.data_quality)
    assert (event.kind, event.purpose) == (AccessEvent.Kind.RECORD_VIEW, "data_quality")
    assert sorted(event.child_ids) == sorted([world.amelia.pk, world.twin.pk])
    assert event.details == {"staged_record": in_review.pk, "held": False}


def test_a_candidate_shielded_since_takes_the_record_out_of_the_review_queue(
    world, in_review, client_for
):
    ExternalIdentifierFactory(child=world.amelia, value=AMELIA["nhs_number"])
    child_shield(world.amelia, by=world.leeds_team)

    reviewer = client_for(world.data_quality)
    assert reviewer.get(record_url(in_review)).status_code == 404
    assert MOVED["record_id"] not in page_text(reviewer.get(reverse("ingest:review-queue")))

    team = client_for(world.leeds_team)
    assert MOVED["record_id"] in page_text(team.get(reverse("ingest:held-queue")))
    team_view = page_text(team.get(record_url(in_review)))
    assert world.amelia.display_id in team_view
    assert AMELIA["address_line_1"] in team_view


def test_same_child_posts_with_csrf_and_confirms(world, in_review, client_for):
    client = client_for(world.data_quality)
    client.handler.enforce_csrf_checks = True
    decision = {"decision": "same", "child_id": world.amelia.pk}
    assert client.post(decide_url(in_review), decision).status_code == 403

    body = page_text(client.get(record_url(in_review)))
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', body).group(1)
    response = client.post(
        decide_url(in_review), {**decision, "csrfmiddlewaretoken": token}, follow=True
    )

    assert response.redirect_chain == [(reverse("ingest:review-queue"), 302)]
    assert "The record is applied to the child you chose." in page_text(response)
    assert RecordResolution.objects.get(staged_record=in_review).child_id == world.amelia.pk
    assert client.get(decide_url(in_review)).status_code == 405


def test_different_child_and_a_new_record_from_the_page(world, in_review, client_for):
    client = client_for(world.data_quality)
    client.post(decide_url(in_review), {"decision": "different", "child_id": world.twin.pk})
    assert PairJudgement.objects.get().verdict == "different"

    response = client.post(decide_url(in_review), {"decision": "create"}, follow=True)
    resolution = RecordResolution.objects.get(staged_record=in_review)
    assert resolution.decision == RecordResolution.Decision.CREATED
    assert "A new record is in the index: ContactPoint ID" in page_text(response)


def test_a_refused_decision_shows_the_error_summary(world, client_for):
    nowhere = {**MOVED, "record_id": "CB-101", "postcode": "YO1 7HH"}
    staged = record_stage(world, nowhere)
    client = client_for(world.data_quality)
    assert "Local authority responsible for the new child" in page_text(
        client.get(record_url(staged))
    )

    body = page_text(client.post(decide_url(staged), {"decision": "create"}))

    assert "There is a problem" in body
    assert "Choose the local authority responsible for the new child" in body
    assert not RecordResolution.objects.exists()


def test_a_child_that_is_no_candidate_is_refused_on_the_page(world, in_review, client_for):
    not_a_candidate = {"decision": "same", "child_id": world.twin.pk + 1000}
    body = page_text(client_for(world.data_quality).post(decide_url(in_review), not_a_candidate))
    assert "There is a problem" in body and "no longer a candidate" in body
    assert not RecordResolution.objects.exists()


def test_the_held_record_page_is_its_teams_alone(world, held, client_for):
    body = page_text(client_for(world.leeds_team).get(record_url(held)))
    assert "Held record" in body and "9 Refuge Row" in body
    assert world.amelia.display_id in body

    queue = page_text(client_for(world.leeds_team).get(reverse("ingest:held-queue")))
    assert REFUGE_VARIANT["record_id"] in queue and "9 Refuge Row" not in queue
    home = page_text(client_for(world.leeds_team).get(reverse("shielding:home")))
    assert reverse("ingest:held-queue") in home

    for outsider in (world.data_quality, world.bradford_team, UserFactory(role=Role.OPERATIONS)):
        client = client_for(outsider)
        assert client.get(record_url(held)).status_code == 404
        assert client.post(decide_url(held), {"decision": "create"}).status_code == 404
    bradford_queue = client_for(world.bradford_team).get(reverse("ingest:held-queue"))
    assert REFUGE_VARIANT["record_id"] not in page_text(bradford_queue)


def test_queue_pages_are_for_reviewers_and_teams(world, in_review, client_for):
    review_queue = page_text(client_for(world.data_quality).get(reverse("ingest:review-queue")))
    assert MOVED["record_id"] in review_queue and "6.6" in review_queue
    assert MOVED["address_line_1"] not in review_queue

    assert client_for(world.data_quality).get(reverse("ingest:held-queue")).status_code == 404
    practitioner = client_for(UserFactory(role=Role.PRACTITIONER))
    for name in ("ingest:review-queue", "ingest:held-queue"):
        assert practitioner.get(reverse(name)).status_code == 404
