import random

import pytest
from django.core.exceptions import ValidationError

from registry.contactpoint_id import (
    contactpoint_id_format,
    contactpoint_id_generate,
    contactpoint_id_normalise,
    validate_contactpoint_id,
)


def test_generated_ids_are_twelve_digits_that_pass_their_check():
    rng = random.Random(7)
    for _ in range(1000):
        digits = contactpoint_id_generate(rng)
        assert len(digits) == 12 and digits.isdigit() and digits[0] != "0"
        validate_contactpoint_id(digits)
    validate_contactpoint_id(contactpoint_id_generate())


def test_generation_is_deterministic_for_a_seeded_generator():
    first = [contactpoint_id_generate(random.Random(3)) for _ in range(3)]
    assert first == [contactpoint_id_generate(random.Random(3)) for _ in range(3)]


def test_typed_forms_are_accepted_and_normalised():
    digits = contactpoint_id_generate(random.Random(1))
    shown = contactpoint_id_format(digits)
    assert shown == f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
    for typed in (digits, shown, shown.replace("-", " "), f" {shown} "):
        assert contactpoint_id_normalise(typed) == digits


def test_the_check_digit_catches_every_single_digit_error():
    rng = random.Random(11)
    for _ in range(50):
        digits = contactpoint_id_generate(rng)
        for position in range(12):
            for replacement in "0123456789":
                if replacement == digits[position]:
                    continue
                mistyped = digits[:position] + replacement + digits[position + 1 :]
                with pytest.raises(ValidationError) as caught:
                    validate_contactpoint_id(mistyped)
                assert caught.value.code == "cp_id_check_digit"


def test_the_check_digit_catches_every_swap_of_adjacent_digits():
    rng = random.Random(12)
    for _ in range(200):
        digits = contactpoint_id_generate(rng)
        for position in range(11):
            if digits[position] == digits[position + 1]:
                continue
            swapped = (
                digits[:position] + digits[position + 1] + digits[position] + digits[position + 2 :]
            )
            with pytest.raises(ValidationError):
                validate_contactpoint_id(swapped)


@pytest.mark.parametrize("bad", ["", "12345", "1234-5678-901", "1234-5678-90123", "abcd-efgh-ijkl"])
def test_wrong_shapes_are_rejected_with_the_format_message(bad):
    with pytest.raises(ValidationError) as caught:
        validate_contactpoint_id(bad)
    assert caught.value.code == "cp_id_format"
    assert "12 digits" in caught.value.messages[0]
