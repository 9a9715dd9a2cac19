"""The local data-quality tool: a file checked with the ingest's own rules and matcher, nothing
loaded, and a record that could be a shielded child shown only as part of the held count.

The index and the files: tests.ingest.quality_check_world.
"""

import hashlib
import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessEvent
from ingest.feed_format import record_validate
from ingest.models import Batch, StagedRecord, StagedRecordContent
from ingest.quality_check.duplicates import NEIGHBOURS, DuplicateBlocks
from ingest.quality_check.selectors import feed_file_check
from ingest.records import FEED_COLUMNS
from registry.models import Address, Child, ExternalIdentifier
from shielding.database_scope import matching_scope
from tests.factories import UserFactory
from tests.ingest.feed_files import csv_bytes, jsonl_bytes
from tests.ingest.pipeline_world import AMELIA, batch_run, file_receive
from tests.ingest.quality_check_world import (
    AMELIA_VARIANT,
    OLIVER,
    OLIVER_MOVED,
    ZARA,
    CheckWorld,
    check,
    check_world_build,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_world(world) -> CheckWorld:
    return check_world_build(world)


def test_a_good_file_is_counted_as_ingest_would_decide_it(check_world, settings):
    settings.INGEST_CHUNK_SIZE = 2  # several chunks, as a large file has
    records = [OLIVER, OLIVER_MOVED, ZARA, AMELIA_VARIANT]

    report = check(check_world.feed, records)

    assert report.outcomes == {"matched": 1, "review": 1, "created": 1, "held": 1}
    assert (report.records, report.error_count, report.file_error) == (4, 0, "")
    # The very same decision as ingest's: the file loaded for real ends the same way.
    batch = batch_run(file_receive(feed=check_world.feed, records=records).batch)
    assert (batch.matched + batch.unchanged, batch.review, batch.created, batch.held) == (
        1,
        1,
        1,
        1,
    )


def test_held_is_only_a_count_never_which_record_or_child(check_world):
    report = check(check_world.feed, [OLIVER, AMELIA_VARIANT], user=check_world.leeds_team)

    assert report.outcomes["held"] == 1
    kept = json.dumps(report.as_json()) + json.dumps(_checked_event().details)
    for revealing in (
        AMELIA_VARIANT["record_id"],
        check_world.amelia.contactpoint_id,
        "child",
        "Amelia",
        AMELIA["postcode"],
        "Refuge",
    ):
        assert revealing not in kept


def test_a_record_that_would_match_a_shielded_child_counts_as_held(check_world):
    """Ingest matches an exact copy of a shielded child; the check says held, so that whether a
    record's hidden details agree with the index never shows."""
    exact_copy = {**AMELIA, "record_id": "LS-5"}
    moved_copy = {**exact_copy, "address_line_1": "1 New Street", "postcode": "LS7 9ZZ"}

    for record in (exact_copy, moved_copy):
        assert check(check_world.feed, [record]).outcomes == {
            "matched": 0, "review": 0, "created": 0, "held": 1,
        }  # fmt: skip


def test_a_review_count_never_points_at_a_shielded_child(check_world):
    """The variant that is held while Amelia is shielded is a possible match once she is not:
    with the shield, no review candidate is ever her."""
    report = check(check_world.feed, [AMELIA_VARIANT])
    assert (report.outcomes["review"], report.outcomes["held"]) == (0, 1)


def test_each_bad_record_is_named_by_row_record_id_column_and_rule(check_world):
    records = [
        {**OLIVER, "gender": "Q"},
        {**ZARA, "nhs_number": "4010234564"},
        {**ZARA, "record_id": "LS-6", "family_name": ""},
        {**ZARA, "record_id": "LS-1"},
        {**OLIVER_MOVED, "record_id": ""},
    ]

    report = check(check_world.feed, records)

    errors = [(e.row_number, e.record_id, e.column, e.rule) for e in report.errors]
    assert errors == [
        (1, "LS-1", "gender", "choice"),
        (2, "LS-3", "nhs_number", "nhs_number_checksum"),
        (3, "LS-6", "family_name", "required"),
        (4, "LS-1", "record_id", "duplicate_record_id"),
        (5, "", "record_id", "required"),
    ]
    assert (report.records, report.error_count, report.valid_records) == (5, 5, 0)
    messages = " ".join(error.message for error in report.errors)
    for submitted in ("Q", "4010234564", "Grant", "Okafor"):
        assert f" {submitted} " not in f" {messages} "
    assert report.outcomes == dict.fromkeys(["matched", "review", "created", "held"], 0)


def test_good_records_are_still_counted_beside_bad_ones(check_world):
    report = check(check_world.feed, [{**OLIVER, "date_of_birth": "2015-02-30"}, ZARA])

    assert [(error.column, error.rule) for error in report.errors] == [
        ("date_of_birth", "not_a_date")
    ]
    assert report.outcomes["created"] == 1
    assert report.rule_counts() == [("date_of_birth", "not_a_date", 1)]


def test_a_file_broken_as_a_whole_is_reported_and_counts_nothing(check_world):
    data = csv_bytes([OLIVER], columns=(*FEED_COLUMNS, "favourite_colour"))
    report = feed_file_check(
        feed=check_world.feed, stream=io.BytesIO(data), file_name="census.csv", user=None
    )

    assert "favourite_colour" in report.file_error
    assert (report.records, report.outcomes["matched"]) == (0, 0)
    assert _checked_event().details["file_rejected"] is True


def test_a_jsonl_file_is_checked_too(check_world):
    report = feed_file_check(
        feed=check_world.feed,
        stream=io.BytesIO(jsonl_bytes([OLIVER, ZARA])),
        file_name="census.jsonl",
        user=None,
    )
    assert (report.outcomes["matched"], report.outcomes["created"]) == (1, 1)


def test_records_of_one_child_inside_the_file_are_paired(check_world):
    typo = {**OLIVER, "record_id": "LS-9", "given_names": "Olivr James", "nhs_number": ""}
    swapped = {**ZARA, "record_id": "LS-10", "given_names": "Okafor", "family_name": "Zara"}
    unrelated = {**ZARA, "record_id": "LS-11", "given_names": "Priya", "family_name": "Shah",
                 "date_of_birth": "2012-12-01", "nhs_number": "", "postcode": "LS7 3DD",
                 "address_line_1": "8 Ash Walk", "carer_given_names": "Anita",
                 "carer_family_name": "Shah"}  # fmt: skip

    report = check(check_world.feed, [OLIVER, ZARA, typo, unrelated, swapped])

    pairs = [(p.first_row, p.first_record_id, p.second_row, p.second_record_id, p.likely)
             for p in report.duplicate_pairs]  # fmt: skip
    assert pairs == [(1, "LS-1", 3, "LS-9", True), (2, "LS-3", 5, "LS-10", True)]
    assert {"date of birth", "address", "carer"} <= set(
        report.duplicate_pairs[0].agreeing_shown.split(", ")
    )
    assert report.duplicate_pair_count == 2


def test_twins_in_one_file_are_not_taken_for_one_child(check_world):
    twin = {**OLIVER, "record_id": "LS-12", "given_names": "Thomas Edward", "nhs_number": ""}
    report = check(check_world.feed, [OLIVER, twin])
    assert not any(pair.likely for pair in report.duplicate_pairs)


def test_a_block_many_records_share_costs_a_bounded_number_of_comparisons():
    blocks = DuplicateBlocks()
    same = {**OLIVER, "nhs_number": ""}
    for row in range(1, 201):
        record = record_validate({**same, "record_id": f"R-{row}"})
        blocks.add(row_number=row, record=record)

    pairs, complete = blocks.pairs()

    assert complete
    assert len(pairs) <= 200 * NEIGHBOURS
    assert all(0 < second - first <= NEIGHBOURS for first, second in pairs)


def _loaded_state() -> dict:
    with transaction.atomic(), matching_scope():
        return (
            {
                model.__name__: model.objects.count()
                for model in (Batch, StagedRecord, StagedRecordContent, LogEntry)
            }
            | {
                model.__name__: model.unscoped_objects.count()
                for model in (Child, Address, ExternalIdentifier)
            }
            | {
                "oliver": list(
                    Address.unscoped_objects.filter(ended_on__isnull=True)
                    .order_by("pk")
                    .values_list("child_id", "postcode")
                )
            }
        )


def test_nothing_is_loaded(check_world):
    """Oliver's record brings a new address the feed is trusted for, and Zara would be created:
    neither happens, and no batch or staged record is left."""
    before = _loaded_state()
    moved = {**OLIVER, "address_line_1": "7 New Street", "postcode": "LS6 9XY"}

    report = check(check_world.feed, [moved, ZARA, AMELIA_VARIANT])

    assert report.outcomes == {"matched": 1, "review": 0, "created": 1, "held": 1}
    after = _loaded_state()
    assert after == before


def _checked_event() -> AccessEvent:
    return AccessEvent.objects.get(kind=AccessEvent.Kind.FILE_CHECKED)


def test_the_check_is_recorded_with_the_file_and_its_counts_only(check_world):
    data = csv_bytes([OLIVER, {**ZARA, "gender": "Q"}])
    feed_file_check(
        feed=check_world.feed, stream=io.BytesIO(data), file_name="june.csv",
        user=check_world.leeds_team,
    )  # fmt: skip

    event = _checked_event()
    assert event.user == check_world.leeds_team
    assert event.child_ids == []
    assert event.details == {
        "feed": "leeds-social-care",
        "file_name": "june.csv",
        "sha256": hashlib.sha256(data).hexdigest(),
        "file_rejected": False,
        "records": 2,
        "rejected": 1,
        "outcomes": {"matched": 1, "review": 0, "created": 0, "held": 0},
        "duplicate_pairs": 0,
    }


# The pages.

CHECK_URL = "/feeds/quality-check/"


def upload(client, feed_code: str, data: bytes, name: str = "june.csv"):
    return client.post(CHECK_URL, {"feed": feed_code, "file": _named(data, name)})


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize(
    ("role", "feeds"),
    [
        (Role.OPERATIONS, ["child-benefit", "leeds-social-care"]),
        (Role.DATA_QUALITY, ["child-benefit", "leeds-social-care"]),
        ("leeds_team", ["leeds-social-care"]),
        ("bradford_team", []),
    ],
)
def test_who_may_check_files_and_of_which_feeds(check_world, world, client_for, role, feeds):
    if role == "leeds_team":
        user = check_world.leeds_team
    elif role == "bradford_team":
        user = management_team_user_create(world.other_authority)
    else:
        user = UserFactory(role=role)

    page = client_for(user).get(CHECK_URL)

    assert page.status_code == 200
    offered = [feed.code for feed in page.context["feeds"]]
    assert offered == feeds


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.AUDITOR])
def test_everyone_else_finds_no_such_page(check_world, client_for, role):
    client = client_for(UserFactory(role=role))
    assert client.get(CHECK_URL).status_code == 404
    assert upload(client, "leeds-social-care", csv_bytes([OLIVER])).status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.FILE_CHECKED).exists()


def test_a_manager_outside_the_team_finds_no_page_and_anyone_signed_out_signs_in(
    check_world, world, client, client_for
):
    outsider = management_team_user_create(world.local_authority, join=False)

    assert client_for(outsider).get(CHECK_URL).status_code == 404
    signed_out = client.get(CHECK_URL)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("accounts:sign-in"))


def test_a_team_cannot_check_a_file_of_a_feed_that_is_not_its_own(check_world, client_for):
    page = upload(client_for(check_world.leeds_team), "child-benefit", csv_bytes([OLIVER]))

    assert page.status_code == 200
    assert "Choose a feed from the list" in page.content.decode()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.FILE_CHECKED).exists()


def test_an_upload_shows_its_report_to_its_checker_alone(check_world, client_for):
    client = client_for(check_world.leeds_team)
    records = [
        OLIVER,
        OLIVER_MOVED,
        ZARA,
        AMELIA_VARIANT,
        {**ZARA, "record_id": "LS-7", "gender": "Q"},
    ]

    response = upload(client, "leeds-social-care", csv_bytes(records))

    assert response.status_code == 302
    report_page = client.get(response["Location"])
    body = report_page.content.decode()
    for figure, value in (("records", 5), ("rejected", 1), ("matched", 1), ("review", 1),
                          ("created", 1), ("held", 1)):  # fmt: skip
        assert f'id="count-{figure}">{value}<' in body
    assert "LS-7" in body and "gender" in body
    assert AMELIA_VARIANT["record_id"] not in body
    for value in ("Oliver", "Okafor", "9 Elm Road", AMELIA["postcode"], "Refuge Row"):
        assert value not in body
    other = client_for(UserFactory(role=Role.OPERATIONS))
    assert other.get(response["Location"]).status_code == 404
    assert client.get(CHECK_URL + "no-such-report/").status_code == 404


def test_the_upload_form_refuses_a_file_too_large_or_of_another_kind(
    check_world, client_for, settings
):
    client = client_for(UserFactory(role=Role.DATA_QUALITY))
    settings.QUALITY_CHECK_MAX_UPLOAD_BYTES = 100

    too_large = upload(client, "child-benefit", csv_bytes([OLIVER, ZARA]))
    wrong_kind = upload(client, "child-benefit", b"record_id\n", name="june.xlsx")
    no_file = client.post(CHECK_URL, {"feed": "child-benefit"})

    assert "The file must be smaller than 100" in too_large.content.decode()
    assert "must be a CSV file (.csv) or JSON Lines (.jsonl)" in wrong_kind.content.decode()
    assert "Choose a file to check" in no_file.content.decode()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.FILE_CHECKED).exists()


def test_a_file_rejected_as_a_whole_is_shown_as_such(check_world, client_for):
    client = client_for(UserFactory(role=Role.OPERATIONS))
    columns = ("record_id", "given_names", "family_name")
    data = csv_bytes([{column: OLIVER[column] for column in columns}], columns=columns)

    report_page = client.get(upload(client, "child-benefit", data)["Location"])

    body = report_page.content.decode()
    assert "The whole file would be rejected" in body
    assert "date_of_birth" in body


def test_many_errors_are_paged(check_world, client_for):
    client = client_for(UserFactory(role=Role.OPERATIONS))
    records = [{**ZARA, "record_id": f"E-{row}", "gender": "Q"} for row in range(1, 61)]
    location = upload(client, "child-benefit", csv_bytes(records))["Location"]

    first, second = client.get(location), client.get(location + "?page=2")

    assert "E-50<" in first.content.decode() and "E-51<" not in first.content.decode()
    assert "E-51<" in second.content.decode()


# The command.


@pytest.fixture
def feed_file(tmp_path):
    def write(records: list[dict], name: str = "june.csv", columns=FEED_COLUMNS):
        path = tmp_path / name
        path.write_bytes(csv_bytes(records, columns=columns))
        return str(path)

    return write


def quality_check(*args: str) -> str:
    out = io.StringIO()
    call_command("quality_check", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_prints_the_report_and_exits_zero_for_a_clean_file(check_world, feed_file):
    output = quality_check(
        "leeds-social-care", feed_file([OLIVER, OLIVER_MOVED, ZARA, AMELIA_VARIANT])
    )

    assert "4 records: 0 break the format, 4 are valid." in output
    assert "If loaded now: 1 matched, 1 to review, 1 created, 1 held." in output
    assert "Rows 1 (LS-1) and 2 (LS-2)" in output
    assert AMELIA_VARIANT["record_id"] not in output
    assert not Batch.objects.exists()
    assert _checked_event().user is None


def test_the_command_exits_one_when_records_break_the_format(check_world, feed_file):
    path = feed_file([OLIVER, {**ZARA, "gender": "Q"}])
    out = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("quality_check", "leeds-social-care", path, stdout=out)

    assert raised.value.returncode == 1
    assert "Row 2 (record_id LS-3): gender (choice): Must be one of" in out.getvalue()
    assert "Rule broken: gender (choice): 1 records." in out.getvalue()


def test_the_command_exits_two_when_the_whole_file_is_rejected(check_world, feed_file):
    columns = ("record_id", "given_names")
    path = feed_file([{column: OLIVER[column] for column in columns}], columns=columns)

    with pytest.raises(CommandError) as raised:
        quality_check("leeds-social-care", path)

    assert raised.value.returncode == 2
    assert "required columns" in str(raised.value)


def test_the_command_records_who_checked_and_refuses_others(check_world, world, feed_file):
    path = feed_file([OLIVER])
    quality_check("leeds-social-care", path, "--by", check_world.leeds_team.username)
    assert _checked_event().user == check_world.leeds_team

    bradford = management_team_user_create(world.other_authority)
    with pytest.raises(CommandError, match="may check files of leeds-social-care"):
        quality_check("leeds-social-care", path, "--by", bradford.username)
    with pytest.raises(CommandError, match="no feed with the code"):
        quality_check("no-such-feed", path)
    with pytest.raises(CommandError, match="There is no file"):
        quality_check("leeds-social-care", path + ".missing")
