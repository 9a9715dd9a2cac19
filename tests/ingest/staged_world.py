"""Records that wait for a person, made as the pipeline makes them: a file received through
staging, its chunks processed in this process (tests.ingest.pipeline_world).

Amelia Rose O'Neill and her twin Amelie Rose are Leeds children at two addresses, with one
mother. A child-benefit record of Amelia that has moved, with no carer (MOVED), is a possible match: Amelia is in
review range, her twin only above the shield guard, so both are shown. A record of Amelia misspelt,
with day and month swapped and living in Bradford (REFUGE_VARIANT), is held when Amelia is
shielded.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.roles import Role
from ingest.models import Feed, StagedRecord, StagedRecordContent
from registry.models import Child
from shielding.database_scope import matching_scope
from tests.factories import UserFactory
from tests.ingest.pipeline_world import (
    AMELIA,
    POSSIBLY_AMELIA,
    PipelineWorld,
    batch_run,
    feed_create,
    file_receive,
    indexed_child_create,
    pipeline_world_build,
)
from tests.shielding.shielded_world import management_team_user_create

NO_CARER = {"carer_given_names": "", "carer_family_name": "", "carer_relationship": ""}
MOVED = {
    **AMELIA,
    **NO_CARER,
    "record_id": "CB-100",
    "nhs_number": "",
    "address_line_1": "9 Elm Road",
    "postcode": "LS7 1AA",
}
REFUGE_VARIANT = POSSIBLY_AMELIA


@dataclass
class StagedWorld:
    """Leeds with Amelia and her twin, a feed trusted for addresses and carers, a Leeds and a
    Bradford management team, and a data-quality reviewer."""

    pipeline: PipelineWorld
    feed: Feed
    amelia: Child
    twin: Child
    leeds_team: object
    bradford_team: object
    data_quality: object

    @property
    def leeds(self):
        return self.pipeline.local_authority


def staged_world_build() -> StagedWorld:
    pipeline = pipeline_world_build()
    leeds = pipeline.local_authority
    return StagedWorld(
        pipeline=pipeline,
        feed=feed_create(),
        amelia=indexed_child_create(local_authority=leeds),
        twin=indexed_child_create(
            local_authority=leeds,
            given_names="Amelie Rose",
            address_line_1="3 Birch Grove",
            postcode="LS6 3CD",
        ),
        leeds_team=management_team_user_create(leeds),
        bradford_team=management_team_user_create(pipeline.other_authority),
        data_quality=UserFactory(role=Role.DATA_QUALITY),
    )


def record_stage(world: StagedWorld, record: dict, *, name: str = "batch.csv") -> StagedRecord:
    """Receive a one-record file and run it through the pipeline; the record's ledger row."""
    batch = batch_run(file_receive(feed=world.feed, records=[record], name=name).batch)
    return batch.records.get()


def content_of(staged_record: StagedRecord) -> StagedRecordContent:
    """The record's hidden content, read as the matcher may (tests look at everything)."""
    with transaction.atomic(), matching_scope():
        return StagedRecordContent.objects.get(staged_record=staged_record)
