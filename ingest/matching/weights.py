"""The m and u probabilities behind each comparison level, and the match weight made from them.

Fellegi-Sunter, as Splink does it: for each field, m is the chance of the level when the record
and the candidate are the same child, u when they are not; the level adds log2(m / u) bits. The
values below are reasoned priors, not fitted (there is no labelled national data to fit them to);
bench/match_quality.py measures what they give. The match weight also holds the prior odds that a
record is one particular child of the index, 1 in N, so that it reads as the log2 odds that the
record is this child: 10 means about 1,000 to 1 on.

A second alternative: a sibling. Plain Fellegi-Sunter weighs "the same child" against "an unrelated
child" and treats the fields as independent. But a twin shares a family name, a date of birth, a
home, carers, a GP and a school, and against an unrelated child each of those is strong evidence:
added up, a twin would out-score the threshold on everything but the one field that tells them
apart. So each candidate is also weighed against "a sibling in the same home", for whom the
family's fields (family name, address, carers, school, GP) agree as often as for the child, and
only the given names, the date of birth, the gender and the identifiers tell the two apart (the
`sibling` column). The match weight combines both alternatives:

    match_weight = -log2(2^-unrelated + 2^-sibling)

so it is never more than either. (Before any comparison a candidate is about as likely to be a
sibling of the record's child as the child itself, so the sibling alternative has no prior.)
Twins with different given names stay below auto-match however much else they share.

Household fields are dependent on each other even for unrelated children: neighbours share a
postcode, a school and a GP; a family that moves changes all of them at once. So within the
household group (address, carers, school, GP) the strongest agreement and the strongest
disagreement count in full, and every other level a quarter of its weight.

| field         | level             |      m | u                         | sibling |
|---------------|-------------------|-------:|---------------------------|--------:|
| given_names   | exact             |  0.88  | share of children with that first given name (TF) | 0.002 |
|               | close             |  0.07  | 0.01                      |   0.005 |
|               | similar           |  0.025 | 0.03                      |    0.03 |
|               | swapped           |  0.004 | TF of the child's first given name |  0.0001 |
|               | different         |  0.021 | 0.96                      |    0.91 |
| family_name   | exact             |  0.85  | share of children with that family name (TF) | = m |
|               | close             |  0.05  | 0.004                     |     = m |
|               | similar           |  0.02  | 0.02                      |     = m |
|               | swapped           |  1.0** | TF of the child's family name |  = m |
|               | different         |  0.08  | 0.97                      |     = m |
| date_of_birth | exact             |  0.95  | 1/6,575 (a day in 18 years) |  0.03 |
|               | day_month_swapped |  0.01  | 1/6,575                   |  0.0005 |
|               | one_part_differs  |  0.03  | 0.0173 (114 days share two parts*) |   0.005 |
|               | different         |  0.01  | 0.991                     |   0.965 |
| gender        | agree             |  0.96  | 0.5                       |     0.5 |
|               | disagree          |  0.015 | 0.5                       |     0.5 |
| address       | same_address      |  0.80  | 0.00001                   |     = m |
|               | same_postcode     |  0.04  | 0.0001                    |     = m |
|               | same_outward_code |  0.05  | 0.003                     |     = m |
|               | different         |  0.11  | 0.997                     |     = m |
| carers        | same_name         |  0.70  | 0.0001                    |     = m |
|               | similar_name      |  0.10  | 0.001                     |     = m |
|               | different         |  0.20  | 0.999                     |     = m |
| school        | agree / disagree  | 0.80 / 0.20 | 0.01 / 0.99          |     = m |
| gp_practice   | agree / disagree  | 0.85 / 0.15 | 0.01 / 0.99          |     = m |
| nhs_number    | agree / disagree  | 0.995 / 0.005 | 1e-7 / 1             |     = u |
| upn           | agree / disagree  | 0.98 / 0.02 | 1e-6 / 1               |     = u |
| source_record | agree / disagree  | 0.99 / 0.02 | 1e-7 / 1               |     = u |

Reasons, briefly. Given names: 0.88 exact allows for typing errors, nicknames and names used in
another order; a completely different first name (0.021) is mostly a child known by another name.
Siblings almost never share a first name (0.002), and seldom have names a typing error or a
nickname apart (0.005), though alike names (Oliver and Olivia) are less rare (0.03). Family names
change more often (0.08: parents marry or part, step-families, double-barrelling). Dates of birth:
0.95 exact, with US-style day-month swaps (0.01) and typing errors (0.03); a sibling shares the day
only as a twin (0.03). Gender agrees for the same child but for a sibling only by chance.
Addresses: about 10% of children move in a year; u is raised well above a random home's odds,
because blocking brings neighbours. School and GP u (0.01) are a candidate's chance of sharing
them, again raised for the locality that blocking brings. Identifiers: a number recorded against
the wrong child is rare; UPNs are reissued more often than NHS numbers. *Two of year, month and day
agree, directly or with day and month swapped. **A swap is one event: its m is counted once, on the
given name. Missing and unknown levels weigh nothing (m = u). The TF share has a floor of 1 in
100,000 (a name written differently is still not unique) and, for a name not yet counted, defaults
to the average chance that two children share a first name (0.005) or a family name (0.002).
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LevelProbabilities:
    """m and u of one level. u None: the name's frequency. sibling None: as m (cancels)."""

    m: float
    u: float | None
    sibling: float | None = None


L = LevelProbabilities
# The chance that two children share a first given name, or a family name, when a name's own
# frequency is not known (the sum of the squared shares of the names, for England's children).
DEFAULT_GIVEN_NAME_SHARE = 0.005
DEFAULT_FAMILY_NAME_SHARE = 0.002
LOWEST_NAME_SHARE = 0.00001
# The prior never assumes a smaller index than this: in a new or test index every record would
# otherwise look likely to be one of the few children already there.
SMALLEST_INDEX_FOR_PRIOR = 1_000_000
HOUSEHOLD_FIELDS = frozenset({"address", "carers", "school", "gp_practice"})
HOUSEHOLD_OTHER_LEVELS_SHARE = 0.25
DAYS_IN_EIGHTEEN_YEARS = 6575

LEVELS: dict[str, dict[str, LevelProbabilities]] = {
    "given_names": {
        "exact": L(0.88, None, 0.002),
        "close": L(0.07, 0.01, 0.005),
        "similar": L(0.025, 0.03, 0.03),
        "swapped": L(0.004, None, 0.0001),
        "different": L(0.021, 0.96, 0.91),
    },
    "family_name": {
        "exact": L(0.85, None),
        "close": L(0.05, 0.004),
        "similar": L(0.02, 0.02),
        "swapped": L(1.0, None),
        "different": L(0.08, 0.97),
    },
    "date_of_birth": {
        "exact": L(0.95, 1 / DAYS_IN_EIGHTEEN_YEARS, 0.03),
        "day_month_swapped": L(0.01, 1 / DAYS_IN_EIGHTEEN_YEARS, 0.0005),
        "one_part_differs": L(0.03, 114 / DAYS_IN_EIGHTEEN_YEARS, 0.005),
        "different": L(0.01, 0.991, 0.965),
    },
    "gender": {
        "agree": L(0.96, 0.5, 0.5),
        "disagree": L(0.015, 0.5, 0.5),
    },
    "address": {
        "same_address": L(0.80, 0.00001),
        "same_postcode": L(0.04, 0.0001),
        "same_outward_code": L(0.05, 0.003),
        "different": L(0.11, 0.997),
    },
    "carers": {
        "same_name": L(0.70, 0.0001),
        "similar_name": L(0.10, 0.001),
        "different": L(0.20, 0.999),
    },
    "school": {"agree": L(0.80, 0.01), "disagree": L(0.20, 0.99)},
    "gp_practice": {"agree": L(0.85, 0.01), "disagree": L(0.15, 0.99)},
    "nhs_number": {"agree": L(0.995, 1e-7, 1e-7), "disagree": L(0.005, 1.0, 1.0)},
    "upn": {"agree": L(0.98, 1e-6, 1e-6), "disagree": L(0.02, 1.0, 1.0)},
    "source_record": {"agree": L(0.99, 1e-7, 1e-7), "disagree": L(0.02, 1.0, 1.0)},
}


@dataclass(frozen=True, slots=True)
class LevelWeight:
    """One level's bits against each alternative: an unrelated child, and a sibling."""

    unrelated: float
    sibling: float


NEUTRAL = LevelWeight(0.0, 0.0)


def level_weight(*, field: str, level: str, name_share: float | None = None) -> LevelWeight:
    """A level's weight; `name_share` is the TF u of a level whose u is a name's frequency."""
    fixed = FIXED_WEIGHTS.get((field, level))
    if fixed is not None:
        return fixed
    probabilities = LEVELS.get(field, {}).get(level)
    if probabilities is None or name_share is None:
        return NEUTRAL  # missing, unknown: no evidence either way
    return _weight(probabilities, name_share)


def _weight(probabilities: LevelProbabilities, u: float) -> LevelWeight:
    sibling = probabilities.sibling if probabilities.sibling is not None else probabilities.m
    return LevelWeight(
        unrelated=math.log2(probabilities.m / u),
        sibling=math.log2(probabilities.m / sibling),
    )


# Every level whose u is fixed, weighed once: (field, level) -> LevelWeight.
FIXED_WEIGHTS = {
    (field, level): _weight(probabilities, probabilities.u)
    for field, levels in LEVELS.items()
    for level, probabilities in levels.items()
    if probabilities.u is not None
}


def prior_weight(children_in_index: int) -> float:
    """log2 of the prior odds that a record is one given child of the index."""
    return -math.log2(max(children_in_index, SMALLEST_INDEX_FOR_PRIOR))


def household_weight(weights: list[float]) -> float:
    """The household group: strongest agreement and disagreement in full, the rest a quarter."""
    agreements = [weight for weight in weights if weight > 0]
    disagreements = [weight for weight in weights if weight < 0]
    total = 0.0
    if agreements:
        strongest = max(agreements)
        total += strongest + HOUSEHOLD_OTHER_LEVELS_SHARE * (sum(agreements) - strongest)
    if disagreements:
        strongest = min(disagreements)
        total += strongest + HOUSEHOLD_OTHER_LEVELS_SHARE * (sum(disagreements) - strongest)
    return total


def match_weight(*, unrelated: float, sibling: float) -> float:
    """log2 odds of the same child against either alternative: -log2(2^-a + 2^-b)."""
    low, high = sorted((unrelated, sibling))
    return low - math.log2(1 + 2 ** (low - high))
