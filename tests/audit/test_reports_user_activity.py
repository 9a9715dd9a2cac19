"""A local authority's management team reads what each user of its own organisation did. A child
in the report is named only as the chokepoint lets the team see it; any other is withheld."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from registry.models import Child
from tests.factories import (
    ChildFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
    access_event_at,
)
from tests.shielding.shielded_world import management_team_user_create, shielded_world_build

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PURPOSE = "child_protection"


@pytest.fixture
def world():
    """The crawl's shielded, marked child (of Marker Vale), with Leeds, its team and its users."""
    return shielded_world_build()


@pytest.fixture
def leeds():
    return LocalAuthorityFactory(name="Leeds")


@pytest.fixture
def leeds_team(leeds):
    return management_team_user_create(leeds)


@pytest.fixture
def pat(leeds_team):
    return UserFactory(
        role=Role.PRACTITIONER,
        organisation=leeds_team.organisation,
        first_name="Pat",
        last_name="Practitioner",
        username="pat.practitioner",
    )


def activity_url(user_or_id, **query) -> str:
    url = reverse("audit:reports:user-activity", args=[getattr(user_or_id, "pk", user_or_id)])
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    return url


USERS_URL = "/audit/reports/users/"


def names_search(child, **extra) -> dict:
    born = child.date_of_birth
    return {
        "purpose": PURPOSE,
        "given_names": child.given_names,
        "family_name": child.family_name,
        "dob_day": born.day,
        "dob_month": born.month,
        "dob_year": born.year,
        **extra,
    }


def report_events():
    return AccessEvent.objects.filter(kind=AccessEvent.Kind.REPORT_VIEWED)


# Who may open it


@pytest.mark.parametrize(
    "kind",
    [
        Role.PRACTITIONER,
        Role.CHILD_PROTECTION,
        Role.OPERATIONS,
        Role.AUDITOR,
        Role.DATA_QUALITY,
        "management_not_in_team",
    ],
)
def test_only_the_organisations_management_team_may_open_it(kind, leeds, pat, client_for):
    if kind == "management_not_in_team":
        reader = management_team_user_create(leeds, join=False)
    else:
        reader = UserFactory(role=kind, organisation=pat.organisation)
    client = client_for(reader)

    responses = [client.get(USERS_URL), client.get(activity_url(pat))]

    assert [response.status_code for response in responses] == [404, 404]
    assert "Pat Practitioner" not in responses[1].content.decode()
    assert not report_events().exists()


def test_another_authoritys_user_is_as_missing_as_a_user_who_does_not_exist(leeds_team, client_for):
    bradford_user = UserFactory(organisation=OrganisationFactory())
    client = client_for(leeds_team)

    other = client.get(activity_url(bradford_user))
    missing = client.get(activity_url(10_000_000))

    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
    assert not report_events().exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(pat, client):
    for url in (USERS_URL, activity_url(pat)):
        assert client.get(url)["Location"].startswith("/accounts/sign-in/")


def test_the_users_page_lists_the_organisations_own_users_and_finds_them_by_name(
    leeds_team, pat, client_for
):
    UserFactory(organisation=leeds_team.organisation, first_name="Sam", last_name="Other")
    outsider = UserFactory(first_name="Olu", last_name="Elsewhere")
    client = client_for(leeds_team)

    everyone = client.get(USERS_URL).content.decode()
    found = client.get(USERS_URL, {"name": "practi"}).content.decode()

    assert "Pat Practitioner" in everyone and "Sam Other" in everyone
    assert "Olu Elsewhere" not in everyone and outsider.username not in everyone
    assert activity_url(pat) in everyone
    assert "Pat Practitioner" in found and "Sam Other" not in found
    assert "1 user matching" in found


def test_the_header_links_the_team_to_the_users_page(leeds_team, client_for):
    body = client_for(leeds_team).get("/search/").content.decode()
    assert f'href="{USERS_URL}"' in body and "User activity" in body


# What it shows


def test_the_users_own_events_with_kind_purpose_criteria_children_address_and_request(
    leeds, leeds_team, pat, client_for
):
    amelia = ChildFactory(
        given_names="Amelia", family_name="Oakes", responsible_local_authority=leeds
    )
    pat_client = client_for(pat)
    searched = pat_client.post("/search/", names_search(amelia))
    pat_client.get(f"{reverse('portal:child', args=[amelia.contactpoint_id])}?purpose=health")
    client_for(leeds_team).post("/search/", names_search(amelia))  # not Pat's

    body = client_for(leeds_team).get(activity_url(pat)).content.decode()

    assert "Activity of Pat Practitioner" in body
    assert "2 events, newest first" in body
    search = AccessEvent.objects.get(kind="search", user=pat)
    assert searched["X-Request-ID"] == search.request_id
    assert f"Request {search.request_id}" in body and "127.0.0.1" in body
    assert "Given names: Amelia" in body and "Family name: Oakes" in body
    assert "Child protection or safeguarding concern" in body and "Health care" in body
    assert "Sections shown: address" in body
    assert f'Amelia Oakes <span class="cp-record-id">{amelia.display_id}</span>' in body
    assert "1 child" in body


def test_a_child_the_team_may_not_see_is_withheld_never_named(leeds_team, pat, client_for):
    sealed = ChildFactory(given_names="Sealed", family_name="Oldname", status=Child.Status.SEALED)
    merged = ChildFactory(given_names="Merged", family_name="Twice", status=Child.Status.MERGED)
    visible = ChildFactory(given_names="Open", family_name="Record")
    purged_id = 987_654_321
    access_event_at(
        datetime.datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
        kind="search",
        user=pat,
        child_ids=[visible.pk, sealed.pk, merged.pk, purged_id],
    )

    body = client_for(leeds_team).get(activity_url(pat)).content.decode()

    assert "4 children" in body and body.count(">withheld<") == 3
    assert visible.display_id in body
    for hidden in (sealed, merged):
        assert hidden.display_id not in body and hidden.contactpoint_id not in body
        assert hidden.given_names not in body and hidden.family_name not in body
    viewed = report_events().get()
    assert viewed.child_ids == [visible.pk]


def test_no_hidden_value_of_a_shielded_child_appears(world, client_for):
    """Pat searches for the marked, shielded child of another authority by name, and then with its
    hidden postcode and NHS number typed in: the report shows the child's identity (which everyone
    may see) and names the hidden fields, but shows none of their values."""
    leeds_team = management_team_user_create(LocalAuthorityFactory(name="Leeds"))
    pat = UserFactory(role=Role.PRACTITIONER, organisation=leeds_team.organisation)
    child = world.child
    pat_client = client_for(pat)
    pat_client.post("/search/", names_search(child))
    pat_client.post("/search/", names_search(child, postcode=world.marked.postcode))
    pat_client.post("/search/", {"purpose": PURPOSE, "nhs_number": world.marked.nhs_number})
    pat_client.get(f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={PURPOSE}")

    body = client_for(leeds_team).get(activity_url(pat)).content.decode()

    assert "4 events" in body
    assert child.display_id in body
    assert "Postcode (value not shown)" in body and "NHS number (value not shown)" in body
    assert "Redacted: the child is shielded from this user" in body
    leaked = [
        marker.field
        for marker in world.marked.markers.values()
        for spelling in marker.spellings
        if spelling in body
    ]
    assert leaked == []


def test_events_from_another_employer_are_left_out(leeds_team, pat, client_for):
    before = OrganisationFactory()
    pat.organisation = before
    pat.save(update_fields=["organisation"])
    access_event_at(datetime.datetime(2024, 2, 1, 9, 0, tzinfo=UTC), kind="sign_in", user=pat)
    pat.organisation = leeds_team.organisation
    pat.save(update_fields=["organisation"])
    access_event_at(datetime.datetime(2025, 2, 1, 9, 0, tzinfo=UTC), kind="sign_in", user=pat)

    body = client_for(leeds_team).get(activity_url(pat)).content.decode()

    assert "1 event, newest first" in body
    assert "1 Feb 2025" in body and "1 Feb 2024" not in body


def test_a_date_range_and_pages_narrow_the_activity(leeds_team, pat, client_for):
    for day in range(1, 31):
        for hour in (8, 10):
            access_event_at(
                datetime.datetime(2025, 4, day, hour, 0, tzinfo=UTC), kind="sign_in", user=pat
            )
    query = dict(from_day=5, from_month=4, from_year=2025, to_day=30, to_month=4, to_year=2025)
    client = client_for(leeds_team)

    first = client.get(activity_url(pat, **query)).content.decode()
    second = client.get(activity_url(pat, page=2, **query)).content.decode()

    assert "52 events, newest first" in first
    assert first.count("<time ") == 50 and second.count("<time ") == 2
    assert "30 Apr 2025" in first and "5 Apr 2025" in second and "4 Apr 2025" not in second


def test_opening_it_is_recorded_with_the_report_the_user_and_the_filters(
    leeds_team, pat, client_for
):
    query = dict(from_day=1, from_month=1, from_year=2025, to_day=31, to_month=12, to_year=2025)
    client_for(leeds_team).get(activity_url(pat, **query))

    viewed = report_events().get()
    assert viewed.user == leeds_team and viewed.purpose == "administration"
    assert viewed.details == {
        "report": "user_activity",
        "subject_user": pat.pk,
        "filters": {"from": "2025-01-01", "to": "2025-12-31"},
        "page": 1,
    }


def test_a_wrong_date_reads_nothing(leeds_team, pat, client_for):
    body = (
        client_for(leeds_team)
        .get(activity_url(pat, from_day=31, from_month=2, from_year=2025))
        .content.decode()
    )
    assert "The start date must be a real date" in body and 'id="events"' not in body
    assert not report_events().exists()
