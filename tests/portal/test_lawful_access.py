"""Lawful access: a year after archiving, and until the purge, a lawful-access officer reads an
archived record by its ContactPoint ID on a stated basis, once per basis, audited with it. To the
officer every other ID (missing, open, sealed, still the team's, purged) gets the same 404; to
everyone else the page does not exist."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessEvent
from registry.models import Child
from tests.factories import ChildFactory, UserFactory
from tests.shielding import conftest as shielding_scenery
from tests.shielding.conftest import hidden_values_in, record_url

# The shielding tests' scenery: Leeds, its management team, and a shielded and an open child.
leeds = shielding_scenery.leeds
leeds_manager = shielding_scenery.leeds_manager
shielded_child = shielding_scenery.shielded_child
unshielded_child = shielding_scenery.unshielded_child

pytestmark = pytest.mark.django_db
PAGE = "/lawful-access/"
TWO_YEARS = datetime.timedelta(days=731)


def archive(child: Child, *, ago: datetime.timedelta) -> Child:
    Child.unscoped_objects.filter(pk=child.pk).update(
        status=Child.Status.ARCHIVED, archived_at=timezone.now() - ago
    )
    return Child.unscoped_objects.get(pk=child.pk)


def lawful_post(child_or_id, **overrides) -> dict:
    contactpoint_id = getattr(child_or_id, "display_id", child_or_id)
    return {
        "contactpoint_id": contactpoint_id,
        "basis": "court_order",
        "reference": "Family court order FD31C00412",
        **overrides,
    }


@pytest.fixture
def officer():
    return UserFactory(role=Role.LAWFUL_ACCESS)


@pytest.fixture
def officer_client(client_for, officer):
    return client_for(officer)


def test_the_officer_reads_an_archived_shielded_record_on_a_stated_basis(
    officer_client, officer, shielded_child
):
    child = archive(shielded_child, ago=TWO_YEARS)
    response = officer_client.post(PAGE, lawful_post(child))
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert set(hidden_values_in(body)) >= {"27 Hollybush Lane", "LS5 3BT", "Ngozi", "Imogen Sable"}
    assert "a court order (reference Family court order FD31C00412)" in body

    event = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW).latest("pk")
    assert (event.user_id, event.child_ids, event.purpose) == (
        officer.pk,
        [child.pk],
        "archived_record",
    )
    assert event.details["lawful_basis"] == "court_order"
    assert event.details["reference"] == "Family court order FD31C00412"


def test_the_record_is_shown_in_that_response_only(officer_client, shielded_child):
    child = archive(shielded_child, ago=TWO_YEARS)
    officer_client.post(PAGE, lawful_post(child))
    assert hidden_values_in(officer_client.get(PAGE).content.decode()) == []
    assert officer_client.get(record_url(child)).status_code == 404


def test_a_basis_and_a_reference_are_required(officer_client, shielded_child):
    child = archive(shielded_child, ago=TWO_YEARS)
    for missing in ("basis", "reference"):
        response = officer_client.post(PAGE, lawful_post(child, **{missing: ""}))
        assert response.status_code == 200
        assert hidden_values_in(response.content.decode()) == []
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW).exists()


def normalised(body: bytes, typed: str) -> str:
    text = body.decode().replace(typed, "TYPED")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_every_record_not_open_to_lawful_access_gets_the_same_404(
    officer_client, shielded_child, unshielded_child
):
    within_the_teams_year = archive(shielded_child, ago=datetime.timedelta(days=200))
    sealed = ChildFactory(status=Child.Status.SEALED)
    purged = archive(ChildFactory(), ago=TWO_YEARS)
    purged_id = purged.display_id
    Child.unscoped_objects.filter(pk=purged.pk).delete()
    asked = [
        within_the_teams_year.display_id,
        unshielded_child.display_id,  # open
        sealed.display_id,
        purged_id,
        ChildFactory.build().display_id,  # never existed
        "1234 5678 9012 3",  # not an ID
    ]
    answers = set()
    for contactpoint_id in asked:
        response = officer_client.post(PAGE, lawful_post(contactpoint_id))
        assert response.status_code == 404, contactpoint_id
        assert hidden_values_in(response.content.decode()) == []
        answers.add(normalised(response.content, contactpoint_id))
    assert len(answers) == 1
    refused = AccessEvent.objects.filter(kind=AccessEvent.Kind.SEARCH, purpose="archived_record")
    assert refused.count() == len(asked)
    assert {tuple(event.child_ids) for event in refused} == {()}


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.CHILD_PROTECTION,
        Role.LA_MANAGEMENT,
        Role.OPERATIONS,
        Role.AUDITOR,
        Role.DATA_QUALITY,
    ],
)
def test_to_every_other_role_the_page_does_not_exist(client_for, shielded_child, role):
    child = archive(shielded_child, ago=TWO_YEARS)
    client = client_for(UserFactory(role=role))
    missing_page = client.get("/lawful-access-no-such-page/")
    for response in (client.get(PAGE), client.post(PAGE, lawful_post(child))):
        assert response.status_code == 404
        assert response.content == missing_page.content
    assert not AccessEvent.objects.filter(purpose="archived_record").exists()


def test_the_childs_own_team_has_no_lawful_access_either(client_for, shielded_child, leeds_manager):
    child = archive(shielded_child, ago=TWO_YEARS)
    response = client_for(leeds_manager).post(PAGE, lawful_post(child))
    assert response.status_code == 404
    assert hidden_values_in(response.content.decode()) == []


def test_the_officer_finds_the_page_in_the_menu(officer_client, client_for):
    assert f'href="{PAGE}"' in officer_client.get(PAGE).content.decode()
    practitioner_page = client_for(UserFactory()).get("/search/").content.decode()
    assert f'href="{PAGE}"' not in practitioner_page
