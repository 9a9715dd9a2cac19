"""Comparison levels: how a feed record and a candidate child compare, field by field."""

from dataclasses import replace
from datetime import date

import pytest

from demo.names import BOYS_SINCE_2007, GIRLS_SINCE_2007
from ingest.matching.candidates import CandidateChild
from ingest.matching.comparable import candidate_comparable, record_comparable
from ingest.matching.comparison import (
    FIELDS,
    SIMILAR,
    family_name_similarity,
    given_name_similarity,
    levels_compare,
    names_far_apart,
)
from ingest.records import FeedRecord
from registry.matching_keys import name_normalise

BORN = date(2016, 3, 9)


def feed_record(**fields) -> FeedRecord:
    """Amelia Rose O'Neill's record as a health feed might send it; `fields` change it."""
    values = {
        "record_id": "CB-1",
        "given_names": "Amelia Rose",
        "family_name": "O'Neill",
        "date_of_birth": BORN,
        "gender": "F",
        "address_line_1": "12 Acacia Avenue",
        "town": "Leeds",
        "postcode": "LS6 2AB",
        "nhs_number": "9434765919",
        "carer_given_names": "Siobhan",
        "carer_family_name": "O'Neill",
        "carer_relationship": "mother",
        "school_urn": "107000",
        "gp_ods_code": "B86001",
    }
    return FeedRecord(**{**values, **fields})


def candidate_child(**fields) -> CandidateChild:
    """The same child as the index holds her; `fields` change it (names are normalised here)."""
    values = {
        "child_id": 1,
        "status": "active",
        "shielded": False,
        "responsible_local_authority_id": 10,
        "given_names": "Amelia Rose",
        "family_name": "O'Neill",
        "date_of_birth": BORN,
        "gender": "F",
        "address_status": "current",
        "address_line_1": "12 Acacia Avenue",
        "address_line_2": "",
        "town": "Leeds",
        "postcode": "LS6 2AB",
        "carers": (("Siobhan", "O'Neill", "mother"),),
        "school_urn": "107000",
        "gp_ods_code": "B86001",
        "nhs_numbers": frozenset({"9434765919"}),
        "upns": frozenset(),
        "source_record_ids": frozenset(),
        **fields,
    }
    values.setdefault("given_names_norm", name_normalise(values["given_names"]))
    values.setdefault("family_name_norm", name_normalise(values["family_name"]))
    return CandidateChild(**values)


def levels(record: FeedRecord, child: CandidateChild) -> dict[str, str]:
    return levels_compare(record=record_comparable(record), child=candidate_comparable(child))


def test_the_same_child_agrees_on_every_field_it_has():
    assert levels(feed_record(), candidate_child()) == {
        "given_names": "exact",
        "family_name": "exact",
        "date_of_birth": "exact",
        "gender": "agree",
        "address": "same_address",
        "carers": "same_name",
        "school": "agree",
        "gp_practice": "agree",
        "nhs_number": "agree",
        "upn": "missing",
        "source_record": "missing",
    }
    assert tuple(levels(feed_record(), candidate_child())) == FIELDS


@pytest.mark.parametrize(
    ("record_given", "child_given", "level"),
    [
        ("Amelia", "Amelia Rose", "exact"),  # the first given name decides
        ("Amleia Rose", "Amelia Rose", "close"),  # two letters swapped
        ("Bill", "William", "close"),  # a nickname
        ("Rose", "Amelia Rose", "close"),  # known by her middle name
        ("Olivia", "Oliver", "similar"),
        ("George", "Amelia Rose", "different"),
    ],
)
def test_given_name_levels(record_given, child_given, level):
    record = feed_record(given_names=record_given)
    assert levels(record, candidate_child(given_names=child_given))["given_names"] == level


@pytest.mark.parametrize(
    ("record_family", "child_family", "level"),
    [
        ("ONEILL", "O'Neill", "exact"),  # case and apostrophes are not names
        ("O'Neil", "O'Neill", "close"),
        ("O'Neill", "O'Neill-Khan", "close"),  # one half of a double-barrelled name
        ("O'Neill-Khan", "O'Neill", "close"),
        ("Kowalczyk", "O'Neill", "different"),
    ],
)
def test_family_name_levels(record_family, child_family, level):
    record = feed_record(family_name=record_family)
    assert levels(record, candidate_child(family_name=child_family))["family_name"] == level


def test_given_and_family_names_the_wrong_way_round_are_swapped():
    record = feed_record(given_names="O'Neill", family_name="Amelia")
    found = levels(record, candidate_child())
    assert (found["given_names"], found["family_name"]) == ("swapped", "swapped")


@pytest.mark.parametrize(
    ("born", "level"),
    [
        (BORN, "exact"),
        (date(2016, 9, 3), "day_month_swapped"),
        (date(2016, 3, 8), "one_part_differs"),
        (date(2015, 3, 9), "one_part_differs"),
        (date(2014, 11, 30), "different"),
    ],
)
def test_date_of_birth_levels(born, level):
    assert levels(feed_record(date_of_birth=born), candidate_child())["date_of_birth"] == level


@pytest.mark.parametrize(
    ("record_gender", "child_gender", "level"),
    [
        ("F", "F", "agree"),
        ("X", "X", "agree"),
        ("M", "F", "disagree"),
        ("X", "F", "unknown"),
        ("U", "F", "unknown"),
        ("F", "U", "unknown"),
        ("U", "U", "unknown"),
    ],
)
def test_gender_levels(record_gender, child_gender, level):
    record = feed_record(gender=record_gender)
    assert levels(record, candidate_child(gender=child_gender))["gender"] == level


@pytest.mark.parametrize(
    ("line_1", "postcode", "level"),
    [
        ("12, Acacia Avenue", "LS6 2AB", "same_address"),
        ("Flat 3, 12 Acacia Avenue", "LS6 2AB", "same_postcode"),  # another home at the postcode
        ("", "LS6 2AB", "same_postcode"),
        ("4 Elm Street", "LS6 1QQ", "same_outward_code"),
        ("4 Elm Street", "M1 1AE", "different"),
        ("4 Elm Street", "", "missing"),
    ],
)
def test_address_levels(line_1, postcode, level):
    record = feed_record(address_line_1=line_1, postcode=postcode)
    assert levels(record, candidate_child())["address"] == level


def test_a_child_with_no_known_address_has_no_address_to_compare():
    child = candidate_child(address_status="no_known_address", address_line_1="", postcode="")
    assert levels(feed_record(), child)["address"] == "missing"


@pytest.mark.parametrize(
    ("given", "family", "level"),
    [
        ("Siobhan", "O'Neill", "same_name"),
        ("Siobahn", "ONeil", "similar_name"),
        ("Mark", "Kowalczyk", "different"),
        ("", "", "missing"),
    ],
)
def test_carer_levels_take_the_best_of_the_childs_carers(given, family, level):
    child = candidate_child(
        carers=(("Dermot", "O'Neill", "father"), ("Siobhan", "O'Neill", "mother"))
    )
    record = feed_record(carer_given_names=given, carer_family_name=family)
    assert levels(record, child)["carers"] == level


@pytest.mark.parametrize(
    ("field", "record_value", "child_value", "level"),
    [
        ("school", "107000", "107000", "agree"),
        ("school", "107000", "108000", "disagree"),
        ("school", "", "107000", "missing"),
        ("gp_practice", "B86001", "B86002", "disagree"),
        ("gp_practice", "B86001", "", "missing"),
    ],
)
def test_setting_and_gp_levels(field, record_value, child_value, level):
    record_field, child_field = {
        "school": ("school_urn", "school_urn"),
        "gp_practice": ("gp_ods_code", "gp_ods_code"),
    }[field]
    record = feed_record(**{record_field: record_value})
    child = candidate_child(**{child_field: child_value})
    assert levels(record, child)[field] == level


def test_identifier_levels_agree_disagree_or_missing():
    child = candidate_child(
        nhs_numbers=frozenset({"9434765919", "4010232137"}),
        upns=frozenset({"H801200001001"}),
        source_record_ids=frozenset({"CB-1"}),
    )
    agreeing = levels(feed_record(nhs_number="4010232137", upn="H801200001001"), child)
    assert (agreeing["nhs_number"], agreeing["upn"], agreeing["source_record"]) == (
        "agree",
        "agree",
        "agree",
    )
    record = feed_record(record_id="CB-2", nhs_number="4010232145", upn="X801200001002")
    disagreeing = levels(record, child)
    assert (disagreeing["nhs_number"], disagreeing["upn"], disagreeing["source_record"]) == (
        "disagree",
        "disagree",
        "disagree",
    )
    unknown = levels(feed_record(nhs_number=""), replace(child, source_record_ids=frozenset()))
    assert (unknown["nhs_number"], unknown["upn"], unknown["source_record"]) == (
        "missing",
        "missing",
        "missing",
    )


# Children's first names, some family names, and names of several words.
NAMES = [
    *(name_normalise(name) for name in (*GIRLS_SINCE_2007[:40], *BOYS_SINCE_2007[:40])),
    *("smith", "smyth", "jones", "oneill", "oneil", "kowalczyk", "khan", "kahn", "taylor"),
    *("tailor", "brown", "browne"),
    *("amelia rose", "lily mae", "lilymae", "smith jones", "van der berg", "mary jane"),
]


def test_names_proved_far_apart_are_below_similar_in_the_full_measures():
    pairs = [(one, other) for one in NAMES for other in NAMES if one != other]
    pairs += [("rose", "amelia rose"), ("lily mae", "lilymae"), ("smith jones", "jones")]
    far_apart = [pair for pair in pairs if names_far_apart(*pair)]
    assert len(far_apart) > len(pairs) / 2  # the quick test does its job for most pairs
    for one, other in far_apart:
        assert given_name_similarity(one, other) < SIMILAR, (one, other)
        assert family_name_similarity(one, other) < SIMILAR, (one, other)
    assert not names_far_apart("william", "bill")  # a nickname is never far apart
    assert not names_far_apart("smith jones", "jones")
