"""Scoring: Fellegi-Sunter weights with term frequencies, the sibling alternative, and what they
decide for the errors feeds make."""

from dataclasses import replace
from datetime import date

import pytest

from ingest.matching.decision import CALIBRATED_THRESHOLDS, match_decide
from ingest.matching.name_frequency import (
    NameFrequencies,
    name_frequencies_lookup,
    name_frequencies_refresh,
)
from ingest.matching.scoring import record_score
from ingest.matching.weights import household_weight, match_weight, prior_weight
from ingest.models import NameFrequency
from registry.models import Child
from tests.factories import ChildFactory
from tests.ingest.test_matching_levels import candidate_child, feed_record

AUTO_MATCH = CALIBRATED_THRESHOLDS.auto_match
REVIEW = CALIBRATED_THRESHOLDS.review
# A million children: Oliver and Smith are common, Zoltan and Kowalczyk rare.
FREQUENCIES = NameFrequencies(
    given={"oliver": 10_000, "amelia": 9_000, "zoltan": 3},
    family={"smith": 12_000, "oneill": 900, "kowalczyk": 3},
    children=1_000_000,
)
MOVED = {
    "address_line_1": "9 Refuge Row",
    "postcode": "BD1 1AA",
    "town": "Bradford",
    "carer_given_names": "",
    "carer_family_name": "",
    "school_urn": "",
    "gp_ods_code": "",
    "nhs_number": "",
}


def weight(record, child, frequencies=FREQUENCIES) -> float:
    [scored] = record_score(record=record, candidates=[child], frequencies=frequencies)
    return scored.match_weight


def outcome(record, *children) -> str:
    scored = record_score(record=record, candidates=list(children), frequencies=FREQUENCIES)
    return match_decide(scored=scored, thresholds=CALIBRATED_THRESHOLDS).outcome


def named(given: str, family: str, **fields):
    """A record and a child with these names, the record from a family that has moved."""
    record = feed_record(given_names=given, family_name=family, **MOVED, **fields)
    child = candidate_child(given_names=given, family_name=family, nhs_numbers=frozenset())
    return record, child


def test_agreeing_on_a_rare_name_counts_for_more_than_on_a_common_one():
    common_weight = weight(*named("Oliver", "Smith"))
    rare_weight = weight(*named("Zoltan", "Kowalczyk"))
    assert rare_weight > common_weight + 10
    assert rare_weight >= AUTO_MATCH


def test_two_oliver_smiths_born_the_same_day_in_different_homes_are_not_one_child():
    record, other_child = named("Oliver", "Smith", gender="M")
    assert weight(record, replace(other_child, gender="M")) < AUTO_MATCH
    assert outcome(record, replace(other_child, gender="M")) in ("review", "create")


def test_an_unknown_name_weighs_as_an_average_name():
    record, child = named("Zebedee", "Quill")
    without_counts = weight(record, child, NameFrequencies())
    assert (
        weight(*named("Zoltan", "Kowalczyk")) > without_counts > weight(*named("Oliver", "Smith"))
    )


def twins():
    """Amelia and her twin brother Jack: one home, one family, one birthday."""
    amelia = candidate_child(child_id=1)
    jack = candidate_child(child_id=2, given_names="Jack", gender="M", nhs_numbers=frozenset())
    return amelia, jack


def test_a_twin_is_not_matched_with_the_other():
    amelia, jack = twins()
    record = feed_record(nhs_number="")
    assert weight(record, amelia) >= AUTO_MATCH
    assert weight(record, jack) < REVIEW
    decision = match_decide(
        scored=record_score(record=record, candidates=[jack, amelia], frequencies=FREQUENCIES),
        thresholds=CALIBRATED_THRESHOLDS,
    )
    assert (decision.outcome, decision.child_id) == ("match", amelia.child_id)


def test_a_new_twin_of_the_same_sex_is_not_matched_with_the_one_in_the_index():
    amelia, _jack = twins()
    sister = feed_record(given_names="Isla", nhs_number="")
    assert weight(sister, amelia) < AUTO_MATCH
    assert outcome(sister, amelia) != "match"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "match"),
        ({"given_names": "Amleia Rose"}, "match"),  # a typing error
        ({"family_name": "O'Neil"}, "match"),
        ({"given_names": "Millie"}, "match"),  # a nickname of Amelia
        ({"date_of_birth": date(2016, 9, 3)}, "match"),  # day and month swapped
        ({"given_names": "O'Neill", "family_name": "Amelia Rose"}, "match"),  # names swapped
        ({"date_of_birth": date(2016, 3, 8)}, "match"),  # a mistyped day
        ({"given_names": "Millie", **MOVED}, "review"),  # a nickname and a move
        ({"given_names": "Amleia Rose", **MOVED}, "review"),  # a typing error and a move
        # A new family name and a move leave a first name and a birthday: about one other
        # Amelia in a million children shares it, so this is a new child unless she is
        # shielded (then the guard holds the record: test_matching_index).
        ({"family_name": "Kowalczyk", **MOVED}, "create"),
    ],
)
def test_what_the_errors_of_feeds_come_to(changes, expected):
    child = candidate_child(nhs_numbers=frozenset())
    assert outcome(feed_record(**{"nhs_number": "", **changes}), child) == expected


def test_an_nhs_number_that_agrees_outweighs_a_move_and_a_nickname():
    changes = {"given_names": "Millie", **MOVED, "nhs_number": "9434765919"}
    assert outcome(feed_record(**changes), candidate_child()) == "match"


def test_a_stranger_born_the_same_day_is_a_new_child():
    record = feed_record(given_names="Noah", family_name="Kowalczyk", gender="M", **MOVED)
    assert outcome(record, candidate_child()) == "create"


def test_scored_candidates_come_best_first_with_their_levels():
    amelia, jack = twins()
    scored = record_score(record=feed_record(), candidates=[jack, amelia], frequencies=FREQUENCIES)
    assert [one.child_id for one in scored] == [amelia.child_id, jack.child_id]
    assert scored[0].levels["given_names"] == "exact"
    assert scored[1].levels["given_names"] == "different"
    assert scored[0].match_weight > scored[1].match_weight


def test_the_match_weight_is_never_above_either_alternative():
    assert match_weight(unrelated=30.0, sibling=12.0) <= 12.0
    assert match_weight(unrelated=-3.0, sibling=12.0) <= -3.0
    assert match_weight(unrelated=12.0, sibling=12.0) == pytest.approx(11.0)


def test_household_evidence_counts_its_strongest_agreement_and_disagreement_in_full():
    assert household_weight([16.0, 8.0, -3.0, -2.0]) == pytest.approx(16 + 2 - 3 - 0.5)
    assert household_weight([]) == 0


def test_the_prior_never_assumes_an_index_of_fewer_than_a_million_children():
    assert prior_weight(12) == prior_weight(1_000_000) == pytest.approx(-19.93, abs=0.01)
    assert prior_weight(11_000_000) < prior_weight(1_000_000)


@pytest.mark.django_db
def test_name_frequencies_count_first_given_names_and_family_names_of_the_index():
    for given, family in [("Oliver James", "Smith"), ("Oliver", "Smith"), ("Amelia", "O'Neill")]:
        ChildFactory(given_names=given, family_name=family)
    ChildFactory(given_names="Oliver", family_name="Smith", status=Child.Status.MERGED)

    assert name_frequencies_refresh() == 4
    counts = set(NameFrequency.objects.values_list("kind", "name", "children"))
    assert counts == {
        ("given", "oliver", 2),
        ("given", "amelia", 1),
        ("family", "smith", 2),
        ("family", "oneill", 1),
    }


@pytest.mark.django_db
def test_a_chunk_loads_only_the_names_it_needs_in_one_query(django_assert_num_queries):
    NameFrequency.objects.bulk_create(
        [
            NameFrequency(kind="given", name="oliver", children=40),
            NameFrequency(kind="given", name="amelia", children=60),
            NameFrequency(kind="family", name="smith", children=30),
            NameFrequency(kind="family", name="oliver", children=1),
        ]
    )
    with django_assert_num_queries(1):
        frequencies = name_frequencies_lookup(given_names=["oliver"], family_names=["smith"])
    assert frequencies == NameFrequencies(given={"oliver": 40}, family={"smith": 30}, children=100)
    assert frequencies.given_name_share("oliver") == pytest.approx(0.4)
