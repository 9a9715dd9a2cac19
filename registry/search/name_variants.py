"""Other forms of a given name: William, Bill, Will and Liam are one child to a practitioner.

The source is the `nicknames` package, a curated dataset of English names and their short forms.
It is US-centred, so `british_name_variants.csv` beside this module adds the British and Irish
forms it lacks (Liam, Alfie, Evie, Seamus, Siân...) and a few spellings that vary (Muhammad,
Mohammed). Both are loaded once per process.

Two names are *direct* variants when one is listed as a form of the other (William and Bill), and
*sibling* variants when both are forms of a third (Bill and Liam, both forms of William). A
direct variant is close enough for a strong match; a sibling only for a possible one, because
siblings spread wide (Liz and Ellie are both forms of Elizabeth).
"""

import csv
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from nicknames import NickNamer

BRITISH_VARIANTS_FILE = Path(__file__).with_name("british_name_variants.csv")
DIRECT_VARIANT = 0.92
SIBLING_VARIANT = 0.85
_NO_VARIANTS: Mapping[str, float] = MappingProxyType({})


@cache
def name_variants_source() -> NickNamer:
    """The nicknames dataset with the British forms added."""
    lookup = NickNamer.default_lookup()
    for name, short_form in british_variants():
        lookup.setdefault(name, set()).add(short_form)
    return NickNamer(nickname_lookup=lookup)


def british_variants() -> list[tuple[str, str]]:
    """(name, short form) pairs from the data file, skipping its comment lines and header."""
    with BRITISH_VARIANTS_FILE.open(newline="") as data:
        rows = csv.reader(line for line in data if not line.startswith("#"))
        next(rows)
        return [(name, short_form) for name, _relationship, short_form in rows]


@lru_cache(maxsize=8192)
def name_variants(name: str) -> Mapping[str, float]:
    """Other forms of one normalised given name, each with how close a form it is (0 to 1)."""
    source = name_variants_source()
    full_names = source.canonicals_of(name)
    if not full_names and not source.nicknames_of(name):
        return _NO_VARIANTS
    variants = {
        sibling: SIBLING_VARIANT
        for full_name in full_names
        for sibling in source.nicknames_of(full_name)
    }
    variants.update(dict.fromkeys(full_names | source.nicknames_of(name), DIRECT_VARIANT))
    variants.pop(name, None)
    return MappingProxyType(variants)
