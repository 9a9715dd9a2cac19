"""The auditor's search across all events, and its CSV export. Only auditors may use either; both
are audited; the export is recorded, with its filters and row count, before its first row is sent."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from audit.reports import audited_reads, event_export
from registry.contactpoint_id import contactpoint_id_format, contactpoint_id_generate
from registry.models import Child
from tests.factories import ChildFactory, OrganisationFactory, UserFactory, access_event_at
from tests.shielding.shielded_world import management_team_user_create, shielded_world_build

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PURPOSE = "child_protection"
SEARCH_URL = reverse("audit:reports:events")
EXPORT_URL = reverse("audit:reports:events-export")


@pytest.fixture
def auditor():
    return UserFactory(role=Role.AUDITOR, first_name="Ada", last_name="Auditor")


@pytest.fixture
def auditor_client(auditor, client_for):
    return client_for(auditor)


def at(day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment in January 2025, when UK time is UTC."""
    return datetime.datetime(2025, 1, day, hour, minute, tzinfo=UTC)


def export_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def events_shown(body: str) -> int:
    return body.count("<time ")


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


# Who may use it


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.CHILD_PROTECTION,
        Role.LA_MANAGEMENT,
        Role.OPERATIONS,
        Role.DATA_QUALITY,
    ],
)
def test_everyone_but_an_auditor_gets_a_404(role, client_for):
    user = (
        management_team_user_create(OrganisationFactory().local_authority)
        if role == Role.LA_MANAGEMENT
        else UserFactory(role=role)
    )
    client = client_for(user)
    access_event_at(at(1), kind="sign_in", user=user)

    for url in (SEARCH_URL, EXPORT_URL, f"{EXPORT_URL}?kind=sign_in"):
        response = client.get(url)
        assert response.status_code == 404
        assert not response.streaming
    assert not AccessEvent.objects.filter(kind__in=["report_viewed", "audit_exported"]).exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    for url in (SEARCH_URL, EXPORT_URL):
        assert client.get(url)["Location"].startswith("/accounts/sign-in/")


def test_the_header_links_auditors_to_the_search(auditor_client):
    body = auditor_client.get("/search/").content.decode()
    assert f'href="{SEARCH_URL}"' in body and "Audit events" in body


# The search


@pytest.fixture
def trail():
    """Events of two users of two organisations, on different days, from different addresses."""
    leeds, york = (
        OrganisationFactory(name="Leeds Council"),
        OrganisationFactory(name="York Council"),
    )
    lee = UserFactory(username="lee.leeds", organisation=leeds, first_name="Lee", last_name="Ward")
    yan = UserFactory(username="yan.york", organisation=york, first_name="Yan", last_name="Moor")
    child = ChildFactory(given_names="Ffion", family_name="Hale")
    events = {
        "lee_search": access_event_at(
            at(3, 9),
            kind="search",
            user=lee,
            purpose="health",
            criteria={"given_names": "Ffion", "family_name": "Hale", "date_of_birth": "2016"},
            child_ids=[child.pk],
            ip_address="10.0.0.1",
        ),
        "lee_view": access_event_at(
            at(3, 9, 5), kind="record_view", user=lee, child_ids=[child.pk], ip_address="10.0.0.1"
        ),
        "yan_sign_in": access_event_at(at(5, 17, 30), kind="sign_in", user=yan, ip_address="::1"),
        "unknown_failed": access_event_at(
            at(6), kind="sign_in_failed", user=None, details={"username": "Nobody.Here"}
        ),
    }
    return {"lee": lee, "yan": yan, "child": child, "leeds": leeds, "events": events}


def test_what_contactpoint_did_itself_is_shown_as_automatic(auditor_client):
    access_event_at(at(7), kind="record_archived", user=None, details={"rule": "age"})
    access_event_at(at(7, 13), kind="throttled", user=UserFactory(), details={"view": "api:child"})
    body = auditor_client.get(SEARCH_URL).content.decode()
    assert "ContactPoint (automatic)" in body and "Unknown user" not in body
    assert "Page or call: api:child" in body


def test_with_no_filter_every_event_newest_first(trail, auditor_client):
    body = auditor_client.get(SEARCH_URL).content.decode()

    assert "4 events, newest first" in body
    order = [body.index(text) for text in ("6 Jan 2025", "5 Jan 2025", "3 Jan 2025")]
    assert order == sorted(order)
    assert "Lee Ward" in body and "lee.leeds" in body and "Leeds Council" in body
    assert "Unknown user" in body and "Username entered: Nobody.Here" in body
    assert "Given names: Ffion" in body and "Date of birth: 2016" in body
    assert f'Ffion Hale <span class="cp-record-id">{trail["child"].display_id}</span>' in body
    assert "10.0.0.1" in body and "Health care" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"username": "LEE.LEEDS"}, {"lee_search", "lee_view"}),
        ({"username": "nobody.here"}, {"unknown_failed"}),
        ({"kind": "record_view"}, {"lee_view"}),
        ({"ip_address": "10.0.0.1"}, {"lee_search", "lee_view"}),
        ({"ip_address": "::1"}, {"yan_sign_in"}),
        ({"from_day": 4, "from_month": 1, "from_year": 2025}, {"yan_sign_in", "unknown_failed"}),
        ({"to_day": 5, "to_month": 1, "to_year": 2025}, {"lee_search", "lee_view", "yan_sign_in"}),
        (
            {
                **{"from_day": 3, "from_month": 1, "from_year": 2025, "from_time": "09:01"},
                **{"to_day": 5, "to_month": 1, "to_year": 2025, "to_time": "17:29"},
            },
            {"lee_view"},
        ),
        (
            {"from_day": 5, "from_month": 1, "from_year": 2025, "from_time": "17:30"},
            {"yan_sign_in", "unknown_failed"},
        ),
        (
            {"to_day": 3, "to_month": 1, "to_year": 2025, "to_time": "09:04"},
            {"lee_search"},
        ),
    ],
)
def test_each_filter_narrows_the_events(trail, auditor_client, query, expected):
    body = auditor_client.get(SEARCH_URL, query).content.decode()
    assert events_shown(body) == len(expected)
    assert {name for name, event in trail["events"].items() if has_row(body, event)} == expected


def has_row(body: str, event) -> bool:
    """Whether the page lists the event (each row's time carries the event's exact moment)."""
    return f'datetime="{event.occurred_at.isoformat()}"' in body


def test_organisation_child_and_request_id_filters(trail, auditor_client):
    by_organisation = auditor_client.get(SEARCH_URL, {"organisation": trail["leeds"].pk})
    shown_id = contactpoint_id_format(trail["child"].contactpoint_id)
    by_child = auditor_client.get(SEARCH_URL, {"contactpoint_id": shown_id})

    assert events_shown(by_organisation.content.decode()) == 2
    # The child's two events, and the search by organisation: it showed the auditor the child.
    assert events_shown(by_child.content.decode()) == 3
    # Events written in a request carry its ID, as the response's X-Request-ID header says.
    own_search = AccessEvent.objects.filter(kind="report_viewed").latest("pk")
    assert by_child["X-Request-ID"] == own_search.request_id
    by_request = auditor_client.get(SEARCH_URL, {"request_id": own_search.request_id})
    body = by_request.content.decode()
    assert events_shown(body) == 1 and "Audit report viewed" in body
    assert f"Request {own_search.request_id}" in body


def test_a_child_filter_that_names_no_child_the_auditor_may_see_matches_nothing(
    trail, auditor_client
):
    sealed = ChildFactory(status=Child.Status.SEALED)
    access_event_at(at(8), kind="record_view", user=trail["lee"], child_ids=[sealed.pk])

    for contactpoint_id in (sealed.contactpoint_id, contactpoint_id_generate()):
        body = auditor_client.get(SEARCH_URL, {"contactpoint_id": contactpoint_id}).content.decode()
        assert "No event matches these filters" in body
    everything = auditor_client.get(SEARCH_URL).content.decode()
    assert ">withheld<" in everything and sealed.display_id not in everything


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"contactpoint_id": "1234-5678-9013"}, "This ContactPoint ID is not valid"),
        ({"contactpoint_id": "12345"}, "Enter a ContactPoint ID of 12 digits"),
        ({"ip_address": "10.0.0.999"}, "Enter a valid IPv4 or IPv6 address"),
        ({"from_day": 1, "from_month": 1, "from_year": 2025, "from_time": "25:00"}, "like 09:30"),
        ({"from_time": "09:00"}, "Enter the date as well as the time"),
        (
            {
                **{"from_day": 1, "from_month": 1, "from_year": 2025, "from_time": "10:00"},
                **{"to_day": 1, "to_month": 1, "to_year": 2025, "to_time": "09:00"},
            },
            "The end must be after the start",
        ),
    ],
)
def test_a_wrong_filter_says_what_to_change_and_reads_nothing(auditor_client, query, message):
    body = auditor_client.get(SEARCH_URL, query).content.decode()
    assert message in body and "There is a problem" in body
    assert 'id="results"' not in body
    assert not AccessEvent.objects.filter(kind="report_viewed").exists()


def test_pages_of_fifty_keep_the_filters(auditor_client):
    user = UserFactory(username="busy.user")
    for minute in range(55):
        access_event_at(at(10, 8, minute), kind="sign_in", user=user)

    first = auditor_client.get(SEARCH_URL, {"username": "busy.user"}).content.decode()
    second = auditor_client.get(SEARCH_URL, {"username": "busy.user", "page": 2}).content.decode()

    assert "55 events" in first and events_shown(first) == 50 and events_shown(second) == 5
    assert 'href="?username=busy.user&amp;page=2"' in first
    assert "08:54:00 GMT" in first and "08:04:00 GMT" not in first and "08:04:00 GMT" in second


def test_a_page_costs_the_same_queries_however_many_users_and_children_it_shows(
    auditor_client,
):
    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert auditor_client.get(SEARCH_URL).status_code == 200
        return len(queries)

    def events_of_new_users(count: int) -> None:
        for _ in range(count):
            children = [ChildFactory().pk for _ in range(3)]
            access_event_at(at(12), kind="search", user=UserFactory(), child_ids=children)

    events_of_new_users(2)
    queries_for_a_page()  # the session's first page reads what later pages find cached
    few = queries_for_a_page()
    events_of_new_users(40)
    many = queries_for_a_page()

    assert many == few


def test_each_search_is_recorded_with_its_filters_page_and_the_children_it_named(
    trail, auditor, auditor_client
):
    child = trail["child"]
    auditor_client.get(
        SEARCH_URL,
        {"contactpoint_id": child.contactpoint_id, "kind": "search", "username": "lee.leeds"},
    )

    viewed = AccessEvent.objects.get(kind="report_viewed")
    assert (viewed.user, viewed.purpose, viewed.child_ids) == (
        auditor,
        "administration",
        [child.pk],
    )
    assert viewed.details == {
        "report": "event_search",
        "filters": {
            "contactpoint_id": child.contactpoint_id,
            "kind": "search",
            "username": "lee.leeds",
        },
        "page": 1,
    }


def test_no_search_is_shown_if_its_event_cannot_be_written(trail, auditor_client, monkeypatch):
    def refuse(**_kwargs):
        raise RuntimeError("the audit trail cannot be written")

    monkeypatch.setattr(audited_reads, "access_event_record", refuse)
    with pytest.raises(RuntimeError):
        auditor_client.get(SEARCH_URL)


# The export


def test_the_export_streams_the_filtered_events_as_csv_oldest_first(trail, auditor_client):
    response = auditor_client.get(EXPORT_URL, {"username": "lee.leeds"})

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-events-')
    rows = export_rows(response)
    assert rows[0] == list(event_export.EXPORT_COLUMNS)
    search, view = rows[1:]
    events = trail["events"]
    assert [search[0], view[0]] == [str(events["lee_search"].pk), str(events["lee_view"].pk)]
    assert search[1] == "2025-01-03T09:00:00+00:00"
    assert search[2:8] == [
        "Search",
        "lee.leeds",
        "Lee Ward",
        "Practitioner",
        "Leeds Council",
        "Health care",
    ]
    assert search[8] == "Given names: Ffion; Family name: Hale; Date of birth: 2016"
    assert search[10:13] == [
        "1",
        contactpoint_id_format(trail["child"].contactpoint_id),
        "10.0.0.1",
    ]
    assert "Ffion" not in view and "Hale" not in ",".join(view)


def test_the_export_is_recorded_with_its_filters_and_row_count_before_any_row_is_sent(
    trail, auditor, auditor_client
):
    response = auditor_client.get(EXPORT_URL, {"ip_address": "10.0.0.1"})

    exported = AccessEvent.objects.get(kind="audit_exported")  # before the body is read
    assert (exported.user, exported.purpose) == (auditor, "administration")
    assert exported.details == {
        "report": "event_export",
        "filters": {"ip_address": "10.0.0.1"},
        "rows": 2,
        "last_event": trail["events"]["lee_view"].pk,
    }
    rows = export_rows(response)
    assert len(rows) - 1 == exported.details["rows"]
    assert str(exported.pk) not in {row[0] for row in rows}


def test_an_export_of_everything_leaves_out_its_own_event_and_later_ones(trail, auditor_client):
    response = auditor_client.get(EXPORT_URL)
    access_event_at(at(20), kind="sign_in", user=trail["yan"])  # while the file streams

    rows = export_rows(response)
    exported = AccessEvent.objects.get(kind="audit_exported")
    assert len(rows) - 1 == exported.details["rows"] == 4


def test_no_export_is_sent_if_its_event_cannot_be_written(trail, auditor_client, monkeypatch):
    def refuse(**_kwargs):
        raise RuntimeError("the audit trail cannot be written")

    monkeypatch.setattr(audited_reads, "access_event_record", refuse)
    with pytest.raises(RuntimeError):
        auditor_client.get(EXPORT_URL)


def test_a_wrong_filter_exports_nothing(auditor_client):
    response = auditor_client.get(EXPORT_URL, {"ip_address": "not an address"})
    assert response.status_code == 400 and not response.streaming
    assert "Enter a valid IPv4 or IPv6 address" in response.content.decode()
    assert not AccessEvent.objects.filter(kind="audit_exported").exists()


def test_cells_a_spreadsheet_would_run_are_written_as_text(auditor_client):
    risky = UserFactory(username="@evil", first_name="=1+2", last_name="Sum")
    access_event_at(
        at(9), kind="sign_in", user=risky, user_agent='=HYPERLINK("http://x.example","y")'
    )
    access_event_at(at(9, 13), kind="sign_in_failed", user=None, details={"username": "-2+3"})

    rows = export_rows(auditor_client.get(EXPORT_URL))

    by_kind = {row[2]: row for row in rows[1:]}
    sign_in = by_kind["Signed in with a password"]
    assert sign_in[3] == "'@evil" and sign_in[4] == "'=1+2 Sum"
    assert sign_in[13] == '\'=HYPERLINK("http://x.example","y")'
    assert by_kind["Sign-in failed"][9] == "Username entered: -2+3"


def test_the_export_streams_in_chunks_naming_each_chunks_children(auditor_client, monkeypatch):
    monkeypatch.setattr(event_export, "CHUNK_SIZE", 3)
    user = UserFactory(username="chunky")
    children = [ChildFactory() for _ in range(7)]
    sealed = ChildFactory(status=Child.Status.SEALED)
    for minute, child in enumerate(children):
        access_event_at(
            at(11, 10, minute), kind="record_view", user=user, child_ids=[child.pk, sealed.pk]
        )

    rows = export_rows(auditor_client.get(EXPORT_URL, {"username": "chunky"}))

    assert [row[11] for row in rows[1:]] == [f"{child.display_id}; withheld" for child in children]
    assert sealed.display_id not in str(rows)


def test_no_hidden_value_of_a_shielded_child_reaches_the_search_or_the_export(
    auditor_client, client_for
):
    """A practitioner finds the marked, shielded child by name, then types its hidden postcode and
    NHS number into searches; the team opens its record; a child-protection officer overrides."""
    world = shielded_world_build()
    child = world.child
    practitioner = client_for(UserFactory(role=Role.PRACTITIONER))
    practitioner.post("/search/", names_search(child))
    practitioner.post("/search/", names_search(child, postcode=world.marked.postcode))
    practitioner.post("/search/", {"purpose": PURPOSE, "nhs_number": world.marked.nhs_number})
    record = f"{reverse('portal:child', args=[child.contactpoint_id])}?purpose={PURPOSE}"
    client_for(world.management_team_user).get(record)
    client_for(UserFactory(role=Role.CHILD_PROTECTION)).post(
        reverse("shielding:override", args=[child.contactpoint_id]) + f"?purpose={PURPOSE}",
        {"purpose": PURPOSE, "reason": "A child is at immediate risk."},
    )

    page = auditor_client.get(SEARCH_URL).content.decode()
    exported = b"".join(auditor_client.get(EXPORT_URL).streaming_content).decode()

    assert child.display_id in page and child.display_id in exported
    assert "Postcode (value not shown)" in page and "NHS number (value not shown)" in exported
    for text in (page, exported):
        leaked = [
            marker.field
            for marker in world.marked.markers.values()
            for spelling in marker.spellings
            if spelling in text
        ]
        assert leaked == []
