"""The rules' counts, in Redis, beside the throttles' counts and under the cache's key prefix.

Each read costs one round trip: the counts it adds to, and the markers that say a rule has already
raised its alert in this window, go in one pipeline. Distinct children are a set per user and
day, so a child seen twice counts once. Nothing here reads the audit table: counting over the
trail on every read would cost more than the read.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from audit.anomalies.rules import HARD_LIMIT, RULES, RuleSpec
from audit.anomalies.windows import Window
from audit.models_anomalies import AnomalyRule


@dataclass(frozen=True)
class Read:
    """What the rules need to know about one search or record view."""

    user_id: int
    at: datetime
    child_ids: tuple[int, ...]
    out_of_hours: bool
    out_of_area: bool


@dataclass(frozen=True)
class Tally:
    """One rule's count after a read, and whether it has already raised its alert."""

    spec: RuleSpec
    window: Window
    count: int
    alerted: bool


def redis_client():
    """The cache's own Redis connection. Django's cache API has no sets and no pipelines, so the
    counters reach one level below it, to the client its Redis backend already holds."""
    return cache._cache.get_client(write=True)


HARD_LIMIT_MARKER = "hard_limit"


def counter_key(name: str, user_id: int, window: Window) -> str:
    return cache.make_key(f"anomaly:{name}:{user_id}:{window.name}")


def alerted_key(rule: str, user_id: int, window: Window) -> str:
    return counter_key(f"alerted:{rule}", user_id, window)


def read_tally(read: Read) -> tuple[list[Tally], bool]:
    """Add the read to every rule it counts for; return the tallies, and whether the hard limit
    has already been acted on today."""
    pipeline = redis_client().pipeline(transaction=False)
    counted: list[tuple[RuleSpec, Window, int]] = []
    for spec in _rules_counting(read):
        window = spec.window_of(read.at)
        key = counter_key(spec.rule, read.user_id, window)
        if spec.rule == AnomalyRule.DISTINCT_CHILDREN:
            if read.child_ids:
                pipeline.sadd(key, *read.child_ids)
                pipeline.expire(key, window.keep_seconds)
            position = len(pipeline)  # where SCARD's answer will be among the pipeline's
            pipeline.scard(key)
        else:
            position = len(pipeline)  # where INCR's answer will be among the pipeline's
            pipeline.incr(key)
            pipeline.expire(key, window.keep_seconds)
        counted.append((spec, window, position))
    limit_window = HARD_LIMIT.window_of(read.at)
    markers = [alerted_key(spec.rule, read.user_id, window) for spec, window, _ in counted]
    pipeline.mget([*markers, alerted_key(HARD_LIMIT_MARKER, read.user_id, limit_window)])
    results = pipeline.execute()
    *marked, limit_marked = results[-1]
    tallies = [
        Tally(spec, window, int(results[position]), alerted=marker is not None)
        for (spec, window, position), marker in zip(counted, marked, strict=True)
    ]
    return tallies, limit_marked is not None


def _rules_counting(read: Read) -> list[RuleSpec]:
    """The rules this read counts for. Distinct children are counted for the hard limit too."""
    wanted = {rule for rule, spec in RULES.items() if spec.threshold > 0}
    if HARD_LIMIT.threshold > 0:
        wanted.add(AnomalyRule.DISTINCT_CHILDREN)
    if not read.out_of_hours:
        wanted.discard(AnomalyRule.OUT_OF_HOURS)
    if not read.out_of_area:
        wanted.discard(AnomalyRule.OUT_OF_AREA)
    return [spec for rule, spec in RULES.items() if rule in wanted]


def alerted_mark(*, rule: str, user_id: int, window: Window) -> None:
    redis_client().set(alerted_key(rule, user_id, window), 1, ex=window.keep_seconds)


def counts_forget(*, user_id: int, windows: Iterable[tuple[str, Window]]) -> None:
    """Start a user's counts again (after a review reinstates them), and the hard limit with them."""
    keys = [counter_key(rule, user_id, window) for rule, window in windows]
    keys += [alerted_key(HARD_LIMIT_MARKER, user_id, window) for _rule, window in windows]
    redis_client().delete(*keys)
