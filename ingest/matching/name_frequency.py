"""How common each name is, for the term-frequency adjustment of exact name agreement.

Two children called Oliver Smith born on the same day are not one child because their names
agree: Oliver and Smith are common, and agreeing on them is weak evidence. Agreeing on a rare name
is strong. So the u of an exact agreement on a name is that name's share of the index
(ingest.matching.weights). The counts live in NameFrequency, refreshed in one statement from the
index's matching keys (registry_child holds no hidden data and is not under row-level security);
each chunk loads only the names it needs.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction

from ingest.matching.weights import (
    DEFAULT_FAMILY_NAME_SHARE,
    DEFAULT_GIVEN_NAME_SHARE,
    LOWEST_NAME_SHARE,
)
from ingest.models import NameFrequency

_DELETE = "DELETE FROM ingest_namefrequency"
# A first given name is the first word of the normalised given names (registry.matching_keys).
# Merged children are not candidates, so they are not counted.
_COUNT = """
INSERT INTO ingest_namefrequency (kind, name, children)
SELECT 'given', split_part(given_names_norm, ' ', 1), count(*)
FROM registry_child WHERE status <> 'merged' GROUP BY 2
UNION ALL
SELECT 'family', family_name_norm, count(*)
FROM registry_child WHERE status <> 'merged' GROUP BY 2
"""
# Every child has one first given name, so the given names' counts add up to the index.
_LOOKUP = """
SELECT frequency.kind, frequency.name, frequency.children
FROM unnest(%s::text[]) AS wanted (name)
JOIN ingest_namefrequency AS frequency ON frequency.kind = 'given' AND frequency.name = wanted.name
UNION ALL
SELECT frequency.kind, frequency.name, frequency.children
FROM unnest(%s::text[]) AS wanted (name)
JOIN ingest_namefrequency AS frequency
    ON frequency.kind = 'family' AND frequency.name = wanted.name
UNION ALL
SELECT 'total', '', coalesce(sum(children), 0) FROM ingest_namefrequency WHERE kind = 'given'
"""


@dataclass(frozen=True, slots=True)
class NameFrequencies:
    """Counts of the names one chunk needs, and the number of children they were counted over."""

    given: Mapping[str, int] = field(default_factory=dict)
    family: Mapping[str, int] = field(default_factory=dict)
    children: int = 0

    def given_name_share(self, name: str) -> float:
        return self._share(self.given.get(name), DEFAULT_GIVEN_NAME_SHARE)

    def family_name_share(self, name: str) -> float:
        return self._share(self.family.get(name), DEFAULT_FAMILY_NAME_SHARE)

    def _share(self, count: int | None, default: float) -> float:
        if not count or not self.children:
            return default
        return max(count / self.children, LOWEST_NAME_SHARE)


@transaction.atomic
def name_frequencies_refresh() -> int:
    """Count every first given name and family name in the index again; return the rows made."""
    with connection.cursor() as cursor:
        cursor.execute(_DELETE)
        cursor.execute(_COUNT)
        return cursor.rowcount


def name_frequencies_lookup(
    *, given_names: Iterable[str], family_names: Iterable[str]
) -> NameFrequencies:
    """The counts of these normalised names (first given names; family names), in one query."""
    given: dict[str, int] = {}
    family: dict[str, int] = {}
    children = 0
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, [sorted(set(given_names)), sorted(set(family_names))])
        for kind, name, count in cursor.fetchall():
            if kind == NameFrequency.Kind.GIVEN:
                given[name] = count
            elif kind == NameFrequency.Kind.FAMILY:
                family[name] = count
            else:
                children = int(count)
    return NameFrequencies(given=given, family=family, children=children)
