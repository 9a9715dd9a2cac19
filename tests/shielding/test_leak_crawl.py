"""The leak crawl: every URL pattern, requested as every role and signed out, with a shielded child
whose hidden values are markers. No marker may reach a response, a log line or an email unless the
reader may see it. The tests at the end leak a marker on purpose, to show that the crawl notices.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

import portal.access
import shielding.database_scope
import shielding.visibility
from accounts.roles import Role
from registry.contactpoint_id import contactpoint_id_generate
from registry.models import LocalAuthority
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory
from tests.ingest.feed_files import csv_bytes
from tests.shielding import leaky_urls
from tests.shielding.leak_crawl import (
    crawl,
    crawl_plan,
    kwarg_candidates_from,
    url_patterns_discover,
)
from tests.shielding.leak_detection import LeakDetector, every_log_line
from tests.shielding.markers import marker_visible
from tests.shielding.new_identity_world import NewIdentityLeakDetector
from tests.shielding.shielded_world import (
    ShieldedWorld,
    management_team_user_create,
    merged_duplicate_create,
    shielded_world_build,
)
from tests.shielding.staged_records import _marked_record

pytestmark = pytest.mark.django_db
PURPOSE = "child_protection"
TEST_CLIENT_ADDRESS = "127.0.0.1"
READERS = (
    "anonymous",
    Role.PRACTITIONER,
    Role.CHILD_PROTECTION,
    "management_team",
    "management_not_in_team",
    "management_other_authority",
    Role.OPERATIONS,
    Role.AUDITOR,
    Role.DATA_QUALITY,
    Role.LAWFUL_ACCESS,
)


@dataclass(frozen=True)
class Reader:
    label: str
    user: object | None
    # The test's own record of who is in the child's authority's management team.
    cleared: bool

    @property
    def role(self) -> str | None:
        return self.user.role if self.user else None


def reader_create(kind: str, world: ShieldedWorld) -> Reader:
    if kind == "anonymous":
        return Reader(kind, None, cleared=False)
    if kind == "management_team":
        return Reader(kind, world.management_team_user, cleared=True)
    if kind == "management_not_in_team":
        return Reader(kind, management_team_user_create(world.local_authority, join=False), False)
    if kind == "management_other_authority":
        return Reader(kind, management_team_user_create(LocalAuthorityFactory()), cleared=False)
    return Reader(str(kind), UserFactory(role=kind), cleared=False)


@pytest.fixture
def world() -> ShieldedWorld:
    world = shielded_world_build(new_identity=True)
    merged_duplicate_create(world)
    return world


def search_posts(world: ShieldedWorld) -> dict[str, list[tuple[dict, str | None]]]:
    """The searches: by names and date of birth, with the hidden postcode, and by NHS number."""
    child = world.child
    born = child.date_of_birth
    names = {"given_names": child.given_names, "family_name": child.family_name}
    hidden = [{}, {"postcode": world.marked.postcode}]
    web_born = {"dob_day": str(born.day), "dob_month": str(born.month), "dob_year": str(born.year)}
    web = [{"purpose": PURPOSE, **names, **web_born, **extra} for extra in hidden]
    web.append({"purpose": PURPOSE, "given_names": child.given_names, **web_born, **hidden[1]})
    web.append({"purpose": PURPOSE, "nhs_number": world.marked.nhs_number})
    if world.new_identity is not None:
        web += world.new_identity.birth_identity_searches(PURPOSE)
    api = [
        {key: value for key, value in form.items() if not key.startswith("dob_")}
        | ({"date_of_birth": born.isoformat()} if "dob_day" in form else {})
        for form in web
    ]
    # Lawful access to the marked child by its ID: an open record, so a 404 even to the officer.
    lawful = {"contactpoint_id": child.display_id, "basis": "court_order", "reference": "Crawl"}
    return {
        "portal:search": [(form, None) for form in web],
        "api:search": [(body, "application/json") for body in api],
        "portal:lawful-access": [(lawful, None)],
    }


def record_paths(contactpoint_id: str) -> list[str]:
    return [
        f"/children/{contactpoint_id}/?purpose={PURPOSE}",
        f"/api/v1/children/{contactpoint_id}/?purpose={PURPOSE}",
    ]


def clients_for(reader: Reader, verified_client) -> tuple[Client, list[Client]]:
    """The reader's session client, and for the API also a client with a token."""
    throttle_counts_forget(reader.user)
    if reader.user is None:
        return Client(raise_request_exception=False), []
    session_client = verified_client(reader.user)
    session_client.raise_request_exception = False
    token = Token.objects.create(user=reader.user)
    token_client = Client(HTTP_AUTHORIZATION=f"Token {token.key}", raise_request_exception=False)
    return session_client, [token_client]


def throttle_counts_forget(user) -> None:
    """The API throttles count in Redis, which outlives a test: an earlier test's user with the
    same id (ids start again with each test database), or the test client's address for calls
    without a user, must not use up this reader's allowance."""
    scopes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    idents = [TEST_CLIENT_ADDRESS] + ([user.pk] if user else [])
    cache.delete_many([f"throttle_{scope}_{ident}" for scope in scopes for ident in idents])


def detector_for(reader: Reader, world: ShieldedWorld, log) -> LeakDetector:
    return NewIdentityLeakDetector(
        pair=world.new_identity,
        team_cleared=reader.cleared,
        reader=reader.label,
        markers=world.marked.markers.values(),
        may_see=lambda marker, overriding: marker_visible(
            marker, role=reader.role, shielded=True, cleared=reader.cleared, overriding=overriding
        ),
        recipient_may_see=lambda address: address == world.management_team_user.email,
        log=log,
    )


def full_crawl(detector, world: ShieldedWorld, session_client, api_clients) -> list:
    """Crawl every pattern; returns the plan that was crawled."""
    child = world.child
    more_ids = tuple(world.new_identity.contactpoint_ids) if world.new_identity else ()
    plan = crawl_plan(
        url_patterns_discover(),
        kwarg_candidates_from(
            world.crawl_row_ids, child.contactpoint_id, child.pk, more_contactpoint_ids=more_ids
        ),
        page_queries=[f"purpose={PURPOSE}"],
        admin_list_query=f"q={child.display_id}",
        posts=search_posts(world),
        override_post={"purpose": PURPOSE, "reason": "A child is at immediate risk."},
        record_paths=record_paths(child.contactpoint_id),
    )
    crawl(detector, plan, session_client=session_client, api_clients=api_clients)
    return plan


def error_pages(detector, session_client, api_clients) -> None:
    """A 404 for a page that does not exist and for a child that does not."""
    missing_child = contactpoint_id_generate()
    for path_text in ["/crawl-no-such-page/", *record_paths(missing_child)]:
        for client in [session_client, *api_clients]:
            detector.request(client, "GET", path_text)


def quality_check_upload(detector, world: ShieldedWorld, session_client) -> None:
    """A feed file about the marked child checked with the data-quality tool, following the
    redirect to its report: the file's values are the child's hidden ones, and no page shows one."""
    record = _marked_record(world.marked, "CRAWL-CHECK-1").as_json()
    upload = SimpleUploadedFile("crawl-check.csv", csv_bytes([record]), content_type="text/csv")
    data = {"feed": "crawl-child-benefit", "file": upload}
    detector.request(session_client, "POST", "/feeds/quality-check/", data, follow=True)


def merge_pages(detector, world: ShieldedWorld, session_client, api_clients) -> list:
    """The merged duplicate's ID, on the web and in the API, followed to the marked child; and the
    marked child side by side with another record, on the page that merges them. Returns the
    first responses to the merged ID."""
    answers = []
    for path_text in record_paths(world.merged_duplicate.contactpoint_id):
        clients = [session_client, *api_clients] if path_text.startswith("/api/") else []
        for client in clients or [session_client]:
            response = detector.request(client, "GET", path_text)
            answers.append(response)
            if response.status_code == 302:
                detector.request(client, "GET", response["Location"])
    other = ChildFactory(responsible_local_authority=world.local_authority)
    compare = f"/merges/new/?survivor={world.child.display_id}&merged={other.display_id}"
    detector.request(session_client, "GET", compare)
    return answers


def _fail(**_kwargs):
    raise RuntimeError("forced failure for the leak crawl")


@contextmanager
def forced_server_errors(monkeypatch):
    """Every audited read (record and search) fails after the data is read, before the response."""
    with monkeypatch.context() as patch:
        patch.setattr(portal.access, "access_event_record", _fail)
        yield


@pytest.mark.parametrize("reader_kind", READERS)
def test_no_marker_reaches_a_reader_who_may_not_see_it(
    reader_kind, world, verified_client, monkeypatch
):
    reader = reader_create(reader_kind, world)
    session_client, api_clients = clients_for(reader, verified_client)
    with every_log_line() as log:
        detector = detector_for(reader, world, log)
        plan = full_crawl(detector, world, session_client, api_clients)
        error_pages(detector, session_client, api_clients)
        quality_check_upload(detector, world, session_client)
        merged_id_answers = merge_pages(detector, world, session_client, api_clients)
        unforced_errors = list(detector.report.server_errors)
        with forced_server_errors(monkeypatch):
            for path_text in record_paths(world.child.contactpoint_id):
                response = detector.request(session_client, "GET", path_text)
                assert reader.user is None or response.status_code == 500

    report = detector.report
    assert not report.leaks, report.summary()
    assert not unforced_errors, report.summary()
    # A merged record's ID redirects every signed-in reader, web and API, to the marked child.
    if reader.user is not None:
        assert {answer.status_code for answer in merged_id_answers} == {302}
    assert report.requests >= len(plan) > len(url_patterns_discover())
    # The markers are there to be seen where they may be: their absence elsewhere means something.
    overrides = [item for item in plan if item.overriding]
    if reader.cleared or (reader.role == Role.CHILD_PROTECTION and overrides):
        assert report.sightings == set(world.marked.markers), report.summary()


def test_the_crawl_finds_the_patterns_of_every_part_of_the_project():
    routes = {discovered.route for discovered in url_patterns_discover()}
    for expected in (
        "search/",
        "children/<cpid:contactpoint_id>/",
        "api/v1/children/<cpid:contactpoint_id>/",
        "api/schema/",
        "lawful-access/",
        "shielding/archived/",
        "shielding/archived/<cpid:contactpoint_id>/",
        "shielding/children/<cpid:contactpoint_id>/retention-consent/",
        "shielding/retention-consents/<int:extension_id>/withdraw/",
        "shielding/sealed/",
        "shielding/children/<cpid:contactpoint_id>/new-identity/",
        "admin/registry/address/<path:object_id>/change/",
        "feeds/held/",
        "feeds/records/<int:staged_record_id>/",
        "merges/new/",
        "merges/<int:merge_id>/",
        "merges/<int:merge_id>/undo/",
        "feeds/quality-check/",
        "feeds/quality-check/<str:token>/",
        "feeds/dashboard/",
        "audit/reports/children/<cpid:contactpoint_id>/",
        "audit/reports/users/<int:user_id>/",
        "audit/reports/events/export.csv",
        "audit/alerts/<int:alert_id>/",
        "audit/alerts/suspensions/<int:suspension_id>/",
        "healthz",
    ):
        assert expected in routes


def test_a_marker_leaked_in_any_channel_is_reported(world, verified_client, monkeypatch):
    reader = reader_create(Role.PRACTITIONER, world)
    marker = world.marked.markers["carer.phone"]
    monkeypatch.setitem(leaky_urls.leaked, "value", marker.value)
    session_client, api_clients = clients_for(reader, verified_client)
    with override_settings(ROOT_URLCONF=leaky_urls.__name__), every_log_line() as log:
        detector = detector_for(reader, world, log)
        full_crawl(detector, world, session_client, api_clients)

    found = {(leak.path.split("?")[0], leak.channel, leak.marker) for leak in detector.report.leaks}
    expected = {(url, channel, marker.field) for url, (channel, _view) in leaky_urls.LEAKS.items()}
    assert expected <= found, detector.report.summary()
    # Nothing else is reported, but the flash message again on the next page that shows it.
    assert {leak.marker for leak in detector.report.leaks} == {marker.field}
    elsewhere = {leak.channel for leak in detector.report.leaks if "/test-only/" not in leak.path}
    assert elsewhere <= {"body"}
    # The 500 page itself shows nothing; the exception's message reached the log.
    error_page = [leak for leak in detector.report.leaks if "/error/" in leak.path]
    assert {leak.channel for leak in error_page} == {"log"}


def every_authority(user) -> frozenset[int]:
    return frozenset(LocalAuthority.objects.values_list("pk", flat=True))


def test_a_shield_that_lets_everyone_through_is_reported(world, verified_client, monkeypatch):
    """A clearance bug in both layers (code and database) shows markers on the real pages."""
    monkeypatch.setattr(shielding.visibility, "cleared_local_authority_ids", every_authority)
    monkeypatch.setattr(shielding.database_scope, "cleared_local_authority_ids", every_authority)
    reader = reader_create(Role.PRACTITIONER, world)
    session_client, api_clients = clients_for(reader, verified_client)
    with every_log_line() as log:
        detector = detector_for(reader, world, log)
        full_crawl(detector, world, session_client, api_clients)

    leaked_at = {leak.path for leak in detector.report.leaks}
    assert set(record_paths(world.child.contactpoint_id)) <= leaked_at
    leaked = {leak.marker for leak in detector.report.leaks}
    assert leaked >= {"address.postcode", "carer.email", "identifier.nhs_number", "gp.name"}


def test_the_crawls_searches_find_the_child_only_by_what_everyone_may_see(world, verified_client):
    """The searches the crawl makes do reach the child: by names and date of birth it is found,
    and by its hidden postcode or NHS number it is not, exactly as if it did not exist."""
    session_client, _api_clients = clients_for(
        reader_create(Role.PRACTITIONER, world), verified_client
    )
    by_names, *by_hidden_fields = search_posts(world)["portal:search"]
    found = session_client.post("/search/", by_names[0]).content.decode()
    assert world.child.display_id in found
    for criteria, _content_type in by_hidden_fields:
        body = session_client.post("/search/", criteria).content.decode()
        assert world.child.display_id not in body
