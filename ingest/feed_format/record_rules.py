"""The format's rules for one record (spec: feed-format.md, "Columns"), applied column by column.

Every value is trimmed and NFC-normalised before any rule sees it. The identifiers' rules are the
project's own (registry.validators), called directly rather than through a model's full_clean:
a feed can carry hundreds of thousands of records and this runs once for each.

Strictness, where the spec leaves room:
- Codes are exact: gender is `M`, `F`, `X`, `U` or empty (capitals); carer_relationship is one of
  the listed words in lower case; gp_ods_code is a capital letter and 5 digits. Only the postcode
  is "any case and spacing", so only the postcode (and the UPN, whose normaliser capitalises it)
  is folded. A near miss is rejected with the allowed values named, so the source can fix it.
- Free text must hold no control characters (line breaks, tabs, NUL): every text column is a
  single line of a child's or carer's details. record_id must be wholly printable, as specified.
- Dates are exactly `YYYY-MM-DD` in ASCII digits and a real calendar date. Only date_of_birth
  must not be in the future; a school start date may be.
- A value that is not text (a JSON number, true/false, list or object) is rejected as `not_text`
  rather than converted: an identifier sent as a number may already have lost a leading zero,
  and the source's export has a bug to fix. JSON null is empty.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from ingest.feed_format.errors import RecordRejection
from ingest.records import FEED_COLUMNS, FeedRecord
from registry.validators import (
    nhs_number_normalise,
    postcode_normalise,
    uk_phone_normalise,
    upn_normalise,
    validate_gp_practice_ods_code,
    validate_urn,
)

REQUIRED_COLUMNS = frozenset({"record_id", "given_names", "family_name", "date_of_birth"})
RECORD_ID_MAX_LENGTH = 64
GENDERS = ("M", "F", "X", "U")
CARER_RELATIONSHIPS = ("mother", "father", "parent", "guardian", "carer", "other")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# C0 and C1 controls, DEL, and lone surrogates (which JSON escapes can carry and UTF-8 cannot).
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

_REQUIRED_MESSAGE = "Must have a value: this column is required."
_NOT_TEXT_MESSAGE = "Must be text (a JSON string in double quotes) or null, not a number, true/false, list or object."


class _RuleBroken(Exception):
    """Raised by a column's rule; record_validate turns it into a RecordRejection."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(rule)
        self.rule = rule
        self.message = message


def _text_rule(max_length: int) -> Callable[[str], str]:
    def text_checked(text: str) -> str:
        if _CONTROL_CHARACTER.search(text):
            raise _RuleBroken(
                "control_character",
                "Must not contain control characters such as line breaks or tabs.",
            )
        if len(text) > max_length:
            raise _RuleBroken("too_long", f"Must be at most {max_length} characters long.")
        return text

    return text_checked


def _record_id_checked(text: str) -> str:
    if not text.isprintable():
        raise _RuleBroken(
            "not_printable",
            "Must be printable characters only: no control characters, tabs or invisible formatting.",
        )
    if len(text) > RECORD_ID_MAX_LENGTH:
        raise _RuleBroken("too_long", f"Must be at most {RECORD_ID_MAX_LENGTH} characters long.")
    return text


def _date_checked(text: str) -> date:
    if not _ISO_DATE.fullmatch(text):
        raise _RuleBroken("date_format", "Must be a date written YYYY-MM-DD, like 2016-03-09.")
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        raise _RuleBroken(
            "not_a_date", "Must be a real calendar date: check the year, month and day."
        ) from None


def _choice_rule(choices: tuple[str, ...], allowed: str) -> Callable[[str], str]:
    def choice_checked(text: str) -> str:
        if text not in choices:
            raise _RuleBroken("choice", f"Must be one of {allowed}.")
        return text

    return choice_checked


def _project_rule(check: Callable[[str], str | None]) -> Callable[[str], str]:
    """A registry validator as a rule: its error code is the rule, its message (which never
    repeats the value) the message; a validator that only checks keeps the value as it is."""

    def project_checked(text: str) -> str:
        try:
            normal = check(text)
        except ValidationError as error:
            raise _RuleBroken(error.code, error.messages[0]) from None
        return text if normal is None else normal

    return project_checked


_COLUMN_RULES: dict[str, Callable[[str], object]] = {
    "record_id": _record_id_checked,
    "given_names": _text_rule(100),
    "family_name": _text_rule(100),
    "date_of_birth": _date_checked,
    "gender": _choice_rule(GENDERS, "M, F, X or U in capitals, or empty"),
    "address_line_1": _text_rule(200),
    "address_line_2": _text_rule(200),
    "town": _text_rule(100),
    "postcode": _project_rule(postcode_normalise),
    "nhs_number": _project_rule(nhs_number_normalise),
    "upn": _project_rule(upn_normalise),
    "carer_given_names": _text_rule(100),
    "carer_family_name": _text_rule(100),
    "carer_relationship": _choice_rule(
        CARER_RELATIONSHIPS, "mother, father, parent, guardian, carer or other, in lower case"
    ),
    "carer_phone": _project_rule(uk_phone_normalise),
    "school_urn": _project_rule(validate_urn),
    "school_start_date": _date_checked,
    "gp_ods_code": _project_rule(validate_gp_practice_ods_code),
}
assert tuple(_COLUMN_RULES) == FEED_COLUMNS, "one rule for each column, in the spec's order"


def text_cleaned(value: str) -> str:
    """Trimmed and in Unicode NFC, as the spec asks of all text before any rule."""
    text = value.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def record_validate(
    fields: Mapping[str, object],
    *,
    today: date | None = None,
    seen_record_ids: set[str] | None = None,
) -> FeedRecord | RecordRejection:
    """The valid record, or the rejection for the first broken column in the spec's column order.

    `fields` maps column names to values as received (str, or None for empty; a missing column is
    empty). `today` defaults to today in the project's time zone. With `seen_record_ids`, a
    record_id already in that set is a `duplicate_record_id`, and a new one is added to it: the
    first record with an id keeps it, even if another of its columns is then rejected.
    """
    today = today or timezone.localdate()
    values: dict[str, object] = {}
    for column in FEED_COLUMNS:
        value = fields.get(column)
        if value is not None and not isinstance(value, str):
            return RecordRejection(column=column, rule="not_text", message=_NOT_TEXT_MESSAGE)
        text = text_cleaned(value) if value else ""
        if not text:
            if column in REQUIRED_COLUMNS:
                return RecordRejection(column=column, rule="required", message=_REQUIRED_MESSAGE)
            continue
        try:
            values[column] = _COLUMN_RULES[column](text)
            _context_check(column, values[column], today=today, seen_record_ids=seen_record_ids)
        except _RuleBroken as broken:
            return RecordRejection(column=column, rule=broken.rule, message=broken.message)
    return FeedRecord(**values)


def record_id_given(fields: Mapping[str, object]) -> str | None:
    """The record_id of a record as received, cleaned, if it passes its own rules; else None."""
    value = fields.get("record_id")
    if not isinstance(value, str) or not (text := text_cleaned(value)):
        return None
    try:
        return _record_id_checked(text)
    except _RuleBroken:
        return None


def _context_check(
    column: str, value: object, *, today: date, seen_record_ids: set[str] | None
) -> None:
    """The two rules that need more than the value: a birth date against today, and the
    record_id against the file's earlier records."""
    if column == "date_of_birth" and value > today:
        raise _RuleBroken("date_in_future", "Must not be in the future.")
    if column == "record_id" and seen_record_ids is not None:
        if value in seen_record_ids:
            raise _RuleBroken(
                "duplicate_record_id",
                "Must be unique within the file: an earlier record in this file has the same "
                "record_id, and that earlier record stands.",
            )
        seen_record_ids.add(value)
