"""The search benchmark's measurements, run in-process once Django is set up (see bench.search).

Latency is server-side: the `child_search` call with its queries, from its start to its return,
as a view would see it. A warm-up with other searches comes first, as a running server's caches
would be warm; the timed searches are then made from other children, whose rows are not.
"""

import datetime
import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from random import Random

from bench.common import BENCH_DATABASE, machine_summary
from bench.search_audit import bench_user, timed_audited, timed_unaudited
from bench.search_queries import FORGIVING_KINDS, KINDS, BenchQuery, SampledChild, query_mix
from bench.search_shielding import shielded_children_ensure, shielding_switched_off
from registry.models import Address, Child
from registry.purposes import AccessPurpose
from registry.search import search_criteria_parse
from registry.selectors import child_search

PURPOSE = AccessPurpose.CHILD_PROTECTION
WARM_UP_PER_KIND = 50
BASELINE = (
    "Child.objects.visible_to(...).filter(given_names__icontains=..., "
    "family_name__icontains=..., date_of_birth=...)"
)


@dataclass(frozen=True)
class Timing:
    seconds: float
    found: bool
    results: int = 0
    too_many: bool = False


def search_benchmark(*, seed: int, per_kind: int) -> None:
    user = bench_user()
    shielded = shielded_children_ensure(reader=user)
    rng = Random(f"{seed}:search")
    children = sampled_children(user, rng)
    for query in query_mix(Random(f"{seed}:warm-up"), children, WARM_UP_PER_KIND):
        timed_search(user, query)
        with shielding_switched_off():
            timed_search(user, query)
        baseline_search(user, query)
        timed_audited(user, query, purpose=PURPOSE)
        timed_unaudited(user, query, purpose=PURPOSE)
    searches, unshielded, baselines = defaultdict(list), defaultdict(list), defaultdict(list)
    audited, unaudited = defaultdict(list), defaultdict(list)
    for number, query in enumerate(query_mix(rng, children, per_kind)):
        # Alternate which goes first, so that neither gains from the other's warm caches.
        if number % 2:
            searches[query.kind].append(timed_search(user, query))
        with shielding_switched_off():
            unshielded[query.kind].append(timed_search(user, query))
        if not number % 2:
            searches[query.kind].append(timed_search(user, query))
        baselines[query.kind].append(baseline_search(user, query))
        audit_arms = [(audited, timed_audited), (unaudited, timed_unaudited)]
        for timings, timed in audit_arms if number % 2 else reversed(audit_arms):
            timings[query.kind].append(timed(user, query, purpose=PURPOSE))
    children_count = Child.objects.visible_to(user, purpose=PURPOSE).count()
    report(children=children_count, searches=searches, baselines=baselines)
    shielding_report(shielded=shielded, searches=searches, unshielded=unshielded)
    audit_report(audited=audited, unaudited=unaudited)


def timed_search(user, query: BenchQuery) -> Timing:
    criteria = search_criteria_parse(query.fields)
    started = time.perf_counter()
    outcome = child_search(user=user, purpose=PURPOSE, criteria=criteria)
    seconds = time.perf_counter() - started
    return Timing(
        seconds=seconds,
        found=any(result.child.pk == query.child_id for result in outcome.results),
        results=len(outcome.results),
        too_many=outcome.too_many,
    )


def baseline_search(user, query: BenchQuery) -> Timing:
    """The plain ORM query a first version might write: substrings of the names, the date (or its
    month or year). A name left out of the search is an empty substring, which every name has."""
    criteria = search_criteria_parse(query.fields)
    wanted = criteria.date_of_birth
    born = (
        {"date_of_birth": wanted.first_day}
        if wanted.is_full
        else {"date_of_birth__range": (wanted.first_day, wanted.last_day)}
    )
    started = time.perf_counter()
    children = Child.objects.visible_to(user, purpose=PURPOSE).filter(
        given_names__icontains=criteria.given_names,
        family_name__icontains=criteria.family_name,
        **born,
    )
    found = [child.pk for child in children]
    seconds = time.perf_counter() - started
    return Timing(seconds=seconds, found=query.child_id in found, results=len(found))


def sampled_children(user, rng: Random, batch: int = 2000) -> Iterator[SampledChild]:
    """Real children drawn at random by id, each with its current postcode ('' if none)."""
    purpose = AccessPurpose.DATA_QUALITY
    children = Child.objects.visible_to(user, purpose=purpose)
    highest = children.order_by("-pk").values_list("pk", flat=True).first()
    while True:
        ids = sorted({rng.randint(1, highest) for _ in range(batch)})
        postcodes = dict(
            Address.objects.visible_to(user, purpose=purpose)
            .filter(child_id__in=ids, ended_on__isnull=True)
            .values_list("child_id", "postcode")
        )
        rows = children.filter(pk__in=ids).order_by("pk")
        for pk, given, family, born in rows.values_list(
            "pk", "given_names", "family_name", "date_of_birth"
        ):
            yield SampledChild(pk, given, family, born, postcodes.get(pk, ""))


def report(*, children: int, searches: dict, baselines: dict) -> None:
    print(f"\nPractitioner search, {datetime.date.today():%Y-%m-%d}, {machine_summary()}")
    print(f"  {children:,} children in {BENCH_DATABASE}")
    header = f"  {'searches':<24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'found':>9}"
    print(f"\n  child_search\n{header}{'too many':>10}{'max':>5}")
    for kind, timings in by_kind(searches):
        print(f"  {kind:<24}{summary(timings)}{cap_summary(timings)}")
    forgiving = [timing for kind in FORGIVING_KINDS for timing in searches[kind]]
    print(f"  found by the forgiving kinds ({', '.join(FORGIVING_KINDS)}): {found(forgiving):.2%}")
    print(f"\n  baseline: {BASELINE}\n{header}")
    for kind, timings in by_kind(baselines):
        print(f"  {kind:<24}{summary(timings)}")


def shielding_report(*, shielded: int, searches: dict, unshielded: dict) -> None:
    print(f"\n  with and without shielding ({shielded:,} children shielded)")
    print(f"  {'searches':<24}{'p95 with':>10}{'p95 without':>13}{'added':>8}")
    for kind, timings in by_kind(searches):
        with_p95 = percentile(sorted(timing.seconds for timing in timings), 95)
        without = [timing.seconds for timing in dict(by_kind(unshielded))[kind]]
        without_p95 = percentile(sorted(without), 95)
        print(
            f"  {kind:<24}{with_p95:>10.1f}{without_p95:>13.1f}{with_p95 / without_p95 - 1:>8.1%}"
        )


def audit_report(*, audited: dict, unaudited: dict) -> None:
    print("\n  with and without the audit (portal.access.search_audited against child_search)")
    print(f"  {'searches':<24}{'p95 with':>10}{'p95 without':>13}{'added ms':>10}")
    for kind in [*KINDS, "all"]:
        with_seconds = _seconds(audited, kind)
        without_seconds = _seconds(unaudited, kind)
        with_p95, without_p95 = percentile(with_seconds, 95), percentile(without_seconds, 95)
        print(f"  {kind:<24}{with_p95:>10.1f}{without_p95:>13.1f}{with_p95 - without_p95:>10.1f}")


def _seconds(timings_of: dict, kind: str) -> list[float]:
    kinds = KINDS if kind == "all" else [kind]
    return sorted(seconds for each in kinds for seconds in timings_of[each])


def by_kind(timings_of: dict) -> list[tuple[str, list[Timing]]]:
    rows = [(kind, timings_of[kind]) for kind in KINDS]
    return [*rows, ("all", [timing for _kind, timings in rows for timing in timings])]


def summary(timings: list[Timing]) -> str:
    seconds = sorted(timing.seconds for timing in timings)
    return (
        f"{len(seconds):>6}{percentile(seconds, 50):>9.1f}{percentile(seconds, 95):>9.1f}"
        f"{percentile(seconds, 99):>9.1f}{found(timings):>9.1%}"
    )


def cap_summary(timings: list[Timing]) -> str:
    too_many = sum(timing.too_many for timing in timings)
    return f"{too_many:>10}{max(timing.results for timing in timings):>5}"


def percentile(sorted_seconds: list[float], percent: int) -> float:
    """Nearest-rank percentile, in milliseconds."""
    rank = max(1, math.ceil(percent / 100 * len(sorted_seconds)))
    return sorted_seconds[rank - 1] * 1000


def found(timings: list[Timing]) -> float:
    return sum(timing.found for timing in timings) / len(timings)
