"""The children a benchmark feed is made from, read from the index with everything a feed carries.

Reads go through the database as the app role, inside one transaction in the matching scope: the
feed describes shielded children too, and their addresses, carers, settings and practices are
visible to nothing else. This reads made-up children into a file the benchmark gives only to the
matcher, which is what the matching scope is for.
"""

from collections.abc import Iterator, Sequence
from datetime import date
from typing import NamedTuple

from django.db import connection, transaction

from shielding.database_scope import matching_scope

_READ_SLICE = 10_000

# One row per child: its open address, its first carer (one with parental responsibility
# first, as a child benefit claimant is), its NHS number and UPN, its open setting and practice.
_CHILDREN_SQL = """
SELECT c.id, c.given_names, c.family_name, c.gender, c.date_of_birth,
       coalesce(a.line_1, ''), coalesce(a.line_2, ''), coalesce(a.town, ''),
       coalesce(a.postcode, ''),
       coalesce(nhs.value, ''), coalesce(upn.value, ''),
       coalesce(carer.given_names, ''), coalesce(carer.family_name, ''),
       coalesce(carer.relationship, ''), coalesce(carer.phone, ''),
       coalesce(setting.urn, ''), enrolment.started_on, coalesce(practice.ods_code, '')
FROM registry_child c
LEFT JOIN registry_address a ON a.child_id = c.id AND a.ended_on IS NULL
LEFT JOIN LATERAL (
    SELECT value FROM registry_externalidentifier
    WHERE child_id = c.id AND scheme = 'nhs_number' ORDER BY id LIMIT 1
) nhs ON true
LEFT JOIN LATERAL (
    SELECT value FROM registry_externalidentifier
    WHERE child_id = c.id AND scheme = 'upn' ORDER BY id LIMIT 1
) upn ON true
LEFT JOIN LATERAL (
    SELECT given_names, family_name, relationship, phone FROM registry_carer
    WHERE child_id = c.id AND ended_on IS NULL
    ORDER BY parental_responsibility DESC, id LIMIT 1
) carer ON true
LEFT JOIN registry_settingenrolment enrolment
    ON enrolment.child_id = c.id AND enrolment.ended_on IS NULL
LEFT JOIN registry_educationalsetting setting ON setting.id = enrolment.setting_id
LEFT JOIN registry_gpregistration registration
    ON registration.child_id = c.id AND registration.ended_on IS NULL
LEFT JOIN registry_gppractice practice ON practice.id = registration.practice_id
WHERE c.id = ANY(%s)
"""


class IndexedChild(NamedTuple):
    """A child as the index holds it, in the feed's terms ('' for what it does not hold)."""

    child_id: int
    given_names: str
    family_name: str
    gender: str
    date_of_birth: date
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    nhs_number: str
    upn: str
    carer_given_names: str
    carer_family_name: str
    carer_relationship: str
    carer_phone: str
    school_urn: str
    school_start_date: date | None
    gp_ods_code: str


class PopulationIds(NamedTuple):
    """The ids of the index's active children, split by whether an active order shields them."""

    unshielded: list[int]
    shielded: list[int]
    newest_birth: date


def population_ids() -> PopulationIds:
    """Sorted, so that a seeded draw from them is the same draw on every run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT child_id FROM shielding_shieldingorder WHERE active")
        shielded = {child_id for (child_id,) in cursor.fetchall()}
        cursor.execute("SELECT id FROM registry_child WHERE status = 'active' ORDER BY id")
        active = [child_id for (child_id,) in cursor.fetchall()]
        cursor.execute("SELECT max(date_of_birth) FROM registry_child")
        (newest_birth,) = cursor.fetchone()
    return PopulationIds(
        unshielded=[child_id for child_id in active if child_id not in shielded],
        shielded=[child_id for child_id in active if child_id in shielded],
        newest_birth=newest_birth,
    )


def indexed_children(child_ids: Sequence[int]) -> dict[int, IndexedChild]:
    """The children with these ids, keyed by id."""
    children = {}
    with transaction.atomic(), matching_scope(), connection.cursor() as cursor:
        for ids in _slices(sorted(set(child_ids)), _READ_SLICE):
            cursor.execute(_CHILDREN_SQL, [ids])
            for row in cursor.fetchall():
                children[row[0]] = IndexedChild(*row)
    return children


def nhs_numbers_taken(candidates: Sequence[str]) -> set[str]:
    """Which of these NHS numbers a child of the index already holds.

    `issuer = ''` (true of every NHS number) lets the (scheme, issuer, value) index answer.
    """
    with transaction.atomic(), matching_scope(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT value FROM registry_externalidentifier"
            " WHERE scheme = 'nhs_number' AND issuer = '' AND value = ANY(%s)",
            [list(candidates)],
        )
        return {value for (value,) in cursor.fetchall()}


def _slices(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
