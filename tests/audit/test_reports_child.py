""" "Who has looked at this child": the management team of the child's responsible authority reads
every event that names the child; everyone else gets the 404 of a child that does not exist.
Opening the report is itself an event about the child."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from audit.reports import audited_reads
from registry.contactpoint_id import contactpoint_id_format, contactpoint_id_generate
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory, access_event_at
from tests.shielding.markers import MARKER_OUTWARD_CODES
from tests.shielding.shielded_world import management_team_user_create, shielded_world_build

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PURPOSE = "child_protection"


@pytest.fixture
def world():
    return shielded_world_build()


def report_url(child_or_id, **query) -> str:
    contactpoint_id = getattr(child_or_id, "contactpoint_id", child_or_id)
    url = reverse("audit:reports:child-access", args=[contactpoint_id])
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    return url


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


def outsider(kind: str, world):
    if kind == "management_not_in_team":
        return management_team_user_create(world.local_authority, join=False)
    if kind == "management_other_authority":
        return management_team_user_create(LocalAuthorityFactory())
    return UserFactory(role=kind)


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
        "management_other_authority",
    ],
)
def test_anyone_but_the_childs_own_team_gets_the_404_of_a_missing_child(kind, world, client_for):
    client = client_for(outsider(kind, world))

    existing = client.get(report_url(world.child))
    missing = client.get(report_url(contactpoint_id_generate()))

    assert existing.status_code == missing.status_code == 404
    assert existing.content == missing.content
    assert world.child.given_names not in existing.content.decode()
    assert not report_events().exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(world, client):
    response = client.get(report_url(world.child))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_the_team_of_the_authority_the_child_moved_to_reads_it_and_the_old_team_does_not(
    client_for,
):
    leeds, bradford = LocalAuthorityFactory(name="Leeds"), LocalAuthorityFactory(name="Bradford")
    leeds_team, bradford_team = (
        management_team_user_create(leeds),
        management_team_user_create(bradford),
    )
    child = ChildFactory(responsible_local_authority=leeds)
    assert client_for(leeds_team).get(report_url(child)).status_code == 200

    child.responsible_local_authority = bradford
    child.save(update_fields=["responsible_local_authority"])

    assert client_for(leeds_team).get(report_url(child)).status_code == 404
    assert client_for(bradford_team).get(report_url(child)).status_code == 200


def test_a_sealed_record_has_no_report(world, client_for):
    sealed = ChildFactory(responsible_local_authority=world.local_authority, status="sealed")
    response = client_for(world.management_team_user).get(report_url(sealed))
    assert response.status_code == 404


def test_the_record_links_to_the_report_for_the_team_only(world, client_for):
    link = report_url(world.child)
    record = f"{reverse('portal:child', args=[world.child.contactpoint_id])}?purpose={PURPOSE}"
    team_page = client_for(world.management_team_user).get(record).content.decode()
    practitioner_page = client_for(UserFactory()).get(record).content.decode()
    assert link in team_page and "Who has looked at this child" in team_page
    assert link not in practitioner_page and "Who has looked" not in practitioner_page


# What it shows


def test_every_event_that_names_the_child_newest_first_and_nothing_else(world, client_for):
    practitioner = UserFactory(
        role=Role.PRACTITIONER, first_name="Priya", last_name="Searcher", username="psearcher"
    )
    protector = UserFactory(role=Role.CHILD_PROTECTION, first_name="Cal", last_name="Guard")
    someone_else = ChildFactory()
    client = client_for(practitioner)
    client.post("/search/", names_search(world.child))
    client.get(f"{reverse('portal:child', args=[world.child.contactpoint_id])}?purpose=health")
    client.get(f"{reverse('portal:child', args=[someone_else.contactpoint_id])}?purpose=health")
    client_for(protector).post(
        reverse("shielding:override", args=[world.child.contactpoint_id]) + f"?purpose={PURPOSE}",
        {"purpose": PURPOSE, "reason": "A child is at immediate risk."},
    )

    body = client_for(world.management_team_user).get(report_url(world.child)).content.decode()

    rows = body.split('<tbody class="govuk-table__body">')[1].split("<tr ")[1:]
    kinds = [
        next(label for label in KIND_LABELS if f"<strong>{label}</strong>" in row) for row in rows
    ]
    # Newest first: the override's record view and override, the practitioner's view and
    # search, and the team's own shielding of the child when the world was built.
    assert kinds == [
        "Record viewed",
        "Emergency override",
        "Record viewed",
        "Search",
        "Child shielded",
    ]
    assert "5 events, newest first" in body
    assert "Priya Searcher" in rows[2] and "Practitioner" in rows[2]
    assert practitioner.organisation.name in rows[2]
    assert "Redacted: the child is shielded from this user" in rows[2]
    assert "Health care" in rows[2]
    assert "Cal Guard" in rows[0] and "Under emergency override" in rows[0]
    assert "Sections shown: address, parents and carers" in rows[0]
    assert f"Given names: {world.child.given_names}" in rows[3]
    assert f"Family name: {world.child.family_name}" in rows[3]
    assert someone_else.display_id not in body


KIND_LABELS = [label for _value, label in AccessEvent.Kind.choices]


def test_a_searchs_hidden_field_is_named_but_its_value_never_shown(world, client_for):
    team = world.management_team_user
    client = client_for(team)
    postcode = world.marked.postcode
    client.post("/search/", names_search(world.child, postcode=postcode))
    search = AccessEvent.objects.get(kind="search")
    assert search.child_ids == [world.child.pk] and search.criteria["postcode"]

    body = client.get(report_url(world.child)).content.decode()

    assert "Postcode (value not shown)" in body
    for spelling in world.marked.markers["address.postcode"].spellings:
        assert spelling not in body


def test_times_are_shown_in_uk_time_with_the_zone(world, client_for):
    summer = datetime.datetime(2025, 7, 14, 10, 30, tzinfo=UTC)
    winter = datetime.datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
    for moment in (summer, winter):
        access_event_at(moment, kind="record_view", user=UserFactory(), child_ids=[world.child.pk])

    body = client_for(world.management_team_user).get(report_url(world.child)).content.decode()

    assert "14 Jul 2025<br>11:30:00 BST" in body
    assert "15 Jan 2025<br>10:30:00 GMT" in body
    assert 'datetime="2025-07-14T11:30:00+01:00"' in body


def test_a_date_range_takes_in_whole_uk_days(world, client_for):
    moments = {
        "before": datetime.datetime(2025, 3, 9, 23, 59, 59, tzinfo=UTC),
        "first": datetime.datetime(2025, 3, 10, 0, 0, tzinfo=UTC),
        "last": datetime.datetime(2025, 3, 31, 22, 59, 59, tzinfo=UTC),  # 23:59:59 BST
        "after": datetime.datetime(2025, 3, 31, 23, 0, tzinfo=UTC),  # midnight BST, 1 April
    }
    events = {
        name: access_event_at(moment, kind="search", user=UserFactory(), child_ids=[world.child.pk])
        for name, moment in moments.items()
    }
    query = dict(from_day=10, from_month=3, from_year=2025, to_day=31, to_month=3, to_year=2025)

    client = client_for(world.management_team_user)
    body = client.get(report_url(world.child, **query)).content.decode()

    assert "2 events, newest first" in body
    shown = {name for name, event in events.items() if event.user.organisation.name in body}
    assert shown == {"first", "last"}
    viewed = report_events().get()
    assert viewed.details["filters"] == {"from": "2025-03-10", "to": "2025-03-31"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"from_day": 1, "from_month": 13, "from_year": 2025},
            "The start date must be a real date",
        ),
        ({"to_day": 1, "to_year": 2025}, "The end date must include a day, month and year"),
        (
            dict(from_day=2, from_month=3, from_year=2025, to_day=1, to_month=3, to_year=2025),
            "The end date must be the same as or after the start date",
        ),
    ],
)
def test_a_wrong_date_says_what_to_change_and_reads_nothing(world, client_for, query, message):
    response = client_for(world.management_team_user).get(report_url(world.child, **query))
    body = response.content.decode()
    assert message in body and "There is a problem" in body
    assert 'id="events"' not in body
    assert not report_events().exists()


def test_pages_of_fifty_keep_the_filters(world, client_for):
    start = datetime.datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    for minute in range(60):
        access_event_at(
            start + datetime.timedelta(minutes=minute),
            kind="record_view",
            user=world.management_team_user,
            child_ids=[world.child.pk],
        )
    query = dict(from_day=1, from_month=5, from_year=2025, to_day=1, to_month=5, to_year=2025)
    client = client_for(world.management_team_user)

    first = client.get(report_url(world.child, **query)).content.decode()
    second = client.get(report_url(world.child, page=2, **query)).content.decode()

    assert first.count("<time ") == 50 and second.count("<time ") == 10
    assert "10:59:00 BST" in first and "10:10:00 BST" in first and "10:09:00" not in first
    assert "10:09:00 BST" in second and "10:00:00 BST" in second
    assert "page=2" in first and "from_day=1" in first.split('rel="next"')[0].rsplit("href", 1)[1]
    assert [event.details["page"] for event in report_events().order_by("pk")] == [1, 2]


# Opening it is recorded


def test_opening_the_report_is_an_event_about_the_child(world, client_for):
    team = world.management_team_user
    client = client_for(team)

    client.get(report_url(world.child))
    second = client.get(report_url(world.child)).content.decode()

    viewed = report_events().order_by("pk").first()
    assert (viewed.user, viewed.child_ids, viewed.purpose) == (
        team,
        [world.child.pk],
        "administration",
    )
    assert viewed.details == {"report": "child_access", "filters": {}, "page": 1}
    assert viewed.request_id and viewed.ip_address == "127.0.0.1"
    assert "Audit report viewed" in second and "Report: Who has looked at this child" in second


def test_no_report_is_shown_if_its_event_cannot_be_written(world, client_for, monkeypatch):
    def refuse(**_kwargs):
        raise RuntimeError("the audit trail cannot be written")

    monkeypatch.setattr(audited_reads, "access_event_record", refuse)
    with pytest.raises(RuntimeError):
        client_for(world.management_team_user).get(report_url(world.child))


def test_the_child_is_named_by_its_display_id(world, client_for):
    body = client_for(world.management_team_user).get(report_url(world.child)).content.decode()
    assert contactpoint_id_format(world.child.contactpoint_id) in body
    assert MARKER_OUTWARD_CODES[1] not in body
