"""A person's decisions on possible matches and held records: same child, different child, a new
child. Judgements are sticky, and a record's outcome in the ledger never changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Role
from ingest.matching.scoring import records_score
from ingest.models import Outcome, PairJudgement, RecordResolution, TrustedField
from ingest.pipeline import chunk_process
from ingest.records import FeedRecord
from ingest.review.services import (
    CREATE,
    DIFFERENT,
    SAME,
    ReviewResult,
    ReviewState,
    review_resolve,
)
from registry.models import Address, Child, ExternalIdentifier
from shielding.database_scope import matching_scope
from tests.factories import UserFactory
from tests.ingest.pipeline_world import AMELIA, child_shield, file_receive, indexed_child_create
from tests.ingest.staged_world import (
    MOVED,
    content_of,
    record_stage,
)

pytestmark = pytest.mark.django_db


def open_address(child: Child) -> tuple[str, str]:
    with transaction.atomic(), matching_scope():
        address = Address.unscoped_objects.get(child=child, ended_on__isnull=True)
    return address.line_1, address.postcode


def verdicts(world, record_id: str) -> dict[int, str]:
    return dict(
        PairJudgement.objects.filter(feed=world.feed, record_id=record_id).values_list(
            "child_id", "verdict"
        )
    )


def test_the_matcher_shows_both_twins_for_the_moved_record(world, in_review):
    content = content_of(in_review)
    shown = [candidate["child_id"] for candidate in content.candidates]
    assert shown == [world.amelia.pk, world.twin.pk]
    assert content.candidates[0]["levels"]["address"] == "different"


def test_same_child_applies_the_record_as_an_auto_match_would(world, in_review):
    result = review_resolve(
        staged_record=in_review, by=world.data_quality, decision=SAME, child_id=world.amelia.pk
    )

    assert result == ReviewResult(ReviewState.SAME_CHILD, world.amelia.pk)
    assert open_address(world.amelia) == ("9 Elm Road", "LS7 1AA")
    with transaction.atomic(), matching_scope():
        assert ExternalIdentifier.unscoped_objects.filter(
            child=world.amelia, scheme="source_record", value=MOVED["record_id"]
        ).exists()
    resolution = RecordResolution.objects.get(staged_record=in_review)
    assert (resolution.decision, resolution.child_id, resolution.decided_by) == (
        RecordResolution.Decision.SAME_CHILD,
        world.amelia.pk,
        world.data_quality,
    )
    assert verdicts(world, MOVED["record_id"]) == {world.amelia.pk: "same"}
    in_review.refresh_from_db()
    assert in_review.outcome == Outcome.REVIEW
    assert content_of(in_review).child_id == world.amelia.pk


def test_different_child_is_sticky_and_the_record_is_decided_again(world, in_review):
    children_before = Child.unscoped_objects.count()

    # Without Amelia, her twin is still within review range: the record stays with a person.
    first = review_resolve(
        staged_record=in_review,
        by=world.data_quality,
        decision=DIFFERENT,
        child_id=world.amelia.pk,
    )
    assert first == ReviewResult(ReviewState.IN_REVIEW)
    assert [c["child_id"] for c in content_of(in_review).candidates] == [world.twin.pk]

    # Without the twin too, nobody is left: a new child of Leeds (LS7).
    result = review_resolve(
        staged_record=in_review, by=world.data_quality, decision=DIFFERENT, child_id=world.twin.pk
    )
    assert result.state == ReviewState.CREATED
    new_child = Child.unscoped_objects.get(pk=result.child_id)
    assert Child.unscoped_objects.count() == children_before + 1
    assert new_child.responsible_local_authority == world.leeds
    assert verdicts(world, MOVED["record_id"]) == {
        world.amelia.pk: "different",
        world.twin.pk: "different",
    }
    assert open_address(world.amelia) == (AMELIA["address_line_1"], AMELIA["postcode"])
    assert RecordResolution.objects.get(staged_record=in_review).child_id == new_child.pk


def test_different_child_leaves_the_record_in_review_when_another_candidate_is_close(
    world, in_review
):
    duplicate = indexed_child_create(local_authority=world.leeds)

    result = review_resolve(
        staged_record=in_review,
        by=world.data_quality,
        decision=DIFFERENT,
        child_id=world.amelia.pk,
    )

    assert result == ReviewResult(ReviewState.IN_REVIEW)
    content = content_of(in_review)
    assert [candidate["child_id"] for candidate in content.candidates] == [
        duplicate.pk,
        world.twin.pk,
    ]
    assert content.disclosed and content.held_for_id is None
    assert not RecordResolution.objects.filter(staged_record=in_review).exists()


def test_a_new_child_judges_every_shown_candidate_different(world, in_review):
    result = review_resolve(staged_record=in_review, by=world.data_quality, decision=CREATE)

    assert result.state == ReviewState.CREATED
    assert verdicts(world, MOVED["record_id"]) == {
        world.amelia.pk: "different",
        world.twin.pk: "different",
    }
    new_child = Child.unscoped_objects.get(pk=result.child_id)
    assert (new_child.given_names, new_child.family_name) == ("Amelia Rose", "O'Neill")
    assert open_address(new_child) == ("9 Elm Road", "LS7 1AA")
    in_review.refresh_from_db()
    assert in_review.outcome == Outcome.REVIEW


def test_a_new_child_needs_an_authority_when_the_record_names_none(world):
    nowhere = {**MOVED, "record_id": "CB-101", "postcode": "YO1 7HH"}
    staged = record_stage(world, nowhere)
    assert staged.outcome == Outcome.REVIEW

    with pytest.raises(ValidationError) as refused:
        review_resolve(staged_record=staged, by=world.data_quality, decision=CREATE)
    assert "local_authority_id" in refused.value.message_dict
    assert verdicts(world, "CB-101") == {}

    result = review_resolve(
        staged_record=staged,
        by=world.data_quality,
        decision=CREATE,
        local_authority_id=world.pipeline.other_authority.pk,
    )
    new_child = Child.unscoped_objects.get(pk=result.child_id)
    assert new_child.responsible_local_authority == world.pipeline.other_authority


def test_a_pair_judged_different_is_never_auto_matched_again(world, in_review):
    """A later batch sends the record with an NHS number that Amelia also has: on its own that
    would auto-match her; the judgement keeps it away from her."""
    with transaction.atomic(), matching_scope():
        ExternalIdentifier.unscoped_objects.create(
            child=world.amelia, scheme="nhs_number", value=AMELIA["nhs_number"]
        )
    review_resolve(
        staged_record=in_review,
        by=world.data_quality,
        decision=DIFFERENT,
        child_id=world.amelia.pk,
    )
    again = {**MOVED, "nhs_number": AMELIA["nhs_number"], "address_line_1": "1 Oak Lane"}
    with transaction.atomic(), matching_scope():
        [scored] = records_score(
            feed_code=world.feed.code, records=[FeedRecord.from_json({**again})]
        )
    amelia_weight = next(item.match_weight for item in scored if item.child_id == world.amelia.pk)
    assert amelia_weight >= world.feed.auto_match_threshold

    batch = file_receive(feed=world.feed, records=[again], name="second.csv").batch
    chunk_process(batch_id=batch.pk, chunk_number=0)

    second = batch.records.get()
    assert second.outcome in (Outcome.MATCHED, Outcome.UNCHANGED, Outcome.REVIEW)
    assert content_of(second).child_id != world.amelia.pk
    assert world.amelia.pk not in [c["child_id"] for c in content_of(second).candidates]
    assert open_address(world.amelia) == (AMELIA["address_line_1"], AMELIA["postcode"])


def test_the_same_child_must_still_be_a_shown_candidate(world, in_review):
    stranger = indexed_child_create(
        local_authority=world.leeds, given_names="Zed", family_name="Quayle"
    )
    for child_id in (stranger.pk, None):
        with pytest.raises(ValidationError):
            review_resolve(
                staged_record=in_review, by=world.data_quality, decision=SAME, child_id=child_id
            )
    assert not PairJudgement.objects.exists()


def test_a_record_is_settled_once(world, in_review):
    review_resolve(
        staged_record=in_review, by=world.data_quality, decision=SAME, child_id=world.amelia.pk
    )
    with pytest.raises(ValidationError, match="already been settled"):
        review_resolve(staged_record=in_review, by=world.data_quality, decision=CREATE)


def test_same_child_on_a_held_record_changes_only_hidden_data(world, held):
    result = review_resolve(
        staged_record=held, by=world.leeds_team, decision=SAME, child_id=world.amelia.pk
    )

    assert result.state == ReviewState.SAME_CHILD
    world.amelia.refresh_from_db()
    assert (world.amelia.given_names, world.amelia.family_name) == ("Amelia Rose", "O'Neill")
    assert open_address(world.amelia) == ("9 Refuge Row", "BD1 1AA")
    content = content_of(held)
    # The refuge address is in Bradford: Amelia moved there (shielding.moves), and the record
    # that says so is held for Bradford's team, which alone may now see her hidden data.
    bradford = world.pipeline.other_authority
    assert (content.held_for_id, content.disclosed) == (bradford.pk, False)
    held.refresh_from_db()
    assert held.outcome == Outcome.HELD


def test_different_child_on_a_held_record_lets_the_record_be_decided_without_her(world, held):
    result = review_resolve(
        staged_record=held, by=world.leeds_team, decision=DIFFERENT, child_id=world.amelia.pk
    )

    # The twin is far below review: a new child, in Bradford, where the record says it lives.
    assert result.state == ReviewState.CREATED
    new_child = Child.unscoped_objects.get(pk=result.child_id)
    assert new_child.responsible_local_authority == world.pipeline.other_authority
    assert open_address(world.amelia) == (AMELIA["address_line_1"], AMELIA["postcode"])


def test_a_candidate_shielded_after_matching_takes_the_record_to_her_team(world, in_review):
    """Amelia is shielded after the record was matched: the record, which may carry her new
    address, becomes her team's held record, and data-quality staff can no longer decide it."""
    child_shield(world.amelia, by=world.leeds_team)
    children_before = Child.unscoped_objects.count()

    content = content_of(in_review)
    assert (content.held_for_id, content.child_id, content.disclosed) == (
        world.leeds.pk,
        world.amelia.pk,
        False,
    )
    with pytest.raises(PermissionDenied):
        review_resolve(staged_record=in_review, by=world.data_quality, decision=CREATE)
    assert Child.unscoped_objects.count() == children_before
    assert verdicts(world, MOVED["record_id"]) == {}


@pytest.mark.parametrize("who", ["data_quality", "bradford_team", "operations"])
def test_only_the_management_team_decides_a_held_record(world, held, who):
    deciders = {
        "data_quality": world.data_quality,
        "bradford_team": world.bradford_team,
        "operations": UserFactory(role=Role.OPERATIONS),
    }
    with pytest.raises(PermissionDenied):
        review_resolve(
            staged_record=held, by=deciders[who], decision=SAME, child_id=world.amelia.pk
        )
    assert not PairJudgement.objects.exists()


def test_trusted_fields_bound_what_same_child_changes(world, in_review):
    world.feed.trusted_fields = [TrustedField.CARERS]
    world.feed.save(update_fields=["trusted_fields"])

    review_resolve(
        staged_record=in_review, by=world.data_quality, decision=SAME, child_id=world.amelia.pk
    )

    assert open_address(world.amelia) == (AMELIA["address_line_1"], AMELIA["postcode"])
