"""Search criteria: what is enough to search by, and a message naming what to change when not."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from registry.search import PartialDate, SearchCriteria, SearchCriteriaError, search_criteria_parse

VALID_ID = "878865013655"
VALID_NHS_NUMBER = "9434765919"
OR_AN_IDENTIFIER = ", or a ContactPoint ID or NHS number"


def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(SearchCriteriaError) as raised:
        search_criteria_parse(data)
    return raised.value.errors


@pytest.mark.parametrize(
    ("data", "fields_used"),
    [
        (
            {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-03-09"},
            {"given_names", "family_name", "date_of_birth"},
        ),
        (
            {"family_name": "Smith", "date_of_birth": "2016-03-09", "postcode": "LS6 2AB"},
            {"family_name", "date_of_birth", "postcode"},
        ),
        (
            {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "LS6 2AB"},
            {"given_names", "date_of_birth", "postcode"},
        ),
        (
            {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016"},
            {"given_names", "family_name", "date_of_birth"},
        ),
        (
            {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016-03"},
            {"given_names", "family_name", "date_of_birth"},
        ),
        ({"contactpoint_id": VALID_ID}, {"contactpoint_id"}),
        ({"nhs_number": VALID_NHS_NUMBER}, {"nhs_number"}),
    ],
    ids=[
        "names-dob",
        "family-dob-postcode",
        "given-dob-postcode",
        "names-year",
        "names-month",
        "id",
        "nhs",
    ],
)
def test_each_minimum_combination_is_enough(data, fields_used):
    assert search_criteria_parse(data).fields_used == fields_used


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter a name and date of birth" + OR_AN_IDENTIFIER),
        (
            {"given_names": "Amelia", "family_name": "Smith"},
            "Enter a date of birth" + OR_AN_IDENTIFIER,
        ),
        ({"postcode": "LS6 2AB"}, "Enter a date of birth" + OR_AN_IDENTIFIER),
        (
            {"family_name": "Smith", "date_of_birth": "2016-03-09"},
            "Enter a given name or a postcode" + OR_AN_IDENTIFIER,
        ),
        (
            {"given_names": "Amelia", "date_of_birth": "2016-03-09"},
            "Enter a family name or a postcode" + OR_AN_IDENTIFIER,
        ),
        (
            {"date_of_birth": "2016-03-09", "postcode": "LS6 2AB"},
            "Enter a given name or a family name" + OR_AN_IDENTIFIER,
        ),
        (
            {"date_of_birth": "2016-03-09"},
            "Enter a given name and a family name" + OR_AN_IDENTIFIER,
        ),
        (
            {"given_names": "Amelia", "date_of_birth": "2016", "postcode": "LS6 2AB"},
            "With only a year or month of birth, enter a family name, or the full date of birth",
        ),
        (
            {"family_name": "Smith", "date_of_birth": "2016-03"},
            "With only a year or month of birth, enter a given name, or the full date of birth",
        ),
    ],
    ids=[
        "nothing",
        "no-dob",
        "postcode-only",
        "family-dob",
        "given-dob",
        "dob-postcode",
        "dob-only",
        "given-year-postcode",
        "family-month",
    ],
)
def test_not_enough_criteria_names_what_is_missing(data, message):
    assert errors_of(data) == {"__all__": message}


def test_criteria_built_directly_must_be_enough_too():
    with pytest.raises(SearchCriteriaError) as raised:
        SearchCriteria(family_name="Smith", date_of_birth=PartialDate(2016, 3, 9))
    assert set(raised.value.errors) == {"__all__"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-03-09", PartialDate(2016, 3, 9)),
        (" 2016-3-9 ", PartialDate(2016, 3, 9)),
        ("2016-03", PartialDate(2016, 3)),
        ("2016", PartialDate(2016)),
    ],
)
def test_date_of_birth_may_be_full_or_partial(text, expected):
    criteria = search_criteria_parse(
        {"given_names": "Amelia", "family_name": "Smith", "date_of_birth": text}
    )
    assert criteria.date_of_birth == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("9", "3", "2016", PartialDate(2016, 3, 9)),
        ("09", "03", "2016", PartialDate(2016, 3, 9)),
        ("", "3", "2016", PartialDate(2016, 3)),
        ("", "", "2016", PartialDate(2016)),
    ],
)
def test_the_govuk_date_input_may_be_partial(day, month, year, expected):
    criteria = search_criteria_parse(
        {
            "given_names": "Amelia",
            "family_name": "Smith",
            "dob_day": day,
            "dob_month": month,
            "dob_year": year,
        }
    )
    assert criteria.date_of_birth == expected


@pytest.mark.parametrize(
    ("date_fields", "message"),
    [
        ({"date_of_birth": "2016-02-30"}, "Date of birth must be a real date"),
        ({"date_of_birth": "2016-13"}, "Date of birth must be a real date"),
        (
            {"date_of_birth": "09/03/2016"},
            "Enter the date of birth as a full date, a year and month, or a year, like 2016-03-09, 2016-03 or 2016",
        ),
        (
            {"dob_day": "31", "dob_month": "4", "dob_year": "2016"},
            "Date of birth must be a real date",
        ),
        (
            {"dob_day": "9", "dob_month": "March", "dob_year": "2016"},
            "Date of birth must be a real date",
        ),
        (
            {"dob_day": "9", "dob_month": "", "dob_year": "2016"},
            "Date of birth must include a month",
        ),
        ({"dob_day": "9", "dob_month": "3", "dob_year": ""}, "Date of birth must include a year"),
        ({"dob_day": "9", "dob_month": "3", "dob_year": "16"}, "Year must include 4 numbers"),
    ],
)
def test_impossible_dates_are_refused(date_fields, message):
    errors = errors_of({"given_names": "Amelia", "family_name": "Smith", **date_fields})
    assert errors == {"date_of_birth": message}


@pytest.mark.parametrize("when", ["tomorrow", "next year", "next month"])
def test_future_dates_are_refused(when):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    text = {
        "tomorrow": tomorrow.isoformat(),
        "next year": str(today.year + 1),
        "next month": f"{today.year + 1}-01",
    }[when]
    errors = errors_of({"given_names": "Amelia", "family_name": "Smith", "date_of_birth": text})
    assert errors == {"date_of_birth": "Date of birth must be today or in the past"}


def test_the_single_field_wins_over_the_date_input():
    criteria = search_criteria_parse(
        {
            "given_names": "Amelia",
            "family_name": "Smith",
            "date_of_birth": "2016-03-09",
            "dob_year": "2001",
        }
    )
    assert criteria.date_of_birth == PartialDate(2016, 3, 9)


def test_identifiers_and_postcode_are_put_in_their_normal_forms():
    criteria = search_criteria_parse(
        {"contactpoint_id": "8788-6501-3655", "nhs_number": "943 476 5919", "postcode": "ls62ab"}
    )
    assert (criteria.contactpoint_id, criteria.nhs_number) == (VALID_ID, VALID_NHS_NUMBER)
    names_search = search_criteria_parse(
        {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "ls62ab"}
    )
    assert names_search.postcode == "LS6 2AB"


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"contactpoint_id": "8788-6501-3656"},
            {
                "contactpoint_id": "This ContactPoint ID is not valid: "
                "check for a mistyped or swapped digit."
            },
        ),
        (
            {"contactpoint_id": "12345"},
            {"contactpoint_id": "Enter a ContactPoint ID of 12 digits, like 1234-5678-9012."},
        ),
        (
            {"nhs_number": "943 476 5918"},
            {
                "nhs_number": "This NHS number fails its modulus-11 check: check for a mistyped digit."
            },
        ),
        (
            {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "LS6"},
            {"postcode": "Enter a real UK postcode, like SW1A 1AA."},
        ),
    ],
    ids=["id-check-digit", "id-format", "nhs-check-digit", "postcode"],
)
def test_invalid_identifiers_get_their_own_message(data, errors):
    assert errors_of(data) == errors


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("J0hn", "Given names must not include numbers"),
        ("'-'", "Given names must include at least one letter"),
        ("A" * 101, "Given names must be 100 characters or fewer"),
    ],
)
def test_names_must_be_names(name, message):
    errors = errors_of({"given_names": name, "family_name": "Smith", "date_of_birth": "2016"})
    assert errors == {"given_names": message}


def test_every_mistake_is_reported_at_once():
    errors = errors_of({"given_names": "Amelia", "date_of_birth": "2016-02-30", "postcode": "X"})
    assert errors == {
        "date_of_birth": "Date of birth must be a real date",
        "postcode": "Enter a real UK postcode, like SW1A 1AA.",
    }


def test_a_mistyped_field_and_a_missing_one_are_both_named():
    errors = errors_of({"given_names": "Amelia", "date_of_birth": "2016-02-30"})
    assert errors == {
        "date_of_birth": "Date of birth must be a real date",
        "__all__": "Enter a family name or a postcode" + OR_AN_IDENTIFIER,
    }


def test_an_identifier_search_uses_only_the_identifier():
    criteria = search_criteria_parse(
        {"contactpoint_id": VALID_ID, "family_name": "Smith", "postcode": "LS6 2AB"}
    )
    assert criteria.is_identifier_search
    assert criteria.fields_used == {"contactpoint_id"}
    assert criteria.hidden_fields_used == set()


@pytest.mark.parametrize(
    ("data", "hidden"),
    [
        ({"given_names": "Amelia", "family_name": "Smith", "date_of_birth": "2016"}, set()),
        (
            {"given_names": "Amelia", "date_of_birth": "2016-03-09", "postcode": "LS6 2AB"},
            {"postcode"},
        ),
        ({"nhs_number": VALID_NHS_NUMBER}, {"nhs_number"}),
    ],
)
def test_the_hidden_fields_a_search_uses_are_known(data, hidden):
    assert search_criteria_parse(data).hidden_fields_used == hidden


def test_names_are_tidied_but_kept_as_typed():
    criteria = search_criteria_parse(
        {"given_names": "  Zoë   Amelia ", "family_name": "O'Neill", "date_of_birth": "2016"}
    )
    assert (criteria.given_names, criteria.family_name) == ("Zoë Amelia", "O'Neill")


def test_a_query_dict_from_a_form_is_read():
    data = QueryDict("given_names=Amelia&family_name=Smith&dob_day=9&dob_month=3&dob_year=2016")
    assert search_criteria_parse(data).date_of_birth == PartialDate(2016, 3, 9)


@pytest.mark.parametrize(
    ("partial", "swapped"),
    [
        (PartialDate(2016, 3, 9), datetime.date(2016, 9, 3)),
        (PartialDate(2016, 3, 3), None),
        (PartialDate(2016, 3, 13), None),
        (PartialDate(2016, 3), None),
    ],
)
def test_day_and_month_swapped(partial, swapped):
    assert partial.day_month_swapped() == swapped


def test_a_partial_date_covers_its_month_or_year():
    assert (PartialDate(2016, 2).first_day, PartialDate(2016, 2).last_day) == (
        datetime.date(2016, 2, 1),
        datetime.date(2016, 2, 29),
    )
    assert (PartialDate(2016).first_day, PartialDate(2016).last_day) == (
        datetime.date(2016, 1, 1),
        datetime.date(2016, 12, 31),
    )
    assert [str(PartialDate(2016)), str(PartialDate(2016, 3)), str(PartialDate(2016, 3, 9))] == [
        "2016",
        "2016-03",
        "2016-03-09",
    ]
