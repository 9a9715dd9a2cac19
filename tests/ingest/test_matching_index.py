"""Blocking against the real index: each rule finds its child, for a whole chunk in one query,
with the hidden data the matcher compares, and only in the matching scope."""

import datetime
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from ingest.matching.candidates import (
    MatchingScopeRequired,
    candidates_by_id,
    candidates_find,
)
from ingest.matching.scoring import records_score
from registry.models import (
    Child,
    EducationalSetting,
    GPPractice,
    GPRegistration,
    SettingEnrolment,
)
from shielding.database_scope import matching_scope
from shielding.models import ShieldingOrder
from tests.factories import (
    AddressFactory,
    CarerFactory,
    ChildFactory,
    ExternalIdentifierFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.ingest.test_matching_levels import feed_record

pytestmark = pytest.mark.django_db

BORN = date(2016, 3, 9)
FEED = "child-benefit"


def indexed_child(
    *,
    postcode: str = "LS6 2AB",
    nhs_number: str = "",
    mother: str = "Siobhan",
    school_urn: str = "107000",
    gp_ods_code: str = "B86001",
    **fields,
) -> Child:
    """A child with a home, a mother, a school, a GP and (if given) an NHS number."""
    values = {
        "given_names": "Amelia Rose",
        "family_name": "O'Neill",
        "date_of_birth": BORN,
        "gender": "F",
        **fields,
    }
    child = ChildFactory(**values)
    AddressFactory(child=child, line_1="12 Acacia Avenue", postcode=postcode)
    CarerFactory(child=child, given_names=mother, family_name=values["family_name"])
    authority = child.responsible_local_authority
    setting, _ = EducationalSetting.objects.get_or_create(
        urn=school_urn, defaults={"name": "A school", "local_authority": authority}
    )
    practice, _ = GPPractice.objects.get_or_create(
        ods_code=gp_ods_code, defaults={"name": "A surgery"}
    )
    SettingEnrolment.objects.create(child=child, setting=setting)
    GPRegistration.objects.create(child=child, practice=practice)
    if nhs_number:
        ExternalIdentifierFactory(child=child, value=nhs_number)
    return child


def shield(child: Child) -> None:
    ShieldingOrder.objects.create(
        child=child,
        local_authority=child.responsible_local_authority,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="Fleeing abuse.",
        made_by=UserFactory(),
        review_due_on=timezone.localdate() + datetime.timedelta(days=90),
    )


def found_ids(*records, feed_code: str = FEED) -> list[set[int]]:
    with transaction.atomic(), matching_scope():
        found = candidates_find(feed_code=feed_code, records=list(records))
    return [{candidate.child_id for candidate in candidates} for candidates in found]


NO_HOME = {"address_line_1": "", "postcode": "", "town": ""}
ELSEWHERE = {"address_line_1": "9 Refuge Row", "postcode": "BD1 1AA", "town": "Bradford"}


@pytest.mark.parametrize(
    "record_fields",
    [
        # family name sound + birth date; and with day and month swapped
        {"given_names": "Grace", **NO_HOME},
        {"given_names": "Grace", "date_of_birth": date(2016, 9, 3), **NO_HOME},
        # first given name sound + birth date: a new family name
        {"family_name": "Kowalczyk", **NO_HOME},
        # given and family names swapped + birth date
        {"given_names": "O'Neill", "family_name": "Amelia Rose", **NO_HOME},
        # both names' sounds + a birth date one part off
        {"date_of_birth": date(2016, 3, 19), **NO_HOME},
        {"date_of_birth": date(2015, 3, 9), **NO_HOME},
        # postcode + birth date: both names wrong
        {"given_names": "Grace", "family_name": "Kowalczyk"},
        # postcode + given name sound: a wrong birth date and a new family name
        {"family_name": "Kowalczyk", "date_of_birth": date(2014, 1, 30)},
    ],
)
def test_each_blocking_rule_finds_the_child(record_fields):
    child = indexed_child()
    stranger = indexed_child(given_names="Noah", family_name="Baker", postcode="M1 1AE")
    [found] = found_ids(feed_record(nhs_number="", **record_fields))
    assert child.pk in found
    assert stranger.pk not in found


def test_identifiers_find_a_child_whatever_else_differs():
    child = indexed_child(nhs_number="9434765919")
    ExternalIdentifierFactory(child=child, scheme="upn", value="H801200001001")
    ExternalIdentifierFactory(child=child, scheme="source_record", issuer=FEED, value="CB-7")
    stranger = {
        "given_names": "Noah",
        "family_name": "Baker",
        "date_of_birth": date(2010, 1, 1),
        **NO_HOME,
    }
    by_nhs = feed_record(**stranger, nhs_number="9434765919")
    by_upn = feed_record(**stranger, nhs_number="", upn="H801200001001")
    by_record_id = feed_record(**stranger, nhs_number="", record_id="CB-7")
    assert found_ids(by_nhs, by_upn, by_record_id) == [{child.pk}] * 3
    assert found_ids(by_record_id, feed_code="school-census") == [set()]


def test_shielded_and_sealed_children_are_found_by_birth_date_and_an_initial():
    shielded = indexed_child(given_names="Ruby", family_name="Stone", postcode="M1 1AE")
    shield(shielded)
    sealed = indexed_child(
        given_names="Ivy", family_name="Marsh", postcode="M1 1AE", status=Child.Status.SEALED
    )
    far_off = indexed_child(given_names="Zara", family_name="Quinn", postcode="M1 1AE")
    shield(far_off)
    unprotected = indexed_child(given_names="Rhea", family_name="Moss", postcode="M1 1AE")
    # No name sounds like another here, and no address is given: only the wide net finds them.
    record = feed_record(given_names="Rosie", family_name="Mitchell", nhs_number="", **NO_HOME)
    [found] = found_ids(record)
    assert {shielded.pk, sealed.pk} <= found
    assert far_off.pk not in found  # neither initial is left
    assert unprotected.pk not in found


def test_a_shielded_child_is_found_with_a_mistyped_birth_date_and_one_name_changed():
    child = indexed_child(postcode="M1 1AE")
    shield(child)
    record = feed_record(
        given_names="Millie", date_of_birth=date(2016, 4, 9), nhs_number="", **ELSEWHERE
    )
    assert found_ids(record) == [{child.pk}]


def test_merged_children_are_never_candidates():
    merged = indexed_child(nhs_number="9434765919", status=Child.Status.MERGED)
    assert found_ids(feed_record()) == [set()]
    with transaction.atomic(), matching_scope():
        assert candidates_by_id(feed_code=FEED, child_ids=[merged.pk]) == {}


def test_a_candidate_carries_its_current_hidden_data_shielded_or_not():
    child = indexed_child(nhs_number="9434765919")
    ExternalIdentifierFactory(child=child, scheme="source_record", issuer=FEED, value="CB-1")
    ExternalIdentifierFactory(child=child, scheme="source_record", issuer="other", value="X-1")
    AddressFactory(child=child, postcode="M1 1AE", ended_on=date(2020, 1, 1))
    shield(child)
    with transaction.atomic(), matching_scope():
        [[candidate]] = candidates_find(feed_code=FEED, records=[feed_record()])
        assert candidates_by_id(feed_code=FEED, child_ids=[child.pk]) == {child.pk: candidate}
    assert (candidate.shielded, candidate.sealed, candidate.status) == (True, False, "active")
    assert candidate.responsible_local_authority_id == child.responsible_local_authority_id
    assert (candidate.given_names_norm, candidate.family_name_norm) == ("amelia rose", "oneill")
    assert (candidate.address_status, candidate.address_line_1, candidate.postcode) == (
        "current",
        "12 Acacia Avenue",
        "LS6 2AB",
    )
    assert candidate.carers == (("Siobhan", "O'Neill", "mother"),)
    assert (candidate.school_urn, candidate.gp_ods_code) == ("107000", "B86001")
    assert candidate.nhs_numbers == frozenset({"9434765919"})
    assert candidate.source_record_ids == frozenset({"CB-1"})  # this feed's only


def test_a_chunk_is_blocked_in_one_query(django_assert_max_num_queries):
    LocalAuthorityFactory()
    for number in range(5):
        indexed_child(given_names=f"Child{number}", date_of_birth=date(2016, 3, 1 + number))
    records = [
        feed_record(record_id=f"R-{number}", date_of_birth=date(2016, 3, 1 + number % 5))
        for number in range(40)
    ]
    with transaction.atomic(), matching_scope():
        with django_assert_max_num_queries(1):
            found = candidates_find(feed_code=FEED, records=records)
        with django_assert_max_num_queries(2):
            scored = records_score(feed_code=FEED, records=records)
    assert len(found) == len(scored) == 40
    assert all(found[:5])


def test_the_matcher_refuses_to_read_outside_the_matching_scope():
    with pytest.raises(MatchingScopeRequired), transaction.atomic():
        candidates_find(feed_code=FEED, records=[feed_record()])


@pytest.mark.django_db(transaction=True)
def test_the_matcher_refuses_to_read_outside_a_transaction():
    """Outside a transaction no scope reaches the database: shielded rows would be missing."""
    with pytest.raises(MatchingScopeRequired), matching_scope():
        candidates_find(feed_code=FEED, records=[feed_record()])
