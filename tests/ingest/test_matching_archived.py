"""Feed records about an archived child (a young adult whose record left the index at 18, or a
year after death): nothing changes. The archive is never updated or reopened, no duplicate is
created, and no reviewer is shown the archived record."""

import pytest
from django.db import transaction

from ingest.matching.decision import REASON_ARCHIVED
from ingest.models import StagedRecord, StagedRecordContent
from ingest.review.access import QueuedRecord
from ingest.review.comparison import shown_candidates
from registry.models import Address, Child
from shielding.database_scope import matching_scope
from tests.factories import ChildFactory, UserFactory
from tests.ingest.pipeline_world import (
    AMELIA,
    batch_run,
    feed_create,
    file_receive,
    indexed_child_create,
)
from tests.ingest.test_matching_decision import decide, scored

pytestmark = pytest.mark.django_db
ARCHIVED = Child.Status.ARCHIVED


def test_an_archived_child_at_auto_match_changes_nothing():
    decision = decide(scored(1, 14.0, status=ARCHIVED), scored(2, -20.0))
    assert (decision.outcome, decision.child_id, decision.reason) == (
        "archived",
        1,
        REASON_ARCHIVED,
    )
    assert (decision.match_weight, decision.levels, decision.review_candidates) == (None, {}, [])


def test_an_archived_child_between_review_and_auto_match_changes_nothing_too():
    decision = decide(scored(1, 2.0, status=ARCHIVED), scored(2, -8.0))
    assert (decision.outcome, decision.child_id) == ("archived", 1)


def test_an_open_candidate_within_review_goes_to_a_person_without_the_archived_one():
    decision = decide(scored(1, 14.0, status=ARCHIVED), scored(2, 12.0))
    assert decision.outcome == "review"
    assert [one.child_id for one in decision.review_candidates] == [2]
    decision = decide(scored(1, 5.0, status=ARCHIVED), scored(2, 3.0), scored(3, -5.0))
    assert [one.child_id for one in decision.review_candidates] == [2, 3]


def test_a_unique_open_auto_match_is_still_matched_beside_an_archived_child():
    decision = decide(scored(1, 14.0), scored(2, 3.0, status=ARCHIVED))
    assert (decision.outcome, decision.child_id) == ("match", 1)


def test_a_sealed_candidate_still_holds_the_record():
    decision = decide(scored(1, 14.0, status=ARCHIVED), scored(2, -9.0, status=Child.Status.SEALED))
    assert (decision.outcome, decision.child_id) == ("held", 2)


def test_the_pipeline_leaves_the_archive_as_it_is_and_makes_no_duplicate(world):
    child = indexed_child_create(local_authority=world.local_authority)
    Child.unscoped_objects.filter(pk=child.pk).update(status=ARCHIVED)
    moved = {**AMELIA, "record_id": "CB-1", "address_line_1": "4 Chapel Lane"}
    batch = batch_run(file_receive(feed=feed_create(), records=[moved]).batch)

    staged = StagedRecord.objects.get(batch=batch)
    assert (staged.outcome, staged.reason) == ("unchanged", REASON_ARCHIVED)
    assert Child.unscoped_objects.count() == 1
    assert Child.unscoped_objects.get(pk=child.pk).status == ARCHIVED
    with transaction.atomic(), matching_scope():
        assert StagedRecordContent.objects.get(staged_record=staged).child_id == child.pk
        lines = Address.unscoped_objects.filter(child=child).values_list("line_1", flat=True)
        assert list(lines) == [AMELIA["address_line_1"]]


def test_a_record_in_review_no_longer_shows_a_candidate_archived_since(world):
    archived, still_open = ChildFactory(status=ARCHIVED), ChildFactory()
    candidates = [
        {"child_id": one.pk, "match_weight": 1.0, "levels": {}} for one in (archived, still_open)
    ]
    queued = QueuedRecord(
        staged_record=StagedRecord(), content=StagedRecordContent(candidates=candidates)
    )
    user = UserFactory(role="data_quality")
    assert shown_candidates(user=user, queued=queued) == [still_open]
