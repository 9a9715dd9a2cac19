"""The world of the data-quality tool's tests: tests.ingest.pipeline_world's Leeds, with Oliver in
the index and Amelia shielded by Leeds's management team, a Leeds local feed and a national feed,
and records of a file that would be matched, reviewed, created and held."""

import io
from dataclasses import dataclass

from ingest.models import Feed, TrustedField
from ingest.quality_check.report import QualityReport
from ingest.quality_check.selectors import feed_file_check
from registry.models import Child
from tests.ingest.feed_files import csv_bytes
from tests.ingest.pipeline_world import (
    AMELIA,
    POSSIBLY_AMELIA,
    PipelineWorld,
    child_shield,
    indexed_child_create,
)
from tests.shielding.shielded_world import management_team_user_create

OLIVER = {
    **AMELIA,
    "record_id": "LS-1",
    "given_names": "Oliver James",
    "family_name": "Grant",
    "date_of_birth": "2015-07-21",
    "gender": "M",
    "address_line_1": "4 Oak Lane",
    "postcode": "LS7 2BB",
    "nhs_number": "4857773457",
    "carer_given_names": "Helen",
    "carer_family_name": "Grant",
}
# Oliver moved, with no NHS number or carer: possibly him, a person decides.
OLIVER_MOVED = {
    **OLIVER,
    "record_id": "LS-2",
    "nhs_number": "",
    "carer_given_names": "",
    "carer_family_name": "",
    "carer_relationship": "",
    "address_line_1": "9 Elm Road",
    "postcode": "LS6 1AA",
}
ZARA = {
    **AMELIA,
    "record_id": "LS-3",
    "given_names": "Zara",
    "family_name": "Okafor",
    "date_of_birth": "2017-01-30",
    "address_line_1": "22 Cedar Court",
    "postcode": "LS6 4HH",
    "nhs_number": "4010234563",
    "carer_given_names": "Ngozi",
    "carer_family_name": "Okafor",
}
AMELIA_VARIANT = {**POSSIBLY_AMELIA, "record_id": "LS-4"}


@dataclass
class CheckWorld:
    feed: Feed
    national_feed: Feed
    oliver: Child
    amelia: Child
    leeds_team: object


def check_world_build(world: PipelineWorld) -> CheckWorld:
    """Leeds with Oliver, and Amelia shielded by its team; a Leeds local feed and a national one."""
    leeds = world.local_authority
    team = management_team_user_create(leeds)
    amelia = indexed_child_create(local_authority=leeds)
    child_shield(amelia, by=team)
    trusted = [TrustedField.ADDRESS, TrustedField.CARERS]
    return CheckWorld(
        feed=Feed.objects.create(
            code="leeds-social-care", name="Leeds social care", scope=Feed.Scope.LOCAL,
            local_authority=leeds, trusted_fields=trusted,
        ),
        national_feed=Feed.objects.create(
            code="child-benefit", name="Child benefit", scope=Feed.Scope.NATIONAL,
            trusted_fields=trusted,
        ),
        oliver=indexed_child_create(local_authority=leeds, **OLIVER),
        amelia=amelia,
        leeds_team=team,
    )  # fmt: skip


def check(feed: Feed, records: list[dict], *, user=None, name: str = "census.csv") -> QualityReport:
    return feed_file_check(
        feed=feed, stream=io.BytesIO(csv_bytes(records)), file_name=name, user=user
    )
