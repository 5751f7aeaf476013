"""Every bar and point of the overview opens an explorer view with exactly its own records.

Run on the real data: each overview figure is built as the page builds it, each of its
points is turned into a click as Plotly reports one, and the explorer must then show as
many records as the bar says (one record for a dot).
"""

from __future__ import annotations

import numpy as np
import pytest

from dashboard import db, overview_charts
from dashboard.charts import overview as charts
from dashboard.charts.composition import composition
from dashboard.explore import drilldown
from dashboard.queries import common
from dashboard.queries import explore as explore_queries
from dashboard.queries import overview as queries


@pytest.fixture
def version(monkeypatch, real_db) -> str:
    monkeypatch.setenv("MONITOR_DB", str(real_db))
    return db.version()


def clicks(fig, value_axis: str):
    """(point as Plotly's selection reports it, the number the bar shows) for every bar."""
    for trace in fig.data:
        custom = trace.customdata
        for i in range(len(custom)):
            point = {"customdata": custom[i], "x": trace.x[i], "y": trace.y[i]}
            if isinstance(point["customdata"], np.ndarray):
                point["customdata"] = point["customdata"].tolist()
            value = getattr(trace, value_axis)[i]
            yield point, value


def shown(version, chart, point, period="year") -> int:
    view = drilldown.view_for(chart, point, period)
    assert view is not None, point
    return len(explore_queries.records(version, view))


def test_a_country_bar_opens_its_cases(version):
    fig = charts.bar_by_country(queries.cases_by_country(version), "cases", "", "")
    checked = 0
    for point, value in clicks(fig, "x"):
        assert shown(version, "cases-by-country", point) == value
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("period", ["year", "quarter"])
def test_a_period_bar_opens_its_cases(version, period):
    frame = queries.cases_over_time(version, period)
    fig = charts.counts_over_time(frame, "cases", "", "", period=period)
    checked = 0
    for point, value in clicks(fig, "y"):
        assert shown(version, "cases-over-time", point, period) == value, point
        checked += 1
    assert checked == len(frame)


def test_an_outcome_segment_opens_its_cases(version):
    frame = queries.sentence_types_by_country(version)
    fig = composition(frame, "sentence_type", "cases", "", "")
    for point, value in clicks(fig, "x"):
        if value:  # a zero-width segment cannot be clicked
            assert shown(version, "sentence-types", point) == value, point


def test_an_incident_segment_opens_its_incidents(version):
    frame = queries.incidents_by_country_type(version)
    fig = composition(frame, "incident_type", "incidents", "", "")
    total = 0
    for point, value in clicks(fig, "x"):
        if value:
            assert shown(version, "incidents-by-type", point) == value, point
            total += value
    assert total == frame["incidents"].sum()


def test_a_sentence_dot_opens_its_one_case(version):
    fig = charts.sentence_strip(queries.sentences(version), "", "")
    for trace in fig.data:
        for custom in trace.customdata:
            view = drilldown.view_for("sentence-lengths", {"customdata": list(custom)})
            rows = explore_queries.records(version, view)
            assert list(rows["record_id"]) == [custom[0]]
            assert view.record == custom[0]


@pytest.mark.parametrize("chart", overview_charts.CHARTS, ids=lambda c: c.key)
def test_every_point_of_every_overview_chart_opens_its_own_records(version, chart):
    """As the page draws it: a bar opens as many records as it shows, a dot its one case."""
    drawn = chart.draw(version, common.totals(version), "year")
    checked = 0
    for trace in drawn.figure.data:
        if trace.customdata is None:
            continue
        for i, custom in enumerate(trace.customdata):
            custom = custom.tolist() if isinstance(custom, np.ndarray) else custom
            point = {"customdata": custom, "x": trace.x[i], "y": trace.y[i]}
            if "ids" in sum(overview_charts.DRILLS[drawn.drill].point, ()):
                expected = 1  # a dot: one case
            else:
                expected = (trace.x if trace.orientation == "h" else trace.y)[i]
            if not expected:  # a zero-width segment cannot be clicked
                continue
            view = drilldown.view_for(drawn.drill, point, "year")
            assert view is not None, point
            assert len(explore_queries.records(version, view)) == expected, point
            checked += 1
    assert checked >= 3
