"""The decision: match, review, create or held, and the shield guard's rules in their order."""

from dataclasses import replace

import pytest

from ingest.matching.decision import (
    CALIBRATED_THRESHOLDS,
    MatchThresholds,
    match_decide,
)
from ingest.matching.scoring import ScoredCandidate
from registry.models import Child
from tests.ingest.test_matching_levels import candidate_child

THRESHOLDS = MatchThresholds(auto_match=9.0, review=-4.0, shield_guard=-12.0)
LEVELS = {"given_names": "exact", "family_name": "exact", "date_of_birth": "exact"}


def scored(child_id: int, weight: float, **fields) -> ScoredCandidate:
    child = candidate_child(child_id=child_id, responsible_local_authority_id=100 + child_id)
    return ScoredCandidate(
        candidate=replace(child, **fields), match_weight=weight, levels=dict(LEVELS)
    )


def decide(*candidates: ScoredCandidate, judged_different=frozenset()):
    return match_decide(
        scored=list(candidates), thresholds=THRESHOLDS, judged_different=judged_different
    )


def test_one_candidate_at_auto_match_is_a_match():
    decision = decide(scored(1, 14.0), scored(2, 3.0))
    assert (decision.outcome, decision.child_id, decision.match_weight) == ("match", 1, 14.0)
    assert decision.levels == LEVELS
    assert decision.held_for_local_authority_id is None


def test_two_candidates_at_auto_match_go_to_a_person():
    decision = decide(scored(1, 14.0), scored(2, 12.0), scored(3, -20.0))
    assert decision.outcome == "review"
    assert [one.child_id for one in decision.review_candidates] == [1, 2]


def test_a_deceased_child_is_not_updated_without_a_person():
    decision = decide(scored(1, 14.0, status=Child.Status.DECEASED))
    assert (decision.outcome, decision.child_id) == ("review", None)


def test_between_review_and_auto_match_a_person_decides_among_the_likely_candidates():
    candidates = [scored(number, 5.0 - number) for number in range(1, 8)]
    decision = decide(*candidates, scored(9, -13.0))
    assert decision.outcome == "review"
    assert [one.child_id for one in decision.review_candidates] == [1, 2, 3, 4, 5]


def test_below_review_a_new_child_is_created():
    decision = decide(scored(1, -6.0))
    assert (decision.outcome, decision.child_id, decision.match_weight) == ("create", None, -6.0)
    assert decide().outcome == "create"


def test_a_shielded_child_that_matches_is_matched_and_stays_shielded():
    decision = decide(scored(1, 14.0, shielded=True), scored(2, -20.0))
    assert (decision.outcome, decision.child_id) == ("match", 1)


def test_a_possible_shielded_child_holds_even_a_clear_match_with_another():
    decision = decide(scored(1, 14.0), scored(2, -11.0, shielded=True))
    assert (decision.outcome, decision.child_id) == ("held", 2)
    assert decision.held_for_local_authority_id == 102


def test_a_shielded_child_near_the_guard_holds_what_would_be_a_review_or_a_new_child():
    assert decide(scored(1, 2.0), scored(2, -11.5, shielded=True)).outcome == "held"
    assert decide(scored(2, -11.5, shielded=True)).outcome == "held"
    assert decide(scored(2, -12.5, shielded=True)).outcome == "create"


def test_an_ambiguous_auto_match_with_a_shielded_child_in_it_is_held():
    decision = decide(scored(1, 14.0), scored(2, 13.0, shielded=True))
    assert (decision.outcome, decision.child_id) == ("held", 2)


def test_a_held_record_is_held_for_the_likeliest_protected_child():
    decision = decide(
        scored(1, 3.0),
        scored(2, -10.0, shielded=True),
        scored(3, -2.0, shielded=True),
        scored(4, -11.0, status=Child.Status.SEALED),
    )
    assert (decision.outcome, decision.child_id) == ("held", 3)
    assert decision.held_for_local_authority_id == 103


def test_a_sealed_child_is_never_updated_even_at_auto_match():
    decision = decide(scored(1, 20.0, status=Child.Status.SEALED))
    assert (decision.outcome, decision.child_id) == ("held", 1)
    near_the_guard = decide(scored(2, 15.0), scored(1, -11.9, status=Child.Status.SEALED))
    assert (near_the_guard.outcome, near_the_guard.child_id) == ("held", 1)


def test_a_child_judged_different_is_never_chosen_again():
    decision = decide(scored(1, 14.0), scored(2, 6.0), judged_different=frozenset({1}))
    assert decision.outcome == "review"
    assert [one.child_id for one in decision.review_candidates] == [2]
    gone = decide(scored(1, 14.0, shielded=True), judged_different=frozenset({1}))
    assert gone.outcome == "create"


def test_reviewers_are_never_shown_a_shielded_or_sealed_candidate():
    review = decide(scored(1, 2.0), scored(2, 1.0))
    assert review.outcome == "review"
    created = decide(scored(2, -14.0, shielded=True), scored(1, -15.0))
    assert created.outcome == "create"
    assert (created.match_weight, created.levels) == (-15.0, LEVELS)
    only_protected = decide(scored(2, -14.0, shielded=True))
    assert (only_protected.match_weight, only_protected.levels) == (None, {})


def test_reasons_name_rules_never_values():
    decisions = [
        decide(scored(1, 14.0)),
        decide(scored(1, 14.0), scored(2, 12.0)),
        decide(scored(1, 14.0, status=Child.Status.ARCHIVED)),
        decide(scored(1, 2.0)),
        decide(scored(1, -8.0)),
        decide(),
        decide(scored(1, -2.0, shielded=True)),
        decide(scored(1, -2.0, status=Child.Status.SEALED)),
    ]
    child = candidate_child()
    values = [child.given_names, child.family_name, child.postcode, child.address_line_1]
    for decision in decisions:
        assert decision.reason
        assert not [value for value in values if value.lower() in decision.reason.lower()]
        assert not any(character.isdigit() for character in decision.reason)  # no id, no date
    assert len({decision.reason for decision in decisions}) == len(decisions) - 1
    held_reasons = {decisions[-2].reason, decisions[-1].reason}
    assert len(held_reasons) == 1  # a shielded and a sealed child look the same


def test_thresholds_must_rise_from_the_guard_to_auto_match():
    with pytest.raises(ValueError):
        MatchThresholds(auto_match=5.0, review=6.0, shield_guard=-12.0)
    assert CALIBRATED_THRESHOLDS.shield_guard < CALIBRATED_THRESHOLDS.review


def test_thresholds_come_from_the_feed():
    class Feed:
        auto_match_threshold, review_threshold, shield_guard_threshold = 10.0, -3.0, -11.0

    assert MatchThresholds.of_feed(Feed()) == MatchThresholds(10.0, -3.0, -11.0)
