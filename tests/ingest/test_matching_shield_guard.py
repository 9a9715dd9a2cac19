"""The shield guard against the real index: a record that could be a shielded or sealed child is
held for it. It never becomes a new child, a review that shows others, or a match with another."""

from datetime import date

import pytest
from django.db import transaction

from ingest.matching.decision import CALIBRATED_THRESHOLDS, MatchDecision, match_decide
from ingest.matching.scoring import records_score
from registry.models import Child
from shielding.database_scope import matching_scope
from tests.ingest.test_matching_index import ELSEWHERE, FEED, indexed_child, shield
from tests.ingest.test_matching_levels import feed_record

pytestmark = pytest.mark.django_db

# Perturbed records of Amelia Rose O'Neill, born 9 March 2016, none with an NHS number: what a
# feed might send after a family flees.
FLED = {
    **ELSEWHERE,
    "carer_given_names": "",
    "carer_family_name": "",
    "school_urn": "",
    "gp_ods_code": "",
}
VARIANTS = {
    "as indexed": {},
    "a typing error": {"given_names": "Amleia Rose"},
    "a nickname, moved": {"given_names": "Millie", **ELSEWHERE},
    "a new family name, moved": {"family_name": "Kowalczyk", **ELSEWHERE},
    "a double-barrelled name, moved": {"family_name": "O'Neill-Baker", **ELSEWHERE},
    "day and month swapped, moved": {"date_of_birth": date(2016, 9, 3), **ELSEWHERE},
    "names swapped, moved": {"given_names": "O'Neill", "family_name": "Amelia", **ELSEWHERE},
    "a mistyped birth date, moved": {"date_of_birth": date(2016, 3, 8), **ELSEWHERE},
    "a mistyped year, moved": {"date_of_birth": date(2015, 3, 9), **ELSEWHERE},
    "a new family name, fled": {"family_name": "Kowalczyk", **FLED},
    "a nickname and a mistyped day, fled": {
        "given_names": "Millie",
        "date_of_birth": date(2016, 3, 10),
        **FLED,
    },
    "a typing error, a new carer": {
        "family_name": "O'Neil",
        "carer_given_names": "Mark",
        "carer_family_name": "Baker",
    },
    "gender not given, moved, no carer": {
        "gender": "U",
        "carer_given_names": "",
        "carer_family_name": "",
        **ELSEWHERE,
    },
}


def decisions_for(records) -> list[MatchDecision]:
    with transaction.atomic(), matching_scope():
        scored_lists = records_score(feed_code=FEED, records=records)
    return [
        match_decide(scored=scored, thresholds=CALIBRATED_THRESHOLDS) for scored in scored_lists
    ]


def assert_kept_hidden(decision: MatchDecision, child: Child) -> None:
    """Held for the child's team, or matched with the child itself (hidden data only)."""
    assert decision.outcome in ("held", "match")
    assert decision.child_id == child.pk
    if decision.outcome == "held":
        assert decision.held_for_local_authority_id == child.responsible_local_authority_id
    assert decision.review_candidates == []


@pytest.fixture
def shielded_child() -> Child:
    """A shielded child among others: a namesake in another town, a sister at the same home."""
    child = indexed_child(nhs_number="9434765919")
    shield(child)
    # Another Amelia Rose O'Neill, born the same day, in another town and family.
    indexed_child(postcode="M1 1AE", mother="Sarah", school_urn="108000", gp_ods_code="P84001")
    indexed_child(given_names="Grace", date_of_birth=date(2013, 6, 1))
    indexed_child(given_names="Noah", family_name="Baker", gender="M", postcode="BD1 1AA")
    return child


def test_every_variant_of_a_shielded_child_is_held_or_matched_with_it(shielded_child):
    records = [
        feed_record(record_id=f"R-{number}", nhs_number="", **changes)
        for number, changes in enumerate(VARIANTS.values())
    ]
    for name, decision in zip(VARIANTS, decisions_for(records), strict=True):
        assert decision.outcome != "create", name
        assert_kept_hidden(decision, shielded_child)


def test_a_clear_record_of_a_shielded_child_updates_only_that_child(shielded_child):
    [decision] = decisions_for([feed_record()])
    assert (decision.outcome, decision.child_id) == ("match", shielded_child.pk)


def test_a_record_of_the_unshielded_twin_of_a_shielded_child_is_held():
    """Jack's record could be his shielded sister's, written with the wrong first name."""
    amelia = indexed_child(nhs_number="9434765919")
    shield(amelia)
    jack = indexed_child(given_names="Jack", gender="M")
    [decision] = decisions_for([feed_record(given_names="Jack", gender="M", nhs_number="")])
    assert (decision.outcome, decision.child_id) == ("held", amelia.pk)
    assert jack.pk != decision.child_id


def test_a_record_of_an_old_identity_is_held_for_the_sealed_child():
    sealed = indexed_child(status=Child.Status.SEALED)
    indexed_child(family_name="Baker", postcode="M1 1AE")  # the new identity: never a candidate
    records = [
        feed_record(nhs_number=""),
        feed_record(record_id="R-2", nhs_number="", given_names="Millie", **ELSEWHERE),
    ]
    for decision in decisions_for(records):
        assert (decision.outcome, decision.child_id) == ("held", sealed.pk)


def test_held_reasons_say_nothing_of_the_child(shielded_child):
    [decision] = decisions_for([feed_record(nhs_number="", **VARIANTS["a new family name, fled"])])
    assert decision.outcome == "held"
    record_values = ["Amelia", "Kowalczyk", "O'Neill", "Bradford", "BD1", "LS6", "2016"]
    assert not [value for value in record_values if value.lower() in decision.reason.lower()]
    assert str(shielded_child.pk) not in decision.reason
