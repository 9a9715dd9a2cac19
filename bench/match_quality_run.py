"""The match-quality benchmark's run, in-process once Django is set up (see bench.match_quality).

Everything happens in one transaction in the matching scope, rolled back at the end: shielding
orders (as bench.search makes them, when the population has none), the children sealed for the
run, the name frequencies. The matcher is timed per chunk of 1,000 records, stage by stage, as
the pipeline calls it: candidates_find, the name-frequency lookup, scoring, the decision.
"""

from collections import defaultdict
from dataclasses import dataclass
from random import Random

from django.db import connection, transaction

from accounts.models import User
from accounts.roles import Role
from bench.match_quality_records import NEW_KIND_SHARES, NEW_KINDS, BenchRecord, RecordMaker
from bench.match_quality_report import STAGE_NAMES, report
from bench.match_quality_timing import MatcherClock
from bench.search_shielding import shielded_children_ensure
from ingest.matching.candidates import CandidateChild, candidates_by_id, candidates_find
from ingest.matching.decision import CALIBRATED_THRESHOLDS, match_decide
from ingest.matching.name_frequency import name_frequencies_lookup, name_frequencies_refresh
from ingest.matching.scoring import ScoredCandidate, chunk_name_frequencies, record_score
from registry.matching_keys import first_name
from shielding.database_scope import matching_scope

FEED_CODE = "bench"
CHUNK = 1000
THRESHOLDS = CALIBRATED_THRESHOLDS
SIBLINGS_SQL = """
SELECT DISTINCT sibling.child_id
FROM registry_address AS home
JOIN registry_address AS sibling
    ON sibling.postcode = home.postcode AND sibling.line_1 = home.line_1
    AND sibling.line_2 = home.line_2 AND sibling.ended_on IS NULL
WHERE home.child_id = ANY(%s) AND home.ended_on IS NULL AND home.postcode <> ''
    AND NOT EXISTS (
        SELECT FROM shielding_shieldingorder AS shielding_order
        WHERE shielding_order.child_id = sibling.child_id AND shielding_order.active
    )
"""


@dataclass(frozen=True)
class Decided:
    bench: BenchRecord
    scored: list[ScoredCandidate]


def match_quality_benchmark(
    *, seed: int, existing: int, new: int, shielded_variants: int, sealed: int
) -> None:
    run = benchmark_run(
        seed=seed, existing=existing, new=new, shielded_variants=shielded_variants, sealed=sealed
    )
    report(
        decided=run.decided,
        thresholds=THRESHOLDS,
        timings=run.timings,
        candidates=run.candidates,
        shielded_children=run.shielded_children,
    )


@dataclass(frozen=True)
class BenchmarkRun:
    decided: list[Decided]
    timings: dict[str, list[float]]
    candidates: list[int]
    shielded_children: int


def benchmark_run(
    *, seed: int, existing: int, new: int, shielded_variants: int, sealed: int
) -> BenchmarkRun:
    """Make the records and decide them, in a transaction that is rolled back."""
    with transaction.atomic(), matching_scope():
        shielded_ids, sharing_a_home = shielded_children_prepare()
        rng = Random(f"{seed}:match-quality-sample")
        sampled = active_children_sample(
            rng, existing + new + sealed, leave_out=[*shielded_ids, *sharing_a_home]
        )
        existing_ids, near_ids = sampled[:existing], sampled[existing : existing + new]
        sealed_ids = sampled[existing + new :]
        children_seal(sealed_ids)
        name_frequencies_refresh()
        snapshots = candidates_by_id(feed_code=FEED_CODE, child_ids=[*sampled, *shielded_ids])
        maker = RecordMaker(seed=seed, places=[snapshots[pk] for pk in existing_ids])
        records = [maker.variant(snapshots[pk], kind="existing") for pk in existing_ids]
        records += new_children_records(maker, [snapshots[pk] for pk in near_ids], rng)
        records += [
            maker.variant(snapshots[shielded_ids[number % len(shielded_ids)]], kind="shielded")
            for number in range(shielded_variants)
        ]
        records += [maker.variant(snapshots[pk], kind="sealed") for pk in sealed_ids * 2]
        rng.shuffle(records)
        decided, timings, candidates = records_decide(records)
        transaction.set_rollback(True)
    return BenchmarkRun(decided, timings, candidates, len(shielded_ids))


def new_children_records(maker: RecordMaker, near: list[CandidateChild], rng: Random) -> list:
    """New children: ordinary ones, twins of children in the index, and namesakes.

    A namesake shares a child's names and birth date. How likely that is depends on how common
    the names are, so the children namesakes are made of are drawn in proportion to the shares
    of their first given name and family name: Oliver Smith far more often than a rare name.
    """
    frequencies = name_frequencies_lookup(
        given_names={first_name(child.given_names_norm) for child in near},
        family_names={child.family_name_norm for child in near},
    )
    commonness = [
        frequencies.given_name_share(first_name(child.given_names_norm))
        * frequencies.family_name_share(child.family_name_norm)
        for child in near
    ]
    kinds = rng.choices(NEW_KINDS, weights=NEW_KIND_SHARES, k=len(near))
    namesakes_of = rng.choices(near, weights=commonness, k=kinds.count("namesake"))
    records = []
    for kind, child in zip(kinds, near, strict=True):
        model = namesakes_of.pop() if kind == "namesake" else child
        records.append(maker.new_child(model, kind=kind))
    return records


def shielded_children_prepare() -> tuple[list[int], list[int]]:
    """bench.search's shielded children (every 200th, made now if the population has none), and
    the children who share a home with one of them.

    bench.search shields children one by one, where a family that flees is shielded together.
    An unshielded brother or sister at a shielded child's home is held whenever a record of
    theirs could be the shielded child's, and rightly: it carries the same address. So those
    children's records are left out of the measure of how often an unrelated child is held.
    """
    reader = User(username="bench.match-quality", role=Role.PRACTITIONER, is_active=True)
    shielded_children_ensure(reader=reader)
    with connection.cursor() as cursor:
        cursor.execute("SELECT child_id FROM shielding_shieldingorder WHERE active")
        shielded = sorted(pk for (pk,) in cursor.fetchall())
        cursor.execute(SIBLINGS_SQL, [shielded])
        siblings = sorted(pk for (pk,) in cursor.fetchall())
    return shielded, siblings


def active_children_sample(rng: Random, count: int, *, leave_out: list[int]) -> list[int]:
    """Distinct active children drawn at random, none of those left out, in the order drawn."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM registry_child")
        highest = cursor.fetchone()[0]
        drawn = list(dict.fromkeys(rng.randrange(1, highest + 1) for _ in range(count * 2)))
        cursor.execute(
            "SELECT id FROM registry_child WHERE id = ANY(%s) AND status = 'active'", [drawn]
        )
        active = {pk for (pk,) in cursor.fetchall()} - set(leave_out)
    return [pk for pk in drawn if pk in active][:count]


def children_seal(child_ids: list[int]) -> None:
    """Seal children for the run only (rolled back with the benchmark's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_child SET status = 'sealed' WHERE id = ANY(%s)", [child_ids]
        )


def records_decide(records: list[BenchRecord]) -> tuple[list[Decided], dict, list[int]]:
    """Each chunk through the matcher, timed by stage; the scored candidates of every record."""
    decided: list[Decided] = []
    timings: dict[str, list[float]] = defaultdict(list)
    candidates_per_record = []
    clock = MatcherClock()
    cpu_before = (clock.matcher_cpu(), clock.database_cpu())
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        feed_records = [bench.record for bench in chunk]
        began = clock.wall()
        candidates_of = candidates_find(feed_code=FEED_CODE, records=feed_records)
        found = clock.wall()
        frequencies = chunk_name_frequencies(candidates_of=candidates_of)
        looked_up = clock.wall()
        comparables: dict = {}
        scored_of = [
            record_score(
                record=record,
                candidates=found_for,
                frequencies=frequencies,
                comparables=comparables,
            )
            for record, found_for in zip(feed_records, candidates_of, strict=True)
        ]
        scored_at = clock.wall()
        for scored in scored_of:
            match_decide(scored=scored, thresholds=THRESHOLDS)
        ended = clock.wall()
        for stage, seconds in zip(
            STAGE_NAMES,
            (found - began, looked_up - found, scored_at - looked_up, ended - scored_at),
            strict=True,
        ):
            timings[stage].append(seconds)
        timings["records"].append(len(chunk))
        candidates_per_record += [len(found_for) for found_for in candidates_of]
        decided += [Decided(bench, scored) for bench, scored in zip(chunk, scored_of, strict=True)]
    timings["matcher cpu"].append(clock.matcher_cpu() - cpu_before[0])
    database_cpu = clock.database_cpu()
    if database_cpu is not None and cpu_before[1] is not None:
        timings["database cpu"].append(database_cpu - cpu_before[1])
    return decided, timings, candidates_per_record
