"""Likely duplicates inside one file: records that are probably the same child.

The file is compared with itself as the matcher compares a record with the index: blocked on the
same keys (ingest.matching.blocking: identifiers, name sounds with the birth date or the date with
day and month swapped, names swapped, postcode with the birth date), then each pair in a block
compared field by field and weighed (ingest.matching.comparison, scoring). A pair at or above
the feed's auto-match threshold is likely one child; from its review threshold, possibly.

Two differences from matching against the index: the record IDs are not compared (every record of
a file has its own, so they always differ, and a source that sends one child under two IDs is what
this looks for), and each record is paired only with the nearest earlier records of a block
(`NEIGHBOURS`), so that a block that many records share (a common name born on a popular day)
costs a bounded number of comparisons, not the square of its size.

The work is in two passes over the file, so that memory holds each record's keys but not the
records: the first pass (with the outcome counts) collects the keys, the second reads again only
the records that share a key with another.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from ingest.feed_format import feed_file_read
from ingest.matching.blocking import blocking_keys
from ingest.matching.comparable import Comparable, record_comparable
from ingest.matching.comparison import levels_compare
from ingest.matching.decision import MatchThresholds
from ingest.matching.name_frequency import name_frequencies_lookup
from ingest.matching.scoring import levels_weight
from ingest.quality_check.report import DuplicatePair
from ingest.records import FeedRecord

NEIGHBOURS = 10
# Beyond this many pairs the search stops, and the report says it is incomplete.
MOST_PAIRS = 1_000_000
AGREEING_LEVELS = frozenset(
    {"exact", "close", "agree", "same_address", "same_postcode", "same_name", "day_month_swapped"}
)


def duplicate_keys(record: FeedRecord) -> Iterator[tuple]:
    """The record's blocking keys: two records that share one are compared."""
    keys = blocking_keys(record)
    if keys.nhs_number:
        yield ("nhs_number", keys.nhs_number)
    if keys.upn:
        yield ("upn", keys.upn)
    for day in (keys.born, keys.born_swapped):
        if day is not None and keys.family_phonetic:
            yield ("family", keys.family_phonetic, day)
    if keys.given_names_phonetic:
        # Names swapped: one record's given names sound like the other's family name.
        yield ("family", keys.given_names_phonetic, keys.born)
    if keys.given_phonetic:
        yield ("given", keys.given_phonetic, keys.born)
    if keys.postcode:
        yield ("postcode", keys.postcode, keys.born)


class DuplicateBlocks:
    """The first pass: the rows of the file's valid records under each key (by the key's hash: a
    collision only adds a comparison). A key of one row holds an int, of several a list."""

    def __init__(self) -> None:
        self._rows_by_key: dict[int, int | list[int]] = {}
        self.record_ids: dict[int, str] = {}

    def add(self, *, row_number: int, record: FeedRecord) -> None:
        self.record_ids[row_number] = record.record_id
        for key in set(duplicate_keys(record)):
            key_hash = hash(key)
            rows = self._rows_by_key.get(key_hash)
            if rows is None:
                self._rows_by_key[key_hash] = row_number
            elif isinstance(rows, int):
                self._rows_by_key[key_hash] = [rows, row_number]
            else:
                rows.append(row_number)

    def pairs(self) -> tuple[set[tuple[int, int]], bool]:
        """The pairs to compare (earlier row first), and whether the search was complete."""
        pairs: set[tuple[int, int]] = set()
        for rows in self._rows_by_key.values():
            if isinstance(rows, int):
                continue
            for index, row in enumerate(rows):
                for earlier in rows[max(0, index - NEIGHBOURS) : index]:
                    pairs.add((earlier, row))
            if len(pairs) >= MOST_PAIRS:
                return pairs, False
        return pairs, True


def duplicate_pairs_score(
    *,
    blocks: DuplicateBlocks,
    pairs: set[tuple[int, int]],
    stream: BinaryIO,
    file_name: str,
    today: date,
    thresholds: MatchThresholds,
) -> list[DuplicatePair]:
    """The second pass: read the paired records again, weigh each pair, keep the probable ones."""
    forms = _paired_forms(pairs=pairs, stream=stream, file_name=file_name, today=today)
    frequencies = name_frequencies_lookup(
        given_names={form.given_first for form in forms.values()},
        family_names={form.family_name for form in forms.values()},
    )
    found = []
    for first, second in sorted(pairs):
        record, other = forms[first], forms[second]
        levels = levels_compare(record=record, child=other)
        weight = levels_weight(levels=levels, record=record, child=other, frequencies=frequencies)
        if weight >= thresholds.review:
            found.append(
                DuplicatePair(
                    first_row=first,
                    first_record_id=blocks.record_ids[first],
                    second_row=second,
                    second_record_id=blocks.record_ids[second],
                    likely=weight >= thresholds.auto_match,
                    agreeing=tuple(
                        name for name, level in levels.items() if level in AGREEING_LEVELS
                    ),
                )
            )
    return found


def _paired_forms(
    *, pairs: set[tuple[int, int]], stream: BinaryIO, file_name: str, today: date
) -> dict[int, Comparable]:
    """The paired records in matching form, without their record IDs (see the module's doc)."""
    wanted = {row for pair in pairs for row in pair}
    if not wanted:
        return {}
    stream.seek(0)
    forms = {}
    for read_record in feed_file_read(stream, file_name=file_name, today=today):
        if read_record.row_number in wanted and isinstance(read_record.outcome, FeedRecord):
            form = record_comparable(read_record.outcome)
            forms[read_record.row_number] = replace(form, source_record_ids=frozenset())
    return forms
