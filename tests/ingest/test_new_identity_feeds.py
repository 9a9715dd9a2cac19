"""A new identity, end to end through the real pipeline and search: feed records that carry the
birth identity (birth name, old address, old NHS number) match the sealed record and are held for
its management team; they create nothing and never touch the new identity. Searches by the birth
identity find neither record, for any practitioner."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from ingest.models import Outcome, StagedRecordContent
from registry.models import Address, Child, ExternalIdentifier
from shielding.database_scope import matching_scope
from shielding.models import ShieldingOrder
from shielding.new_identity import new_identity_make
from tests.factories import ExternalIdentifierFactory, UserFactory
from tests.ingest.pipeline_world import (
    AMELIA,
    POSSIBLY_AMELIA,
    batch_run,
    feed_create,
    file_receive,
    indexed_child_create,
)
from tests.shielding.conftest import team_member

pytestmark = pytest.mark.django_db

NEW_NAMES = {"given_names": "Amelia Rose", "family_name": "Thackeray"}


@pytest.fixture
def team(world):
    return team_member(world.local_authority, first_name="Lena", last_name="Manager")


@pytest.fixture
def pair(world, team):
    """Amelia O'Neill, with her address, carer and NHS number, given a new identity by adoption:
    the same given names and date of birth, a new family name."""
    birth = indexed_child_create(local_authority=world.local_authority)
    ExternalIdentifierFactory(child=birth, value=AMELIA["nhs_number"])
    new = new_identity_make(
        child=birth,
        by=team,
        **NEW_NAMES,
        gender="F",
        date_of_birth=birth.date_of_birth,
        reason=ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        justification="Placed for adoption by order of the family court.",
        review_due_on=datetime.date.today() + datetime.timedelta(days=180),
    )
    birth.refresh_from_db()
    return birth, new


def _held_contents(batch) -> dict[str, StagedRecordContent]:
    with transaction.atomic(), matching_scope():
        return {
            content.staged_record.record_id: content
            for content in StagedRecordContent.objects.filter(
                staged_record__batch=batch
            ).select_related("staged_record")
        }


BIRTH_IDENTITY_RECORDS = [
    {**AMELIA, "record_id": "CB-BIRTH-1"},
    {**AMELIA, "record_id": "CB-BIRTH-2", "nhs_number": "", "carer_given_names": ""}
    | {"carer_family_name": "", "carer_relationship": ""},
    {
        "record_id": "CB-BIRTH-3",
        "given_names": "Amelia",
        "family_name": "O'Neill",
        "date_of_birth": AMELIA["date_of_birth"],
        "gender": "F",
        "nhs_number": AMELIA["nhs_number"],
    },
    POSSIBLY_AMELIA,
]


def test_feed_records_with_the_birth_identity_are_held_for_the_sealed_record(world, pair, team):
    birth, new = pair
    children_before = Child.unscoped_objects.count()
    new_before = Child.unscoped_objects.values().get(pk=new.pk)

    batch = batch_run(file_receive(feed=feed_create(), records=BIRTH_IDENTITY_RECORDS).batch)

    outcomes = dict(batch.records.values_list("record_id", "outcome"))
    assert set(outcomes.values()) == {Outcome.HELD}, outcomes
    for record_id, content in _held_contents(batch).items():
        assert content.child_id == birth.pk, record_id
        assert content.held_for_id == world.local_authority.pk
    assert Child.unscoped_objects.count() == children_before
    assert Child.unscoped_objects.values().get(pk=new.pk) == new_before
    with transaction.atomic(), matching_scope():
        assert not Address.unscoped_objects.filter(child=new).exists()
        assert not ExternalIdentifier.unscoped_objects.filter(child=new).exists()


def test_the_held_record_page_shows_the_team_the_sealed_record_and_never_the_new_one(
    world, pair, team, verified_client
):
    birth, new = pair
    batch = batch_run(file_receive(feed=feed_create(), records=BIRTH_IDENTITY_RECORDS[:1]).batch)
    staged = batch.records.get()
    client = verified_client(team)

    queue = client.get(reverse("ingest:held-queue")).content.decode()
    page = client.get(reverse("ingest:record", args=[staged.pk])).content.decode()

    assert staged.record_id in queue
    assert birth.display_id in page
    for shown in (queue, page):
        assert new.display_id not in shown
        assert NEW_NAMES["family_name"] not in shown


def test_searches_by_the_birth_identity_find_neither_record(world, pair, team, client_for):
    birth, new = pair
    born = birth.date_of_birth
    dob = {"dob_day": born.day, "dob_month": born.month, "dob_year": born.year}
    by_birth = [
        {"given_names": "Amelia Rose", "family_name": "O'Neill", **dob},
        {"given_names": "Amelia", "family_name": "O'Neill", "dob_year": born.year},
        {"family_name": "O'Neill", "postcode": AMELIA["postcode"], **dob},
        {"given_names": "Amelia", "postcode": AMELIA["postcode"], **dob},
        {"nhs_number": AMELIA["nhs_number"]},
        {"contactpoint_id": birth.contactpoint_id},
    ]
    readers = [
        UserFactory(role=Role.PRACTITIONER),
        UserFactory(role=Role.CHILD_PROTECTION),
        team,
    ]
    for reader in readers:
        client = client_for(reader)
        for criteria in by_birth:
            body = client.post(
                reverse("portal:search"), {"purpose": "child_protection", **criteria}
            ).content.decode()
            assert birth.display_id not in body, (reader.role, criteria)
            assert new.display_id not in body, (reader.role, criteria)
        by_new_names = client.post(
            reverse("portal:search"), {"purpose": "child_protection", **NEW_NAMES, **dob}
        ).content.decode()
        assert new.display_id in by_new_names


def test_the_api_search_by_the_birth_identity_finds_neither_record(world, pair):
    birth, new = pair
    token = Token.objects.create(user=UserFactory(role=Role.PRACTITIONER))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        reverse("api:search"),
        {
            "purpose": "child_protection",
            "given_names": "Amelia Rose",
            "family_name": "O'Neill",
            "date_of_birth": birth.date_of_birth.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
    text = response.content.decode()
    assert birth.contactpoint_id not in text and new.contactpoint_id not in text
