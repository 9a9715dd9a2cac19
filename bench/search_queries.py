"""The benchmark's query mix: realistic searches, each made from one real child in the index.

Each query knows the child it was made from, so that the benchmark can tell whether a forgiving
search still found that child. The same seed gives the same queries from the same population.
"""

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from random import Random

from django.utils import timezone

from registry.matching_keys import name_normalise
from registry.search.name_variants import DIRECT_VARIANT, name_variants

EXACT = "exact"
ONE_TYPO = "one typo"
NICKNAME = "nickname"
DAY_MONTH_SWAPPED = "day and month swapped"
PARTIAL_DATE = "partial date of birth"
WITH_POSTCODE = "with a postcode"
KINDS = (EXACT, ONE_TYPO, NICKNAME, DAY_MONTH_SWAPPED, PARTIAL_DATE, WITH_POSTCODE)
# The kinds that forgive a mistake, whose recall the target is set on.
FORGIVING_KINDS = (ONE_TYPO, NICKNAME, DAY_MONTH_SWAPPED)
_MONTHS = 12


@dataclass(frozen=True)
class SampledChild:
    id: int
    given_names: str
    family_name: str
    date_of_birth: object
    postcode: str


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    fields: dict[str, str]
    child_id: int


def query_mix(rng: Random, children: Iterator[SampledChild], per_kind: int) -> list[BenchQuery]:
    """`per_kind` queries of each kind, shuffled; children that cannot make a kind are skipped."""
    makers: dict[str, Callable[[Random, SampledChild], dict[str, str] | None]] = {
        EXACT: _exact,
        ONE_TYPO: _one_typo,
        NICKNAME: _nickname,
        DAY_MONTH_SWAPPED: _day_month_swapped,
        PARTIAL_DATE: _partial_date,
        WITH_POSTCODE: _with_postcode,
    }
    queries: list[BenchQuery] = []
    wanted = {kind: per_kind for kind in KINDS}
    for child in children:
        for kind, maker in makers.items():
            if wanted[kind] and (fields := maker(rng, child)):
                queries.append(BenchQuery(kind=kind, fields=fields, child_id=child.id))
                wanted[kind] -= 1
                break
        if not any(wanted.values()):
            break
    rng.shuffle(queries)
    return queries


def _names(child: SampledChild) -> dict[str, str]:
    return {"given_names": child.given_names, "family_name": child.family_name}


def _exact(rng: Random, child: SampledChild) -> dict[str, str]:
    return {**_names(child), "date_of_birth": child.date_of_birth.isoformat()}


def _one_typo(rng: Random, child: SampledChild) -> dict[str, str]:
    """One letter changed, missed, added, or two swapped, in the first given name or the family name."""
    fields = _exact(rng, child)
    field = rng.choice(["given_names", "family_name"])
    words = name_normalise(fields[field]).split()
    word = words[0] if field == "given_names" else " ".join(words)
    typo = word
    while name_normalise(typo) == word:
        typo = typo_make(rng, word)
    fields[field] = " ".join([typo, *words[1:]]) if field == "given_names" else typo
    return fields


def typo_make(rng: Random, word: str) -> str:
    position = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    edit = rng.choice(["change", "miss", "add", "swap"])
    if edit == "change":
        return word[:position] + letter + word[position + 1 :]
    if edit == "miss" and len(word) > 1:
        return word[:position] + word[position + 1 :]
    if edit == "swap" and position < len(word) - 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + letter + word[position:]


def _nickname(rng: Random, child: SampledChild) -> dict[str, str] | None:
    """The first given name replaced by another form of it (William -> Bill), where it has one."""
    first, *others = name_normalise(child.given_names).split()
    forms = sorted(
        form for form, closeness in name_variants(first).items() if closeness == DIRECT_VARIANT
    )
    if not forms:
        return None
    fields = _exact(rng, child)
    fields["given_names"] = " ".join([rng.choice(forms), *others])
    return fields


def _day_month_swapped(rng: Random, child: SampledChild) -> dict[str, str] | None:
    """The date typed with day and month the wrong way round, where that is a past date."""
    born = child.date_of_birth
    if born.day > _MONTHS or born.day == born.month:
        return None
    typed = born.replace(month=born.day, day=born.month)
    if typed > timezone.localdate():
        return None
    return {**_names(child), "date_of_birth": typed.isoformat()}


def _partial_date(rng: Random, child: SampledChild) -> dict[str, str]:
    born = child.date_of_birth
    partial = f"{born:%Y-%m}" if rng.random() < 0.5 else str(born.year)
    return {**_names(child), "date_of_birth": partial}


def _with_postcode(rng: Random, child: SampledChild) -> dict[str, str] | None:
    """One name, the date of birth and the postcode: the two other minimum criteria."""
    if not child.postcode:
        return None
    name = rng.choice(["given_names", "family_name"])
    return {
        name: getattr(child, name),
        "date_of_birth": child.date_of_birth.isoformat(),
        "postcode": child.postcode,
    }
