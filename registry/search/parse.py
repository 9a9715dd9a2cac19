"""From what a person typed (a form or an API request) to SearchCriteria, or to messages saying
what to change, every field's at once.

The date of birth comes either as one `date_of_birth` field or as the GOV.UK date input's
`dob_day`, `dob_month` and `dob_year`; when both are sent, `date_of_birth` is used.
"""

import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError

from registry.contactpoint_id import contactpoint_id_normalise
from registry.matching_keys import name_normalise
from registry.search.criteria import (
    CONTACTPOINT_ID,
    DATE_OF_BIRTH,
    FAMILY_NAME,
    GIVEN_NAMES,
    NHS_NUMBER,
    NOT_ENOUGH_CRITERIA,
    POSTCODE,
    SearchCriteria,
    SearchCriteriaError,
    missing_criteria_message,
)
from registry.search.partial_date import (
    PartialDate,
    partial_date_from_parts,
    partial_date_from_text,
)
from registry.validators import nhs_number_normalise, postcode_normalise

NAME_MAX_LENGTH = 100
_WHITESPACE = re.compile(r"\s+")
_NAME_LABELS = {GIVEN_NAMES: "Given names", FAMILY_NAME: "Family name"}


def search_criteria_parse(data: Mapping[str, str | None]) -> SearchCriteria:
    """Read and check search criteria; raise SearchCriteriaError naming every field to change."""
    values, errors = {}, {}
    for field, parse in _FIELD_PARSERS.items():
        try:
            values[field] = parse(data, field)
        except ValidationError as error:
            errors[field] = error.messages[0]
    # A field typed but wrong counts as there: its own message says what to change.
    supplied = {field for field in _FIELD_PARSERS if values.get(field) or field in errors}
    date_of_birth = values.get(DATE_OF_BIRTH)
    missing = missing_criteria_message(
        fields=supplied - {CONTACTPOINT_ID, NHS_NUMBER},
        date_of_birth_is_full=date_of_birth.is_full if date_of_birth else DATE_OF_BIRTH in errors,
        has_identifier=bool({CONTACTPOINT_ID, NHS_NUMBER} & supplied),
    )
    if missing:
        errors[NOT_ENOUGH_CRITERIA] = missing
    if errors:
        raise SearchCriteriaError(errors)
    return SearchCriteria(**values)


def _text(data: Mapping[str, str | None], field: str) -> str:
    return _WHITESPACE.sub(" ", data.get(field) or "").strip()


def _name(data: Mapping[str, str | None], field: str) -> str:
    name = _text(data, field)
    if not name:
        return ""
    label = _NAME_LABELS[field]
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(f"{label} must be {NAME_MAX_LENGTH} characters or fewer")
    normalised = name_normalise(name)
    if any(character.isdigit() for character in normalised):
        raise ValidationError(f"{label} must not include numbers")
    if not normalised:
        raise ValidationError(f"{label} must include at least one letter")
    return name


def _date_of_birth(data: Mapping[str, str | None], field: str) -> PartialDate | None:
    if text := _text(data, field):
        return partial_date_from_text(text)
    day, month, year = (_text(data, f"dob_{part}") for part in ("day", "month", "year"))
    if day or month or year:
        return partial_date_from_parts(day=day, month=month, year=year)
    return None


def _normalised_with(normalise: Callable[[str], str]) -> Callable[..., str]:
    def parse(data: Mapping[str, str | None], field: str) -> str:
        text = _text(data, field)
        return normalise(text) if text else ""

    return parse


_FIELD_PARSERS = {
    GIVEN_NAMES: _name,
    FAMILY_NAME: _name,
    DATE_OF_BIRTH: _date_of_birth,
    POSTCODE: _normalised_with(postcode_normalise),
    CONTACTPOINT_ID: _normalised_with(contactpoint_id_normalise),
    NHS_NUMBER: _normalised_with(nhs_number_normalise),
}
