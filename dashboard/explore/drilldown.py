"""Clicking a bar or point on an overview chart opens the explorer on exactly those records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from dashboard.explore import permalink
from dashboard.overview_charts import DRILLS
from dashboard.queries import explore as queries

EXPLORER = "views/explore.py"


def open_explorer(event, chart: str, version: str, period: str = "year") -> None:
    """Switch to the explorer when the reader selected something on `chart`; else do nothing.

    One point opens its readable filters (?type=cases&country=UZB); several points (shift-click)
    open the union of their records by id, which no single set of filters may express.
    """
    points = list(event.selection.points) if event else []
    views = [v for p in points if (v := view_for(chart, p, period)) is not None]
    if not views:
        return
    if len(views) == 1:
        view = views[0]
    else:
        view = permalink.Filters(ids=queries.matching_ids(version, tuple(views)))
    params = permalink.to_params(view)
    if "lang" in st.query_params:
        params["lang"] = st.query_params["lang"]
    st.switch_page(EXPLORER, query_params=params)


def view_for(chart: str, point: Mapping, period: str = "year") -> permalink.Filters | None:
    """The explorer view holding exactly the records behind one bar or point, or None.

    What the point means comes from the chart's Drill (dashboard/overview_charts.py). Codes
    are validated like a URL's: a point whose codes we do not know opens nothing rather than
    a wider view than the reader clicked.
    """
    drill = DRILLS.get(chart)
    data = point.get("customdata")
    data = [data] if isinstance(data, str) else list(data or [])
    if drill is None or not data or len(data) < len(drill.point):
        return None
    params = dict(drill.fixed)
    for value, names in zip(data, drill.point, strict=False):
        params |= dict.fromkeys(names, value)
    if drill.period:
        try:
            start = dt.date.fromisoformat(str(point.get("x", ""))[:10])
        except ValueError:
            return None
        first, last = permalink.period_bounds(start, period)
        params |= {"from": first.isoformat(), "to": last.isoformat()}
    if any("," in str(v) for v in params.values()):
        return None
    parsed = permalink.parse(params)
    return None if parsed.notes else parsed.filters
