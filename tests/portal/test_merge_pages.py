"""The merge pages and the old ID's redirect, on the web and in the API: who gets the pages, what
the side-by-side shows each reader, the merge and its undoing through the forms, and a merged
record's ID leading to the survivor without showing more than the survivor would."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token

from audit.models import AccessEvent
from registry.contactpoint_id import contactpoint_id_generate
from registry.models import Child, ChildMerge
from registry.purposes import AccessPurpose
from shielding.merges import child_merge
from tests.factories import ChildFactory, UserFactory
from tests.registry.merge_world import (
    DUPLICATE_VALUES,
    KEPT_VALUES,
    merge_world_build,
    shield,
)

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.HEALTH


@pytest.fixture
def world():
    return merge_world_build()


def merged(world) -> ChildMerge:
    return child_merge(
        survivor=world.kept, merged=world.duplicate, by=world.leeds_team, reason="A typo."
    )


def record_path(child, purpose: str = PURPOSE) -> str:
    return f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={purpose}"


def api_path(child, purpose: str = PURPOSE) -> str:
    return f"{reverse('api:child', args=[child.contactpoint_id])}?purpose={purpose}"


def compare_path(survivor, duplicate) -> str:
    return (
        f"{reverse('portal:merge-new')}?survivor={survivor.display_id}"
        f"&merged={duplicate.display_id}"
    )


def values_in(text: str, values) -> list[str]:
    return [value for value in values if value in text]


def test_the_old_id_redirects_to_the_survivor_with_the_same_purpose(world, client_for):
    merged(world)
    client = client_for(world.practitioner)

    response = client.get(record_path(world.duplicate))

    assert response.status_code == 302
    assert response["Location"] == record_path(world.kept)
    page = client.get(response["Location"]).content.decode()
    assert world.kept.display_id in page and "Tobiah" in page
    redirect_event = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW).earliest("pk")
    assert redirect_event.child_ids == [world.duplicate.pk, world.kept.pk]
    assert redirect_event.details["sections"] == []
    # Without a purpose, the purpose comes first, as for any record.
    assert (
        "Why are you looking"
        in client.get(
            reverse("portal:child", args=[world.duplicate.contactpoint_id])
        ).content.decode()
    )


def test_a_redirect_to_a_shielded_survivor_shows_only_what_the_survivor_shows(world, client_for):
    shield(world.duplicate, by=world.leeds_team)
    merged(world)

    response = client_for(world.practitioner).get(record_path(world.duplicate), follow=True)

    body = response.content.decode()
    assert response.redirect_chain == [(record_path(world.kept), 302)]
    assert "contact details are shielded" in body
    assert values_in(body, KEPT_VALUES + DUPLICATE_VALUES) == []
    team_body = client_for(world.leeds_team).get(record_path(world.duplicate), follow=True)
    assert values_in(team_body.content.decode(), ("Ngozi", "Tobiah")) == ["Ngozi", "Tobiah"]


def test_the_api_answers_a_merged_id_with_a_302_naming_the_survivor(world):
    merged(world)
    token = Token.objects.create(user=world.practitioner)
    client = TestCase.client_class(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.get(api_path(world.duplicate))

    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{api_path(world.kept)}"
    assert response.json() == {
        "detail": "This record was merged into another.",
        "merged_into": world.kept.display_id,
    }
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert followed.json()["child"]["contactpoint_id"] == world.kept.display_id
    missing = contactpoint_id_generate()
    assert client.get(f"/api/v1/children/{missing}/?purpose={PURPOSE}").status_code == 404


def test_the_api_schema_documents_the_redirect(client_for, world):
    schema = client_for(world.practitioner).get("/api/schema/?format=json").json()
    responses = schema["paths"]["/api/v1/children/{contactpoint_id}/"]["get"]["responses"]
    assert "Location" in responses["302"]["headers"]
    reference = responses["302"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"detail", "merged_into"}


def test_an_unmerged_id_opens_its_own_record_again(world, client_for):
    made = merged(world)
    client = client_for(world.leeds_team)
    response = client.post(reverse("portal:merge-undo", args=[made.pk]), {"undo_reason": "Twins."})
    assert response.status_code == 302
    page = client_for(world.practitioner).get(record_path(world.duplicate))
    assert page.status_code == 200 and "Tobiah" in page.content.decode()


@pytest.mark.parametrize("who", ["practitioner", "operations", "auditor", "not_in_team"])
def test_the_merge_pages_are_a_404_to_everyone_but_teams_and_data_quality(world, client_for, who):
    made = merged(world)
    users = {
        "practitioner": world.practitioner,
        "operations": UserFactory(role="operations"),
        "auditor": UserFactory(role="auditor"),
        "not_in_team": UserFactory(role="la_management"),
    }
    client = client_for(users[who])
    for path in (
        reverse("portal:merges"),
        reverse("portal:merge-new"),
        compare_path(world.kept, ChildFactory(responsible_local_authority=world.leeds)),
        reverse("portal:merge", args=[made.pk]),
        reverse("portal:merge-undo", args=[made.pk]),
    ):
        assert client.get(path).status_code == 404, path


def test_another_authoritys_team_sees_neither_the_merge_nor_its_undo(world, client_for):
    made = merged(world)
    client = client_for(world.bradford_team)
    assert world.kept.display_id not in client.get(reverse("portal:merges")).content.decode()
    assert client.get(reverse("portal:merge", args=[made.pk])).status_code == 404
    assert client.post(reverse("portal:merge-undo", args=[made.pk]), {}).status_code == 404


def test_the_team_compares_contact_details_and_merges_through_the_form(world, client_for):
    client = client_for(world.leeds_team)
    page = client.get(compare_path(world.kept, world.duplicate)).content.decode()
    assert values_in(page, ("27 Hollybush Lane", "4 Mill Yard")) == [
        "27 Hollybush Lane",
        "4 Mill Yard",
    ]
    comparison_event = AccessEvent.objects.get(kind=AccessEvent.Kind.RECORD_VIEW)
    assert comparison_event.purpose == AccessPurpose.DATA_QUALITY
    assert comparison_event.child_ids == [world.kept.pk, world.duplicate.pk]

    form = {"survivor": world.kept.display_id, "merged": world.duplicate.display_id}
    refused = client.post(reverse("portal:merge-new"), form)
    assert "Enter why these records are the same child" in refused.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("portal:merge-new"), {**form, "reason": "A typo."})

    made = ChildMerge.objects.get()
    assert response["Location"] == reverse("portal:merge", args=[made.pk])
    assert Child.unscoped_objects.get(pk=world.duplicate.pk).status == Child.Status.MERGED
    assert [email.to for email in mail.outbox] == [["team@leeds.example"]]
    detail = client.get(response["Location"]).content.decode()
    assert "Undo this merge" in detail and "A typo." in detail


def test_data_quality_staff_see_identity_only_beside_a_shielded_record(world, client_for):
    shield(world.kept, by=world.leeds_team)
    client = client_for(world.data_quality)

    page = client.get(compare_path(world.kept, world.duplicate)).content.decode()

    assert world.kept.display_id in page and world.duplicate.display_id in page
    assert "Only the records' identities are compared" in page
    # Not even the unshielded duplicate's details: set beside the shielded child's name, they
    # could say where that child lives.
    assert values_in(page, KEPT_VALUES + DUPLICATE_VALUES) == []
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.RECORD_VIEW)
    assert event.details == {"sections": [], "redacted": True}

    response = client.post(
        reverse("portal:merge-new"),
        {
            "survivor": world.kept.display_id,
            "merged": world.duplicate.display_id,
            "reason": "Same child: the school confirmed it.",
        },
    )
    made = ChildMerge.objects.get()
    assert response.status_code == 302 and made.made_by == world.data_quality
    detail = client.get(reverse("portal:merge", args=[made.pk])).content.decode()
    assert "the school confirmed it" not in detail and "Undo this merge" in detail


def test_data_quality_staff_compare_unshielded_records_in_full(world, client_for):
    page = client_for(world.data_quality).get(compare_path(world.kept, world.duplicate))
    assert values_in(page.content.decode(), ("27 Hollybush Lane", "4 Mill Yard")) == [
        "27 Hollybush Lane",
        "4 Mill Yard",
    ]


def test_the_pick_page_says_what_is_wrong(world, client_for):
    client = client_for(world.leeds_team)
    sealed = ChildFactory(responsible_local_authority=world.leeds, status=Child.Status.SEALED)
    bradford_child = ChildFactory(responsible_local_authority=world.bradford)
    cases = [
        (compare_path(world.kept, world.kept), "Enter two different ContactPoint IDs"),
        (compare_path(world.kept, sealed), "No open record has one of these ContactPoint IDs"),
        (compare_path(world.kept, bradford_child), "Only data-quality staff may merge"),
        (f"{reverse('portal:merge-new')}?survivor=1234&merged=", "12 digits"),
    ]
    for path, message in cases:
        body = client.get(path).content.decode()
        assert message in body, path
    assert not ChildMerge.objects.exists()


def test_the_undo_page_is_gone_once_the_window_has_closed(world, client_for, settings):
    settings.REGISTRY_UNMERGE_DAYS = 0
    made = merged(world)
    ChildMerge.objects.filter(pk=made.pk).update(made_at=made.made_at.replace(year=2020))
    client = client_for(world.leeds_team)
    assert (
        "Undo this merge"
        not in client.get(reverse("portal:merge", args=[made.pk])).content.decode()
    )
    response = client.post(reverse("portal:merge-undo", args=[made.pk]), {"undo_reason": "No."})
    assert response["Location"] == reverse("portal:merge", args=[made.pk])
    assert Child.unscoped_objects.get(pk=world.duplicate.pk).status == Child.Status.MERGED


def test_the_teams_and_data_quality_pages_link_to_the_merges(world, client_for):
    merges = reverse("portal:merges")
    team_home = client_for(world.leeds_team).get(reverse("shielding:home")).content.decode()
    assert merges in team_home
    review = client_for(world.data_quality).get(reverse("ingest:review-queue")).content.decode()
    assert merges in review
    made = merged(world)
    listing = client_for(world.data_quality).get(merges).content.decode()
    assert reverse("portal:merge", args=[made.pk]) in listing and "Can be undone" in listing
