"""Blocking: the few children worth scoring, fetched through indexes, never by reading the table.

- A full date of birth: the children born that day or on the day with day and month swapped
  (index `child_dob`; about 150 a day in a million children).
- A partial date of birth (both names are then given): the children born in that year or month
  whose family name sounds like one of the names typed (`child_family_phon_ym`), or whose first
  given name sounds like one of them or a variant of one (`child_given_phon_dob`). Either name may
  then be mistyped, and the two may be swapped.
- A postcode adds the children with an address there (`address_postcode`), so that a mistyped
  date of birth is still found by names and postcode.

Only the matching keys come back; the children shown are fetched whole afterwards.
"""

from datetime import date
from typing import NamedTuple

from django.db.models import Q

from registry.matching_keys import name_normalise, name_phonetic
from registry.search.criteria import SearchCriteria
from registry.search.name_variants import name_variants


class Candidate(NamedTuple):
    id: int
    given_names_norm: str
    family_name_norm: str
    date_of_birth: date


CANDIDATE_FIELDS = Candidate._fields


def children_at_postcode(*, addresses, postcode: str) -> frozenset[int]:
    """Ids of the children with an address (current or past) at `postcode`."""
    return frozenset(addresses.filter(postcode=postcode).values_list("child_id", flat=True))


def demographic_candidates(
    *, children, criteria: SearchCriteria, at_postcode: frozenset[int]
) -> list[Candidate]:
    wanted = criteria.date_of_birth
    if wanted.is_full:
        days = [day for day in (wanted.first_day, wanted.day_month_swapped()) if day]
        blocks = Q(date_of_birth__in=days)
    else:
        blocks = _partial_date_blocks(criteria)
    if at_postcode:
        blocks |= Q(pk__in=sorted(at_postcode))
    rows = children.filter(blocks).values_list(*CANDIDATE_FIELDS)
    return [Candidate(*row) for row in rows]


def _partial_date_blocks(criteria: SearchCriteria) -> Q:
    wanted = criteria.date_of_birth
    family_sounds, given_sounds = blocking_sounds(
        given_names=name_normalise(criteria.given_names),
        family_name=name_normalise(criteria.family_name),
    )
    born_in = Q(birth_year=wanted.year)
    if wanted.month:
        born_in &= Q(birth_month=wanted.month)
    return Q(born_in, family_name_phonetic__in=sorted(family_sounds)) | Q(
        given_name_phonetic__in=sorted(given_sounds),
        date_of_birth__range=(wanted.first_day, wanted.last_day),
    )


def blocking_sounds(*, given_names: str, family_name: str) -> tuple[set[str], set[str]]:
    """The phonetic codes to look up children's family names and first given names by.

    Each name is also looked for in the other's place, for names typed the wrong way round.
    """
    given_words, family_words = given_names.split(), family_name.split()
    whole_names = {name_phonetic(given_names), name_phonetic(family_name)}
    family_sounds = whole_names | {name_phonetic(word) for word in given_words + family_words}
    given_sounds = {
        name_phonetic(name_normalise(form))
        for word in given_words + family_words
        for form in (word, *name_variants(word))
    }
    return family_sounds - {""}, given_sounds - {""}
