"""How a feed record and a candidate child compare, field by field, as named levels (Splink style).

Each comparison answers with one level name from a short, ordered list: the first that holds.
Levels are what reviewers see and what the weights (ingest.matching.weights) are looked up by, so
they name what agreed and never hold a value.

Name similarity is search's (registry.search.name_similarity): Jaro-Winkler raised by an allowance
for typing errors, other forms of a given name (Bill for William), a family name that is one half
of a double-barrelled one. It is taken both ways, the record's name against the child's and the
child's against the record's, because the search measures ask whether a typed name fits a stored
one, and here either side may hold the longer name.
"""

from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from ingest.matching.comparable import Comparable, ComparableCarer, memo_by_text, searched_name
from registry.search.name_similarity import sound_of
from registry.search.name_variants import name_variants

FIELDS = (
    "given_names",
    "family_name",
    "date_of_birth",
    "gender",
    "address",
    "carers",
    "school",
    "gp_practice",
    "nhs_number",
    "upn",
    "source_record",
)
# Name similarity at or above CLOSE: one typing error, a nickname, Jaro-Winkler 0.9 or more.
CLOSE = 0.9
# At or above SIMILAR: two typing errors, a sibling form (Liz and Ellie), the same sound.
SIMILAR = 0.8
# Jaro-Winkler below which two words are far apart (names_far_apart).
FAR_APART = 0.7
# rapidfuzz token_set_ratio (0 to 100) at or above which two address lines are one home's.
SAME_ADDRESS_LINES = 85

EXACT, CLOSE_LEVEL, SIMILAR_LEVEL, SWAPPED = "exact", "close", "similar", "swapped"
DIFFERENT, MISSING, AGREE, DISAGREE = "different", "missing", "agree", "disagree"


def levels_compare(*, record: Comparable, child: Comparable) -> dict[str, str]:
    """Every field's level, in FIELDS order."""
    given, family = names_compare(record=record, child=child)
    return {
        "given_names": given,
        "family_name": family,
        "date_of_birth": date_of_birth_compare(record=record, child=child),
        "gender": gender_compare(record=record, child=child),
        "address": address_compare(record=record, child=child),
        "carers": carers_compare(record=record, child=child),
        "school": value_compare(record.school_urn, child.school_urn),
        "gp_practice": value_compare(record.gp_ods_code, child.gp_ods_code),
        "nhs_number": identifier_compare(record.nhs_numbers, child.nhs_numbers),
        "upn": identifier_compare(record.upns, child.upns),
        "source_record": identifier_compare(record.source_record_ids, child.source_record_ids),
    }


def names_compare(*, record: Comparable, child: Comparable) -> tuple[str, str]:
    """Given and family name levels; both 'swapped' when each name is the other's."""
    given = _name_level(
        record.given_names,
        child.given_names,
        exact=record.given_first == child.given_first,
        similarity=given_name_similarity,
    )
    family = _name_level(
        record.family_name,
        child.family_name,
        exact=record.family_name == child.family_name,
        similarity=family_name_similarity,
    )
    if given in (EXACT, CLOSE_LEVEL) or family in (EXACT, CLOSE_LEVEL):
        return given, family
    if _names_swapped(record, child):
        return SWAPPED, SWAPPED
    return given, family


def _name_level(
    record_name: str, child_name: str, *, exact: bool, similarity: Callable[[str, str], float]
) -> str:
    if not record_name or not child_name:
        return MISSING
    if exact:
        return EXACT
    if names_far_apart(record_name, child_name):
        return DIFFERENT
    alike = similarity(record_name, child_name)
    if alike >= CLOSE:
        return CLOSE_LEVEL
    return SIMILAR_LEVEL if alike >= SIMILAR else DIFFERENT


@memo_by_text(limit=262144)
def names_far_apart(one: str, other: str) -> bool:
    """A quick proof that two names are below SIMILAR both ways in search's measures.

    Those measures take, word by word, the best of Jaro-Winkler, an allowance for up to two
    typing errors, another form of a given name and the same sound, and the whole name without
    spaces with typing errors only. So when every word of one is far from every word of the other
    on all of these, and the names without spaces are more than two errors apart, neither measure
    can reach SIMILAR. Most candidates' names are this far from the record's, and the full
    measures are then not needed.
    """
    if OSA.distance(one.replace(" ", ""), other.replace(" ", ""), score_cutoff=2) <= 2:
        return False
    return not any(
        _words_near(word, other_word) for word in one.split() for other_word in other.split()
    )


def _words_near(word: str, other_word: str) -> bool:
    return (
        JaroWinkler.normalized_similarity(word, other_word) >= FAR_APART
        or OSA.distance(word, other_word, score_cutoff=2) <= 2
        or sound_of(word) == sound_of(other_word)
        or other_word in name_variants(word)
        or word in name_variants(other_word)
    )


@memo_by_text(limit=262144)
def given_name_similarity(one: str, other: str) -> float:
    """Search's given-name measure, both ways round: names in any order, nicknames."""
    forward = searched_name(one).similarity_to_given_names(other)
    if forward >= CLOSE:
        return forward
    return max(forward, searched_name(other).similarity_to_given_names(one))


@memo_by_text(limit=262144)
def family_name_similarity(one: str, other: str) -> float:
    """Search's family-name measure, both ways round: either may be one half of the other."""
    forward = searched_name(one).similarity_to_family_name(other)
    if forward >= CLOSE:
        return forward
    return max(forward, searched_name(other).similarity_to_family_name(one))


def _names_swapped(record: Comparable, child: Comparable) -> bool:
    if not (record.given_names and record.family_name and child.given_names and child.family_name):
        return False
    return (
        not names_far_apart(record.given_first, child.family_name)
        and not names_far_apart(record.family_name, child.given_first)
        and family_name_similarity(record.given_first, child.family_name) >= CLOSE
        and given_name_similarity(record.family_name, child.given_first) >= CLOSE
    )


def date_of_birth_compare(*, record: Comparable, child: Comparable) -> str:
    born, child_born = record.date_of_birth, child.date_of_birth
    if born == child_born:
        return EXACT
    if (born.year, born.month, born.day) == (child_born.year, child_born.day, child_born.month):
        return "day_month_swapped"
    same_parts = max(
        (born.year == child_born.year)
        + (born.month == child_born.month)
        + (born.day == child_born.day),
        # A US-style date with a typing error as well.
        (born.year == child_born.year)
        + (born.day == child_born.month)
        + (born.month == child_born.day),
    )
    return "one_part_differs" if same_parts == 2 else DIFFERENT


def gender_compare(*, record: Comparable, child: Comparable) -> str:
    """Male against female disagrees. 'Other' against either is how one child's recorded gender
    can differ between sources, so it says nothing either way, as 'not specified' does."""
    if record.gender == child.gender:
        return "unknown" if record.gender == "U" else AGREE
    if {record.gender, child.gender} == {"M", "F"}:
        return DISAGREE
    return "unknown"


def address_compare(*, record: Comparable, child: Comparable) -> str:
    """The current address: postcode, then house and flat numbers and the words of the lines."""
    if not record.postcode or not child.postcode:
        return MISSING
    if record.postcode == child.postcode:
        if _same_home(record, child):
            return "same_address"
        return "same_postcode"
    if record.outward_code == child.outward_code:
        return "same_outward_code"
    return DIFFERENT


def _same_home(record: Comparable, child: Comparable) -> bool:
    if not record.address_words or not child.address_words:
        return False
    if record.address_numbers != child.address_numbers:
        return False
    ratio = fuzz.token_set_ratio(record.address_words, child.address_words)
    return ratio >= SAME_ADDRESS_LINES


def carers_compare(*, record: Comparable, child: Comparable) -> str:
    """The record's carer against each of the child's current carers: the best agreement."""
    if not record.carers or not child.carers:
        return MISSING
    best = DIFFERENT
    for carer in record.carers:
        for child_carer in child.carers:
            level = _carer_level(carer, child_carer)
            if level == "same_name":
                return level
            if level == "similar_name":
                best = level
    return best


def _carer_level(carer: ComparableCarer, child_carer: ComparableCarer) -> str:
    if not carer.given_first or not carer.family:
        # Only one of the carer's names: too common a thing to share to count either way.
        return DIFFERENT
    if (carer.given_first, carer.family) == (child_carer.given_first, child_carer.family):
        return "same_name"
    if not child_carer.given_first or not child_carer.family:
        return DIFFERENT
    if names_far_apart(carer.given_first, child_carer.given_first):
        return DIFFERENT
    close = (
        given_name_similarity(carer.given_first, child_carer.given_first) >= CLOSE
        and family_name_similarity(carer.family, child_carer.family) >= CLOSE
    )
    return "similar_name" if close else DIFFERENT


def value_compare(record_value: str, child_value: str) -> str:
    if not record_value or not child_value:
        return MISSING
    return AGREE if record_value == child_value else DISAGREE


def identifier_compare(record_values: frozenset[str], child_values: frozenset[str]) -> str:
    if not record_values or not child_values:
        return MISSING
    return AGREE if record_values & child_values else DISAGREE
