"""How a feed's record of a child differs from what the index holds, as real feeds differ.

A record is a dict of the spec's columns, all text. Copies come exact or near: another case,
accents lost, the middle name left out, a postcode without its space, a field the source did not
send. Changes are the ones matching must see through: a typing slip, a move to another home in
the same postcode district, a new family name. Every value stays within the format, so that no
record is rejected and the benchmark times matching rather than validation.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from random import Random

from anyascii import anyascii

from bench.ingest_population_sample import IndexedChild
from demo.households import surname_draw
from demo.names import origins

FeedRow = dict[str, str]

_HOUSE_NUMBER = re.compile(r"^(\d+) (.+)$")
_KEYBOARD_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip


def row_from_child(child: IndexedChild) -> FeedRow:
    """The record a source holding exactly what the index holds would send."""
    start = child.school_start_date
    return {
        "given_names": child.given_names,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "gender": child.gender,
        "address_line_1": child.address_line_1,
        "address_line_2": child.address_line_2,
        "town": child.town,
        "postcode": child.postcode,
        "nhs_number": child.nhs_number,
        "upn": child.upn,
        "carer_given_names": child.carer_given_names,
        "carer_family_name": child.carer_family_name,
        "carer_relationship": child.carer_relationship,
        "carer_phone": child.carer_phone,
        "school_urn": child.school_urn,
        "school_start_date": start.isoformat() if start else "",
        "gp_ods_code": child.gp_ods_code,
    }


# -- near copies ---------------------------------------------------------------------------------


def _names_in_capitals(rng: Random, row: FeedRow) -> bool:
    row["given_names"], row["family_name"] = row["given_names"].upper(), row["family_name"].upper()
    return True


def _accents_lost(rng: Random, row: FeedRow) -> bool:
    names = (row["given_names"], row["family_name"])
    if all(name.isascii() for name in names):
        return False
    row["given_names"], row["family_name"] = (anyascii(name) for name in names)
    return True


def _middle_name_left_out(rng: Random, row: FeedRow) -> bool:
    first, _space, middle = row["given_names"].partition(" ")
    row["given_names"] = first
    return bool(middle)


def _postcode_respaced(rng: Random, row: FeedRow) -> bool:
    if not row["postcode"]:
        return False
    compact = row["postcode"].replace(" ", "")
    row["postcode"] = compact.lower() if rng.random() < 0.5 else compact
    return True


def _identifiers_spaced(rng: Random, row: FeedRow) -> bool:
    nhs_number, phone = row["nhs_number"], row["carer_phone"]
    if not (nhs_number or phone):
        return False
    if nhs_number:
        row["nhs_number"] = f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}"
    if phone:
        row["carer_phone"] = f"{phone[:5]} {phone[5:]}"
    return True


def _flat_on_one_line(rng: Random, row: FeedRow) -> bool:
    if not row["address_line_2"]:
        return False
    row["address_line_1"] = f"{row['address_line_1']}, {row['address_line_2']}"
    row["address_line_2"] = ""
    return True


def _optional_field_missing(rng: Random, row: FeedRow) -> bool:
    columns = rng.choice(
        (
            ("gender",),
            ("carer_phone",),
            ("school_urn", "school_start_date"),
            ("gp_ods_code",),
            ("upn",),
            ("carer_given_names", "carer_family_name", "carer_relationship", "carer_phone"),
        )
    )
    if not any(row[column] for column in columns):
        return False
    for column in columns:
        row[column] = ""
    return True


NEAR_COPY_CHANGES: tuple[Callable[[Random, FeedRow], bool], ...] = (
    _names_in_capitals,
    _accents_lost,
    _middle_name_left_out,
    _postcode_respaced,
    _identifiers_spaced,
    _flat_on_one_line,
    _optional_field_missing,
)


def near_copy(rng: Random, row: FeedRow) -> FeedRow:
    """One or two differences that change nothing about who the child is."""
    wanted, made = 1 + (rng.random() < 0.3), 0
    for change in rng.sample(NEAR_COPY_CHANGES, len(NEAR_COPY_CHANGES)):
        made += change(rng, row)
        if made == wanted:
            break
    return row


# -- changes ---------------------------------------------------------------------------------------


def typo(rng: Random, row: FeedRow, *, today: date) -> FeedRow:
    """One slip of the keyboard: in the first given name, the family name, or the birth date."""
    draw = rng.random()
    if draw < 0.5:
        first, space, rest = row["given_names"].partition(" ")
        row["given_names"] = f"{mistyped(rng, first)}{space}{rest}"
    elif draw < 0.85:
        row["family_name"] = mistyped(rng, row["family_name"])
    else:
        row["date_of_birth"] = birth_date_mistyped(
            rng, date.fromisoformat(row["date_of_birth"]), today=today
        ).isoformat()
    return row


def mistyped(rng: Random, name: str) -> str:
    """Two letters swapped, one dropped or doubled, or a neighbouring key struck."""
    letters = [index for index, character in enumerate(name) if character.isalpha()]
    if len(letters) < 3:
        return name + name[-1]
    at = rng.choice(letters[1:-1])
    kind = rng.randrange(4)
    if kind == 0 and name[at] != name[at + 1]:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if kind == 1:
        return name[:at] + name[at + 1 :]
    if kind == 2:
        return name[:at] + name[at] + name[at:]
    neighbours = _KEYBOARD_NEIGHBOURS.get(name[at].lower(), "e")
    struck = rng.choice(neighbours)
    return name[:at] + (struck.upper() if name[at].isupper() else struck) + name[at + 1 :]


def birth_date_mistyped(rng: Random, born: date, *, today: date) -> date:
    """Day and month swapped where both could be a month, else a day or two out."""
    if born.day <= 12 and born.day != born.month:
        swapped = born.replace(month=born.day, day=born.month)
        if swapped <= today:
            return swapped
    shifted = born + timedelta(days=rng.choice((-2, -1, 1, 2)))
    return shifted if shifted <= today else born - timedelta(days=1)


def moved(rng: Random, row: FeedRow, *, homes: "HomesByDistrict") -> FeedRow:
    """A new home in the same postcode district (or anywhere, if the child had none)."""
    line_1, line_2, town, postcode = homes.another(rng, postcode=row["postcode"])
    row.update(address_line_1=line_1, address_line_2=line_2, town=town, postcode=postcode)
    return row


def renamed(rng: Random, row: FeedRow) -> FeedRow:
    """The carer's family name, the two joined, or a step-parent's name new to the record."""
    carer_name = row["carer_family_name"]
    if carer_name and carer_name != row["family_name"] and rng.random() < 0.5:
        row["family_name"] = carer_name
    elif carer_name and "-" not in carer_name + row["family_name"] and rng.random() < 0.3:
        row["family_name"] = f"{row['family_name']}-{carer_name}"
    else:
        new_name = row["family_name"]
        while new_name == row["family_name"]:
            new_name = surname_draw(rng, origins()[0])
        row["family_name"] = new_name
    return row


def house_renumbered(rng: Random, line: str) -> str:
    """'12 Acacia Avenue' -> '87 Acacia Avenue': another home in the same street."""
    match = _HOUSE_NUMBER.match(line)
    if not match:
        return line
    number = int(match.group(1))
    while (new_number := 1 + int(rng.random() ** 2 * 180)) == number:
        pass
    return f"{new_number} {match.group(2)}"


class HomesByDistrict:
    """Homes of the sampled children by postcode district, for moves and new families."""

    def __init__(self, children: list[IndexedChild]):
        self.homes: list[tuple[str, str, str, str]] = []
        self.by_district: dict[str, list[int]] = {}
        for child in children:
            if not child.postcode:
                continue
            district = child.postcode.split(" ")[0]
            self.by_district.setdefault(district, []).append(len(self.homes))
            home = (child.address_line_1, child.address_line_2, child.town, child.postcode)
            self.homes.append(home)

    def another(self, rng: Random, *, postcode: str) -> tuple[str, str, str, str]:
        """A home in the district of `postcode`, renumbered so no family there has it."""
        district = postcode.split(" ")[0] if postcode else ""
        candidates = self.by_district.get(district) or range(len(self.homes))
        line_1, line_2, town, new_postcode = self.homes[rng.choice(candidates)]
        if line_2:
            return line_1, house_renumbered(rng, line_2), town, new_postcode
        return house_renumbered(rng, line_1), line_2, town, new_postcode
