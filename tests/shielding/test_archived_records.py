"""An archived record: for a year its management team's alone (a list, and a read-only view,
audited); then not even theirs. It is in no practitioner's path: search, record page, API, admin,
the team's shielded list, a practitioner's own involvement. And the team's record of consent to
keep a young person's record open past 18."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessEvent
from registry.models import Child, RetentionExtension, ServiceInvolvement
from shielding.record_retention import retention_apply
from tests.factories import AddressFactory, ChildFactory, UserFactory
from tests.shielding.conftest import PURPOSE, hidden_values_in, record_url, team_member

pytestmark = pytest.mark.django_db
ARCHIVE = "/shielding/archived/"
HALF_A_YEAR = datetime.timedelta(days=183)
TWO_YEARS = datetime.timedelta(days=731)


def archive(child: Child, *, ago: datetime.timedelta) -> Child:
    Child.unscoped_objects.filter(pk=child.pk).update(
        status=Child.Status.ARCHIVED, archived_at=timezone.now() - ago
    )
    return Child.unscoped_objects.get(pk=child.pk)


def archived_url(child: Child) -> str:
    return reverse("shielding:archived-record", args=[child.contactpoint_id])


@pytest.fixture
def outsiders(bradford_manager, practitioner, protector, leeds):
    return {
        "bradford team": bradford_manager,
        "practitioner": practitioner,
        "child protection": protector,
        "auditor": UserFactory(role=Role.AUDITOR),
        "operations": UserFactory(role=Role.OPERATIONS),
        "lawful access": UserFactory(role=Role.LAWFUL_ACCESS),
        "data quality": UserFactory(role=Role.DATA_QUALITY),
    }


def test_the_team_lists_and_reads_its_archived_record_for_a_year(
    client_for, shielded_child, leeds_manager
):
    child = archive(shielded_child, ago=HALF_A_YEAR)
    client = client_for(leeds_manager)
    listing = client.get(ARCHIVE).content.decode()
    assert child.display_id in listing and "Zara Whitfield" in listing
    assert archived_url(child) in listing and "Shielded" in listing
    assert hidden_values_in(listing) == []

    response = client.get(archived_url(child))
    body = response.content.decode()
    assert response.status_code == 200
    assert set(hidden_values_in(body)) >= {"27 Hollybush Lane", "LS5 3BT", "Ngozi", "Imogen Sable"}
    assert "Record your involvement" not in body and "Unshield" not in body
    event = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_VIEW).latest("pk")
    assert (event.user_id, event.child_ids, event.purpose) == (
        leeds_manager.pk,
        [child.pk],
        "archived_record",
    )
    assert event.details["archived"] is True and "lawful_basis" not in event.details


def test_after_the_year_not_even_the_team_reads_it(client_for, shielded_child, leeds_manager):
    child = archive(shielded_child, ago=TWO_YEARS)
    client = client_for(leeds_manager)
    assert child.display_id not in client.get(ARCHIVE).content.decode()
    response = client.get(archived_url(child))
    assert response.status_code == 404
    assert hidden_values_in(response.content.decode()) == []


def test_to_everyone_else_an_archived_record_is_a_404_like_a_missing_one(
    client_for, shielded_child, unshielded_child, outsiders, leeds
):
    archive(shielded_child, ago=HALF_A_YEAR)
    archive(unshielded_child, ago=HALF_A_YEAR)
    missing = ChildFactory.build().contactpoint_id
    not_in_team = team_member(leeds)
    not_in_team.groups.clear()
    for label, user in {**outsiders, "not in the team": not_in_team}.items():
        client = client_for(user)
        in_a_team = label == "bradford team"  # which has an archive of its own
        assert client.get(ARCHIVE).status_code == (200 if in_a_team else 404), label
        answers = {
            client.get(archived_url(child)).content for child in (shielded_child, unshielded_child)
        }
        answers.add(client.get(reverse("shielding:archived-record", args=[missing])).content)
        assert len(answers) == 1, label
        assert client.get(archived_url(shielded_child)).status_code == 404


def test_another_teams_archive_does_not_list_it(client_for, shielded_child, bradford):
    archive(shielded_child, ago=HALF_A_YEAR)
    body = client_for(team_member(bradford)).get(ARCHIVE).content.decode()
    assert shielded_child.display_id not in body


# In no practitioner's path


def test_an_archived_record_is_found_by_no_search_and_opened_by_no_record_page(
    client_for, unshielded_child, practitioner, leeds_manager
):
    AddressFactory(child=unshielded_child, line_1="5 Archive Row", postcode="LS6 2AB")
    child = archive(unshielded_child, ago=HALF_A_YEAR)
    search = {
        "purpose": PURPOSE,
        "given_names": "Ruby",
        "family_name": "Ellison",
        "dob_day": str(child.date_of_birth.day),
        "dob_month": str(child.date_of_birth.month),
        "dob_year": str(child.date_of_birth.year),
    }
    for user in (practitioner, leeds_manager):
        client = client_for(user)
        assert child.display_id not in client.post("/search/", search).content.decode()
        assert client.get(record_url(child)).status_code == 404
        api_record = f"/api/v1/children/{child.contactpoint_id}/?purpose={PURPOSE}"
        assert client.get(api_record).status_code == 404


def test_the_admin_shows_no_archived_record_or_its_rows(client_for, unshielded_child):
    AddressFactory(child=unshielded_child, line_1="5 Archive Row")
    child = archive(unshielded_child, ago=TWO_YEARS)
    client = client_for(UserFactory(role=Role.OPERATIONS))
    for model in ("child", "address"):
        listing = client.get(f"/admin/registry/{model}/", {"q": child.display_id})
        assert listing.status_code == 200
        body = listing.content.decode()
        assert "Ruby" not in body and "5 Archive Row" not in body
    change = client.get(reverse("admin:registry_child_change", args=[child.pk]))
    assert "Ellison" not in change.content.decode()


def test_the_shielding_admin_shows_no_archived_childs_order(client_for, shielded_child):
    client = client_for(UserFactory(role=Role.OPERATIONS))
    lookup = {"q": shielded_child.display_id}
    assert "1 result" in client.get("/admin/shielding/shieldingorder/", lookup).content.decode()
    archive(shielded_child, ago=TWO_YEARS)
    listing = client.get("/admin/shielding/shieldingorder/", lookup)
    assert listing.status_code == 200
    assert "0 results" in listing.content.decode()


def test_the_audit_reports_withhold_an_archived_child(client_for, unshielded_child):
    Child.unscoped_objects.filter(pk=unshielded_child.pk).update(
        date_of_birth=datetime.date(2000, 1, 1)
    )
    retention_apply()
    body = client_for(UserFactory(role=Role.AUDITOR)).get(
        "/audit/reports/events/", {"kind": "record_archived"}
    )
    text = body.content.decode()
    assert "Record archived" in text and "withheld" in text
    assert "Ruby" not in text and "Ellison" not in text


def test_a_practitioner_cannot_end_an_involvement_with_an_archived_record(
    client_for, unshielded_child, practitioner
):
    involvement = ServiceInvolvement.objects.create(
        child=unshielded_child, kind="early_help", practitioner_name="Pat Visitor",
        organisation="Hub", role="Worker", started_on=datetime.date(2025, 1, 1),
        recorded_by=practitioner,
    )  # fmt: skip
    archive(unshielded_child, ago=HALF_A_YEAR)
    client = client_for(practitioner)
    page = reverse("portal:involvement-end", args=[involvement.pk])
    assert client.get(f"{page}?purpose={PURPOSE}").status_code == 404
    api = f"/api/v1/involvements/{involvement.pk}/end/"
    body = {"purpose": PURPOSE, "ended_on": "2026-01-01"}
    assert client.post(api, body, content_type="application/json").status_code == 404


def test_the_teams_shielded_list_leaves_an_archived_child_to_the_archive(
    client_for, shielded_child, leeds_manager
):
    archive(shielded_child, ago=HALF_A_YEAR)
    home = client_for(leeds_manager).get("/shielding/").content.decode()
    assert "Zara" not in home
    assert reverse("shielding:archived") in home


# Consent to keep a record open past 18


def consent_url(child) -> str:
    return (
        f"{reverse('shielding:retention-consent', args=[child.contactpoint_id])}?purpose={PURPOSE}"
    )


def consent_post(keep_until: datetime.date, **overrides) -> dict:
    return {
        "reason": "care_leaver",
        "consent": "on",
        "keep_day": str(keep_until.day),
        "keep_month": str(keep_until.month),
        "keep_year": str(keep_until.year),
        **overrides,
    }


def test_the_team_records_consent_from_the_childs_record_and_withdraws_it(
    client_for, shielded_child, leeds_manager
):
    client = client_for(leeds_manager)
    assert consent_url(shielded_child) in client.get(record_url(shielded_child)).content.decode()
    page = client.get(consent_url(shielded_child)).content.decode()
    assert "2 June 2039" in page  # the 25th birthday, the latest date

    keep_until = datetime.date(2036, 6, 1)
    response = client.post(consent_url(shielded_child), consent_post(keep_until))
    assert response.status_code == 302
    extension = RetentionExtension.objects.get(child=shielded_child)
    assert (extension.keep_until, extension.consent_recorded_by) == (keep_until, leeds_manager)

    page = client.get(consent_url(shielded_child)).content.decode()
    assert "1 June 2036" in page
    withdraw = reverse("shielding:retention-consent-withdraw", args=[extension.pk])
    response = client.post(f"{withdraw}?purpose={PURPOSE}")
    assert response.status_code == 302 and response.url == record_url(shielded_child)
    extension.refresh_from_db()
    assert extension.withdrawn_at is not None


def test_consent_needs_the_young_persons_agreement_and_a_date_before_25(
    client_for, shielded_child, leeds_manager
):
    client = client_for(leeds_manager)
    unconfirmed = consent_post(datetime.date(2036, 6, 1), consent="")
    body = client.post(consent_url(shielded_child), unconfirmed).content.decode()
    assert "Confirm that the young person has given their consent" in body
    too_late = client.post(consent_url(shielded_child), consent_post(datetime.date(2039, 6, 3)))
    assert "2 June 2039 at the latest" in too_late.content.decode()
    assert not RetentionExtension.objects.exists()


def test_only_the_childs_team_reaches_the_consent_pages(
    client_for, shielded_child, leeds_manager, outsiders
):
    client_for(leeds_manager).post(
        consent_url(shielded_child), consent_post(datetime.date(2036, 6, 1))
    )
    extension = RetentionExtension.objects.get()
    withdraw = reverse("shielding:retention-consent-withdraw", args=[extension.pk])
    for label, user in outsiders.items():
        client = client_for(user)
        assert client.get(consent_url(shielded_child)).status_code == 404, label
        assert (
            client.post(
                consent_url(shielded_child), consent_post(datetime.date(2036, 1, 1))
            ).status_code
            == 404
        ), label
        assert client.post(f"{withdraw}?purpose={PURPOSE}").status_code == 404, label
    extension.refresh_from_db()
    assert extension.withdrawn_at is None
