"""The data-quality dashboard: national figures for operations and data-quality staff, its own
authority's for a management team, nothing for anyone else, and never a child or a record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from audit.models import AccessEvent
from ingest.dashboard.access import dashboard_scope_for
from ingest.dashboard.duplicate_figures import DUPLICATE_RECORD_ID_REASON
from ingest.dashboard.selectors import dashboard_read
from ingest.feed_format import record_validate
from tests.factories import UserFactory
from tests.ingest.dashboard_world import (
    CHILD_NAMES,
    GENDER_REASON,
    NHS_REASON,
    REPEATED_REASON,
    dashboard_world_build,
)
from tests.ingest.feed_files import VALID_RECORD
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
DASHBOARD_URL = "/feeds/dashboard/"


@pytest.fixture
def dq_world():
    return dashboard_world_build()


def read(user, *, feed=None, days=30):
    return dashboard_read(scope=dashboard_scope_for(user=user), feed=feed, days=days)


def chart(dashboard, element_id):
    return next(one for one in dashboard.charts if one.element_id == element_id)


def series(chart_figures) -> dict[str, list]:
    return {one.label: one.values for one in chart_figures.series}


def label_of(days_ago: int) -> str:
    day = datetime.date.today() - datetime.timedelta(days=days_ago)
    return f"{day.day} {day:%b}"


def test_operations_see_national_outcome_rates_per_day_and_per_feed(dq_world):
    dashboard = read(dq_world.operator, days=7)

    outcomes = chart(dashboard, "chart-outcomes")
    assert len(outcomes.labels) == 7
    rows = {label: (total, values) for label, total, values in outcomes.table_rows}
    # matched, unchanged, created, review, held, rejected: shares of the day's records.
    assert rows[label_of(3)] == (2, [0, 0, 0, 100.0, 0, 0])
    assert rows[label_of(2)] == (10, [40.0, 10.0, 20.0, 10.0, 10.0, 10.0])
    assert rows[label_of(1)] == (5, [40.0, 0, 0, 20.0, 0, 40.0])
    assert rows[label_of(0)] == (7, [14.3, 0, 28.6, 0, 14.3, 42.9])
    assert rows[label_of(5)] == (0, [0] * 6)
    totals = {feed["code"]: (feed["batches"], feed["held"]) for feed in dashboard.feed_totals}
    assert totals == {"bradford-care": (1, 0), "child-benefit": (3, 2), "leeds-social-care": (1, 0)}


def test_one_feed_can_be_chosen(dq_world):
    dashboard = read(dq_world.operator, feed=dq_world.national, days=7)

    rows = {label: total for label, total, _values in chart(dashboard, "chart-outcomes").table_rows}
    assert (rows[label_of(1)], rows[label_of(0)]) == (0, 4)
    assert [feed["code"] for feed in dashboard.feed_totals] == ["child-benefit"]


def test_operations_see_the_national_queues_by_age(dq_world):
    dashboard = read(dq_world.operator)

    queues = {queue.name: (queue.by_age, queue.oldest_days) for queue in dashboard.queues}
    assert queues == {"Review": ((0, 1, 0, 1), 40), "Held": ((1, 0, 1, 0), 10)}
    assert series(chart(dashboard, "chart-queues")) == {
        "Review": [0, 1, 0, 1],
        "Held": [1, 0, 1, 0],
    }


def test_operations_see_the_top_rejection_reasons(dq_world):
    rejections = chart(read(dq_world.operator), "chart-rejections")

    assert rejections.labels == [GENDER_REASON, NHS_REASON, REPEATED_REASON]
    assert series(rejections) == {"Records rejected": [2, 2, 2]}


def test_operations_see_duplicates_found_each_day(dq_world):
    duplicates = series(chart(read(dq_world.operator, days=7), "chart-duplicates"))

    assert duplicates["Settled as the same child"][-1] == 2
    assert duplicates["Records merged"][-1] == 1
    assert duplicates["record_id repeated in a file"][-2:] == [1, 1]
    assert sum(sum(values) for values in duplicates.values()) == 5


def test_a_management_team_sees_only_its_own_authority(dq_world):
    dashboard = read(dq_world.leeds_team, days=7)

    assert [feed["code"] for feed in dashboard.feed_totals] == ["leeds-social-care"]
    rows = {label: total for label, total, _values in chart(dashboard, "chart-outcomes").table_rows}
    assert (rows[label_of(2)], rows[label_of(1)], rows[label_of(0)]) == (0, 5, 0)
    # Held for Leeds: the one 10 days old, not Bradford's. In review: the possible match with a
    # Leeds candidate, not the Leeds feed's own record whose only candidate is in Bradford.
    queues = {queue.name: queue.by_age for queue in dashboard.queues}
    assert queues == {"Review": (0, 1, 0, 0), "Held": (0, 0, 1, 0)}
    rejections = chart(dashboard, "chart-rejections")
    assert rejections.labels == [NHS_REASON, REPEATED_REASON]
    duplicates = series(chart(dashboard, "chart-duplicates"))
    assert duplicates["Settled as the same child"][-1] == 1
    assert duplicates["Records merged"][-1] == 1
    assert duplicates["record_id repeated in a file"][-2:] == [1, 0]


def test_a_team_cannot_choose_another_authoritys_feed(dq_world, client_for):
    client = client_for(dq_world.leeds_team)

    page = client.get(DASHBOARD_URL, {"feed": "bradford-care"})

    assert page.status_code == 200
    assert [feed["code"] for feed in page.context["dashboard"].feed_totals] == ["leeds-social-care"]


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.DATA_QUALITY, "leeds_team"])
def test_the_page_shows_figures_and_no_identity(dq_world, client_for, role):
    user = dq_world.leeds_team if role == "leeds_team" else UserFactory(role=role)

    page = client_for(user).get(DASHBOARD_URL, {"days": "7"})

    assert page.status_code == 200
    body = page.content.decode()
    for chart_id in ("chart-outcomes", "chart-queues", "chart-rejections", "chart-duplicates"):
        assert f'<canvas id="{chart_id}"' in body
        assert f'id="{chart_id}-data"' in body and f'id="{chart_id}-table"' in body
    assert "chartjs/chart.umd.min.js" in body
    for marker in (*CHILD_NAMES, *dq_world.record_ids):
        assert marker not in body
    for child in (dq_world.leeds_child, dq_world.bradford_child):
        assert child.contactpoint_id not in body and child.display_id not in body


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.AUDITOR])
def test_everyone_else_finds_no_such_page(dq_world, client_for, role):
    assert client_for(UserFactory(role=role)).get(DASHBOARD_URL).status_code == 404


def test_a_manager_outside_any_team_finds_no_such_page(dq_world, client_for):
    outsider = management_team_user_create(dq_world.pipeline.local_authority, join=False)
    assert client_for(outsider).get(DASHBOARD_URL).status_code == 404


def test_reading_the_dashboard_is_recorded_with_its_filters(dq_world, client_for):
    client_for(dq_world.leeds_team).get(DASHBOARD_URL, {"feed": "leeds-social-care", "days": "90"})

    event = AccessEvent.objects.get(kind=AccessEvent.Kind.REPORT_VIEWED)
    assert event.user == dq_world.leeds_team
    assert event.child_ids == []
    assert event.details == {
        "report": "data_quality_dashboard",
        "scope": [dq_world.pipeline.local_authority.pk],
        "feed": "leeds-social-care",
        "days": 90,
    }


def test_a_filter_out_of_range_falls_back_to_the_defaults(dq_world, client_for):
    page = client_for(dq_world.operator).get(DASHBOARD_URL, {"days": "5000", "feed": "nope"})
    assert page.status_code == 200
    assert len(page.context["dashboard"].period.days()) == 30


def test_the_dashboard_reads_a_fixed_number_of_queries(dq_world):
    for user in (dq_world.operator, dq_world.leeds_team):
        with CaptureQueriesContext(connection) as queries:
            read(user, days=90)
        statements = [
            query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]
        ]
        # Clearance (2), two queues, feeds and their totals, outcomes per day, reasons, three
        # kinds of duplicate, and the access event: whatever the number of batches or records.
        assert len(statements) <= 12, statements


def test_repeated_record_ids_are_told_by_the_reason_the_format_gives():
    seen = {"R-1"}
    rejection = record_validate({**VALID_RECORD, "record_id": "R-1"}, seen_record_ids=seen)
    assert rejection.reason.startswith(DUPLICATE_RECORD_ID_REASON)
