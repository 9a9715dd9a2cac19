"""The ingest tests' world: an authority with postcode districts, schools and GP practices
(tests.ingest.pipeline_world). The review tests replace it with theirs (review/conftest.py)."""

import pytest

from tests.ingest.pipeline_world import pipeline_world_build


@pytest.fixture
def world():
    return pipeline_world_build()
