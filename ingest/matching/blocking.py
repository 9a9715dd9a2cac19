"""Blocking: which children of the index a chunk's records are compared with at all.

A record is compared only with the children that share one of its blocking keys, found through
the index's own indexes, for the whole chunk at once. Every rule is one arm of a UNION over the
chunk's keys (passed as arrays and unnested: one statement for a thousand records):

- exact identifiers: NHS number, UPN, this feed's record_id (identifier_lookup);
- family name sound + birth date, or the date with day and month swapped: typos that keep the
  sound, US-style dates (child_family_phon_dob);
- first given name sound + birth date, not a boy for a girl: a changed or misspelt family name
  (child_given_phon_dob);
- names swapped: the child's family name sounds like the record's given names, same birth date
  (child_family_phon_dob);
- both names' sounds + a birth date one part off (year, month or day mistyped), the same
  parts kept (child_names_phon_dob, read from the index alone);
- postcode + any one of: birth date (or swapped), given name sound, family name sounding like
  the record's given names, family name sound with the birth year or the day and month. This
  holds "given name + birth date + postcode", and finds a child at home whatever one thing is
  wrong (address_open_postcode, child_matching_keys_by_id);
- shielded or sealed + birth date, or the swapped date, and an initial of either name in either
  place, whatever else the names and address say; or + a birth date one part off either of
  those, and one name's sound: the guard's wide net (shielding_active_child, child_sealed_dob).

The last rule is what the shield guard rests on. A feed record about a shielded child that no
other rule finds would become a new, visible child: the 2009 defect. Shielded and sealed
children are few (about 1 in 200), so every one born on the record's date, or on the date with
day and month swapped, is a candidate whatever its address and whatever became of its names but
one initial, and so is one whose birth date is a typing error away and whose name sounds alike;
scoring then decides whether it is close enough to hold the record.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ingest.records import FeedRecord
from registry.matching_keys import child_matching_keys, name_phonetic

BLOCKING_PAIRS_SQL = """
record_keys AS MATERIALIZED (
    SELECT * FROM unnest(
        %(record_index)s::int[], %(given_phonetic)s::text[], %(given_names_phonetic)s::text[],
        %(family_phonetic)s::text[], %(initials)s::text[], %(gender)s::text[], %(born)s::date[],
        %(born_swapped)s::date[], %(postcode)s::text[], %(nhs_number)s::text[], %(upn)s::text[],
        %(record_id)s::text[]
    ) AS record_key (
        record_index, given_phonetic, given_names_phonetic, family_phonetic, initials, gender,
        born, born_swapped, postcode, nhs_number, upn, record_id
    )
),
record_days AS MATERIALIZED (
    SELECT
        record_index, given_phonetic, given_names_phonetic, family_phonetic, initials, day,
        extract(year FROM day)::smallint AS year,
        extract(month FROM day)::smallint AS month,
        extract(day FROM day)::smallint AS day_of_month
    FROM (
        SELECT
            record_index, given_phonetic, given_names_phonetic, family_phonetic, initials,
            born AS day
        FROM record_keys
        UNION ALL
        SELECT
            record_index, given_phonetic, given_names_phonetic, family_phonetic, initials,
            born_swapped
        FROM record_keys WHERE born_swapped IS NOT NULL
    ) AS either_day
),
protected_children AS MATERIALIZED (
    -- Driven from the active orders, each child read by its primary key: never a scan of the
    -- index for the few children that are shielded.
    SELECT
        child.id, child.date_of_birth, child.birth_year, child.birth_month, child.birth_day,
        child.given_name_phonetic, child.family_name_phonetic,
        left(child.given_names_norm, 1) AS given_initial,
        left(child.family_name_norm, 1) AS family_initial
    FROM registry_child AS child
    WHERE child.id = ANY (ARRAY(
        SELECT shielding_order.child_id FROM shielding_shieldingorder AS shielding_order
        WHERE shielding_order.active
    ))
    UNION
    SELECT
        child.id, child.date_of_birth, child.birth_year, child.birth_month, child.birth_day,
        child.given_name_phonetic, child.family_name_phonetic,
        left(child.given_names_norm, 1), left(child.family_name_norm, 1)
    FROM registry_child AS child
    WHERE child.status = 'sealed'
),
pairs AS (
    -- Identifiers by `= ANY (array)` on identifier_lookup (or identifier_source_record_one_child):
    -- an index lookup per value whatever the statistics say of identifiers just inserted.
    SELECT k.record_index, identifier.child_id
    FROM registry_externalidentifier AS identifier
    JOIN record_keys AS k ON k.nhs_number = identifier.value
    WHERE identifier.scheme = 'nhs_number' AND identifier.issuer = ''
        AND identifier.value = ANY (%(nhs_number)s::text[])
    UNION
    SELECT k.record_index, identifier.child_id
    FROM registry_externalidentifier AS identifier
    JOIN record_keys AS k ON k.upn = identifier.value
    WHERE identifier.scheme = 'upn' AND identifier.issuer = ''
        AND identifier.value = ANY (%(upn)s::text[])
    UNION
    SELECT k.record_index, identifier.child_id
    FROM registry_externalidentifier AS identifier
    JOIN record_keys AS k ON k.record_id = identifier.value
    WHERE identifier.scheme = 'source_record' AND identifier.issuer = %(feed_code)s
        AND identifier.value = ANY (%(record_id)s::text[])
    UNION
    SELECT d.record_index, child.id
    FROM record_days AS d JOIN registry_child AS child
        ON child.family_name_phonetic = d.family_phonetic AND child.date_of_birth = d.day
    UNION
    SELECT k.record_index, child.id
    FROM record_keys AS k JOIN registry_child AS child
        ON child.given_name_phonetic = k.given_phonetic AND child.date_of_birth = k.born
        -- Not a boy for a girl: half the Olivers and Olivias born that day are left out.
        AND NOT (child.gender IN ('M', 'F') AND k.gender IN ('M', 'F') AND child.gender <> k.gender)
    UNION
    SELECT k.record_index, child.id
    FROM record_keys AS k JOIN registry_child AS child
        ON child.family_name_phonetic = k.given_names_phonetic AND child.date_of_birth = k.born
    UNION
    SELECT k.record_index, child.id
    FROM record_keys AS k JOIN registry_child AS child
        ON child.family_name_phonetic = k.family_phonetic
        AND child.given_name_phonetic = k.given_phonetic
        -- Read from the index alone: only its columns (and the included id) are used.
        AND child.date_of_birth <> k.born
        AND (extract(year FROM child.date_of_birth) = extract(year FROM k.born))::int
            + (extract(month FROM child.date_of_birth) = extract(month FROM k.born))::int
            + (extract(day FROM child.date_of_birth) = extract(day FROM k.born))::int = 2
    UNION
    -- Read from two indexes alone (address_open_postcode, child_matching_keys_by_id): only
    -- their columns are used.
    SELECT k.record_index, child.id
    FROM record_keys AS k
    JOIN registry_address AS address ON address.postcode = k.postcode AND address.ended_on IS NULL
    JOIN registry_child AS child ON child.id = address.child_id
        AND (
            child.date_of_birth IN (k.born, k.born_swapped)
            OR child.given_name_phonetic = k.given_phonetic
            OR child.family_name_phonetic = k.given_names_phonetic
            OR (
                -- Not every brother and sister: only one born in the same year, or on the
                -- same day of another year.
                child.family_name_phonetic = k.family_phonetic
                AND (
                    extract(year FROM child.date_of_birth) = extract(year FROM k.born)
                    OR to_char(child.date_of_birth, 'MM-DD') = to_char(k.born, 'MM-DD')
                )
            )
        )
    UNION
    SELECT d.record_index, protected.id
    FROM record_days AS d JOIN protected_children AS protected ON protected.date_of_birth = d.day
    -- Whatever became of the names, one of their initials is usually left, in either place.
    WHERE strpos(d.initials, protected.given_initial) > 0
        OR strpos(d.initials, protected.family_initial) > 0
    UNION
    SELECT record_sound.record_index, protected.id
    FROM (
        SELECT *, family_phonetic AS sound, 'family' AS part FROM record_days
        UNION ALL
        SELECT *, given_names_phonetic, 'family' FROM record_days
        UNION ALL
        SELECT *, given_phonetic, 'given' FROM record_days
    ) AS record_sound
    JOIN (
        SELECT *, family_name_phonetic AS sound, 'family' AS part FROM protected_children
        UNION ALL
        SELECT *, given_name_phonetic, 'given' FROM protected_children
    ) AS protected
        ON protected.sound = record_sound.sound AND protected.part = record_sound.part
    WHERE (protected.birth_year = record_sound.year)::int
        + (protected.birth_month = record_sound.month)::int
        + (protected.birth_day = record_sound.day_of_month)::int >= 2
)
"""


@dataclass(frozen=True, slots=True)
class BlockingKeys:
    """One record's keys, in the form the index stores them; None where the record has none."""

    given_phonetic: str | None  # the first given name's, as the index keeps it
    given_names_phonetic: str | None  # all the given names', for a family name swapped in
    family_phonetic: str | None
    initials: str  # the first letters of the given names and of the family name
    gender: str
    born: date
    born_swapped: date | None
    postcode: str | None
    nhs_number: str | None
    upn: str | None
    record_id: str | None


def blocking_keys(record: FeedRecord) -> BlockingKeys:
    keys = child_matching_keys(
        given_names=record.given_names,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
    )
    return BlockingKeys(
        given_phonetic=keys["given_name_phonetic"] or None,
        given_names_phonetic=name_phonetic(keys["given_names_norm"]) or None,
        family_phonetic=keys["family_name_phonetic"] or None,
        initials=keys["given_names_norm"][:1] + keys["family_name_norm"][:1],
        gender=record.gender or "U",
        born=record.date_of_birth,
        born_swapped=day_month_swapped(record.date_of_birth),
        postcode=record.postcode or None,
        nhs_number=record.nhs_number or None,
        upn=record.upn or None,
        record_id=record.record_id or None,
    )


def day_month_swapped(born: date) -> date | None:
    """The date with day and month swapped, if that is another real date."""
    if born.day > 12 or born.day == born.month:
        return None
    return date(born.year, born.day, born.month)


def blocking_parameters(*, feed_code: str, records: Sequence[FeedRecord]) -> dict:
    """BLOCKING_PAIRS_SQL's parameters: one array per key, record_index the record's position."""
    keys = [blocking_keys(record) for record in records]
    return {
        "feed_code": feed_code,
        "record_index": list(range(len(records))),
        "given_phonetic": [key.given_phonetic for key in keys],
        "given_names_phonetic": [key.given_names_phonetic for key in keys],
        "family_phonetic": [key.family_phonetic for key in keys],
        "initials": [key.initials for key in keys],
        "gender": [key.gender for key in keys],
        "born": [key.born for key in keys],
        "born_swapped": [key.born_swapped for key in keys],
        "postcode": [key.postcode for key in keys],
        "nhs_number": [key.nhs_number for key in keys],
        "upn": [key.upn for key in keys],
        "record_id": [key.record_id for key in keys],
    }
