"""Validators for the identifiers that the feeds and the pages carry, each with a message a person can act on."""

import re

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.gb import nhs, upn

# The outward and inward codes of a UK postcode (BS 7666), plus the Girobank special case.
_POSTCODE = re.compile(
    r"^(GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_URN = re.compile(r"^[1-9][0-9]{5}$")
_GP_PRACTICE_ODS_CODE = re.compile(r"^[A-Z][0-9]{5}$")
_UK_PHONE = re.compile(r"^0[1-9][0-9]{8,9}$")


def postcode_normalise(value: str) -> str:
    """Return the normal form, e.g. 'sw1a1aa' -> 'SW1A 1AA', or raise ValidationError."""
    compact = re.sub(r"\s+", "", str(value)).upper()
    if not _POSTCODE.match(compact):
        raise ValidationError("Enter a real UK postcode, like SW1A 1AA.", code="postcode_invalid")
    return f"{compact[:-3]} {compact[-3:]}"


def validate_postcode(value: str) -> None:
    postcode_normalise(value)


def postcode_outward_code(postcode: str) -> str:
    """The part before the space: 'LS6 2AB' -> 'LS6'."""
    return postcode_normalise(postcode).split(" ")[0]


def nhs_number_normalise(value: str) -> str:
    """Return the 10 digits without spaces, or raise ValidationError naming the rule broken."""
    compact = re.sub(r"\s+", "", str(value))
    try:
        return nhs.validate(compact)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            "This NHS number fails its modulus-11 check: check for a mistyped digit.",
            code="nhs_number_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "Enter an NHS number of 10 digits, like 943 476 5919.", code="nhs_number_format"
        ) from None


def validate_nhs_number(value: str) -> None:
    nhs_number_normalise(value)


def upn_normalise(value: str) -> str:
    """Return the unique pupil number in capitals, or raise ValidationError naming the rule broken."""
    compact = re.sub(r"\s+", "", str(value)).upper()
    try:
        return upn.validate(compact)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            "This unique pupil number fails its check letter: check for a mistyped character.",
            code="upn_check_letter",
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(
            "This unique pupil number does not start with a known local authority number "
            "(its characters 2 to 4).",
            code="upn_la_number",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "Enter a unique pupil number of 13 characters: a check letter, 11 digits, and a digit or letter.",
            code="upn_format",
        ) from None


def validate_upn(value: str) -> None:
    upn_normalise(value)


def validate_urn(value: str) -> None:
    if not _URN.match(str(value)):
        raise ValidationError(
            "Enter the setting's unique reference number (URN): 6 digits, like 100000.",
            code="urn_format",
        )


def validate_gp_practice_ods_code(value: str) -> None:
    if not _GP_PRACTICE_ODS_CODE.match(str(value)):
        raise ValidationError(
            "Enter the GP practice's ODS code: a capital letter and 5 digits, like A81001.",
            code="ods_code_format",
        )


def uk_phone_normalise(value: str) -> str:
    """Return the national form of a UK phone number (01632 960001 -> 01632960001)."""
    compact = re.sub(r"[\s\-()]", "", str(value))
    if compact.startswith("+44"):
        compact = "0" + compact[3:].removeprefix("0")
    if not _UK_PHONE.match(compact):
        raise ValidationError(
            "Enter a UK phone number, like 01632 960 001 or +44 7700 900 982.", code="phone_format"
        )
    return compact


def validate_uk_phone(value: str) -> None:
    uk_phone_normalise(value)
