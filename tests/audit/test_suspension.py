"""Suspension at the hard limit: made at once, with its event and emails; while it is in force the
user can use no page and no API call, however they signed in; the user's management team or an
auditor reviews it, and reinstating or upholding is recorded."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Organisation
from accounts.roles import Role
from audit.anomalies.areas import area_map_forget
from audit.models import AccessEvent, Suspension
from audit.services import access_event_record
from tests.factories import (
    ChildFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    SuspensionFactory,
    UserFactory,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
LONDON = datetime.timezone(datetime.timedelta(hours=1))
WEDNESDAY_MORNING = datetime.datetime(2026, 6, 3, 10, 15, tzinfo=LONDON)
BORN = datetime.date(2016, 3, 9)
API_SEARCH = {
    "purpose": "child_protection",
    "given_names": "Amelia",
    "family_name": "O'Neill",
    "date_of_birth": BORN.isoformat(),
}
SUSPENDED_TEXT = "suspended until your management team or an auditor reviews"


@pytest.fixture(autouse=True)
def fresh_areas():
    area_map_forget()


@pytest.fixture
def leeds():
    return LocalAuthorityFactory(code="383", name="Leeds")


@pytest.fixture
def reader(leeds):
    return UserFactory(
        role=Role.PRACTITIONER,
        first_name="Rhona",
        last_name="Reader",
        organisation=OrganisationFactory(local_authority=leeds),
    )


@pytest.fixture
def team(leeds):
    return management_team_user_create(leeds)


@pytest.fixture
def auditor():
    return UserFactory(role=Role.AUDITOR)


@pytest.fixture
def amelia():
    return ChildFactory(given_names="Amelia", family_name="O'Neill", date_of_birth=BORN)


def token_client(user) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def record_path(child) -> str:
    return f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose=child_protection"


def events(kind: str) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(kind=kind).order_by("pk"))


# Suspension at the hard limit.


def test_the_hard_limit_suspends_the_user_once(
    reader, team, auditor, settings, django_capture_on_commit_callbacks
):
    settings.SUSPEND_CHILDREN_PER_DAY = 3
    children = [ChildFactory() for _ in range(5)]
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        for child in children:
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                access_event_record(
                    kind=AccessEvent.Kind.RECORD_VIEW, user=reader, child_ids=[child.pk]
                )

    [suspension] = Suspension.objects.all()
    assert (suspension.user, suspension.rule, suspension.count, suspension.limit) == (
        reader,
        "distinct_children",
        3,
        3,
    )
    assert suspension.status == Suspension.Status.SUSPENDED
    assert suspension.local_authority == reader.local_authority
    assert suspension.window_start == datetime.datetime(2026, 6, 3, tzinfo=LONDON)
    [suspended] = events(AccessEvent.Kind.USER_SUSPENDED)
    assert suspended.user == reader
    assert suspended.details == {
        "suspension": suspension.pk,
        "rule": "distinct_children",
        "count": 3,
    }
    suspension_mail = [message for message in mail.outbox if "suspended" in message.subject]
    assert sorted(message.to[0] for message in suspension_mail) == sorted(
        [team.email, auditor.email]
    )
    body = suspension_mail[0].body
    assert "Rhona Reader" in body and "3 different children" in body
    assert all(child.display_id not in body for child in children)


# Refused everywhere while suspended.


def test_a_suspended_user_can_use_no_page(client_for, reader, amelia):
    SuspensionFactory(user=reader)
    client = client_for(reader)
    for path in ("/search/", record_path(amelia), "/", "/audit/alerts/", "/shielding/"):
        response = client.get(path)
        assert response.status_code == 403, path
        body = response.content.decode()
        assert SUSPENDED_TEXT in body and amelia.family_name not in body
    assert client.post("/search/", {"purpose": "child_protection"}).status_code == 403
    # Signing out still works.
    assert client.post("/accounts/sign-out/").status_code == 302


def test_a_suspended_user_can_make_no_api_call(client_for, reader, amelia):
    SuspensionFactory(user=reader)
    for client in (token_client(reader), client_for(reader)):
        search = client.post("/api/v1/search/", API_SEARCH, content_type="application/json")
        record = client.get(f"/api/v1/children/{amelia.contactpoint_id}/?purpose=health")
        for response in (search, record):
            assert response.status_code == 403
            assert SUSPENDED_TEXT in response.json()["detail"]
    assert events(AccessEvent.Kind.SEARCH) == events(AccessEvent.Kind.RECORD_VIEW) == []


def test_a_suspended_user_is_issued_no_token(reader):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import TEST_PASSWORD

    SuspensionFactory(user=reader)
    device = TOTPDevice.objects.create(user=reader, name="app", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    body = {"username": reader.username, "password": TEST_PASSWORD, "otp_token": code}
    response = APIClient().post("/api/v1/token/", body, format="json")
    assert response.status_code == 403
    assert SUSPENDED_TEXT in response.json()["detail"]
    assert not Token.objects.filter(user=reader).exists()


def test_an_upheld_suspension_keeps_the_user_out(client_for, reader):
    SuspensionFactory(user=reader, status=Suspension.Status.UPHELD)
    assert client_for(reader).get("/search/").status_code == 403
    search = token_client(reader).post("/api/v1/search/", API_SEARCH, format="json")
    assert search.status_code == 403


def test_a_reinstated_user_and_their_colleagues_are_let_in(client_for, reader, amelia):
    SuspensionFactory(user=reader, status=Suspension.Status.REINSTATED)
    SuspensionFactory(user=UserFactory(role=Role.PRACTITIONER))
    assert client_for(reader).get(record_path(amelia)).status_code == 200
    colleague = UserFactory(role=Role.PRACTITIONER, organisation=reader.organisation)
    assert (
        token_client(colleague).post("/api/v1/search/", API_SEARCH, format="json").status_code
        == 200
    )


# Review.


def test_the_team_reinstates_a_suspended_user(client_for, reader, team):
    suspension = SuspensionFactory(user=reader)
    client = client_for(team)
    listed = client.get("/audit/alerts/").content.decode()
    assert f"/audit/alerts/suspensions/{suspension.pk}/" in listed and "Awaiting review" in listed

    notes = "Rhona was checking a whole school's roll after a fire; agreed with the head."
    response = client.post(
        f"/audit/alerts/suspensions/{suspension.pk}/", {"outcome": "reinstated", "notes": notes}
    )
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert (suspension.status, suspension.reviewed_by, suspension.review_notes) == (
        Suspension.Status.REINSTATED,
        team,
        notes,
    )
    [reinstated] = events(AccessEvent.Kind.USER_REINSTATED)
    assert reinstated.user == team
    assert reinstated.details == {"suspension": suspension.pk, "user": reader.pk}
    assert notes not in str(reinstated.details)
    assert client_for(reader).get("/search/").status_code == 200


def test_an_auditor_upholds_a_suspension_and_may_reinstate_later(
    client_for, reader, auditor, django_capture_on_commit_callbacks
):
    suspension = SuspensionFactory(user=reader)
    client = client_for(auditor)
    client.post(
        f"/audit/alerts/suspensions/{suspension.pk}/",
        {"outcome": "upheld", "notes": "No reason given for the reads."},
    )
    suspension.refresh_from_db()
    assert (suspension.status, suspension.reviewed_by) == (Suspension.Status.UPHELD, auditor)
    assert events(AccessEvent.Kind.USER_REINSTATED) == []
    assert client_for(reader).get("/search/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/audit/alerts/suspensions/{suspension.pk}/",
            {"outcome": "reinstated", "notes": "Explained at the disciplinary hearing."},
        )
    suspension.refresh_from_db()
    assert suspension.status == Suspension.Status.REINSTATED
    assert client_for(reader).get("/search/").status_code == 200


def test_a_review_needs_an_outcome_and_notes(client_for, reader, team):
    suspension = SuspensionFactory(user=reader)
    response = client_for(team).post(f"/audit/alerts/suspensions/{suspension.pk}/", {"notes": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select whether to reinstate the user" in body
    assert "Enter what the review found" in body
    suspension.refresh_from_db()
    assert suspension.status == Suspension.Status.SUSPENDED


def test_a_reinstatement_stands(client_for, reader, team):
    suspension = SuspensionFactory(user=reader, status=Suspension.Status.REINSTATED)
    response = client_for(team).post(
        f"/audit/alerts/suspensions/{suspension.pk}/", {"outcome": "upheld", "notes": "Oops."}
    )
    assert "already Reinstated" in response.content.decode()
    suspension.refresh_from_db()
    assert suspension.status == Suspension.Status.REINSTATED


def test_only_the_users_own_team_or_an_auditor_may_review(client_for, reader, leeds):
    suspension = SuspensionFactory(user=reader)
    other_team = management_team_user_create(LocalAuthorityFactory(name="Elsewhere"))
    outsider = management_team_user_create(leeds, join=False)
    for stranger in (other_team, outsider, UserFactory(role=Role.PRACTITIONER)):
        client = client_for(stranger)
        page = f"/audit/alerts/suspensions/{suspension.pk}/"
        assert client.get(page).status_code == 404
        assert (
            client.post(page, {"outcome": "reinstated", "notes": "Let them in."}).status_code == 404
        )
    suspension.refresh_from_db()
    assert suspension.status == Suspension.Status.SUSPENDED


def test_a_national_partners_user_is_reviewed_by_auditors(client_for, auditor, team):
    police = Organisation.objects.create(
        code="POLICE-WY", name="West Yorkshire Police", kind=Organisation.Kind.NATIONAL_PARTNER
    )
    officer = UserFactory(role=Role.CHILD_PROTECTION, organisation=police)
    suspension = SuspensionFactory(user=officer)
    assert suspension.local_authority is None
    assert client_for(team).get(f"/audit/alerts/suspensions/{suspension.pk}/").status_code == 404
    assert client_for(auditor).get(f"/audit/alerts/suspensions/{suspension.pk}/").status_code == 200


# The whole of it, committed as in production.


@pytest.mark.django_db(transaction=True)
def test_suspended_at_once_and_let_back_in_with_a_fresh_count(client_for, settings):
    area_map_forget()
    settings.SUSPEND_CHILDREN_PER_DAY = 3
    leeds = LocalAuthorityFactory(code="383", name="Leeds")
    reader = UserFactory(
        role=Role.PRACTITIONER, organisation=OrganisationFactory(local_authority=leeds)
    )
    team = management_team_user_create(leeds)
    children = [ChildFactory() for _ in range(4)]
    client = client_for(reader)
    with time_machine.travel(WEDNESDAY_MORNING, tick=True):
        statuses = [client.get(record_path(child)).status_code for child in children]
        api = token_client(reader).get(
            f"/api/v1/children/{children[0].contactpoint_id}/?purpose=health"
        )

        # The third child reached the limit: that read was answered, and nothing after it.
        assert statuses == [200, 200, 200, 403]
        assert api.status_code == 403
        suspension = Suspension.objects.get(user=reader)
        client_for(team).post(
            f"/audit/alerts/suspensions/{suspension.pk}/",
            {"outcome": "reinstated", "notes": "A school roll check, agreed in advance."},
        )
        again = [client.get(record_path(child)).status_code for child in children[:2]]

    assert again == [200, 200]
    assert Suspension.objects.filter(user=reader).count() == 1
    kinds = AccessEvent.objects.filter(user=reader).order_by("pk").values_list("kind", flat=True)
    assert list(kinds) == [
        *["record_view"] * 3,
        "user_suspended",
        *["record_view"] * 2,
    ]
