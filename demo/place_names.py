"""Names of streets, schools, nurseries and GP practices, in the shapes English ones take."""

from random import Random
from typing import NamedTuple

from demo.names import origins, words

# Faker's en_GB street suffixes are mostly American; these are the English ones, by frequency.
STREET_SUFFIXES = words("""
    Road Road Road Road Road Road Street Street Street Street Street Lane Lane Lane Lane Close
    Close Close Avenue Avenue Avenue Drive Drive Crescent Crescent Grove Grove Terrace Terrace
    Way Way Gardens Place Walk Court Mews Rise Hill View Row Square Green
""")
SAINTS = words("""
    Mary John Peter Paul Joseph Anne Michael Andrew Patrick Thomas Margaret Bede Chad Augustine
    Francis Teresa George Hilda Aidan Wilfrid Edmund Luke
""")
NURSERY_NAMES = [
    name.replace("_", " ")
    for name in words("""
        Little_Acorns Busy_Bees Rainbow Sunshine Tiny_Steps Little_Stars Treetops Ladybirds
        Playdays First_Steps Honeypot Little_Explorers Kiddies_Corner
    """)
]


class Street(NamedTuple):
    name: str
    town: str
    postcodes: tuple[str, ...]

    @property
    def base(self) -> str:
        """'Harper Road' -> 'Harper', as schools and surgeries are named after their street."""
        return self.name.rsplit(" ", 1)[0]


def street_name(rng: Random) -> str:
    """As Faker's en_GB street_name_formats: a surname or a first name, and a suffix."""
    british = origins()[0]
    if rng.random() < 0.7:
        first_part = british.surnames.draw(rng)
    else:
        first_part = (british.men, british.women)[rng.randrange(2)].draw(rng)
    return f"{first_part} {STREET_SUFFIXES[rng.randrange(len(STREET_SUFFIXES))]}"


def primary_school_name(rng: Random, *, street: Street) -> str:
    draw = rng.random()
    if draw < 0.25:
        faith = ("Church of England", "Catholic", "C of E")[rng.randrange(3)]
        return f"St {rng.choice(SAINTS)}'s {faith} Primary School"
    return f"{street.base} Primary Academy" if draw < 0.45 else f"{street.base} Primary School"


def secondary_school_name(rng: Random, *, street: Street) -> str:
    draw = rng.random()
    if draw < 0.15:
        return f"St {rng.choice(SAINTS)}'s Catholic High School"
    if draw < 0.25:
        return f"{street.town} Grammar School"
    return f"{street.base} Academy" if draw < 0.6 else f"{street.base} High School"


def early_years_name(rng: Random, *, street: Street) -> str:
    kind = ("Day Nursery", "Pre-School", "Nursery")[rng.randrange(3)]
    if rng.random() < 0.6:
        return f"{rng.choice(NURSERY_NAMES)} {kind}, {street.town}"
    return f"{street.base} {kind}"


def practice_name(rng: Random, *, street: Street) -> str:
    return (
        f"{street.name} Surgery",
        f"{street.base} Medical Centre",
        f"{street.town} Health Centre",
        f"The {street.base} Practice",
        f"{street.base} Family Practice",
    )[rng.randrange(5)]
