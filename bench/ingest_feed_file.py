"""The ingest benchmark's feed file: a national child-benefit-like batch made from the index itself.

The mix is the issue's: about 85% exact or near copies of indexed children, 10% new children and
5% typed wrong, moved or renamed, with 0.5% of the indexed children it names shielded. Each record
carries what the child has: NHS number, UPN, the claimant carer, school URN and GP ODS code. The
same seed and the same index give the same file, byte for byte.
"""

import csv
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from bench.ingest_new_children import NewChildren, nhs_numbers_made_unique
from bench.ingest_population_sample import indexed_children, population_ids
from bench.ingest_record_variants import (
    FeedRow,
    HomesByDistrict,
    moved,
    near_copy,
    renamed,
    row_from_child,
    typo,
)
from ingest.records import FEED_COLUMNS

RECORD_ID_PREFIX = "CB-"
SHIELDED_TARGET_SHARE = 0.005
# What each record is, relative to the index, and its share of the file.
KIND_SHARES = {
    "exact copy": 0.55,
    "near copy": 0.30,
    "new baby": 0.04,
    "new family": 0.06,
    "typo": 0.02,
    "moved": 0.02,
    "renamed": 0.01,
}
NEW_KINDS = ("new baby", "new family")


@dataclass(frozen=True)
class FeedFile:
    """A written file, what each record_id was made as, and how long the writing took."""

    path: Path
    kind_of: dict[str, str]
    shielded_targets: int
    seconds: float

    @property
    def records(self) -> int:
        return len(self.kind_of)

    @property
    def kinds(self) -> Counter:
        return Counter(self.kind_of.values())


def feed_file_write(*, path: Path, records: int, seed: int) -> FeedFile:
    """Write `records` records to `path` (CSV) from the children of the index Django points at."""
    started = time.perf_counter()
    rng = Random(f"{seed}:ingest-feed")
    counts = kind_counts(records)
    ids = population_ids()
    targets_wanted = sum(count for kind, count in counts.items() if kind not in NEW_KINDS)
    shielded = round(targets_wanted * SHIELDED_TARGET_SHARE)
    targets = rng.sample(ids.shielded, shielded) + rng.sample(
        ids.unshielded, targets_wanted - shielded
    )
    rng.shuffle(targets)
    families = rng.sample(ids.unshielded, sum(counts[kind] for kind in NEW_KINDS))
    children = indexed_children([*targets, *families])
    homes = HomesByDistrict(list(children.values()))
    made = _indexed_rows(rng, counts, [children[pk] for pk in targets], homes, ids.newest_birth)
    new_children = NewChildren(rng=rng, today=ids.newest_birth, homes=homes)
    new_rows = _new_rows(counts, [row_from_child(children[pk]) for pk in families], new_children)
    nhs_numbers_made_unique([row for _kind, row in new_rows], new_children)
    made += new_rows
    rng.shuffle(made)
    kind_of = _csv_write(path, made)
    return FeedFile(
        path=path, kind_of=kind_of, shielded_targets=shielded, seconds=time.perf_counter() - started
    )


def kind_counts(records: int) -> dict[str, int]:
    """Whole numbers of each kind adding up to `records`; exact copies take the rounding."""
    counts = {kind: round(records * share) for kind, share in KIND_SHARES.items()}
    counts["exact copy"] += records - sum(counts.values())
    return counts


def _indexed_rows(rng, counts, targets, homes, today: date) -> list[tuple[str, FeedRow]]:
    changes = {
        "exact copy": lambda row: row,
        "near copy": lambda row: near_copy(rng, row),
        "typo": lambda row: typo(rng, row, today=today),
        "moved": lambda row: moved(rng, row, homes=homes),
        "renamed": lambda row: renamed(rng, row),
    }
    kinds = [kind for kind in changes for _ in range(counts[kind])]
    return [
        (kind, changes[kind](row_from_child(child)))
        for kind, child in zip(kinds, targets, strict=True)
    ]


def _new_rows(
    counts, families: list[FeedRow], new_children: NewChildren
) -> list[tuple[str, FeedRow]]:
    babies = counts["new baby"]
    return [
        *(("new baby", new_children.baby(family)) for family in families[:babies]),
        *(("new family", new_children.moved_in(family)) for family in families[babies:]),
    ]


def _csv_write(path: Path, made: list[tuple[str, FeedRow]]) -> dict[str, str]:
    """Write the rows with record_ids in file order; return each record_id's kind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kind_of = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FEED_COLUMNS)
        writer.writeheader()
        for number, (kind, row) in enumerate(made, start=1):
            record_id = f"{RECORD_ID_PREFIX}{number:06d}"
            writer.writerow({"record_id": record_id, **row})
            kind_of[record_id] = kind
    return kind_of
