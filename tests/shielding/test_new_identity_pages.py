"""The new-identity pages: the team's form, with its warning and confirmation, and its list of
sealed records; and the sealed record's 404 everywhere else (pages, API, admin, reports), for
every reader, the team included. No page shows the two records together, the team's own neither.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AccessEvent
from registry.models import Child
from shielding.models import ShieldingOrder
from tests.factories import UserFactory
from tests.shielding.conftest import PURPOSE, record_url

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
HOME = reverse("shielding:home")
SEALED_LIST = reverse("shielding:sealed")
NEW_NAMES = ("Maisie", "Harrowfield")


def form_url(child) -> str:
    return f"{reverse('shielding:new-identity', args=[child.contactpoint_id])}?purpose={PURPOSE}"


def form_post(child, **overrides) -> dict:
    review_on = TODAY + datetime.timedelta(days=180)
    born = child.date_of_birth
    return {
        "given_names": NEW_NAMES[0],
        "family_name": NEW_NAMES[1],
        "gender": "F",
        "dob_day": born.day,
        "dob_month": born.month,
        "dob_year": born.year,
        "responsible_local_authority": child.responsible_local_authority_id,
        "reason": ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        "justification": "Placed for adoption by order of the family court.",
        "review_day": review_on.day,
        "review_month": review_on.month,
        "review_year": review_on.year,
        "confirm": "on",
        **overrides,
    }


def new_record_of(child) -> Child:
    """The only active record made after `child`: the test's own way to find the new identity."""
    return Child.unscoped_objects.filter(pk__gt=child.pk, status=Child.Status.ACTIVE).get()


@pytest.fixture
def sealed_pair(client_for, shielded_child, leeds_manager):
    """Zara Whitfield given a new identity through the form, by her team."""
    client_for(leeds_manager).post(form_url(shielded_child), form_post(shielded_child))
    return Child.unscoped_objects.get(pk=shielded_child.pk), new_record_of(shielded_child)


# The form


def test_the_team_is_offered_a_new_identity_on_its_childs_record(
    client_for, shielded_child, leeds_manager, practitioner
):
    team_page = client_for(leeds_manager).get(record_url(shielded_child)).content.decode()
    practitioner_page = client_for(practitioner).get(record_url(shielded_child)).content.decode()
    assert form_url(shielded_child).replace("&", "&amp;") in team_page
    assert "Make a new identity" not in practitioner_page


def test_the_form_warns_that_the_record_will_be_sealed(client_for, shielded_child, leeds_manager):
    response = client_for(leeds_manager).get(form_url(shielded_child))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This cannot be undone" in body and "will be sealed" in body
    assert f'value="{shielded_child.date_of_birth.year}"' in body


@pytest.mark.parametrize("reader", ["practitioner", "protector", "bradford_manager", "auditor"])
def test_the_form_is_a_404_to_all_but_the_childs_team(client_for, shielded_child, reader, request):
    user = (
        UserFactory(role=Role.AUDITOR) if reader == "auditor" else request.getfixturevalue(reader)
    )
    client = client_for(user)
    assert client.get(form_url(shielded_child)).status_code == 404
    assert client.post(form_url(shielded_child), form_post(shielded_child)).status_code == 404
    assert Child.unscoped_objects.get(pk=shielded_child.pk).status == Child.Status.ACTIVE


def test_the_team_must_confirm(client_for, shielded_child, leeds_manager):
    post = form_post(shielded_child)
    del post["confirm"]
    response = client_for(leeds_manager).post(form_url(shielded_child), post)
    assert response.status_code == 200
    assert "Confirm that the old record will be sealed" in response.content.decode()
    assert Child.unscoped_objects.get(pk=shielded_child.pk).status == Child.Status.ACTIVE


def test_names_the_birth_identity_search_would_find_are_sent_back(
    client_for, shielded_child, leeds_manager
):
    post = form_post(shielded_child, given_names="Zara", family_name="Whitfield")
    response = client_for(leeds_manager).post(form_url(shielded_child), post)
    assert response.status_code == 200
    assert "would find these" in response.content.decode()
    assert Child.unscoped_objects.get(pk=shielded_child.pk).status == Child.Status.ACTIVE


def test_the_team_lands_on_its_own_page_told_the_new_id_and_nothing_of_the_old(
    client_for, shielded_child, leeds_manager
):
    client = client_for(leeds_manager)
    response = client.post(form_url(shielded_child), form_post(shielded_child), follow=True)

    new = new_record_of(shielded_child)
    assert response.redirect_chain == [(HOME, 302)]
    body = response.content.decode()
    assert new.display_id in body
    for old_identity in ("Zara", "Whitfield", shielded_child.display_id):
        assert old_identity not in body
    assert not AccessEvent.objects.filter(child_ids__contains=[new.pk]).exists()


def test_a_new_identity_made_in_a_request_shares_no_request_id_with_the_new_record(
    client_for, shielded_child, leeds_manager
):
    client_for(leeds_manager).post(form_url(shielded_child), form_post(shielded_child))
    new = new_record_of(shielded_child)
    new_order = ShieldingOrder.objects.get(child=new)

    sealed_event = AccessEvent.objects.get(kind=AccessEvent.Kind.RECORD_SEALED)
    request_id = sealed_event.request_id
    assert request_id
    for event in AccessEvent.objects.filter(request_id=request_id):
        assert new.pk not in event.child_ids
    entries = LogEntry.objects.filter(cid=request_id)
    assert entries.exists()
    for entry in entries:
        assert (entry.content_type.model, entry.object_id) not in {
            ("child", new.pk),
            ("shieldingorder", new_order.pk),
        }
        assert entry.content_type.model != "identitylink"
        assert new.contactpoint_id not in str(entry.changes) + entry.object_repr


# The sealed list


def test_the_sealed_list_shows_the_team_the_old_identity_alone(
    sealed_pair, client_for, leeds_manager
):
    old, new = sealed_pair
    body = client_for(leeds_manager).get(SEALED_LIST).content.decode()
    for shown in ("Zara", "Whitfield", old.display_id, "Adoption placement", "Lena Manager"):
        assert shown in body
    for new_identity in (*NEW_NAMES, new.display_id):
        assert new_identity not in body


def test_another_teams_sealed_list_does_not_have_it(sealed_pair, client_for, bradford_manager):
    old, _new = sealed_pair
    response = client_for(bradford_manager).get(SEALED_LIST)
    assert response.status_code == 200
    assert old.display_id not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.OPERATIONS, Role.AUDITOR])
def test_the_sealed_list_is_a_404_outside_management_teams(client_for, role):
    assert client_for(UserFactory(role=role)).get(SEALED_LIST).status_code == 404


def test_the_teams_shielding_page_lists_the_new_record_and_not_the_sealed_one(
    sealed_pair, client_for, leeds_manager
):
    old, new = sealed_pair
    body = client_for(leeds_manager).get(HOME).content.decode()
    assert new.display_id in body
    assert old.display_id not in body and "Whitfield" not in body
    sealed_order = ShieldingOrder.objects.get(child=old, active=True)
    for action in ("shielding:review", "shielding:unshield"):
        url = reverse(action, args=[sealed_order.pk])
        assert client_for(leeds_manager).get(url).status_code == 404


# The sealed record is a 404 everywhere else


def old_record_urls(old) -> list[str]:
    return [
        record_url(old),
        form_url(old),
        f"{reverse('shielding:shield', args=[old.contactpoint_id])}?purpose={PURPOSE}",
        reverse("audit:reports:child-access", args=[old.contactpoint_id]),
    ]


@pytest.mark.parametrize("reader", ["leeds_manager", "practitioner", "protector"])
def test_the_sealed_record_is_a_404_to_everyone_the_team_included(
    sealed_pair, client_for, reader, request
):
    old, _new = sealed_pair
    client = client_for(request.getfixturevalue(reader))
    for url in old_record_urls(old):
        assert client.get(url).status_code == 404, url


def test_the_api_answers_404_for_the_sealed_record(sealed_pair, leeds_manager):
    old, _new = sealed_pair
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=leeds_manager).key}")
    response = client.get(f"/api/v1/children/{old.contactpoint_id}/?purpose={PURPOSE}")
    assert response.status_code == 404
    assert "Whitfield" not in response.content.decode()


def test_the_admin_shows_operations_nothing_of_the_sealed_record(sealed_pair, client_for):
    old, _new = sealed_pair
    client = client_for(UserFactory(role=Role.OPERATIONS))
    for admin_list in ("registry_child", "registry_address", "shielding_shieldingorder"):
        url = f"{reverse(f'admin:{admin_list}_changelist')}?q={old.display_id}"
        body = client.get(url).content.decode()
        assert "0 results" in body and "Whitfield" not in body, url
    every_order = client.get(reverse("admin:shielding_shieldingorder_changelist"))
    assert old.display_id not in every_order.content.decode()
    change = client.get(reverse("admin:registry_child_change", args=[old.pk]), follow=True)
    assert change.redirect_chain[-1][0] == reverse("admin:index")
    assert "Whitfield" not in change.content.decode()


def test_the_change_history_shows_auditors_nothing_of_the_sealed_record(sealed_pair, client_for):
    old, _new = sealed_pair
    client = client_for(UserFactory(role=Role.AUDITOR, is_staff=True))
    changelist = reverse("admin:auditlog_logentry_changelist")
    for url in (changelist, f"{changelist}?q={old.pk}"):
        body = client.get(url).content.decode()
        assert "Whitfield" not in body and old.display_id not in body
    entry = LogEntry.objects.filter(content_type__model="child", object_id=old.pk).first()
    detail = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]), follow=True)
    assert "Whitfield" not in detail.content.decode()
