"""What the file's valid records would become: the ingest's own decision, with nothing written.

Each chunk is decided by a ChunkDecider, exactly as a worker decides a batch's chunk (matcher,
shield guard, sticky judgements, source precedence, the responsible authority of a new child),
except that its writer is replaced by one that writes nothing. The chunk also runs in a savepoint
that is always rolled back, so that even a write the decider might make one day is undone, with
its row locks, before the next chunk.

Two outcomes are told apart less finely than ingest tells them, because a checked file is
written by its sender and can be changed and checked again, over and over:
- a match that would change nothing counts as matched: "unchanged" would confirm that the index
  already holds what the record says, which for a shielded child is its hidden data;
- a match to a shielded child counts as held: otherwise whether a record matched a shielded child
  outright or was held would turn on its hidden data too.
"""

from django.db import transaction

from ingest.chunk_decisions import ChunkDecider, DecidedRecord
from ingest.models import Feed, Outcome
from ingest.quality_check.report import CHECK_OUTCOMES
from ingest.records import FeedRecord
from shielding.database_scope import matching_scope

_MATCH_OUTCOMES = frozenset({Outcome.MATCHED, Outcome.UNCHANGED})


class _NothingWritten:
    """Stands where ChunkWriter stands, takes what it would write for a chunk, and drops it."""

    def child_create(self, *, record: FeedRecord, responsible_authority_id: int) -> None:
        return None

    def child_update(self, *, candidate, record: FeedRecord, changes) -> None:
        return None

    def flush(self) -> None:
        return None


_NOTHING_WRITTEN = _NothingWritten()


class CheckDecider(ChunkDecider):
    """A ChunkDecider whose writer writes nothing: ChunkDecider.decide's writer is dropped."""

    @property
    def writer(self) -> _NothingWritten:
        return _NOTHING_WRITTEN

    @writer.setter
    def writer(self, _chunk_writer) -> None:
        pass

    def _decide_one(self, staged_id, record: FeedRecord, scored) -> DecidedRecord:
        decided = super()._decide_one(staged_id, record, scored)
        if decided.outcome in _MATCH_OUTCOMES:
            matched = next(one for one in scored if one.child_id == decided.child_id)
            decided.outcome = (
                Outcome.HELD if matched.shielded or matched.sealed else Outcome.MATCHED
            )
        return decided


class OutcomeTally:
    """Takes a file's valid records one by one, decides them a chunk at a time, and counts."""

    def __init__(self, *, feed: Feed, chunk_size: int):
        self.decider = CheckDecider(feed=feed)
        self.chunk_size = chunk_size
        self.counts: dict[str, int] = dict.fromkeys(CHECK_OUTCOMES, 0)
        self._waiting: list[FeedRecord] = []

    def add(self, record: FeedRecord) -> None:
        self._waiting.append(record)
        if len(self._waiting) >= self.chunk_size:
            self._decide()

    def finish(self) -> dict[str, int]:
        self._decide()
        return self.counts

    def _decide(self) -> None:
        if not self._waiting:
            return
        waiting = list(enumerate(self._waiting))
        with transaction.atomic(), matching_scope():
            try:
                decided = self.decider.decide(waiting)
            finally:
                transaction.set_rollback(True)
        for record in decided:
            self.counts[record.outcome] += 1
        self._waiting = []
