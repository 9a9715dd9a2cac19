"""Feed files as a whole (spec: feed-format.md, "Files"): encoding, header, quoting, JSON Lines.

A file-level error rejects the whole batch. Where it can be found up front (the file name, a CSV
header) it is raised by the call itself, before any record is read.
"""

import io
import json

import pytest

from ingest.feed_format import FeedFileRejected, RecordRejection, feed_file_read
from ingest.feed_format.decoded_lines import MAX_LINE_BYTES
from ingest.records import FEED_COLUMNS, FeedRecord
from tests.ingest.feed_files import (
    TODAY,
    VALID_RECORD,
    csv_bytes,
    jsonl_bytes,
    read,
    valid_record,
)

HEADER = ",".join(FEED_COLUMNS)
RECORD_LINE = ",".join(VALID_RECORD[column] for column in FEED_COLUMNS)


def open_feed(data: bytes, *, file_name: str = "feed.csv"):
    """The call alone, without iterating: what it raises, it raises before any record."""
    return feed_file_read(io.BytesIO(data), file_name=file_name, today=TODAY)


def rejection_message(data: bytes, *, file_name: str = "feed.csv") -> str:
    with pytest.raises(FeedFileRejected) as rejected:
        list(open_feed(data, file_name=file_name))
    return rejected.value.message


@pytest.mark.parametrize("file_name", ["feed.CSV", "batch.2025-06-01.csv", "feed.JSONL"])
def test_the_format_follows_the_file_names_suffix_in_any_case(file_name):
    data = csv_bytes([VALID_RECORD]) if ".csv" in file_name.lower() else jsonl_bytes([VALID_RECORD])

    (record,) = list(open_feed(data, file_name=file_name))

    assert isinstance(record.outcome, FeedRecord)


@pytest.mark.parametrize("file_name", ["feed.xlsx", "feed.txt", "feed.csv.gz", "feed", "feed.json"])
def test_another_kind_of_file_is_rejected_at_once(file_name):
    with pytest.raises(FeedFileRejected, match=r"\.csv or \.jsonl"):
        open_feed(csv_bytes([VALID_RECORD]), file_name=file_name)


def test_a_file_that_is_not_utf8_is_rejected_naming_the_line():
    data = f"{HEADER}\r\n{RECORD_LINE}\r\n".encode() + "R2,Zoë,Brontë".encode("latin-1") + b"\r\n"

    message = rejection_message(data)

    assert message.startswith("Line 3 is not UTF-8")


def test_records_stream_so_a_late_file_error_comes_after_the_records_before_it():
    data = f"{HEADER}\n{RECORD_LINE}\n".encode() + b"\xff\xfe\n"
    records = open_feed(data)

    assert isinstance(next(records).outcome, FeedRecord)
    with pytest.raises(FeedFileRejected, match="Line 3 is not UTF-8"):
        next(records)


def test_a_utf16_file_is_rejected_at_once():
    with pytest.raises(FeedFileRejected, match="Line 1 is not UTF-8"):
        open_feed(f"{HEADER}\n{RECORD_LINE}\n".encode("utf-16"))


def test_a_utf16_file_without_a_bom_is_rejected_for_its_nul_characters():
    with pytest.raises(FeedFileRejected, match="Line 1 contains NUL"):
        open_feed(f"{HEADER}\n".encode("utf-16-le"))


def test_a_line_without_end_is_rejected():
    with pytest.raises(FeedFileRejected, match="Line 2 is longer than"):
        list(open_feed(f"{HEADER}\n".encode() + b"x" * (MAX_LINE_BYTES + 1)))


def test_a_bom_is_allowed():
    (record,) = list(open_feed(b"\xef\xbb\xbf" + csv_bytes([VALID_RECORD])))

    assert record.outcome.record_id == "CB-000123-1"


def test_a_bom_is_allowed_in_json_lines():
    (record,) = list(open_feed(b"\xef\xbb\xbf" + jsonl_bytes([VALID_RECORD]), file_name="f.jsonl"))

    assert record.outcome.record_id == "CB-000123-1"


def test_unknown_columns_are_rejected_at_once_all_named():
    data = f"{HEADER},postcod,nickname\r\n{RECORD_LINE},x,y\r\n".encode()

    with pytest.raises(FeedFileRejected) as rejected:
        open_feed(data)

    assert "'postcod', 'nickname'" in rejected.value.message


def test_a_missing_required_column_is_rejected_at_once_by_name():
    columns = tuple(column for column in FEED_COLUMNS if column != "date_of_birth")

    with pytest.raises(FeedFileRejected, match="required columns: 'date_of_birth'"):
        open_feed(csv_bytes([], columns=columns))


def test_a_repeated_header_column_is_rejected():
    with pytest.raises(FeedFileRejected, match="more than once: 'town'"):
        open_feed(f"{HEADER},town\r\n".encode())


def test_an_unnamed_header_column_is_rejected():
    with pytest.raises(FeedFileRejected, match="a column with no name"):
        open_feed(f"{HEADER},\r\n".encode())


def test_a_file_without_its_header_is_rejected_without_repeating_the_first_record():
    message = rejection_message(f"{RECORD_LINE}\r\n{RECORD_LINE}\r\n".encode())

    assert "not a header row" in message
    for value in VALID_RECORD.values():
        assert value not in message


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_csv_file_is_rejected(data):
    with pytest.raises(FeedFileRejected, match="The file is empty"):
        open_feed(data)


def test_a_header_only_csv_file_has_no_records():
    assert list(open_feed(f"{HEADER}\r\n".encode())) == []


def test_an_empty_json_lines_file_has_no_records():
    assert list(open_feed(b"\n", file_name="feed.jsonl")) == []


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out():
    columns = ("gender", "date_of_birth", "family_name", "given_names", "record_id")

    (record,) = read(csv_bytes([{key: VALID_RECORD[key] for key in columns}], columns=columns))

    assert (record.outcome.record_id, record.outcome.gender) == ("CB-000123-1", "F")
    assert record.outcome.postcode == ""


def test_header_names_are_trimmed():
    data = " record_id , given_names,family_name,date_of_birth\r\nR1,Amelia,Khan,2016-03-09\r\n"

    (record,) = read(data.encode())

    assert record.outcome.record_id == "R1"


def test_rfc_4180_quoting_is_read_and_the_raw_text_kept_as_received():
    data = (
        "record_id,given_names,family_name,date_of_birth,address_line_1\r\n"
        'R1,Amelia,"O""Neill",2016-03-09,"12, Acacia Avenue"\r\n'
        'R2,Zoë,Khan,2016-03-09,"Flat 2\r\n12 Acacia Avenue"\r\n'
        "R3,Ben,Smith,2016-03-09,\r\n"
    )

    records = read(data.encode())

    assert records[0].outcome.family_name == 'O"Neill'
    assert records[0].outcome.address_line_1 == "12, Acacia Avenue"
    assert records[0].raw == 'R1,Amelia,"O""Neill",2016-03-09,"12, Acacia Avenue"'
    assert records[1].raw == 'R2,Zoë,Khan,2016-03-09,"Flat 2\r\n12 Acacia Avenue"'
    assert (records[1].outcome.column, records[1].outcome.rule) == (
        "address_line_1",
        "control_character",
    )
    assert (records[2].row_number, records[2].raw) == (3, "R3,Ben,Smith,2016-03-09,")


def test_broken_quoting_rejects_the_file_naming_the_line():
    data = f'{HEADER}\n{RECORD_LINE}\nR2,"Amelia"Rose,Khan\n'.encode()

    assert rejection_message(data).startswith("Line 3 breaks the CSV quoting rules")


def test_an_unclosed_quote_rejects_the_file():
    data = f'{HEADER}\n{RECORD_LINE}\nR2,"Amelia,Khan,2016-03-09\n'.encode()

    assert "breaks the CSV quoting rules" in rejection_message(data)


@pytest.mark.parametrize("line", ["R2,Amelia,Khan", f"{RECORD_LINE},extra"])
def test_a_row_with_the_wrong_number_of_values_is_rejected_alone(line):
    records = read(
        f"{HEADER}\n{RECORD_LINE}\n{line}\n{RECORD_LINE.replace('CB-', 'R3-')}\n".encode()
    )

    assert records[1].outcome == RecordRejection(
        column="(row)", rule="field_count", message=records[1].outcome.message
    )
    assert records[1].record_id is None
    assert isinstance(records[0].outcome, FeedRecord)
    assert isinstance(records[2].outcome, FeedRecord)


def test_blank_lines_are_not_records():
    data = f"\n{HEADER}\n\n{RECORD_LINE}\n   \n{RECORD_LINE.replace('CB-', 'R2-')}\n\n\n".encode()

    records = read(data)

    assert [(record.row_number, record.raw) for record in records] == [
        (1, RECORD_LINE),
        (2, RECORD_LINE.replace("CB-", "R2-")),
    ]


def test_a_json_lines_record_keeps_its_line_as_raw_and_a_missing_key_means_empty():
    line = '{"record_id": "R1", "given_names": "Zo\\u00eb", "family_name": "Khan", "date_of_birth": "2016-03-09"}'

    (record,) = read(f"{line}\r\n".encode(), file_name="feed.jsonl")

    assert record.raw == line
    assert record.outcome == FeedRecord(
        record_id="R1",
        given_names="Zoë",
        family_name="Khan",
        date_of_birth=TODAY.replace(year=2016, month=3, day=9),
    )


@pytest.mark.parametrize("line", ["{not json}", '{"record_id": "R2",', "{'record_id': 'R2'}"])
def test_a_line_that_is_not_json_rejects_the_file_naming_the_line(line):
    data = jsonl_bytes([VALID_RECORD]) + f"{line}\n".encode()

    assert rejection_message(data, file_name="feed.jsonl").startswith("Line 2 is not valid JSON")


@pytest.mark.parametrize("line", ['["R2", "Amelia"]', '"R2"', "42", "null"])
def test_a_line_that_is_not_a_json_object_rejects_the_file(line):
    data = jsonl_bytes([VALID_RECORD]) + f"{line}\n".encode()

    message = rejection_message(data, file_name="feed.jsonl")

    assert message.startswith("Line 2 is not a JSON object")


def test_an_unknown_json_key_is_an_unknown_column_and_rejects_the_file():
    data = jsonl_bytes([VALID_RECORD, {**VALID_RECORD, "nickname": "Millie", "postcod": "x"}])

    message = rejection_message(data, file_name="feed.jsonl")

    assert message.startswith("Line 2 has keys that are not columns")
    assert "'nickname', 'postcod'" in message
    assert "Millie" not in message


def test_a_repeated_json_key_rejects_the_file():
    line = json.dumps(valid_record("R2"))[:-1] + ', "town": "York"}'
    data = jsonl_bytes([VALID_RECORD]) + f"{line}\n".encode()

    message = rejection_message(data, file_name="feed.jsonl")

    assert message == "Line 2 has the key 'town' more than once."


def test_a_json_lines_file_streams_its_records_before_a_later_bad_line():
    data = jsonl_bytes([VALID_RECORD, valid_record("R2")]) + b"[]\n"
    records = open_feed(data, file_name="feed.jsonl")

    assert [next(records).row_number, next(records).row_number] == [1, 2]
    with pytest.raises(FeedFileRejected, match="Line 3"):
        next(records)


def test_json_lines_blank_lines_are_skipped_and_records_counted_not_lines():
    data = b"\n" + jsonl_bytes([VALID_RECORD]) + b"  \n" + jsonl_bytes([valid_record("R2")])

    records = read(data, file_name="feed.jsonl")

    assert [record.row_number for record in records] == [1, 2]
    assert isinstance(records[1].outcome, FeedRecord)
