"""JSON Lines feed files: one JSON object per line, keyed by the format's column names.

A missing key means empty, and null is empty. A key that is not a column is an unknown column,
which the spec makes an error for the whole file, as is a line that is not a JSON object. There
is no header to check first, so these file errors surface at the line where they occur, after
earlier records have been yielded: a caller must read the whole file before it commits anything.
An empty file is a batch of no records (unlike CSV, the format has no header to miss).
"""

import json
from collections.abc import Iterator
from datetime import date

from ingest.feed_format.decoded_lines import DecodedLines
from ingest.feed_format.errors import FeedFileRejected, column_name_shown
from ingest.feed_format.read_record import ReadRecord, record_read
from ingest.records import FEED_COLUMNS

_KNOWN_COLUMNS = frozenset(FEED_COLUMNS)
_EXAMPLE = '{"record_id": "CB-000123-1", "given_names": "Amelia Rose", …}'


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def jsonl_records_read(*, lines: DecodedLines, today: date) -> Iterator[ReadRecord]:
    seen_record_ids: set[str] = set()
    row_number = 0
    for _line in lines:
        raw = lines.take_consumed()
        if not raw.strip():
            continue
        fields = jsonl_object_read(raw, line_number=lines.line_number)
        row_number += 1
        yield record_read(
            row_number=row_number,
            raw=raw,
            fields=fields,
            today=today,
            seen_record_ids=seen_record_ids,
        )


def jsonl_object_read(text: str, *, line_number: int) -> dict[str, object]:
    """The line's object, or FeedFileRejected naming the line and what is wrong with it."""
    try:
        value = json.loads(text, object_pairs_hook=_object_without_repeats)
    except _RepeatedKey as repeated:
        raise FeedFileRejected(
            f"Line {line_number} has the key {column_name_shown(repeated.key)} more than once."
        ) from None
    except (ValueError, RecursionError) as error:
        detail = f" ({error.msg} at character {error.colno})" if hasattr(error, "msg") else ""
        raise FeedFileRejected(
            f"Line {line_number} is not valid JSON{detail}: each line must be one JSON object, "
            f"like {_EXAMPLE}"
        ) from None
    if not isinstance(value, dict):
        raise FeedFileRejected(
            f"Line {line_number} is not a JSON object: each line must be one object, like {_EXAMPLE}"
        )
    unknown = [key for key in value if key not in _KNOWN_COLUMNS]
    if unknown:
        raise FeedFileRejected(
            f"Line {line_number} has keys that are not columns of the feed format: "
            f"{', '.join(column_name_shown(key) for key in unknown)}. Remove or rename them; "
            f"the format's columns are {', '.join(FEED_COLUMNS)}."
        )
    return value


def _object_without_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) != len(pairs):
        keys = [key for key, _ in pairs]
        raise _RepeatedKey(next(key for key in keys if keys.count(key) > 1))
    return value
