"""The dashboard, read in one transaction with the access event that records it.

The figures hold no child, record or person, but the management team's are read from hidden
content in its scope, and every read of the index's data is recorded; so the dashboard is an
audited report (REPORT_VIEWED) naming its filters.
"""

from dataclasses import dataclass

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record
from ingest.dashboard import charts
from ingest.dashboard.access import DashboardScope
from ingest.dashboard.duplicate_figures import duplicates_by_day
from ingest.dashboard.feed_figures import outcomes_by_day, outcomes_by_feed, rejection_reasons_top
from ingest.dashboard.period import Period
from ingest.dashboard.queue_figures import QueueAge, queue_ages
from ingest.models import Feed

DASHBOARD_REPORT = "data_quality_dashboard"


@dataclass(frozen=True)
class Dashboard:
    period: Period
    feed: Feed | None  # None: every feed in the scope
    feed_totals: list[dict]
    queues: list[QueueAge]
    charts: list[charts.Chart]


@transaction.atomic
def dashboard_read(*, scope: DashboardScope, feed: Feed | None, days: int) -> Dashboard:
    """The figures of the last `days` days, for one of the scope's feeds or all of them."""
    period = Period.ending_today(days=days)
    feeds = scope.feeds() if feed is None else scope.feeds().filter(pk=feed.pk)
    queues = queue_ages(scope=scope)
    dashboard = Dashboard(
        period=period,
        feed=feed,
        feed_totals=outcomes_by_feed(feeds=feeds, period=period),
        queues=queues,
        charts=[
            charts.outcome_rates_chart(
                by_day=outcomes_by_day(feeds=feeds, period=period), days=period.days()
            ),
            charts.queue_age_chart(queues=queues),
            charts.rejection_reasons_chart(
                reasons=rejection_reasons_top(feeds=feeds, period=period)
            ),
            charts.duplicates_chart(
                by_day=duplicates_by_day(scope=scope, feeds=feeds, period=period),
                days=period.days(),
            ),
        ],
    )
    access_event_record(
        kind=AccessEvent.Kind.REPORT_VIEWED,
        user=scope.user,
        details={
            "report": DASHBOARD_REPORT,
            "scope": "national" if scope.national else sorted(scope.authority_ids),
            "feed": feed.code if feed else "",
            "days": days,
        },
    )
    return dashboard
