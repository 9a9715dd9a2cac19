"""Writing a chunk's outcomes: one statement for the ledger and one for the hidden content.

Arrays of values are unnested server-side, so a thousand records cost two round trips. Raw SQL
is used here (inside ingest, where CI allows it) because the ORM has no bulk update from a
set of values.
"""

import json

from django.utils import timezone

from ingest.chunk_decisions import DecidedRecord
from ingest.matching.bound_parameters import server_bound_cursor

_LEDGER_UPDATE = """
UPDATE ingest_stagedrecord AS staged
SET outcome = decided.outcome, reason = decided.reason, processed_at = %s
FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS decided(id, outcome, reason)
WHERE staged.id = decided.id AND staged.outcome IS NULL
"""
_CONTENT_UPDATE = """
UPDATE ingest_stagedrecordcontent AS content
SET child_id = decided.child_id,
    match_weight = decided.match_weight,
    field_levels = decided.field_levels::jsonb,
    candidates = decided.candidates::jsonb,
    held_for_id = decided.held_for_id,
    disclosed = decided.disclosed
FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[], %s::text[], %s::bigint[],
            %s::boolean[])
    AS decided(id, child_id, match_weight, field_levels, candidates, held_for_id, disclosed)
WHERE content.staged_record_id = decided.id
"""


def outcomes_write(decided: list[DecidedRecord]) -> None:
    """Give each decided record its outcome; a record that already had one is left alone."""
    if not decided:
        return
    ids = [record.staged_id for record in decided]
    # Bound by the server: a thousand JSON texts are not escaped into the statement's text.
    with server_bound_cursor() as cursor:
        cursor.execute(
            _LEDGER_UPDATE,
            [
                timezone.now(),
                ids,
                [record.outcome for record in decided],
                [record.reason[:300] for record in decided],
            ],
        )
        if cursor.rowcount != len(decided):
            raise RuntimeError("A staged record in this chunk already had an outcome.")
        cursor.execute(
            _CONTENT_UPDATE,
            [
                ids,
                [record.final_child_id for record in decided],
                [record.match_weight for record in decided],
                [json.dumps(record.levels) for record in decided],
                [json.dumps(record.candidates) for record in decided],
                [record.held_for_id for record in decided],
                [record.disclosed for record in decided],
            ],
        )
