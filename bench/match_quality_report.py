"""The match-quality benchmark's figures, printed as markdown for docs/benchmarks.md.

Each record has a class by its ground truth (bench.match_quality_records): an existing child, a
new child, or a shielded or sealed child. Per outcome:

- match: precision is the share of matches made with the record's own child; recall, the share
  of existing children's records matched with their child;
- review: precision is the share of reviews that list the record's own child among the
  candidates; recall, the share of existing children's records reviewed with their child listed;
- create: precision is the share of creates that are new children; recall, the share of new
  children created;
- held: precision is the share of holds for the record's own (shielded or sealed) child; recall,
  the share of shielded and sealed children's records kept hidden: held for their child, or
  matched with the child itself (a shielded child's hidden data is updated, nothing visible).

The shield guard's result counts every outcome of the shielded and sealed children's records: a
create, a review or a match with another child would be the 2009 defect.
"""

import datetime
import math
import statistics
from collections import Counter, defaultdict

from bench.common import BENCH_DATABASE, machine_summary
from ingest.matching.decision import CREATE, HELD, MATCH, REVIEW, MatchThresholds, match_decide

PROTECTED_KINDS = ("shielded", "sealed")
STAGE_NAMES = ("candidates_find", "name frequencies", "scoring", "decision")


def verdict(decided, thresholds: MatchThresholds) -> tuple[str, bool]:
    """The outcome of one record at these thresholds, and whether it is right for its child."""
    decision = match_decide(scored=decided.scored, thresholds=thresholds)
    true_child = decided.bench.child_id
    if decision.outcome == REVIEW:
        listed = {one.child_id for one in decision.review_candidates}
        return REVIEW, true_child in listed
    if decision.outcome == CREATE:
        return CREATE, true_child is None
    return decision.outcome, decision.child_id == true_child


def quality(decided: list, thresholds: MatchThresholds) -> dict:
    """Precision, recall and F1 per outcome, and the guard's counts."""
    predicted, right, recalled = Counter(), Counter(), Counter()
    expected = Counter(one.bench.kind for one in decided)
    guard = Counter()
    for one in decided:
        outcome, correct = verdict(one, thresholds)
        predicted[outcome] += 1
        right[outcome] += correct
        kind = one.bench.kind
        if kind in PROTECTED_KINDS:
            guard[_guard_result(outcome, correct)] += 1
        if correct:
            recalled[_recalled_as(kind, outcome)] += 1
    protected = sum(expected[kind] for kind in PROTECTED_KINDS)
    relevant = {
        MATCH: expected["existing"],
        REVIEW: expected["existing"],
        CREATE: expected["new"],
        HELD: protected,
    }
    rows = {}
    for outcome, total in relevant.items():
        precision = right[outcome] / predicted[outcome] if predicted[outcome] else math.nan
        recall = recalled[outcome] / total if total else math.nan
        rows[outcome] = (predicted[outcome], precision, recall, _f1(precision, recall))
    existing = relevant[MATCH]
    found = (recalled[MATCH] + recalled[REVIEW]) / existing if existing else math.nan
    return {"rows": rows, "match_or_review_recall": found, "guard": guard}


def _recalled_as(kind: str, outcome: str) -> str:
    """Which outcome's recall a right outcome counts for: a protected child's record kept
    hidden counts for held, whether held for the child or matched with it."""
    if kind in PROTECTED_KINDS:
        return HELD if outcome in (HELD, MATCH) else "none"
    if kind == "existing":
        return outcome if outcome in (MATCH, REVIEW) else "none"
    return CREATE if outcome == CREATE else "none"


def _guard_result(outcome: str, correct: bool) -> str:
    if outcome == HELD:
        return "held for the child" if correct else "held for another protected child"
    if outcome == MATCH and correct:
        return "matched with the child (hidden data only)"
    return f"FAILED: {outcome}"


def _f1(precision: float, recall: float) -> float:
    if math.isnan(precision) or math.isnan(recall) or precision + recall == 0:
        return math.nan
    return 2 * precision * recall / (precision + recall)


def report(*, decided, thresholds, timings, candidates, shielded_children) -> None:
    kinds = Counter(one.bench.kind for one in decided)
    print(f"\n## Feed matching quality, {datetime.date.today():%Y-%m-%d}, {machine_summary()}\n")
    print(f"Index: a copy of `{BENCH_DATABASE}`, {shielded_children:,} children shielded.")
    print("Records: " + ", ".join(f"{count:,} {kind}" for kind, count in sorted(kinds.items())))
    print(
        f"Thresholds (match weight): auto-match {thresholds.auto_match}, review "
        f"{thresholds.review}, shield guard {thresholds.shield_guard}.\n"
    )
    figures = quality(decided, thresholds)
    print("| outcome | records | precision | recall | F1 |\n|---|---:|---:|---:|---:|")
    for outcome, (count, precision, recall, f1) in figures["rows"].items():
        print(f"| {outcome} | {count:,} | {precision:.4f} | {recall:.4f} | {f1:.4f} |")
    print(f"\nExisting children matched or reviewed: {figures['match_or_review_recall']:.4f}")
    guard_report(figures["guard"])
    unrelated_holds_report(decided, thresholds)
    changes_report(decided, thresholds)
    sweep_report(decided, thresholds)
    throughput_report(timings, candidates)


def guard_report(guard: Counter) -> None:
    failures = sum(count for result, count in guard.items() if result.startswith("FAILED"))
    print(f"\n### Shield guard: {sum(guard.values()):,} records of shielded or sealed children\n")
    print("| result | records |\n|---|---:|")
    for result, count in sorted(guard.items()):
        print(f"| {result} | {count:,} |")
    print(f"\nUnshielded duplicates or visible updates: **{failures}**")


def unrelated_holds_report(decided, thresholds) -> None:
    """The guard's cost: records of unshielded children held because a shielded one might be."""
    unrelated = [one for one in decided if one.bench.kind in ("existing", "new")]
    held = sum(verdict(one, thresholds)[0] == HELD for one in unrelated)
    print(
        f"\nRecords of unshielded and new children held for a shielded or sealed one: {held:,} "
        f"of {len(unrelated):,} ({held / len(unrelated):.2%})"
    )


def changes_report(decided, thresholds) -> None:
    """Outcomes of existing and new children's records by what was changed in them."""
    by_change: dict[str, Counter] = defaultdict(Counter)
    for one in decided:
        if one.bench.kind not in ("existing", "new"):
            continue
        outcome, correct = verdict(one, thresholds)
        label = outcome if correct or outcome == CREATE else f"{outcome} (wrong)"
        for change in one.bench.changes or ("none",):
            by_change[f"{one.bench.kind}: {change}"][label] += 1
    labels = sorted({label for counts in by_change.values() for label in counts})
    print("\n### Outcomes by change\n")
    print("| records | n | " + " | ".join(labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for change, counts in sorted(by_change.items()):
        total = sum(counts.values())
        shares = " | ".join(f"{counts[label] / total:.1%}" for label in labels)
        print(f"| {change} | {total:,} | {shares} |")


def sweep_report(decided, thresholds: MatchThresholds) -> None:
    """The same records decided at other thresholds, one threshold moved at a time."""
    print("\n### Other thresholds\n")
    print("| auto-match | review | guard | match P | match R | match+review R | create P |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    auto, review, guard = thresholds.auto_match, thresholds.review, thresholds.shield_guard
    settings = [(value, review, guard) for value in (auto - 2, auto - 1, auto + 1, auto + 2)]
    settings += [(auto, value, guard) for value in (review - 2, review + 2, review + 4)]
    settings += [(auto, review, value) for value in (guard - 2, guard + 2, guard + 4)]
    for setting in settings:
        figures = quality(decided, MatchThresholds(*setting))
        failures = sum(n for result, n in figures["guard"].items() if result.startswith("FAILED"))
        match, create = figures["rows"][MATCH], figures["rows"][CREATE]
        print(
            f"| {setting[0]} | {setting[1]} | {setting[2]} | {match[1]:.4f} | {match[2]:.4f} "
            f"| {figures['match_or_review_recall']:.4f} | {create[1]:.4f} |"
            + (f" guard failures: {failures}" if failures else "")
        )


def throughput_report(timings: dict, candidates: list[int]) -> None:
    records = sum(timings["records"])
    stages = [stage for stage in STAGE_NAMES if stage in timings]
    total = sum(sum(timings[stage]) for stage in stages)
    chunk_seconds = [sum(values) for values in zip(*(timings[s] for s in stages), strict=True)]
    print("\n### Throughput (one process, chunks of 1,000 records)\n")
    print(
        f"- wall clock: {records:,} records in {total:.1f} s, **{records / total:,.0f} records/s**"
    )
    if timings.get("database cpu"):
        python, database = timings["matcher cpu"][0], timings["database cpu"][0]
        print(
            f"- CPU time: {python:.1f} s in Python, {database:.1f} s in its PostgreSQL backend: "
            f"**{records / (python + database):,.0f} records/s** with a core to itself"
        )
    print(
        f"- per chunk: p50 {statistics.median(chunk_seconds) * 1000:.0f} ms, "
        f"max {max(chunk_seconds) * 1000:.0f} ms"
    )
    for stage in stages:
        print(f"- {stage}: {sum(timings[stage]) / total:.0%} of the wall-clock time")
    ordered = sorted(candidates)
    print(
        f"- candidates per record: mean {statistics.mean(ordered):.1f}, "
        f"p95 {ordered[int(len(ordered) * 0.95)]}, max {ordered[-1]}"
    )
