"""Name pools for the demo population, drawn from Faker's per-locale lists without calling Faker.

Faker's providers hold plain tuples (and, for en_GB surnames, frequency weights); drawing from them
with bisect is a hundred times faster than a Faker call per name, and it uses only the
generator's own seeded `random.Random`. A few short lists add what Faker's en_GB lists lack:
names children born since 2007 are given (Faker's en_GB first names are their parents'),
hyphenated given names, Irish and Welsh spellings with accents, and surnames with an apostrophe or
a particle, so that matching and search meet them as they meet them in England.
"""

import importlib
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Sequence
from functools import cache
from random import Random
from typing import NamedTuple

from faker.providers.person.en_GB import Provider as BritishNames


def words(text: str) -> list[str]:
    """The words of `text`: long lists of names, written compactly."""
    return text.split()


_NAME_SHAPE = re.compile(r"^[^\W\d_]+(?:(?:[-' \u2019]| '|' )[^\W\d_]+)*$")
_MAX_LENGTH = 40

GIRLS_SINCE_2007 = words("""
    Olivia Amelia Isla Ava Lily Freya Mia Emily Ivy Sophia Grace Isabella Florence Poppy Evie
    Ella Willow Sophie Charlotte Jessica Ruby Chloe Daisy Alice Sienna Phoebe Evelyn Harper
    Matilda Millie Rosie Aria Elsie Maya Hannah Layla Esme Eliza Isabelle Scarlett Erin Holly
    Lucy Megan Ellie Amber Molly Imogen Zara Maisie Niamh Aisha Fatima Maryam Hallie Thea Orla
    Darcie Lola Bonnie
""")
BOYS_SINCE_2007 = words("""
    Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack
    Charlie Theo Jacob Thomas Alfie Joshua William James Lucas Isaac Alexander Ethan Mason
    Finley Logan Max Teddy Jude Reggie Albie Rory Hugo Luca Ronnie Tommy Daniel Samuel Benjamin
    Joseph Dylan Riley Harrison Jayden Kai Callum Ibrahim Yusuf Ali Omar Zayn Adam Elijah
    Harley Louie Frankie
""")
# Given names with a hyphen or an accent, common among English children, at a small share.
GIRLS_HYPHENATED_OR_ACCENTED = words("""
    Lily-Mae Ellie-Mae Lacey-Mae Mary-Jane Tilly-Rose Evie-Rose Lily-Rose Ava-Rose Darcie-Mae
    Anne-Marie Zoë Chloë Renée Anaïs Léa Noémie Éloïse Inès Róisín Siân Saoirse Aoife
""")
BOYS_HYPHENATED_OR_ACCENTED = words("""
    Alfie-James Tommy-Lee Charlie-Ray Jean-Luc Seán Rónán Siôn José Raphaël Joël Noël André
    Zoltán
""")
MIDDLE_NAMES_GIRLS = words("""
    Rose Grace Mae May Louise Elizabeth Jane Marie Ann Hope Lily Olivia Victoria Jade Faith
    Amelia Florence Alice
""")
MIDDLE_NAMES_BOYS = words("""
    James Thomas John William George Lee David Michael Alexander Jack Edward Henry Robert Paul
    Joseph Peter Arthur Luke
""")
# Surnames with an apostrophe or a particle, added to the en_GB list with small weights
# (the list's weights add up to about 40; these add about 0.3 and 0.15).
SURNAMES_WITH_APOSTROPHE = (
    ("O'Reilly", 0.05),
    ("O'Hara", 0.04),
    ("O'Leary", 0.03),
    ("O'Shea", 0.03),
    ("O'Toole", 0.02),
    ("O'Callaghan", 0.02),
    ("O'Donoghue", 0.02),
    ("D'Souza", 0.04),
    ("D'Costa", 0.02),
    ("D'Arcy", 0.02),
    ("D'Mello", 0.01),
)
SURNAMES_WITH_PARTICLE = (
    ("van der Berg", 0.02),
    ("van Dijk", 0.01),
    ("de Souza", 0.02),
    ("da Silva", 0.02),
    ("dos Santos", 0.02),
    ("de Jong", 0.01),
    ("du Plessis", 0.01),
    ("van der Merwe", 0.01),
    ("Le Roux", 0.01),
    ("de la Cruz", 0.01),
)


class WeightedNames:
    """A population of names with weights, drawn with one random number and a binary search."""

    __slots__ = ("cum_weights", "names")

    def __init__(self, weighted: Iterable[tuple[str, float]]):
        self.names: list[str] = []
        self.cum_weights: list[float] = []
        total = 0.0
        for name, weight in weighted:
            total += weight
            self.names.append(name)
            self.cum_weights.append(total)
        if not self.names:
            raise ValueError("A name pool needs at least one name.")

    def draw(self, rng: Random) -> str:
        return self.names[bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def mixed(cls, parts: Sequence[tuple["WeightedNames", float]]) -> "WeightedNames":
        """One pool that draws from each part with the given share."""
        weighted = []
        for pool, share in parts:
            previous = 0.0
            scale = share / pool.cum_weights[-1]
            for name, cumulative in zip(pool.names, pool.cum_weights, strict=True):
                weighted.append((name, (cumulative - previous) * scale))
                previous = cumulative
        return cls(weighted)


class Origin(NamedTuple):
    """The names a family draws from: where its parents' names come from."""

    locale: str
    weight: float
    surnames: WeightedNames
    girls: WeightedNames
    boys: WeightedNames
    girls_middle: WeightedNames
    boys_middle: WeightedNames
    women: WeightedNames
    men: WeightedNames


def uniform(names: Iterable[str]) -> WeightedNames:
    return WeightedNames((name, 1.0) for name in names)


def by_rank(names: Sequence[str]) -> WeightedNames:
    """Popular names first: weights fall off with rank, as birth registrations do."""
    return WeightedNames((name, 1.0 / (rank + 8)) for rank, name in enumerate(names))


def is_usable_name(name: str) -> bool:
    """Letters of the Latin script, joined by single hyphens, apostrophes or spaces."""
    if len(name) > _MAX_LENGTH or not _NAME_SHAPE.match(name):
        return False
    return all(
        character.isascii() or "LATIN" in unicodedata.name(character, "") for character in name
    )


def _locale_names(locale: str, attribute: str) -> list[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names = getattr(provider, attribute)
    return sorted({name for name in names if is_usable_name(name)})


# Each locale other than en_GB: its share of families, and the attribute holding its surnames.
_OTHER_ORIGINS = (
    ("en_IN", 0.060, ("last_names",)),
    ("en_IE", 0.030, ("last_names",)),
    ("pl_PL", 0.025, ("male_last_names", "unisex_last_names")),
    ("yo_NG", 0.020, ("last_names",)),
    ("ro_RO", 0.012, ("last_names",)),
    ("pt_PT", 0.012, ("last_names",)),
    ("fr_FR", 0.010, ("last_names",)),
    ("es_ES", 0.010, ("last_names",)),
    ("it_IT", 0.010, ("last_names",)),
    ("tr_TR", 0.010, ("last_names",)),
    ("de_DE", 0.008, ("last_names",)),
    ("nl_NL", 0.004, ("last_names",)),
)
_BRITISH_SHARE = 1.0 - sum(weight for _locale, weight, _attributes in _OTHER_ORIGINS)
# Children of families from elsewhere are often given names common in England.
_BRITISH_NAME_SHARE_ABROAD = 0.4
_EXTRA_SURNAMES = {"en_IN": ("D'Souza", "D'Costa", "D'Mello", "D'Silva", "Fernandes", "Pereira")}


@cache
def origins() -> tuple[Origin, ...]:
    """Every origin, en_GB first; built once per process (a few milliseconds)."""
    british_girls = WeightedNames.mixed(
        [
            (by_rank(GIRLS_SINCE_2007), 0.82),
            (uniform(BritishNames.first_names_female), 0.12),
            (uniform(GIRLS_HYPHENATED_OR_ACCENTED), 0.06),
        ]
    )
    british_boys = WeightedNames.mixed(
        [
            (by_rank(BOYS_SINCE_2007), 0.85),
            (uniform(BritishNames.first_names_male), 0.12),
            (uniform(BOYS_HYPHENATED_OR_ACCENTED), 0.03),
        ]
    )
    british = Origin(
        locale="en_GB",
        weight=_BRITISH_SHARE,
        surnames=WeightedNames(
            [
                *BritishNames.last_names.items(),
                *SURNAMES_WITH_APOSTROPHE,
                *SURNAMES_WITH_PARTICLE,
            ]
        ),
        girls=british_girls,
        boys=british_boys,
        girls_middle=WeightedNames.mixed(
            [(by_rank(MIDDLE_NAMES_GIRLS), 0.6), (british_girls, 0.4)]
        ),
        boys_middle=WeightedNames.mixed([(by_rank(MIDDLE_NAMES_BOYS), 0.6), (british_boys, 0.4)]),
        women=uniform(BritishNames.first_names_female),
        men=uniform(BritishNames.first_names_male),
    )
    return (
        british,
        *(
            _origin(locale, weight, attributes, british)
            for locale, weight, attributes in _OTHER_ORIGINS
        ),
    )


def _origin(locale: str, weight: float, surname_attributes, british: Origin) -> Origin:
    surnames = [
        name for attribute in surname_attributes for name in _locale_names(locale, attribute)
    ]
    women = uniform(_locale_names(locale, "first_names_female"))
    men = uniform(_locale_names(locale, "first_names_male"))
    share_abroad = 1.0 - _BRITISH_NAME_SHARE_ABROAD
    girls = WeightedNames.mixed([(women, share_abroad), (british.girls, 1 - share_abroad)])
    boys = WeightedNames.mixed([(men, share_abroad), (british.boys, 1 - share_abroad)])
    return Origin(
        locale=locale,
        weight=weight,
        surnames=uniform([*surnames, *_EXTRA_SURNAMES.get(locale, ())]),
        girls=girls,
        boys=boys,
        girls_middle=girls,
        boys_middle=boys,
        women=women,
        men=men,
    )


@cache
def origin_weights() -> list[float]:
    """Cumulative weights of origins(), for drawing a family's origin."""
    cumulative, total = [], 0.0
    for origin in origins():
        total += origin.weight
        cumulative.append(total)
    return cumulative
