"""The matching form of a feed record or a candidate child: what the comparisons read.

Both sides are brought to the same shape once, so that a record compared with many children, or a
child that is a candidate for many records of a chunk, is normalised only once. Names go through
registry.matching_keys (the same keys the index is blocked on); addresses are lower-cased words
with their house and flat numbers picked out, because 'Flat 3' and 'Flat 4' of one building are
two homes however alike the rest of the line is.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar

from ingest.records import FeedRecord
from registry.matching_keys import first_name, name_normalise
from registry.search.name_similarity import SearchedName

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_NUMBERED_WORD = re.compile(r"\b[a-z]*[0-9][a-z0-9]*\b")


class ComparableCarer(NamedTuple):
    """A carer's first given name and family name, normalised. A tuple of text, which the
    garbage collector stops tracking: thousands are remembered between chunks."""

    given_first: str
    family: str


@dataclass(frozen=True, slots=True)
class Comparable:
    """One side of a comparison. Text is normalised; '' or an empty set means not known."""

    given_names: str
    given_first: str
    family_name: str
    date_of_birth: date
    gender: str
    postcode: str
    address_words: str
    address_numbers: frozenset[str]
    carers: tuple[ComparableCarer, ...]
    school_urn: str
    gp_ods_code: str
    nhs_numbers: frozenset[str]
    upns: frozenset[str]
    source_record_ids: frozenset[str]

    @property
    def outward_code(self) -> str:
        return self.postcode.split(" ", 1)[0]

    @property
    def searched_given_names(self) -> SearchedName:
        return searched_name(self.given_names)

    @property
    def searched_family_name(self) -> SearchedName:
        return searched_name(self.family_name)


_Answer = TypeVar("_Answer")


def memo_by_text(limit: int) -> Callable[[Callable[..., _Answer]], Callable[..., _Answer]]:
    """Remember a function of text arguments in one dict keyed by the joined text, forgotten
    whole when it reaches `limit` entries.

    Unlike functools.lru_cache, which keeps a linked list entry (a tracked container) per
    answer, a dict of text keys and float or bool answers is never tracked by the garbage
    collector, so a memo of a quarter of a million comparisons costs no collection time.
    """

    def decorate(function: Callable[..., _Answer]) -> Callable[..., _Answer]:
        known: dict[str, _Answer] = {}

        def remembered(*texts: str) -> _Answer:
            # The first text's length makes the key unambiguous whatever the texts hold.
            key = f"{len(texts[0])}\x1f" + "\x1f".join(texts)
            answer = known.get(key)
            if answer is None:
                if len(known) >= limit:
                    known.clear()
                answer = known[key] = function(*texts)
            return answer

        remembered.__doc__, remembered.__name__ = function.__doc__, function.__name__
        remembered.__wrapped__ = function
        remembered.cache_clear = known.clear
        return remembered

    return decorate


# A SearchedName remembers every comparison it has made (tracked dicts and tuples): only the
# names of about a chunk are kept. The comparisons' answers are remembered longer, as text.
@memo_by_text(limit=8192)
def searched_name(normalised: str) -> SearchedName:
    """One SearchedName per distinct name: it remembers every comparison it has made."""
    return SearchedName(normalised)


def address_words(*lines: str) -> str:
    return _NOT_ALPHANUMERIC.sub(" ", " ".join(lines).lower()).strip()


def address_numbers(words: str) -> frozenset[str]:
    """The words holding a digit: house, flat and building numbers ('12', '3a')."""
    return frozenset(_NUMBERED_WORD.findall(words))


@memo_by_text(limit=65536)
def comparable_carer(given_names: str, family_name: str) -> ComparableCarer:
    return ComparableCarer(first_name(name_normalise(given_names)), name_normalise(family_name))


def record_comparable(record: FeedRecord) -> Comparable:
    """A feed record in matching form. Identifiers become sets of at most one value."""
    given = name_normalise(record.given_names)
    words = address_words(record.address_line_1, record.address_line_2)
    carers = ()
    if record.has_carer:
        carers = (comparable_carer(record.carer_given_names, record.carer_family_name),)
    return Comparable(
        given_names=given,
        given_first=first_name(given),
        family_name=name_normalise(record.family_name),
        date_of_birth=record.date_of_birth,
        gender=record.gender or "U",
        postcode=record.postcode,
        address_words=words,
        address_numbers=address_numbers(words),
        carers=carers,
        school_urn=record.school_urn,
        gp_ods_code=record.gp_ods_code,
        nhs_numbers=frozenset({record.nhs_number} - {""}),
        upns=frozenset({record.upn} - {""}),
        source_record_ids=frozenset({record.record_id} - {""}),
    )


def candidate_comparable(candidate) -> Comparable:
    """A CandidateChild (ingest.matching.candidates) in matching form."""
    words = address_words(candidate.address_line_1, candidate.address_line_2)
    return Comparable(
        given_names=candidate.given_names_norm,
        given_first=first_name(candidate.given_names_norm),
        family_name=candidate.family_name_norm,
        date_of_birth=candidate.date_of_birth,
        gender=candidate.gender or "U",
        postcode=candidate.postcode,
        address_words=words,
        address_numbers=address_numbers(words),
        carers=tuple(
            comparable_carer(given_names, family_name)
            for given_names, family_name, _relationship in candidate.carers
        ),
        school_urn=candidate.school_urn,
        gp_ods_code=candidate.gp_ods_code,
        nhs_numbers=candidate.nhs_numbers,
        upns=candidate.upns,
        source_record_ids=candidate.source_record_ids,
    )
