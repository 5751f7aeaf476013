"""Server-side time of one interaction: a filter change that reruns a page (queries + figures).

Measured with Streamlit's AppTest, which runs the page script exactly as the server does
and returns when the run has finished. Two figures per interaction:
- cold: the query and figure caches are emptied before each rerun (a filter combination
  nobody has asked for yet): every query runs and every figure is built; the database
  connection stays open, as on a running server (opening it costs ~27 ms, once per file);
- warm: the caches are kept (a filter value seen before): the page is laid out again.

Adding a page is one line in INTERACTIONS: the page, the widget key, and the values a
visitor would pick in turn.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.figures import Figures
from dashboard import db as dashboard_db
from dashboard import figure_cache
from etl.settings import ROOT

APP = ROOT / "dashboard" / "app.py"

Apply = Callable[[object, object], None]


def segmented(key: str) -> Apply:
    return lambda at, value: at.segmented_control(key=key).set_value(value)


def multiselect(key: str) -> Apply:
    return lambda at, value: at.multiselect(key=key).set_value(value)


def first_selectbox(at, value) -> None:
    """The country brief's country picker (the page's only selectbox, read from the URL)."""
    at.selectbox[0].set_value(value)


@dataclass(frozen=True)
class Interaction:
    name: str  # figure name
    page: str  # file in dashboard/views/ (without .py)
    apply: Apply  # sets one widget to a value, on an AppTest
    values: tuple  # what a visitor picks in turn (cycled)
    # For the websocket load test: the widget's key and each value as the page displays it
    # (segmented controls and multiselects send their displayed labels).
    key: str = ""
    labels: tuple = field(default_factory=tuple)


INTERACTIONS = [
    Interaction(
        "overview.period",
        "overview",
        segmented("period"),
        ("quarter", "year"),
        key="period",
        labels=("Quarter", "Year"),
    ),
    Interaction(
        "explore.country",
        "explore",
        multiselect("explore_countries"),
        (["KGZ"], ["UZB"], ["KAZ", "TJK"], []),
    ),
    Interaction(
        "trends.countries",
        "trends",
        multiselect("countries"),
        (["KGZ"], ["UZB", "KAZ"], ["TJK"], ["KAZ", "KGZ", "TJK", "TKM", "UZB"]),
    ),
    Interaction("country.pick", "country", first_selectbox, ("KGZ", "KAZ", "TJK", "UZB")),
]


def measure(
    figs: Figures,
    db: Path,
    label: str,
    reruns: int,
    interactions: list[Interaction] = INTERACTIONS,
    timeout: float = 900,
    budget_s: float = 180,
) -> None:
    """p50/p95 of cold and warm reruns for every interaction, on one published database.

    A page that takes minutes per rerun (the explorer at a million cases) gets as many
    reruns as fit in budget_s per mode, at least one: the sample count is printed.
    """
    import streamlit as st
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    # Outside a server, clearing the cache logs a notice per call; keep the output readable.
    streamlit_logger.set_log_level("error")

    os.environ["MONITOR_DB"] = str(db)
    for interaction in interactions:
        at = AppTest.from_file(str(APP), default_timeout=timeout)
        at.switch_page(f"views/{interaction.page}.py")
        st.cache_data.clear()
        started = time.perf_counter()
        at.run()
        if at.exception:
            figs.note(f"{interaction.name} on {label}: {at.exception[0].value[:200]}")
            continue
        figs.add(f"page.{interaction.page}.{label}.first_run", (time.perf_counter() - started), "s")
        for mode in ("cold", "warm"):
            if mode == "warm":
                # Every value asked once first, so that warm means answered before.
                for value in interaction.values:
                    interaction.apply(at, value)
                    at.run()
            samples = []
            spent = 0.0
            for i in range(reruns):
                if spent > budget_s:
                    break
                interaction.apply(at, interaction.values[i % len(interaction.values)])
                if mode == "cold":
                    st.cache_data.clear()
                    figure_cache.clear()
                started = time.perf_counter()
                at.run()
                samples.append((time.perf_counter() - started) * 1000)
                spent += samples[-1] / 1000
                if at.exception:
                    figs.note(f"{interaction.name} on {label}: {at.exception[0].value[:200]}")
                    break
            figs.percentiles(f"interaction.{interaction.name}.{label}.{mode}", samples)
        # At a million cases the explorer's cached results and the last run's elements hold
        # gigabytes in this process: free them before the next page or database.
        del at
        st.cache_data.clear()
        figure_cache.clear()
        gc.collect()
    # Let go of this database before the next one is measured.
    dashboard_db.close()
