"""The data-quality dashboard in real headless Chromium: Chart.js draws every chart, from the same
figures its table shows, for an operations user (national figures) and a management team (its
own authority's)."""

import pytest

from tests.browser.test_practitioner_journeys import sign_in_with_password
from tests.factories import TOTPDeviceFactory, totp_code_now
from tests.ingest.dashboard_world import CHILD_NAMES, dashboard_world_build

pytestmark = pytest.mark.django_db(transaction=True)
CHARTS = ("chart-outcomes", "chart-queues", "chart-rejections", "chart-duplicates")

# For each chart: whether Chart.js made it, its datasets' values, and whether its canvas has any
# painted pixel.
DRAWN_CHARTS_JS = """(ids) => ids.map((id) => {
  const canvas = document.getElementById(id);
  const chart = window.Chart && window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = false;
  for (let index = 3; index < pixels.length; index += 4) {
    if (pixels[index] !== 0) { painted = true; break; }
  }
  return {
    id,
    made: Boolean(chart),
    values: chart ? chart.data.datasets.map((dataset) => dataset.data) : [],
    painted,
  };
})"""
# Each table's figures, column by column, as the charts' datasets hold them (a day's number of
# records, when the chart shows shares of it, is the table's alone).
TABLE_FIGURES_JS = """(id) => {
  const rows = [...document.querySelectorAll(`#${id}-table tbody tr`)];
  const cells = rows.map(
    (row) => [...row.querySelectorAll("td:not([data-total])")].map((cell) => cell.textContent),
  );
  const columns = cells.length ? cells[0].length : 0;
  const series = [];
  for (let column = 0; column < columns; column += 1) {
    series.push(cells.map((row) => Number(row[column].replace("%", ""))));
  }
  return series;
}"""


def open_dashboard(page, user) -> None:
    device = TOTPDeviceFactory(user=user)
    sign_in_with_password(page, user.username)
    page.fill("#id_code", totp_code_now(device))
    page.click("button:has-text('Continue')")
    page.click("header a:has-text('Data-quality dashboard')")
    page.wait_for_selector("h1:has-text('Data-quality dashboard')")
    page.wait_for_function("window.Chart && window.Chart.getChart('chart-duplicates')")


def drawn_charts(page) -> dict[str, dict]:
    return {chart["id"]: chart for chart in page.evaluate(DRAWN_CHARTS_JS, list(CHARTS))}


def assert_charts_drawn_from_their_tables(page) -> dict[str, dict]:
    charts = drawn_charts(page)
    for chart_id, chart in charts.items():
        assert chart["made"] and chart["painted"], chart_id
        assert chart["values"] == page.evaluate(TABLE_FIGURES_JS, chart_id), chart_id
    return charts


def test_operations_see_the_national_charts_drawn(page):
    world = dashboard_world_build()

    open_dashboard(page, world.operator)

    charts = assert_charts_drawn_from_their_tables(page)
    assert charts["chart-queues"]["values"] == [[0, 1, 0, 1], [1, 0, 1, 0]]
    assert charts["chart-rejections"]["values"] == [[2, 2, 2]]
    assert page.inner_text("#waiting-held") == "2 waiting; the oldest for 10 days"
    feeds = page.inner_text("#feed-totals")
    assert "Child Benefit" in feeds and "Bradford Care" in feeds
    assert not any(name in page.content() for name in CHILD_NAMES)


def test_a_management_team_sees_its_own_authoritys_charts_drawn(page):
    world = dashboard_world_build()

    open_dashboard(page, world.leeds_team)

    charts = assert_charts_drawn_from_their_tables(page)
    assert charts["chart-queues"]["values"] == [[0, 1, 0, 0], [0, 0, 1, 0]]
    assert charts["chart-rejections"]["values"] == [[1, 1]]
    assert page.inner_text("#waiting-held") == "1 waiting; the oldest for 10 days"
    feeds = page.inner_text("#feed-totals")
    assert "Leeds Social Care" in feeds and "Bradford Care" not in feeds
    assert not any(name in page.content() for name in CHILD_NAMES)

    page.select_option("#id_days", "7")
    page.click("button:has-text('Show')")
    page.wait_for_function("window.Chart && window.Chart.getChart('chart-outcomes')")
    assert len(drawn_charts(page)["chart-outcomes"]["values"][0]) == 7
