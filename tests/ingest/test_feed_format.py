"""The format's record rules (spec: feed-format.md, "Columns"), through CSV and JSON Lines files.

Each broken record sits between two valid ones, which must still come through: a rejection is
one record's, never the file's.
"""

from datetime import date

import pytest

from ingest.feed_format import FeedFileRejected, RecordRejection, record_validate
from ingest.records import FeedRecord
from tests.ingest.feed_files import TODAY, VALID_RECORD, read_records, valid_record

FORMATS = ["csv", "jsonl"]

# (column, a value that breaks one rule, that rule)
BROKEN_VALUES = [
    ("record_id", "", "required"),
    ("record_id", "   ", "required"),
    ("record_id", "R" * 65, "too_long"),
    ("record_id", "CB-\x07-1", "not_printable"),
    ("record_id", "CB-\u200b-1", "not_printable"),
    ("given_names", "", "required"),
    ("given_names", "A" * 101, "too_long"),
    ("given_names", "Amelia\tRose", "control_character"),
    ("family_name", "", "required"),
    ("family_name", "N" * 101, "too_long"),
    ("date_of_birth", "", "required"),
    ("date_of_birth", "09/03/2016", "date_format"),
    ("date_of_birth", "2016-3-9", "date_format"),
    ("date_of_birth", "2016-03-09T00:00", "date_format"),
    ("date_of_birth", "2016-02-30", "not_a_date"),
    ("date_of_birth", "2016-13-01", "not_a_date"),
    ("date_of_birth", "2025-06-02", "date_in_future"),
    ("gender", "m", "choice"),
    ("gender", "Female", "choice"),
    ("address_line_1", "A" * 201, "too_long"),
    ("address_line_2", "A" * 201, "too_long"),
    ("town", "T" * 101, "too_long"),
    ("postcode", "LS6 2A", "postcode_invalid"),
    ("postcode", "Leeds", "postcode_invalid"),
    ("nhs_number", "943 476 5918", "nhs_number_checksum"),
    ("nhs_number", "94347659", "nhs_number_format"),
    ("upn", "A801200005001", "upn_check_letter"),
    ("upn", "B80120000500", "upn_format"),
    ("upn", "E000200005001", "upn_la_number"),
    ("carer_given_names", "S" * 101, "too_long"),
    ("carer_family_name", "N" * 101, "too_long"),
    ("carer_relationship", "Mother", "choice"),
    ("carer_relationship", "aunt", "choice"),
    ("carer_phone", "12345", "phone_format"),
    ("school_urn", "12345", "urn_format"),
    ("school_urn", "1000000", "urn_format"),
    ("school_start_date", "2020-9-1", "date_format"),
    ("school_start_date", "2021-02-29", "not_a_date"),
    ("gp_ods_code", "a81001", "ods_code_format"),
    ("gp_ods_code", "Q8100", "ods_code_format"),
]


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize(("column", "value", "rule"), BROKEN_VALUES)
def test_a_broken_record_is_rejected_naming_its_column_and_rule(file_format, column, value, rule):
    records = read_records(
        file_format,
        [valid_record("R1"), valid_record("R2", **{column: value}), valid_record("R3")],
    )

    assert [record.row_number for record in records] == [1, 2, 3]
    rejection = records[1].outcome
    assert rejection == RecordRejection(column=column, rule=rule, message=rejection.message)
    assert rejection.reason.startswith(f"{column}: ")
    assert isinstance(records[0].outcome, FeedRecord)
    assert isinstance(records[2].outcome, FeedRecord)
    assert [records[0].outcome.record_id, records[2].outcome.record_id] == ["R1", "R3"]


@pytest.mark.parametrize(("column", "value", "rule"), BROKEN_VALUES)
def test_a_rejection_never_repeats_the_submitted_value(column, value, rule):
    rejection = record_validate(valid_record("R1", **{column: value}), today=TODAY)

    assert rejection.rule == rule
    if len(value.strip()) > 1:
        assert value.strip() not in rejection.reason


def test_a_hidden_childs_details_do_not_appear_in_any_rejection():
    child = {
        "given_names": "Zebedee",
        "family_name": "Quartermaine",
        "address_line_1": "7 Lantern Row",
        "town": "Skelmersdale",
    }
    broken = [("date_of_birth", "2099-01-01"), ("postcode", "QQ9 9QQQ"), ("gender", "Zebedee")]
    for column, value in broken:
        rejection = record_validate(valid_record("R1", **child, **{column: value}), today=TODAY)
        assert rejection.column == column
        for detail in [*child.values(), value]:
            assert detail not in rejection.reason


def test_the_first_broken_column_in_the_specs_order_is_reported():
    rejection = record_validate(
        valid_record("R1", gp_ods_code="x", nhs_number="1", date_of_birth="tomorrow", gender="?"),
        today=TODAY,
    )

    assert (rejection.column, rejection.rule) == ("date_of_birth", "date_format")


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_repeated_record_id_is_rejected_and_the_first_stands(file_format):
    records = read_records(
        file_format,
        [
            valid_record("R1", given_names="First"),
            valid_record("R2"),
            valid_record(" R1 ", given_names="Second"),
        ],
    )

    assert records[0].outcome.given_names == "First"
    assert isinstance(records[1].outcome, FeedRecord)
    assert (records[2].outcome.column, records[2].outcome.rule) == (
        "record_id",
        "duplicate_record_id",
    )


def test_a_record_id_is_held_by_its_first_record_even_when_that_record_is_rejected():
    records = read_records(
        "csv", [valid_record("R1", postcode="nowhere"), valid_record("R1", gender="?")]
    )

    assert records[0].outcome.rule == "postcode_invalid"
    assert records[1].outcome.rule == "duplicate_record_id"


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_rejected_record_still_names_its_record_id_when_that_id_is_valid(file_format):
    records = read_records(
        file_format,
        [
            valid_record(" R1 ", postcode="nowhere"),
            valid_record("R1"),
            valid_record("R" * 65, postcode="nowhere"),
            valid_record("", postcode="nowhere"),
            valid_record("R4"),
        ],
    )

    assert [record.record_id for record in records] == ["R1", "R1", None, None, "R4"]


def test_a_birth_date_of_today_is_accepted_and_a_school_start_date_may_be_in_the_future():
    record = record_validate(
        valid_record("R1", date_of_birth="2025-06-01", school_start_date="2026-09-01"),
        today=TODAY,
    )

    assert record.date_of_birth == TODAY
    assert record.school_start_date == date(2026, 9, 1)


def test_today_defaults_to_the_projects_local_date():
    far_future = valid_record("R1", date_of_birth="2999-01-01")

    assert record_validate(far_future).rule == "date_in_future"


@pytest.mark.parametrize("value", [9434765919, 1.5, True, ["943"], {"digits": "943"}])
def test_a_json_value_that_is_not_text_is_rejected(value):
    records = read_records("jsonl", [valid_record("R1", nhs_number=value), valid_record("R2")])

    assert (records[0].outcome.column, records[0].outcome.rule) == ("nhs_number", "not_text")
    assert str(value) not in records[0].outcome.reason
    assert isinstance(records[1].outcome, FeedRecord)


def test_json_null_is_empty():
    records = read_records(
        "jsonl", [valid_record("R1", gender=None, upn=None), valid_record("R2", given_names=None)]
    )

    assert (records[0].outcome.gender, records[0].outcome.upn) == ("U", "")
    assert (records[1].outcome.column, records[1].outcome.rule) == ("given_names", "required")


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_valid_record_becomes_a_feed_record_in_normal_forms(file_format):
    messy = valid_record(
        "  CB-000123-1\t",
        given_names="  Zoe\u0308 Amelie\u0301  ",
        family_name="van der Berg",
        gender="",
        postcode=" ls6  2ab ",
        nhs_number=" 943 476 5919 ",
        upn="b801200005001",
        carer_phone="+44 7700 900982",
    )

    (record,) = read_records(file_format, [messy])

    assert record.outcome == FeedRecord(
        record_id="CB-000123-1",
        given_names="Zoë Amelié",
        family_name="van der Berg",
        date_of_birth=date(2016, 3, 9),
        gender="U",
        address_line_1="12 Acacia Avenue",
        address_line_2="Headingley",
        town="Leeds",
        postcode="LS6 2AB",
        nhs_number="9434765919",
        upn="B801200005001",
        carer_given_names="Siobhan",
        carer_family_name="O'Neill",
        carer_relationship="mother",
        carer_phone="07700900982",
        school_urn="100000",
        school_start_date=date(2020, 9, 1),
        gp_ods_code="A81001",
    )


@pytest.mark.parametrize(
    "name", ["O'Neill", "Smith-Jones", "van der Berg", "MACDONALD", "Zoë", "Łukasz", "Nguyễn"]
)
def test_names_keep_their_case_and_accents(name):
    record = record_validate(valid_record("R1", family_name=name), today=TODAY)

    assert record.family_name == name


def test_lengths_are_counted_after_nfc():
    decomposed = "e\u0301" * 100  # 200 code points as sent, 100 characters once composed

    record = record_validate(valid_record("R1", given_names=decomposed), today=TODAY)

    assert record.given_names == "\u00e9" * 100


def test_only_the_required_columns_are_needed():
    required = {key: VALID_RECORD[key] for key in ("record_id", "given_names", "family_name")}

    record = record_validate({**required, "date_of_birth": "2016-03-09"}, today=TODAY)

    assert record == FeedRecord(
        record_id="CB-000123-1",
        given_names="Amelia Rose",
        family_name="O'Neill",
        date_of_birth=date(2016, 3, 9),
    )


def test_a_feed_file_rejection_carries_its_message():
    error = FeedFileRejected("Line 2 is not valid JSON.")

    assert error.message == str(error) == "Line 2 is not valid JSON."
