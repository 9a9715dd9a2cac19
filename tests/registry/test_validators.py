import pytest
from django.core.exceptions import ValidationError

from registry import validators


def assert_rejected(validator, value, message_part: str, code: str):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    assert caught.value.code == code
    assert message_part in caught.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" ls6  2ab ", "LS6 2AB"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_postcode_accepts_and_normalises(raw, normal):
    assert validators.postcode_normalise(raw) == normal
    validators.validate_postcode(raw)


@pytest.mark.parametrize(
    "bad", ["", "LS6", "LS6 2A", "QS6 2AB", "LS6 2CB", "12345", "LS6 2AB X", "VV1 1AA"]
)
def test_postcode_rejects(bad):
    assert_rejected(validators.validate_postcode, bad, "real UK postcode", "postcode_invalid")


def test_postcode_outward_code():
    assert validators.postcode_outward_code("ls62ab") == "LS6"


@pytest.mark.parametrize("good", ["9434765919", "943 476 5919", "401 023 2137"])
def test_nhs_number_accepts(good):
    assert validators.nhs_number_normalise(good) == good.replace(" ", "")


def test_nhs_number_rejects_a_failed_modulus_11_check():
    assert_rejected(
        validators.validate_nhs_number, "9434765918", "modulus-11", "nhs_number_checksum"
    )


@pytest.mark.parametrize("bad", ["943476591", "94347659190", "94347A5919", ""])
def test_nhs_number_rejects_a_wrong_shape(bad):
    assert_rejected(validators.validate_nhs_number, bad, "10 digits", "nhs_number_format")


def test_upn_accepts():
    assert validators.upn_normalise("h801200001001") == "H801200001001"


def test_upn_rejects_a_wrong_check_letter():
    assert_rejected(validators.validate_upn, "A801200001001", "check letter", "upn_check_letter")


@pytest.mark.parametrize("bad", ["H80120000100", "H8012000A1001", "", "H80120000100I"])
def test_upn_rejects_a_wrong_shape(bad):
    assert_rejected(validators.validate_upn, bad, "13 characters", "upn_format")


def test_upn_rejects_an_unknown_local_authority_number():
    assert_rejected(
        validators.validate_upn, "E000200005001", "local authority number", "upn_la_number"
    )


@pytest.mark.parametrize("good", ["100000", "123456", "999999"])
def test_urn_accepts(good):
    validators.validate_urn(good)


@pytest.mark.parametrize("bad", ["12345", "1234567", "012345", "12345A", ""])
def test_urn_rejects(bad):
    assert_rejected(validators.validate_urn, bad, "6 digits", "urn_format")


@pytest.mark.parametrize("good", ["A81001", "B86012", "Y02494"])
def test_gp_practice_ods_code_accepts(good):
    validators.validate_gp_practice_ods_code(good)


@pytest.mark.parametrize("bad", ["a81001", "A8100", "AB1001", "810011", "A810011", ""])
def test_gp_practice_ods_code_rejects(bad):
    assert_rejected(validators.validate_gp_practice_ods_code, bad, "ODS code", "ods_code_format")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("01632 960 001", "01632960001"),
        ("+44 7700 900982", "07700900982"),
        ("0113 496 0000", "01134960000"),
        ("(020) 7946 0000", "02079460000"),
    ],
)
def test_uk_phone_accepts(raw, normal):
    assert validators.uk_phone_normalise(raw) == normal


@pytest.mark.parametrize(
    "bad", ["12345", "00113 496 0000", "+1 202 555 0100", "07700 9009", "phone"]
)
def test_uk_phone_rejects(bad):
    assert_rejected(validators.validate_uk_phone, bad, "UK phone number", "phone_format")
