"""A world with a known set of figures for the data-quality dashboard's tests.

Three feeds (child benefit, national; Leeds social care and Bradford care, local), batches on four
days of the last week with known outcome counts, rejected records with known reasons, records
waiting in review and held for known times, and duplicates found: same-child decisions and a
merge about a Leeds and a Bradford child. Rows are written as the pipeline and the review leave
them (hidden content in the matcher's scope). Names and record IDs are markers: no dashboard may
show one.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from ingest.dashboard.duplicate_figures import DUPLICATE_RECORD_ID_REASON
from ingest.models import (
    Batch,
    Feed,
    Outcome,
    RecordResolution,
    StagedRecord,
    StagedRecordContent,
)
from registry.models import Child, ChildMerge
from shielding.database_scope import matching_scope
from tests.factories import ChildFactory, UserFactory
from tests.ingest.pipeline_world import PipelineWorld, pipeline_world_build
from tests.shielding.shielded_world import management_team_user_create

GENDER_REASON = "gender: Must be one of M, F, X or U in capitals, or empty."
NHS_REASON = "nhs_number: This NHS number fails its check digit."
REPEATED_REASON = f"{DUPLICATE_RECORD_ID_REASON}: an earlier record in this file has it."
# Markers: names of the world's children and record IDs of its records.
CHILD_NAMES = ("Dashiell", "Marmaduke", "Wilhelmina", "Ottoline")


@dataclass
class DashboardWorld:
    pipeline: PipelineWorld
    national: Feed
    leeds_feed: Feed
    bradford_feed: Feed
    leeds_child: Child
    bradford_child: Child
    leeds_team: object
    operator: object
    record_ids: list[str]

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()


def _days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _feed(code: str, *, authority=None) -> Feed:
    scope = Feed.Scope.LOCAL if authority else Feed.Scope.NATIONAL
    return Feed.objects.create(code=code, name=code.replace("-", " ").title(), scope=scope,
                               local_authority=authority)  # fmt: skip


def _batch(feed: Feed, name: str, *, received_days_ago: int, **counts) -> Batch:
    total = sum(counts.values())
    batch = Batch.objects.create(
        feed=feed, file_name=name, sha256=name.ljust(64, "0")[:64],
        status=Batch.Status.COMPLETED, total_records=total, processed_records=total, **counts,
    )  # fmt: skip
    Batch.objects.filter(pk=batch.pk).update(received_at=_days_ago(received_days_ago))
    return batch


class _Rows:
    """Ledger rows of one batch, numbered in order; their record IDs are kept as markers."""

    def __init__(self, batch: Batch, record_ids: list[str]):
        self.batch, self.record_ids, self.row = batch, record_ids, 0

    def add(self, outcome: str, *, reason: str = "", days_ago: float = 0.1) -> StagedRecord:
        self.row += 1
        record_id = f"DQ-{self.batch.pk}-{self.row}"
        self.record_ids.append(record_id)
        return StagedRecord.objects.create(
            batch=self.batch, row_number=self.row, chunk_number=0, record_id=record_id,
            outcome=outcome, reason=reason, processed_at=_days_ago(days_ago),
        )  # fmt: skip


def _content(staged: StagedRecord, **fields) -> None:
    StagedRecordContent.objects.create(staged_record=staged, raw="marker", normalised={}, **fields)


def dashboard_world_build() -> DashboardWorld:
    pipeline = pipeline_world_build()
    leeds, bradford = pipeline.local_authority, pipeline.other_authority
    world = DashboardWorld(
        pipeline=pipeline,
        national=_feed("child-benefit"),
        leeds_feed=_feed("leeds-social-care", authority=leeds),
        bradford_feed=_feed("bradford-care", authority=bradford),
        leeds_child=ChildFactory(given_names=CHILD_NAMES[0], family_name=CHILD_NAMES[1],
                                 responsible_local_authority=leeds),
        bradford_child=ChildFactory(given_names=CHILD_NAMES[2], family_name=CHILD_NAMES[3],
                                    responsible_local_authority=bradford),
        leeds_team=management_team_user_create(leeds),
        operator=UserFactory(role=Role.OPERATIONS),
        record_ids=[],
    )  # fmt: skip
    with transaction.atomic(), matching_scope():
        _national_batches(world)
        _local_batches(world)
    _duplicates_settled(world)
    return world


def _national_batches(world: DashboardWorld) -> None:
    """Two days of child benefit: 2 days ago 10 records, today 4; reasons and queues."""
    leeds, bradford = world.pipeline.local_authority, world.pipeline.other_authority
    older = _batch(world.national, "cb-1.csv", received_days_ago=2,
                   matched=4, unchanged=1, created=2, review=1, held=1, rejected=1)  # fmt: skip
    rows = _Rows(older, world.record_ids)
    rows.add(Outcome.REJECTED, reason=GENDER_REASON)
    in_review = rows.add(Outcome.REVIEW, days_ago=2)
    _content(in_review, disclosed=True, candidates=[{"child_id": world.leeds_child.pk}])
    held_leeds = rows.add(Outcome.HELD, days_ago=10)
    _content(held_leeds, held_for=leeds, child=world.leeds_child)
    today = _batch(world.national, "cb-2.csv", received_days_ago=0,
                   matched=1, held=1, rejected=2)  # fmt: skip
    rows = _Rows(today, world.record_ids)
    rows.add(Outcome.REJECTED, reason=GENDER_REASON)
    rows.add(Outcome.REJECTED, reason=NHS_REASON)
    held_bradford = rows.add(Outcome.HELD, days_ago=0.2)
    _content(held_bradford, held_for=bradford, child=world.bradford_child)


def _local_batches(world: DashboardWorld) -> None:
    """Leeds yesterday: 5 records, 2 rejected (one a repeated record_id), one waiting in review
    with a Bradford candidate only. Bradford today: 3 records, 1 a repeated record_id."""
    leeds_batch = _batch(world.leeds_feed, "leeds-1.csv", received_days_ago=1,
                         matched=2, review=1, rejected=2)  # fmt: skip
    rows = _Rows(leeds_batch, world.record_ids)
    rows.add(Outcome.REJECTED, reason=REPEATED_REASON)
    rows.add(Outcome.REJECTED, reason=NHS_REASON)
    in_review = rows.add(Outcome.REVIEW, days_ago=40)
    _content(in_review, disclosed=True, candidates=[{"child_id": world.bradford_child.pk}])
    bradford_batch = _batch(world.bradford_feed, "bradford-1.csv", received_days_ago=0,
                            created=2, rejected=1)  # fmt: skip
    _Rows(bradford_batch, world.record_ids).add(Outcome.REJECTED, reason=REPEATED_REASON)


def _duplicates_settled(world: DashboardWorld) -> None:
    """Three days ago two records went to review; today each was settled as the same child as
    an existing one (one Leeds child, one Bradford child), and a record merged into the Leeds
    child."""
    decider = UserFactory(role=Role.DATA_QUALITY)
    settled = _batch(world.national, "cb-0.csv", received_days_ago=3, review=2)
    rows = _Rows(settled, world.record_ids)
    for child in (world.leeds_child, world.bradford_child):
        RecordResolution.objects.create(
            staged_record=rows.add(Outcome.REVIEW, days_ago=3),
            decision=RecordResolution.Decision.SAME_CHILD, child=child, decided_by=decider,
        )  # fmt: skip
    absorbed = ChildFactory(responsible_local_authority=world.pipeline.local_authority)
    ChildMerge.objects.create(
        survivor=world.leeds_child, merged=absorbed, made_by=world.leeds_team,
        reason="The same child, twice.",
    )  # fmt: skip
