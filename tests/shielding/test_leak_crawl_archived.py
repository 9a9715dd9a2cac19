"""The leak crawl over an archived record: the marked child, shielded, archived half a year ago (its
management team's year) or two years ago (open to lawful access only). Every URL is requested as
every reader, and a lawful-access officer also states a basis for the child. No marker reaches
anyone but:

- the child's team, in its year (the archive's read-only view);
- a lawful-access officer, in the one response to a stated basis, two years on (never a
  sensitive service, which only child-protection and management-team users see);
- the child's team after its year, only on the feed records held for it: those hold what a source
  sent, and the team alone settles them; the archive itself is closed to the team.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from registry.models import Child
from tests.shielding.leak_crawl import (
    CrawlRequest,
    crawl,
    crawl_plan,
    kwarg_candidates_from,
    url_patterns_discover,
)
from tests.shielding.leak_detection import LeakDetector, every_log_line
from tests.shielding.shielded_world import ShieldedWorld, shielded_world_build
from tests.shielding.test_leak_crawl import (
    PURPOSE,
    READERS,
    clients_for,
    reader_create,
    record_paths,
    search_posts,
)

pytestmark = pytest.mark.django_db
HALF_A_YEAR = datetime.timedelta(days=183)
TWO_YEARS = datetime.timedelta(days=731)
LAWFUL_ACCESS = "/lawful-access/"
# Where the team's feed records held for the child are shown to it.
HELD_RECORD_PAGES = ("/feeds/held/", "/feeds/records/")
CRAWLS = [(TWO_YEARS, reader) for reader in READERS] + [
    (HALF_A_YEAR, reader) for reader in ("management_team", Role.LAWFUL_ACCESS, Role.PRACTITIONER)
]


class PathAwareDetector(LeakDetector):
    """A detector that knows which path it is requesting, for readers whose allowance depends on
    the page."""

    path = ""

    def request(self, client, method, path, data=None, **extra):
        self.path = path
        return super().request(client, method, path, data, **extra)


def archived_world(ago: datetime.timedelta) -> ShieldedWorld:
    world = shielded_world_build()
    Child.unscoped_objects.filter(pk=world.child.pk).update(
        status=Child.Status.ARCHIVED, archived_at=timezone.now() - ago
    )
    return world


def allowance(reader, ago: datetime.timedelta, detector_path):
    """What `reader` may see of the archived child, by the rules in this module's docstring."""

    def may_see(marker, overriding: bool) -> bool:
        if reader.cleared:
            return ago < datetime.timedelta(days=365) or detector_path().startswith(
                HELD_RECORD_PAGES
            )
        if reader.role == Role.LAWFUL_ACCESS:
            return overriding and ago > datetime.timedelta(days=365) and not marker.sensitive
        return False

    return may_see


def archived_crawl(detector, world: ShieldedWorld, session_client, api_clients) -> None:
    """Every pattern (without the crawl's own lawful-access post), then the officer's post."""
    child = world.child
    posts = {name: post for name, post in search_posts(world).items() if "lawful" not in name}
    plan = crawl_plan(
        url_patterns_discover(),
        kwarg_candidates_from(world.crawl_row_ids, child.contactpoint_id, child.pk),
        page_queries=[f"purpose={PURPOSE}"],
        admin_list_query=f"q={child.display_id}",
        posts=posts,
        override_post={"purpose": PURPOSE, "reason": "A child is at immediate risk."},
        record_paths=record_paths(child.contactpoint_id),
    )
    basis = {"contactpoint_id": child.display_id, "basis": "court_order", "reference": "Crawl"}
    plan.append(CrawlRequest("POST", LAWFUL_ACCESS, basis, overriding=True))
    plan.append(CrawlRequest("GET", LAWFUL_ACCESS))
    crawl(detector, plan, session_client=session_client, api_clients=api_clients)


@pytest.mark.parametrize(("ago", "reader_kind"), CRAWLS, ids=lambda value: str(value)[:12])
def test_no_marker_of_an_archived_child_reaches_a_reader_who_may_not_see_it(
    ago, reader_kind, verified_client
):
    world = archived_world(ago)
    reader = reader_create(reader_kind, world)
    session_client, api_clients = clients_for(reader, verified_client)
    with every_log_line() as log:
        detector = PathAwareDetector(
            reader=reader.label,
            markers=world.marked.markers.values(),
            may_see=None,
            recipient_may_see=lambda address: address == world.management_team_user.email,
            log=log,
        )
        detector.may_see = allowance(reader, ago, lambda: detector.path)
        archived_crawl(detector, world, session_client, api_clients)

    report = detector.report
    assert not report.leaks, report.summary()
    assert not report.server_errors, report.summary()
    markers = world.marked.markers.values()
    if reader.role == Role.LAWFUL_ACCESS and ago == TWO_YEARS:
        assert report.sightings == {marker.field for marker in markers if not marker.sensitive}
    elif reader.cleared and ago == HALF_A_YEAR:
        assert report.sightings == {marker.field for marker in markers}
    elif not reader.cleared:
        assert report.sightings == set()
