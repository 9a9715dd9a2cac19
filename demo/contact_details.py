"""Phone numbers, email addresses and postcodes for the demo population that reach nobody.

Phone numbers come only from the ranges Ofcom keeps for drama: no one can be rung by mistake.
Email addresses use the domains reserved for examples. Postcodes have a real outward code (so an
address lies in its local authority) and an inward code of the real form.
"""

from random import Random

from anyascii import anyascii

# Ofcom's drama ranges, as the national number without its last three digits.
DRAMA_MOBILE = "07700900"
DRAMA_LANDLINE_NO_AREA = "01632960"
DRAMA_UK_WIDE = "03069990"
DRAMA_LANDLINES = {
    "Leeds": "01134960",
    "Sheffield": "01144960",
    "Nottingham": "01154960",
    "Leicester": "01164960",
    "Bristol": "01174960",
    "Birmingham": "01214960",
    "Liverpool": "01514960",
    "Manchester": "01614960",
    "Newcastle upon Tyne": "01914980",
    "Camden": "02079460",
    "Southwark": "02079460",
    "Croydon": "02079460",
}
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def mobile_phone(rng: Random) -> str:
    return f"{DRAMA_MOBILE}{rng.randrange(1000):03d}"


def landline_phone(rng: Random, *, local_authority_name: str) -> str:
    """A drama number in the local authority's own area code where Ofcom keeps one."""
    prefix = DRAMA_LANDLINES.get(local_authority_name, DRAMA_LANDLINE_NO_AREA)
    return f"{prefix}{rng.randrange(1000):03d}"


def uk_wide_phone(rng: Random) -> str:
    """A drama 03 number, as national charities and helplines use."""
    return f"{DRAMA_UK_WIDE}{rng.randrange(1000):03d}"


def email_local_part(*names: str) -> str:
    """'Zoë', "O'Neill-Smith" -> 'zoe.oneillsmith'."""
    parts = ("".join(filter(str.isalnum, anyascii(name).lower())) for name in names)
    return ".".join(part for part in parts if part)


def personal_email(rng: Random, *, given_name: str, family_name: str) -> str:
    local_part = email_local_part(given_name.split(" ")[0], family_name)
    suffix = rng.randrange(100) if rng.random() < 0.5 else ""
    return f"{local_part}{suffix}@{EMAIL_DOMAINS[rng.randrange(2)]}"


def work_email(*, given_name: str, family_name: str, domain: str = "example.org") -> str:
    return f"{email_local_part(given_name.split(' ')[0], family_name)}@{domain}"


def inward_code(rng: Random) -> str:
    """The part after the space: a digit and two letters, e.g. '2AB'."""
    letters = _INWARD_LETTERS
    return f"{rng.randrange(10)}{letters[rng.randrange(20)]}{letters[rng.randrange(20)]}"
