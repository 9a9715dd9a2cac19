"""The leak crawl's new-identity rules (tests.shielding.new_identity_world), shown to work: the team
sees the old identity where it works on the sealed record, and the detector reports the old
identity shown to anyone else, and the link shown to anyone at all. (The crawl itself, every URL as
every reader, is test_leak_crawl's.)"""

import pytest
from django.test import override_settings

from accounts.roles import Role
from registry.models import Child
from tests.shielding import leaky_urls
from tests.shielding.leak_detection import every_log_line
from tests.shielding.new_identity_world import BIRTH_FAMILY_NAME, LINK
from tests.shielding.shielded_world import shielded_world_build
from tests.shielding.test_leak_crawl import PURPOSE, clients_for, detector_for, reader_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return shielded_world_build(new_identity=True)


def leaks_of(detector) -> set[str]:
    return {leak.marker for leak in detector.report.leaks}


def test_the_team_sees_the_old_identity_on_its_sealed_list_and_held_record_alone(
    world, verified_client
):
    reader = reader_create("management_team", world)
    client, _api_clients = clients_for(reader, verified_client)
    pair = world.new_identity
    with every_log_line() as log:
        detector = detector_for(reader, world, log)
        for path in (
            "/shielding/sealed/",
            f"/feeds/records/{pair.held_staged_record_id}/",
            f"/children/{pair.new_child.contactpoint_id}/?purpose={PURPOSE}",
            "/shielding/",
        ):
            assert detector.request(client, "GET", path).status_code == 200, path

    assert detector.report.leaks == [], detector.report.summary()
    identity = {marker.field for marker in pair.identity_markers}
    assert detector.old_identity_sightings >= identity | {"old_record.address.postcode"}


@pytest.mark.parametrize("reader_kind", [Role.PRACTITIONER, "management_team"])
def test_the_old_identity_beside_the_new_id_is_reported_as_the_link(
    reader_kind, world, verified_client, monkeypatch
):
    pair = world.new_identity
    monkeypatch.setitem(
        leaky_urls.leaked, "value", f"{BIRTH_FAMILY_NAME} is {pair.new_child.display_id}"
    )
    reader = reader_create(reader_kind, world)
    client, _api_clients = clients_for(reader, verified_client)
    with override_settings(ROOT_URLCONF=leaky_urls.__name__), every_log_line() as log:
        detector = detector_for(reader, world, log)
        detector.request(client, "GET", "/test-only/leak/body/")

    # The team too: it sees the old identity only where it works on the sealed record.
    assert leaks_of(detector) == {LINK, "old_identity.family_name"}


def test_a_sealed_record_that_opens_again_is_reported(world, verified_client, monkeypatch):
    """Were practitioners allowed to open sealed records, the crawl would see the birth identity."""
    monkeypatch.setattr(Child, "OPEN_STATUSES", (*Child.OPEN_STATUSES, Child.Status.SEALED))
    reader = reader_create(Role.PRACTITIONER, world)
    client, _api_clients = clients_for(reader, verified_client)
    old_id = world.new_identity.sealed.child.contactpoint_id
    with every_log_line() as log:
        detector = detector_for(reader, world, log)
        detector.request(client, "GET", f"/children/{old_id}/?purpose={PURPOSE}")

    assert {"old_identity.given_names", "old_identity.family_name"} <= leaks_of(detector)
