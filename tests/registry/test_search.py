"""Practitioner search: what it finds, what it forgives, how it ranks, and where it stops."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Child
from registry.purposes import AccessPurpose
from registry.search import MAX_RESULTS, SearchCriteriaError, SearchOutcome, search_criteria_parse
from registry.search.name_variants import name_variants
from registry.selectors import child_search
from shielding.clearance import cleared_local_authority_ids
from tests.factories import AddressFactory, ChildFactory, ExternalIdentifierFactory, UserFactory

pytestmark = pytest.mark.django_db

PURPOSE = AccessPurpose.CHILD_PROTECTION
BORN = datetime.date(2016, 3, 9)
NHS_NUMBER = "9434765919"
# Other children born the same day: a search must pick its child out from among them.
SAME_DAY_CROWD = [
    ("Oscar", "Patel"),
    ("Grace", "Nowak"),
    ("Harvey", "Bennett"),
    ("Layla", "Okafor"),
    ("Theo", "Walsh"),
    ("Ruby", "Hughes"),
    ("Ibrahim", "Khan"),
    ("Poppy", "Evans"),
]


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def crowd():
    return [
        ChildFactory(given_names=given, family_name=family, date_of_birth=BORN)
        for given, family in SAME_DAY_CROWD
    ]


def search(user, **fields) -> SearchOutcome:
    return child_search(user=user, purpose=PURPOSE, criteria=search_criteria_parse(fields))


def found(outcome: SearchOutcome) -> list[Child]:
    return [result.child for result in outcome.results]


def reads(captured: CaptureQueriesContext) -> list[str]:
    """The queries that read data, leaving out the savepoints of the selector's transaction."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def band_of(outcome: SearchOutcome, child: Child) -> str | None:
    return next((result.band for result in outcome.results if result.child == child), None)


@pytest.mark.parametrize(
    "fields",
    [
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-03-09"},
        {"family_name": "Smith", "date_of_birth": "2016-03-09", "postcode": "LS6 2AB"},
        {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "ls62ab"},
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-03"},
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016"},
        {"given_names": "Amelia", "family_name": "Smith", "dob_month": "3", "dob_year": "2016"},
    ],
    ids=[
        "names-dob",
        "family-dob-postcode",
        "given-dob-postcode",
        "names-month",
        "names-year",
        "govuk-month",
    ],
)
def test_each_minimum_combination_finds_the_child(user, crowd, fields):
    child = ChildFactory(given_names="Amelia Rose", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=child, postcode="LS6 2AB")
    outcome = search(user, **fields)
    assert found(outcome) == [child]
    assert band_of(outcome, child) == "strong"
    assert not outcome.too_many


FORGIVEN = {
    "one typo, letters swapped": ("Amelia", "Smith", "Amelai", "Smith"),
    "one typo, first letter": ("Amelia", "Smith", "Emelia", "Smith"),
    "one typo, letter missed": ("Amelia", "Smith", "Amelia", "Smth"),
    "one typo, short name": ("Leo", "Smith", "Lea", "Smith"),
    "two typos": ("Jennifer", "Thompson", "Jenifer", "Tomson"),
    "two typos in one name": ("Amelia", "Richardson", "Amelia", "Ricahrdsen"),
    "nickname: Bill for William": ("William", "Smith", "Bill", "Smith"),
    "nickname: Liam for William": ("William", "Smith", "Liam", "Smith"),
    "nickname: William for Liam": ("Liam", "Smith", "William", "Smith"),
    "nickname: Bill for Liam": ("Liam", "Smith", "Bill", "Smith"),
    "nickname: Alfie for Alfred": ("Alfred", "Smith", "Alfie", "Smith"),
    "nickname: Harry for Henry": ("Henry", "Smith", "Harry", "Smith"),
    "variant spelling: Mohammed for Muhammad": ("Muhammad", "Khan", "Mohammed", "Khan"),
    "hyphenated, typed with a space": ("Amelia", "Smith-Jones", "Amelia", "Smith Jones"),
    "hyphenated, typed as one word": ("Amelia", "Smith-Jones", "Amelia", "SmithJones"),
    "hyphenated, typed as one half": ("Amelia", "Smith-Jones", "Amelia", "Jones"),
    "double-barrelled, typed with a hyphen": ("Amelia", "Lloyd Webber", "Amelia", "Lloyd-Webber"),
    "particle run together": ("Amelia", "van der Berg", "Amelia", "Vanderberg"),
    "apostrophe left out": ("Siobhan", "O'Neill", "Siobhan", "ONeill"),
    "apostrophe as a space": ("Siobhan", "O'Neill", "Siobhan", "O Neill"),
    "apostrophe typed": ("Siobhan", "ONeill", "Siobhan", "O\u2019Neill"),
    "accent left out": ("Zoë", "Smith", "Zoe", "Smith"),
    "accent typed": ("Zoe", "Smith", "Zoë", "Smith"),
    "given names in another order": ("Amelia Rose", "Smith", "Rose Amelia", "Smith"),
    "known by the middle name": ("Amelia Rose", "Smith", "Rose", "Smith"),
    "given and family names swapped": ("Amelia", "Smith", "Smith", "Amelia"),
}


@pytest.mark.parametrize(
    ("stored_given", "stored_family", "typed_given", "typed_family"),
    FORGIVEN.values(),
    ids=FORGIVEN.keys(),
)
def test_common_mistakes_are_forgiven(
    user, crowd, stored_given, stored_family, typed_given, typed_family
):
    child = ChildFactory(given_names=stored_given, family_name=stored_family, date_of_birth=BORN)
    outcome = search(
        user, given_names=typed_given, family_name=typed_family, date_of_birth="2016-03-09"
    )
    assert found(outcome) == [child]


def test_name_variants_come_from_the_dataset_and_its_british_supplement():
    assert {"bill", "will", "liam"} <= set(name_variants("william"))  # liam: the supplement
    assert {"william", "bill"} <= set(name_variants("liam"))  # bill: a sibling form
    assert "alfred" in name_variants("alfie")
    assert "william" not in name_variants("william")
    assert name_variants("xyzzy") == {}


@pytest.mark.parametrize(
    "typed",
    [
        {"given_names": "Amelai", "family_name": "Smith", "date_of_birth": "2016"},
        {"given_names": "Bill", "family_name": "Smith", "date_of_birth": "2016-03"},
        {"given_names": "Smith", "family_name": "Amelia", "date_of_birth": "2016"},
        {"given_names": "Amelia", "family_name": "Smiht", "date_of_birth": "2016"},
    ],
    ids=["typo-given", "nickname", "names-swapped", "typo-family"],
)
def test_mistakes_are_forgiven_with_a_partial_date_of_birth(user, typed):
    amelia = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    william = ChildFactory(given_names="William", family_name="Smith", date_of_birth=BORN)
    assert set(found(search(user, **typed))) & {amelia, william}


@pytest.mark.parametrize(
    ("stored", "typed", "band"),
    [
        ("William", "Bill", "strong"),
        ("Liam", "William", "strong"),
        ("Liam", "Bill", "possible"),
    ],
)
def test_a_nickname_is_strong_and_a_form_of_the_same_name_possible(user, stored, typed, band):
    """Bill is a form of William, and so is Liam; but Bill for Liam is a guess."""
    child = ChildFactory(given_names=stored, family_name="Smith", date_of_birth=BORN)
    outcome = search(user, given_names=typed, family_name="Smith", date_of_birth="2016-03-09")
    assert band_of(outcome, child) == band


def test_day_and_month_swapped_is_forgiven(user, crowd):
    child = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    outcome = search(user, given_names="Amelia", family_name="Smith", date_of_birth="2016-09-03")
    assert found(outcome) == [child]
    assert band_of(outcome, child) == "strong"


def test_a_mistyped_date_is_found_through_the_postcode(user, crowd):
    child = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=child, postcode="LS6 2AB")
    outcome = search(
        user,
        given_names="Amelia",
        family_name="Smith",
        date_of_birth="2016-03-08",
        postcode="LS6 2AB",
    )
    assert found(outcome) == [child]
    assert band_of(outcome, child) == "possible"


def test_an_exact_match_is_strong_and_first(user, crowd):
    amelia = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    amelie = ChildFactory(given_names="Amelie", family_name="Smith", date_of_birth=BORN)
    outcome = search(user, given_names="Amelia", family_name="Smith", date_of_birth="2016-03-09")
    assert found(outcome) == [amelia, amelie]
    assert outcome.results[0].score == 1.0
    assert outcome.results[0].score > outcome.results[1].score
    assert [result.band for result in outcome.results] == ["strong", "strong"]


def test_several_mistakes_at_once_make_a_possible_match(user, crowd):
    child = ChildFactory(given_names="Catherine", family_name="Pearce", date_of_birth=BORN)
    outcome = search(user, given_names="Kathryn", family_name="Price", date_of_birth="2016-09-03")
    assert found(outcome) == [child]
    assert band_of(outcome, child) == "possible"


def test_a_different_postcode_makes_a_match_possible_not_strong(user, crowd):
    child = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=child, postcode="LS6 2AB")
    outcome = search(
        user,
        given_names="Amelia",
        family_name="Smith",
        date_of_birth="2016-03-09",
        postcode="M1 1AE",
    )
    assert found(outcome) == [child]
    assert band_of(outcome, child) == "possible"


def test_strong_matches_rank_above_possible_ones(user):
    moved = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=moved, postcode="M1 1AE")
    here = ChildFactory(given_names="Amelie", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=here, postcode="LS6 2AB")
    outcome = search(
        user,
        given_names="Amelia",
        family_name="Smith",
        date_of_birth="2016-03-09",
        postcode="LS6 2AB",
    )
    assert [(result.child, result.band) for result in outcome.results] == [
        (here, "strong"),
        (moved, "possible"),
    ]


@pytest.mark.parametrize(
    "typed",
    [
        {"given_names": "Amelia", "family_name": "Nowak", "date_of_birth": "2016-03-09"},
        {"given_names": "Oscar", "family_name": "Smith", "date_of_birth": "2016-03-09"},
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-03-10"},
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2015"},
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-04"},
        {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "M1 1AE"},
        {"family_name": "Smith", "date_of_birth": "2016-03-09", "postcode": "M1 1AE"},
    ],
    ids=[
        "family-differs",
        "given-differs",
        "another-day",
        "another-year",
        "another-month",
        "given-with-another-postcode",
        "family-with-another-postcode",
    ],
)
def test_a_child_that_does_not_meet_the_criteria_is_not_returned(user, typed):
    child = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=child, postcode="LS6 2AB")
    assert search(user, **typed).results == []


def test_more_matches_than_the_cap_return_none_and_ask_to_refine(user):
    ChildFactory.create_batch(
        MAX_RESULTS + 1, given_names="Oliver", family_name="Smith", date_of_birth=BORN
    )
    outcome = search(user, given_names="Oliver", family_name="Smith", date_of_birth="2016-03-09")
    assert outcome.too_many
    assert outcome.results == []


def test_matches_up_to_the_cap_are_all_returned(user):
    twins = ChildFactory.create_batch(
        MAX_RESULTS, given_names="Oliver", family_name="Smith", date_of_birth=BORN
    )
    outcome = search(user, given_names="Oliver", family_name="Smith", date_of_birth="2016-03-09")
    assert not outcome.too_many
    assert sorted(found(outcome), key=lambda child: child.pk) == twins


def test_a_contactpoint_id_is_matched_exactly(user, crowd):
    child = ChildFactory()
    typed = f"{child.contactpoint_id[:4]}-{child.contactpoint_id[4:8]}-{child.contactpoint_id[8:]}"
    outcome = search(user, contactpoint_id=typed)
    assert found(outcome) == [child]
    assert (outcome.results[0].band, outcome.results[0].score) == ("strong", 1.0)


def test_an_nhs_number_is_matched_exactly(user, crowd):
    child = ChildFactory()
    ExternalIdentifierFactory(child=child, value=NHS_NUMBER)
    ExternalIdentifierFactory(child=crowd[0], value="4010232137")
    assert found(search(user, nhs_number="943 476 5919")) == [child]


def test_an_id_and_an_nhs_number_must_both_be_the_childs(user):
    child, other = ChildFactory(), ChildFactory()
    ExternalIdentifierFactory(child=other, value=NHS_NUMBER)
    assert search(user, contactpoint_id=child.contactpoint_id, nhs_number=NHS_NUMBER).results == []
    ExternalIdentifierFactory(child=child, value="4010232137")
    outcome = search(user, contactpoint_id=child.contactpoint_id, nhs_number="4010232137")
    assert found(outcome) == [child]


def test_an_unknown_id_finds_nothing(user, crowd):
    assert search(user, contactpoint_id="878865013655").results == []


def test_an_invalid_id_says_what_is_wrong(user):
    with pytest.raises(SearchCriteriaError) as raised:
        search(user, contactpoint_id="8788-6501-3656")
    assert raised.value.errors == {
        "contactpoint_id": "This ContactPoint ID is not valid: check for a mistyped or swapped digit."
    }


@pytest.mark.parametrize("who", ["anonymous", "inactive"])
def test_anonymous_and_disabled_users_find_nothing(who):
    child = ChildFactory(given_names="Amelia", family_name="Smith", date_of_birth=BORN)
    AddressFactory(child=child, postcode="LS6 2AB")
    user = AnonymousUser() if who == "anonymous" else UserFactory(is_active=False)
    with CaptureQueriesContext(connection) as captured:
        by_names = search(
            user, given_names="Amelia", date_of_birth="2016-03-09", postcode="LS6 2AB"
        )
        by_id = search(user, contactpoint_id=child.contactpoint_id)
    assert by_names == by_id == SearchOutcome()
    assert reads(captured) == []


@pytest.mark.parametrize(
    ("status", "is_found"),
    [
        (Child.Status.ACTIVE, True),
        (Child.Status.DECEASED, True),
        (Child.Status.ARCHIVED, False),
        (Child.Status.SEALED, False),
        (Child.Status.MERGED, False),
    ],
)
def test_sealed_merged_and_archived_records_are_not_found(user, status, is_found):
    child = ChildFactory(
        given_names="Amelia", family_name="Smith", date_of_birth=BORN, status=status
    )
    by_names = search(user, given_names="Amelia", family_name="Smith", date_of_birth="2016-03-09")
    by_id = search(user, contactpoint_id=child.contactpoint_id)
    assert (found(by_names) == [child], found(by_id) == [child]) == (is_found, is_found)


def test_a_search_takes_a_fixed_number_of_queries(user, crowd):
    for child in crowd:
        AddressFactory(child=child, postcode="LS6 2AB")
    cleared_local_authority_ids(user)  # looked up once per request, before any search
    with CaptureQueriesContext(connection) as captured:
        outcome = search(user, given_names="Grace", date_of_birth="2016-03-09", postcode="LS6 2AB")
    # The postcode's children, the candidates, the children to show.
    assert len(reads(captured)) == 3
    with CaptureQueriesContext(connection) as captured:
        assert [result.child.contactpoint_id for result in outcome.results] == [
            crowd[1].contactpoint_id
        ]
    assert reads(captured) == []
    with CaptureQueriesContext(connection) as captured:
        search(user, nhs_number=NHS_NUMBER)
    assert len(reads(captured)) == 1
