"""The overview's charts as a list, in page order: what each draws and what a click on it opens.

The page (dashboard/views/overview.py) lays them out two to a row, a chart marked `wide`
taking a row of its own; the drill-down (dashboard/explore/drilldown.py) reads DRILLS; the
tests iterate CHARTS. A new overview chart is a query, an entry here and its texts (issue #13).
No st.* here beyond the cached queries each entry calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import base
from dashboard.charts import overview as charts
from dashboard.charts.composition import composition
from dashboard.figure_cache import cached
from dashboard.i18n import label, number, t
from dashboard.queries import overview as queries


@dataclass(frozen=True)
class Drill:
    """What one clicked bar or point means, as explorer URL parameters.

    `point[i]` names the URL parameters the point's customdata[i] fills (the codes the chart
    builder puts there, dashboard/charts/overview.py); with `period`, the point's x is the
    first day of a year or quarter and fills `from` and `to`.
    """

    fixed: Mapping[str, str] = field(default_factory=dict)
    point: tuple[tuple[str, ...], ...] = ()
    period: bool = False


DRILLS = {
    "cases-by-country": Drill({"type": "cases"}, (("country",),)),
    "cases-over-time": Drill({"type": "cases"}, (("country",),), period=True),
    # A dot is one case: it opens that case alone, its detail shown.
    "sentence-lengths": Drill({}, (("ids", "id"),)),
    "sentence-types": Drill({"type": "cases"}, (("country",), ("sentence",))),
    "incidents-by-type": Drill({"type": "incidents"}, (("country",), ("kind",))),
}


@dataclass(frozen=True)
class Shown:
    """One chart as the page draws it: the figure, its caption, its numbers, its drill-down."""

    figure: go.Figure
    caption: str
    numbers: pd.DataFrame
    drill: str  # key of DRILLS a click follows


@dataclass(frozen=True)
class Chart:
    key: str  # widget key, downloaded file name
    sources: Mapping[str, str]  # the explorer filters that list the chart's records
    draw: Callable[[str, dict, str], Shown]  # (data version, totals, period) -> Shown
    wide: bool = False  # a row of its own
    period: bool = False  # the reader picks year or quarter above it


def country(code: object) -> str:
    return label("country", code)


def sentence_type(code: object) -> str:
    return label("sentence_type", code)


def incident_type(code: object) -> str:
    return label("incident_type", code)


def cases_by_country(version: str, totals: dict, period: str) -> Shown:
    frame = queries.cases_by_country(version)
    title = t("overview.by_country.title", n=totals["cases"])
    fig = cached(charts.bar_by_country, frame, "cases", title, t("chart.axis.cases"), country)
    return Shown(fig, t("overview.by_country.caption"), frame, "cases-by-country")


def cases_over_time(version: str, totals: dict, period: str) -> Shown:
    frame = queries.cases_over_time(version, period)
    fig = cached(
        charts.counts_over_time,
        frame,
        "cases",
        t("overview.over_time.title"),
        t("chart.axis.cases"),
        country,
        period,
    )
    return Shown(fig, t("overview.over_time.caption"), frame, "cases-over-time")


def sentence_lengths(version: str, totals: dict, period: str) -> Shown:
    """One dot per case; above MAX_POINTS, boxes from the refresh's statistics."""
    summary = queries.sentence_summary(version)
    title, axis = t("overview.sentences.title"), t("chart.axis.months")
    if summary["n"].sum() <= base.MAX_POINTS:
        frame = queries.sentences(version)
        fig = cached(charts.sentence_strip, frame, title, axis, country, sentence_type)
        numbers = frame.drop(columns=["defendant_initials"])
        return Shown(fig, t("overview.sentences.caption"), numbers, "sentence-lengths")
    fig = cached(charts.sentence_boxes, summary, title, axis, country, sentence_type)
    caption = t("overview.sentences.caption_boxes", n=number(int(summary["n"].sum())))
    # A box holds one country's sentences of one type: its records, as for the bars.
    return Shown(fig, caption, summary, "sentence-types")


def sentence_types(version: str, totals: dict, period: str) -> Shown:
    frame = queries.sentence_types_by_country(version)
    fig = cached(
        composition,
        frame,
        "sentence_type",
        "cases",
        t("overview.sentence_types.title"),
        t("chart.axis.cases"),
        country,
        sentence_type,
    )
    return Shown(fig, t("overview.sentence_types.caption"), frame, "sentence-types")


def incidents_by_type(version: str, totals: dict, period: str) -> Shown:
    frame = queries.incidents_by_country_type(version)
    fig = cached(
        composition,
        frame,
        "incident_type",
        "incidents",
        t("overview.incidents.title", n=totals["incidents"]),
        t("chart.axis.incidents"),
        country,
        incident_type,
    )
    return Shown(fig, t("overview.incidents.caption"), frame, "incidents-by-type")


CASES, INCIDENTS = {"type": "cases"}, {"type": "incidents"}
CHARTS = (
    Chart("cases-by-country", CASES, cases_by_country),
    Chart("cases-over-time", CASES, cases_over_time, period=True),
    Chart("sentence-lengths", CASES, sentence_lengths),
    Chart("sentence-types", CASES, sentence_types),
    Chart("incidents-by-type", INCIDENTS, incidents_by_type, wide=True),
)


def rows(charts: tuple[Chart, ...] = CHARTS) -> list[list[Chart]]:
    """The charts two to a row, in order; a wide chart (or an odd one out) alone."""
    out: list[list[Chart]] = []
    for chart in charts:
        if out and len(out[-1]) == 1 and not out[-1][0].wide and not chart.wide:
            out[-1].append(chart)
        else:
            out.append([chart])
    return out
