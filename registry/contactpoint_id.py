"""The ContactPoint ID: eleven random digits and a Damm check digit, shown as 1234-5678-9012.

The Damm algorithm catches every single-digit error and every swap of adjacent digits, the two
mistakes people make when they read an ID out or type it in.
"""

import random
import re
import secrets

from django.core.exceptions import ValidationError
from stdnum import damm

LENGTH = 12
_SYSTEM_RANDOM = secrets.SystemRandom()
_SEPARATORS = re.compile(r"[\s\-]")


def contactpoint_id_normalise(value: str) -> str:
    """Strip the spaces and hyphens people type, and check the rest; return the 12 digits."""
    digits = _SEPARATORS.sub("", str(value))
    if not digits.isdigit() or len(digits) != LENGTH:
        raise ValidationError(
            "Enter a ContactPoint ID of 12 digits, like 1234-5678-9012.", code="cp_id_format"
        )
    if not damm.is_valid(digits):
        raise ValidationError(
            "This ContactPoint ID is not valid: check for a mistyped or swapped digit.",
            code="cp_id_check_digit",
        )
    return digits


def validate_contactpoint_id(value: str) -> None:
    contactpoint_id_normalise(value)


def contactpoint_id_format(digits: str) -> str:
    """The display form, in three groups of four."""
    return f"{digits[0:4]}-{digits[4:8]}-{digits[8:12]}"


def contactpoint_id_generate(rng: random.Random | None = None) -> str:
    """A new random ID. IDs are not sequential, so they reveal nothing about the size of the index."""
    randrange = rng.randrange if rng is not None else _SYSTEM_RANDOM.randrange
    body = str(randrange(10**10, 10**11))
    return body + damm.calc_check_digit(body)
