"""Clicking a bar or point on an overview chart opens the explorer on exactly those records."""

from __future__ import annotations

import streamlit as st

from dashboard.explore import permalink
from dashboard.queries import explore as queries

EXPLORER = "views/explore.py"


def open_explorer(event, chart: str, version: str, period: str = "year") -> None:
    """Switch to the explorer when the reader selected something on `chart`; else do nothing.

    One point opens its readable filters (?type=cases&country=UZB); several points (shift-click)
    open the union of their records by id, which no single set of filters may express.
    """
    points = list(event.selection.points) if event else []
    views = [v for p in points if (v := permalink.drilldown(chart, p, period)) is not None]
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
