"""The anomaly rules: what each counts, over which window, and the threshold (in settings) at
which it raises an alert; and the hard limit, at which the user is suspended.

Every rule counts per user. A threshold of 0 turns a rule off.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import dateformat

from audit.anomalies.windows import Window, day_window, hour_window, working_time_zone
from audit.models_anomalies import AnomalyRule


@dataclass(frozen=True)
class RuleSpec:
    rule: AnomalyRule
    window_of: Callable[[datetime], Window]
    threshold_setting: str
    # How a count reads in an alert: "{count} ... {window}".
    counted: str

    @property
    def threshold(self) -> int:
        return getattr(settings, self.threshold_setting)


RULES: dict[str, RuleSpec] = {
    AnomalyRule.VOLUME: RuleSpec(
        AnomalyRule.VOLUME,
        hour_window,
        "ANOMALY_READS_PER_HOUR",
        "searches and records opened",
    ),
    AnomalyRule.DISTINCT_CHILDREN: RuleSpec(
        AnomalyRule.DISTINCT_CHILDREN,
        day_window,
        "ANOMALY_CHILDREN_PER_DAY",
        "different children in search results and records opened",
    ),
    AnomalyRule.OUT_OF_HOURS: RuleSpec(
        AnomalyRule.OUT_OF_HOURS,
        day_window,
        "ANOMALY_OUT_OF_HOURS_READS_PER_DAY",
        "searches and records opened outside working hours",
    ),
    AnomalyRule.OUT_OF_AREA: RuleSpec(
        AnomalyRule.OUT_OF_AREA,
        day_window,
        "ANOMALY_OUT_OF_AREA_READS_PER_DAY",
        "searches and records far outside their own area",
    ),
}

# The hard limit: so many different children in a day suspends the user until reviewed.
HARD_LIMIT = RuleSpec(
    AnomalyRule.DISTINCT_CHILDREN,
    day_window,
    "SUSPEND_CHILDREN_PER_DAY",
    "different children in search results and records opened",
)


def observation_describe(*, rule: str, count: int, window_start: datetime) -> str:
    """What a rule saw, in words for an alert, an email or a page: never a child's details."""
    spec = RULES[rule]
    start = window_start.astimezone(working_time_zone())
    if spec.window_of is hour_window:
        when = f"in the hour from {dateformat.format(start, 'H:i')} on {_day(start)}"
    else:
        when = f"on {_day(start)}"
    return f"{count} {spec.counted} {when}"


def _day(moment: datetime) -> str:
    return dateformat.format(moment, "l j F Y")
