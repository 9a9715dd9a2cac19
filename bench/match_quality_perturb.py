"""The errors and changes a feed record of a known child carries, as the benchmark makes them.

Each perturbation takes a record's fields (a dict of FeedRecord's fields) and a random stream, and
changes the fields as a real source's record of the same child might differ from the index:
typing errors, nicknames, a middle name added or left out, names written another way, day and
month swapped, a mistyped birth date, given and family names swapped, a changed family name,
gender not given, a move, a new carer. Each returns False when it cannot apply to this record.
"""

import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from random import Random

from anyascii import anyascii

from demo.names import MIDDLE_NAMES_BOYS, MIDDLE_NAMES_GIRLS, origins
from registry.matching_keys import name_normalise
from registry.search.name_variants import DIRECT_VARIANT, name_variants

Fields = dict
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Keys next to each other on a keyboard, for substitutions.
_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip


def typo(word: str, rng: Random) -> str:
    """One typing error: a letter missed, doubled, changed for a neighbour, or two swapped."""
    if len(word) < 3:
        return word + rng.choice(_LETTERS)
    position = rng.randrange(1, len(word))  # the first letter is usually right
    letter = word[position].lower()
    kind = rng.choice(("miss", "double", "neighbour", "swap"))
    if kind == "miss":
        return word[:position] + word[position + 1 :]
    if kind == "double":
        return word[:position] + word[position] + word[position:]
    if kind == "neighbour" and letter in _NEIGHBOURS:
        return word[:position] + rng.choice(_NEIGHBOURS[letter]) + word[position + 1 :]
    if position < len(word) - 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position - 1]


def given_typo(fields: Fields, rng: Random) -> bool:
    first, *rest = fields["given_names"].split(" ")
    fields["given_names"] = " ".join([typo(first, rng), *rest])
    return True


def family_typo(fields: Fields, rng: Random) -> bool:
    fields["family_name"] = typo(fields["family_name"], rng)
    return True


def nickname(fields: Fields, rng: Random) -> bool:
    """Bill for William: another direct form of the first given name."""
    first = name_normalise(fields["given_names"].split(" ")[0])
    forms = sorted(form for form, how in name_variants(first).items() if how >= DIRECT_VARIANT)
    if not forms:
        return False
    fields["given_names"] = rng.choice(forms).title()
    return True


def middle_name(fields: Fields, rng: Random) -> bool:
    """A middle name left out, or one the index does not hold added."""
    names = fields["given_names"].split(" ")
    if len(names) > 1:
        fields["given_names"] = names[0]
    else:
        pool = MIDDLE_NAMES_GIRLS if fields["gender"] == "F" else MIDDLE_NAMES_BOYS
        fields["given_names"] = f"{names[0]} {rng.choice(pool)}"
    return True


def name_format(fields: Fields, rng: Random) -> bool:
    """The same names written another way: capitals, no accents, hyphen or apostrophe lost."""
    field = rng.choice(("given_names", "family_name"))
    name = fields[field]
    ways = [name.upper(), name.lower()]
    if not name.isascii():
        ways.append(anyascii(unicodedata.normalize("NFC", name)))
    if "-" in name or "'" in name:
        ways.append(name.replace("-", " ").replace("'", ""))
    fields[field] = rng.choice(ways)
    return True


def day_month_swapped(fields: Fields, rng: Random) -> bool:
    born = fields["date_of_birth"]
    if born.day > 12 or born.day == born.month:
        return False
    fields["date_of_birth"] = date(born.year, born.day, born.month)
    return True


def birth_date_typo(fields: Fields, rng: Random) -> bool:
    """One part of the birth date mistyped: a day or two out, the month or the year one out."""
    born = fields["date_of_birth"]
    part = rng.choice(("day", "month", "year"))
    try:
        if part == "day":
            changed = born + timedelta(days=rng.choice((-2, -1, 1, 2)))
            if changed.month != born.month:
                return False
        elif part == "month":
            changed = born.replace(month=born.month + rng.choice((-1, 1)))
        else:
            changed = born.replace(year=born.year + rng.choice((-1, 1)))
    except ValueError:
        return False
    if changed > date.today():
        return False
    fields["date_of_birth"] = changed
    return True


def names_swapped(fields: Fields, rng: Random) -> bool:
    fields["given_names"], fields["family_name"] = fields["family_name"], fields["given_names"]
    return True


def family_name_changed(fields: Fields, rng: Random) -> bool:
    """A new family name: a step-parent's, or another joined to the old with a hyphen."""
    other = origins()[0].surnames.draw(rng)
    if other == fields["family_name"]:
        return False
    if rng.random() < 0.5:
        fields["family_name"] = f"{fields['family_name']}-{other}"
    else:
        fields["family_name"] = other
    return True


def gender_not_given(fields: Fields, rng: Random) -> bool:
    fields["gender"] = "U"
    return True


IDENTITY_PERTURBATIONS: dict[str, tuple[Callable[[Fields, Random], bool], float]] = {
    "none": (lambda fields, rng: True, 75),
    "given_typo": (given_typo, 10),
    "family_typo": (family_typo, 10),
    "nickname": (nickname, 8),
    "middle_name": (middle_name, 8),
    "name_format": (name_format, 6),
    "day_month_swapped": (day_month_swapped, 5),
    "birth_date_typo": (birth_date_typo, 6),
    "names_swapped": (names_swapped, 4),
    "family_name_changed": (family_name_changed, 6),
    "gender_not_given": (gender_not_given, 4),
}
# About half the records carry an error in the child's identity and one in eight a second: some
# five times the rates of real feeds, so that every kind of error is met often.
SECOND_PERTURBATION_SHARE = 0.12


def identity_perturb(fields: Fields, rng: Random) -> list[str]:
    """One change to the child's identity (or none), and sometimes a second."""
    names = list(IDENTITY_PERTURBATIONS)
    weights = [weight for _perturb, weight in IDENTITY_PERTURBATIONS.values()]
    wanted = 2 if rng.random() < SECOND_PERTURBATION_SHARE else 1
    chosen: list[str] = []
    while len(chosen) < wanted:
        name = rng.choices(names, weights=weights)[0]
        if name not in chosen and not (name == "none" and wanted == 2):
            chosen.append(name)
    # Names are swapped last: a new family name is the family's, wherever it was written.
    chosen.sort(key=lambda name: name == "names_swapped")
    return [
        name for name in chosen if name != "none" and IDENTITY_PERTURBATIONS[name][0](fields, rng)
    ]
