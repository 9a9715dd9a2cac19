"""The dashboard's figures as charts: what Chart.js draws (via json_script) and the table that
shows the same figures to anyone who cannot see the chart.

A chart's table is built from the very numbers the chart is, so the two cannot disagree. Colours
are the GOV.UK palette's.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from ingest.dashboard.duplicate_figures import MERGED, REPEATED_ID, SAME_CHILD
from ingest.dashboard.feed_figures import OUTCOMES
from ingest.dashboard.queue_figures import AGE_BUCKETS, QueueAge

OUTCOME_COLOURS = {
    "matched": "#00703c",
    "unchanged": "#85994b",
    "created": "#1d70b8",
    "review": "#f47738",
    "held": "#4c2c92",
    "rejected": "#d4351c",
}
QUEUE_COLOURS = {"Review": "#f47738", "Held": "#4c2c92"}
DUPLICATE_SERIES = (
    (SAME_CHILD, "Settled as the same child", "#1d70b8"),
    (MERGED, "Records merged", "#00703c"),
    (REPEATED_ID, "record_id repeated in a file", "#d4351c"),
)


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]
    colour: str


@dataclass(frozen=True)
class Chart:
    """One chart: categories (`labels`) and a series per dataset. `unit` is '%' or ''."""

    element_id: str
    title: str
    kind: str
    labels: list[str]
    series: list[Series]
    stacked: bool = False
    horizontal: bool = False
    unit: str = ""
    category: str = "Day"  # what the labels are, for the table's first column
    # For the table only: each category's number of records, when the chart shows shares of it.
    totals: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @property
    def table_rows(self) -> list[tuple[str, int | None, list[float]]]:
        """(category, its records when the chart shows shares, each series' value)."""
        return [
            (
                label,
                self.totals[index] if self.totals else None,
                [one.values[index] for one in self.series],
            )
            for index, label in enumerate(self.labels)
        ]

    @property
    def long_table(self) -> bool:
        """A table of more rows than a glance takes in is folded away under the chart."""
        return len(self.labels) > 10

    @property
    def is_empty(self) -> bool:
        return not any(value for one in self.series for value in one.values)


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def outcome_rates_chart(*, by_day: dict[date, dict[str, int]], days: list[date]) -> Chart:
    """Each day's records by outcome, as shares of the day's records (percent, one decimal)."""
    rates = {outcome: [] for outcome in OUTCOMES}
    totals = []
    for day in days:
        counts = by_day.get(day, {})
        total = sum(counts.get(outcome) or 0 for outcome in OUTCOMES)
        totals.append(total)
        for outcome in OUTCOMES:
            share = 100 * (counts.get(outcome) or 0) / total if total else 0
            rates[outcome].append(round(share, 1))
    return Chart(
        element_id="chart-outcomes",
        title="Outcome rates per day",
        kind="bar",
        labels=[_day_label(day) for day in days],
        series=[
            Series(outcome.label, rates[outcome], OUTCOME_COLOURS[outcome]) for outcome in OUTCOMES
        ],
        stacked=True,
        unit="%",
        totals=totals,
    )


def queue_age_chart(*, queues: list[QueueAge]) -> Chart:
    return Chart(
        element_id="chart-queues",
        title="Records waiting, by how long they have waited",
        kind="bar",
        labels=[label for label, _at_least, _under in AGE_BUCKETS],
        category="Waiting for",
        series=[
            Series(queue.name, list(queue.by_age), QUEUE_COLOURS[queue.name]) for queue in queues
        ],
    )


def rejection_reasons_chart(*, reasons: list[tuple[str, int]]) -> Chart:
    return Chart(
        element_id="chart-rejections",
        title="Top rejection reasons",
        kind="bar",
        labels=[reason for reason, _records in reasons],
        series=[Series("Records rejected", [records for _reason, records in reasons], "#d4351c")],
        horizontal=True,
        category="Reason",
    )


def duplicates_chart(*, by_day: dict[str, dict[date, int]], days: list[date]) -> Chart:
    return Chart(
        element_id="chart-duplicates",
        title="Duplicates found per day",
        kind="bar",
        labels=[_day_label(day) for day in days],
        series=[
            Series(label, [by_day[key].get(day, 0) for day in days], colour)
            for key, label, colour in DUPLICATE_SERIES
        ],
        stacked=True,
    )
