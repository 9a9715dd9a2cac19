"""The review tests' world: Leeds with Amelia and her twin (tests.ingest.staged_world), a record
of Amelia in review, and, once she is shielded, a record held for her team."""

import pytest

from ingest.models import Outcome
from tests.ingest.pipeline_world import child_shield
from tests.ingest.staged_world import MOVED, REFUGE_VARIANT, record_stage, staged_world_build


@pytest.fixture
def world():
    return staged_world_build()


@pytest.fixture
def in_review(world):
    staged = record_stage(world, MOVED)
    assert staged.outcome == Outcome.REVIEW
    return staged


@pytest.fixture
def held(world):
    child_shield(world.amelia, by=world.leeds_team)
    staged = record_stage(world, REFUGE_VARIANT, name="refuge.csv")
    assert staged.outcome == Outcome.HELD
    return staged
