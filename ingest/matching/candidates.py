"""The candidate children of a chunk's records, with the hidden data the matcher compares.

One statement per chunk: the blocking rules (ingest.matching.blocking) find the pairs, and the
same statement reads each distinct candidate once, with its current address, carers, setting, GP
practice and identifiers. Those live in the hidden tables under row-level security, which lets the
matcher read every child's rows only in the matching scope, inside a transaction. Outside it, a
shielded child's rows would silently be missing, its identifiers would not block, and its record
would look like a stranger's: so candidates_find refuses to run without both.

What the matcher reads is never shown to anyone; the pipeline uses it to decide what a match
changes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection

from ingest.matching.blocking import BLOCKING_PAIRS_SQL, blocking_parameters
from ingest.matching.bound_parameters import server_bound_cursor
from ingest.records import FeedRecord
from registry.models import Child
from shielding.database_scope import database_scope_current

# Each child of `found` (child_id, record_indexes) once, as the index holds it now. Lists come
# as text joined by the ASCII record (30) and unit (31) separators, which no name or identifier
# holds: split in Python, which is several times faster than reading nested arrays.
SNAPSHOT_SQL = """
SELECT
    found.record_indexes, child.id, child.status,
    EXISTS (
        SELECT FROM shielding_shieldingorder AS shielding_order
        WHERE shielding_order.child_id = child.id AND shielding_order.active
    ),
    child.responsible_local_authority_id, child.given_names, child.family_name,
    child.given_names_norm, child.family_name_norm, child.date_of_birth, child.gender,
    coalesce(address.status, ''), coalesce(address.line_1, ''), coalesce(address.line_2, ''),
    coalesce(address.town, ''), coalesce(address.postcode, ''),
    coalesce((
        SELECT string_agg(
            concat_ws(chr(31), carer.given_names, carer.family_name, carer.relationship),
            chr(30) ORDER BY carer.id
        )
        FROM registry_carer AS carer
        WHERE carer.child_id = child.id AND carer.ended_on IS NULL
    ), ''),
    coalesce((
        SELECT setting.urn FROM registry_settingenrolment AS enrolment
        JOIN registry_educationalsetting AS setting ON setting.id = enrolment.setting_id
        WHERE enrolment.child_id = child.id AND enrolment.ended_on IS NULL
    ), ''),
    coalesce((
        SELECT practice.ods_code FROM registry_gpregistration AS registration
        JOIN registry_gppractice AS practice ON practice.id = registration.practice_id
        WHERE registration.child_id = child.id AND registration.ended_on IS NULL
    ), ''),
    coalesce(identifiers.nhs_numbers, ''), coalesce(identifiers.upns, ''),
    coalesce(identifiers.source_record_ids, '')
FROM found
JOIN registry_child AS child ON child.id = found.child_id
LEFT JOIN registry_address AS address
    ON address.child_id = child.id AND address.ended_on IS NULL
CROSS JOIN LATERAL (
    SELECT
        string_agg(value, chr(30)) FILTER (WHERE scheme = 'nhs_number') AS nhs_numbers,
        string_agg(value, chr(30)) FILTER (WHERE scheme = 'upn') AS upns,
        string_agg(value, chr(30)) FILTER (
            WHERE scheme = 'source_record' AND issuer = %(feed_code)s
        ) AS source_record_ids
    FROM registry_externalidentifier AS identifier
    WHERE identifier.child_id = child.id
) AS identifiers
WHERE child.status <> 'merged'
ORDER BY child.id
"""
FOUND_BY_BLOCKING_SQL = """
, found AS (
    SELECT child_id, array_agg(record_index) AS record_indexes FROM pairs GROUP BY child_id
)
"""
CANDIDATES_SQL = "\n".join(("WITH", BLOCKING_PAIRS_SQL, FOUND_BY_BLOCKING_SQL, SNAPSHOT_SQL))
FOUND_BY_ID_SQL = """
WITH found AS (
    SELECT DISTINCT unnest(%(child_ids)s::bigint[]) AS child_id, '{}'::int[] AS record_indexes
)
"""
SNAPSHOTS_SQL = "\n".join((FOUND_BY_ID_SQL, SNAPSHOT_SQL))


@dataclass(frozen=True, slots=True)
class CandidateChild:
    """A child that may be a record's, as the index holds it now. '' or empty when not known."""

    child_id: int
    status: str
    shielded: bool  # has an active shielding order
    responsible_local_authority_id: int
    given_names: str
    family_name: str
    given_names_norm: str
    family_name_norm: str
    date_of_birth: date
    gender: str
    address_status: str  # the open address's status; '' when there is none
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    carers: tuple[
        tuple[str, str, str], ...
    ]  # open carers: (given_names, family_name, relationship)
    school_urn: str
    gp_ods_code: str
    nhs_numbers: frozenset[str]
    upns: frozenset[str]
    source_record_ids: frozenset[str]  # this feed's record_ids for the child

    @property
    def sealed(self) -> bool:
        return self.status == Child.Status.SEALED

    @property
    def archived(self) -> bool:
        return self.status == Child.Status.ARCHIVED


class MatchingScopeRequired(RuntimeError):
    """The matcher ran outside transaction.atomic() + matching_scope(): it would miss children."""


def candidates_find(*, feed_code: str, records: Sequence[FeedRecord]) -> list[list[CandidateChild]]:
    """Each record's candidates (same order as `records`), by child id; merged children never.

    The caller holds transaction.atomic() and shielding.database_scope.matching_scope().
    """
    matching_scope_ensure()
    if not records:
        return []
    found: list[list[CandidateChild]] = [[] for _record in records]
    with server_bound_cursor() as cursor:
        cursor.execute(CANDIDATES_SQL, blocking_parameters(feed_code=feed_code, records=records))
        for row in cursor.fetchall():
            candidate = _candidate(row[1:])
            for record_index in row[0]:
                found[record_index].append(candidate)
    return found


def candidates_by_id(*, feed_code: str, child_ids: Iterable[int]) -> dict[int, CandidateChild]:
    """Children as candidates, by id (merged ones never): for a child a person chose in review.

    The caller holds transaction.atomic() and shielding.database_scope.matching_scope().
    """
    matching_scope_ensure()
    with server_bound_cursor() as cursor:
        cursor.execute(SNAPSHOTS_SQL, {"feed_code": feed_code, "child_ids": sorted(set(child_ids))})
        return {row[1]: _candidate(row[1:]) for row in cursor.fetchall()}


def matching_scope_ensure() -> None:
    if not connection.in_atomic_block or not database_scope_current().matching:
        raise MatchingScopeRequired(
            "Matching reads hidden data: run it inside transaction.atomic() and matching_scope()."
        )


RECORDS, UNITS = chr(30), chr(31)


_NONE: frozenset[str] = frozenset()


def _set_of(joined: str) -> frozenset[str]:
    return frozenset(joined.split(RECORDS)) if joined else _NONE


def _candidate(row: tuple) -> CandidateChild:
    (child_id, status, shielded, authority_id, given_names, family_name, given_norm) = row[:7]
    (family_norm, born, gender, address_status, line_1, line_2, town, postcode) = row[7:15]
    carers, school_urn, gp_ods_code, nhs_numbers, upns, source_record_ids = row[15:]
    return CandidateChild(
        child_id=child_id,
        status=status,
        shielded=shielded,
        responsible_local_authority_id=authority_id,
        given_names=given_names,
        family_name=family_name,
        given_names_norm=given_norm,
        family_name_norm=family_norm,
        date_of_birth=born,
        gender=gender,
        address_status=address_status,
        address_line_1=line_1,
        address_line_2=line_2,
        town=town,
        postcode=postcode,
        carers=tuple(tuple(carer.split(UNITS)) for carer in carers.split(RECORDS))
        if carers
        else (),
        school_urn=school_urn,
        gp_ods_code=gp_ods_code,
        nhs_numbers=_set_of(nhs_numbers),
        upns=_set_of(upns),
        source_record_ids=_set_of(source_record_ids),
    )
