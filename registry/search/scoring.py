"""Score a candidate child against the criteria, and say whether it is a strong or a possible match.

Each field searched on gets a similarity from 0 to 1 (names: name_similarity; date of birth: 1 the
same day or within a partial date, 0.85 with day and month swapped, 0.5 one digit out; postcode:
1 if any address of the child has it, else 0). A field *agrees* when its similarity reaches
AGREES_AT. The score is the weighted mean of the similarities (WEIGHTS, after Splink's
comparison levels, but as a plain mean that a person can follow).

- A child is returned only if the fields that agree are on their own enough to search by (the
  minimum criteria): a child whose postcode differs is still found by name and date of birth,
  but one whose only agreeing fields are a given name and a date of birth is not.
- The match is *strong* when every field searched on is close (CLOSE_AT: each name exact, or a
  typing error, a nickname, a reordering or a swap away; the date of birth exact or with day and
  month swapped; the postcode the same) and the score is at least STRONG_SCORE: the exact match,
  or a near one. Otherwise it is *possible*: two typing errors in a short name, a name that only
  sounds the same, a date one digit out, another postcode, or several things forgiven at once.

Given and family names typed the wrong way round are tried both ways; the swapped reading counts
a little less (SWAPPED_NAMES).
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from registry.matching_keys import name_normalise
from registry.search.criteria import (
    DATE_OF_BIRTH,
    ENOUGH_WITH_FULL_DATE,
    ENOUGH_WITH_PARTIAL_DATE,
    FAMILY_NAME,
    GIVEN_NAMES,
    POSTCODE,
    SearchCriteria,
)
from registry.search.name_similarity import SearchedName
from registry.search.partial_date import PartialDate

Band = Literal["strong", "possible"]
STRONG: Band = "strong"
POSSIBLE: Band = "possible"

WEIGHTS = {GIVEN_NAMES: 3.0, FAMILY_NAME: 4.0, DATE_OF_BIRTH: 3.0, POSTCODE: 1.0}
NAME_AGREES = 0.8
AGREES_AT = {GIVEN_NAMES: NAME_AGREES, FAMILY_NAME: NAME_AGREES, DATE_OF_BIRTH: 0.5, POSTCODE: 1.0}
CLOSE_AT = {GIVEN_NAMES: 0.88, FAMILY_NAME: 0.88, DATE_OF_BIRTH: 0.85, POSTCODE: 1.0}
STRONG_SCORE = 0.9
SWAPPED_NAMES = 0.95
DAY_AND_MONTH_SWAPPED = 0.85
ONE_DIGIT_OUT = 0.5


@dataclass(frozen=True)
class Match:
    score: float
    band: Band


FIELDS = (GIVEN_NAMES, FAMILY_NAME, DATE_OF_BIRTH, POSTCODE)


class CandidateScorer:
    """Scores many candidates against one set of criteria, remembering each name it has compared.

    Hundreds or thousands of candidates go through `match` per search, so it works on tuples in
    FIELDS order and on bit masks of the fields that agree, rather than on sets and dicts.
    """

    def __init__(self, criteria: SearchCriteria):
        fields_used = criteria.fields_used
        self.given = SearchedName(name_normalise(criteria.given_names))
        self.family = SearchedName(name_normalise(criteria.family_name))
        self.uses_postcode = POSTCODE in fields_used
        self.date_of_birth: PartialDate = criteria.date_of_birth
        self.first_day, self.last_day = self.date_of_birth.first_day, self.date_of_birth.last_day
        self.date_swapped = self.date_of_birth.day_month_swapped()
        enough = ENOUGH_WITH_FULL_DATE if self.date_of_birth.is_full else ENOUGH_WITH_PARTIAL_DATE
        self.enough_masks = [_mask(fields) for fields in enough if fields <= fields_used]
        self.total_weight = sum(WEIGHTS[field] for field in fields_used)
        both_names = _mask(frozenset({GIVEN_NAMES, FAMILY_NAME}))
        self.both_names_needed = all(mask & both_names == both_names for mask in self.enough_masks)

    def match(
        self, *, given_names_norm: str, family_name_norm: str, born: date, at_postcode: bool
    ) -> Match | None:
        """How well one child matches, or None if it should not be shown at all."""
        if self.both_names_needed:
            names = self._names_both_agreeing(given_names_norm, family_name_norm)
            if names is None:
                return None
            given, family = names
        else:
            given, family = self._name_similarities(given_names_norm, family_name_norm)
        postcode = (1.0 if at_postcode else 0.0) if self.uses_postcode else None
        similarities = (given, family, self._date_similarity(born), postcode)
        agreeing, weighted, close = 0, 0.0, True
        for bit, field, value in zip(_BITS, FIELDS, similarities, strict=True):
            if value is None:
                continue
            weighted += WEIGHTS[field] * value
            if value >= AGREES_AT[field]:
                agreeing |= bit
            close = close and value >= CLOSE_AT[field]
        if not any(agreeing & enough == enough for enough in self.enough_masks):
            return None
        score = weighted / self.total_weight
        return Match(
            score=round(score, 4), band=STRONG if close and score >= STRONG_SCORE else POSSIBLE
        )

    def _name_similarities(
        self, given_names_norm: str, family_name_norm: str
    ) -> tuple[float | None, float | None]:
        """(given, family) similarities, read the way round that fits the child better."""
        given = self.given.similarity_to_given_names(given_names_norm) if self.given else None
        family = self.family.similarity_to_family_name(family_name_norm) if self.family else None
        if given is None or family is None or min(given, family) >= SWAPPED_NAMES:
            return given, family
        given_swapped = SWAPPED_NAMES * self.given.similarity_to_family_name(family_name_norm)
        family_swapped = SWAPPED_NAMES * self.family.similarity_to_given_names(given_names_norm)
        if _names_weighted(given_swapped, family_swapped) > _names_weighted(given, family):
            return given_swapped, family_swapped
        return given, family

    def _names_both_agreeing(
        self, given_names_norm: str, family_name_norm: str
    ) -> tuple[float, float] | None:
        """As _name_similarities, when a child is shown only if both names agree: most candidates
        fail on one name, so this gives up on a child as soon as each reading has failed."""
        given = self.given.similarity_to_given_names(given_names_norm)
        family = 0.0
        if given >= NAME_AGREES:
            family = self.family.similarity_to_family_name(family_name_norm)
        straight = (given, family) if min(given, family) >= NAME_AGREES else None
        if straight and min(straight) >= SWAPPED_NAMES:
            return straight
        family_swapped = SWAPPED_NAMES * self.family.similarity_to_given_names(given_names_norm)
        if family_swapped < NAME_AGREES:
            return straight
        given_swapped = SWAPPED_NAMES * self.given.similarity_to_family_name(family_name_norm)
        if given_swapped < NAME_AGREES:
            return straight
        if straight and _names_weighted(*straight) >= _names_weighted(
            given_swapped, family_swapped
        ):
            return straight
        return given_swapped, family_swapped

    def _date_similarity(self, born: date) -> float:
        if self.first_day <= born <= self.last_day:
            return 1.0
        if not self.date_of_birth.is_full:
            return 0.0
        if born == self.date_swapped:
            return DAY_AND_MONTH_SWAPPED
        if _digits_apart(born, self.first_day) == 1:
            return ONE_DIGIT_OUT
        return 0.0


_BITS = tuple(1 << position for position in range(len(FIELDS)))


def _mask(fields: frozenset[str]) -> int:
    return sum(bit for bit, field in zip(_BITS, FIELDS, strict=True) if field in fields)


def _names_weighted(given: float, family: float) -> float:
    return WEIGHTS[GIVEN_NAMES] * given + WEIGHTS[FAMILY_NAME] * family


def _digits_apart(first: date, second: date) -> int:
    return sum(a != b for a, b in zip(f"{first:%Y%m%d}", f"{second:%Y%m%d}", strict=True))
