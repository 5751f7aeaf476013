"""Overview charts: pure builders, DataFrame (+ translated texts) in, plotly Figure out. No st.*, no SQL.

Each figure is built from plain dicts in one go (charts/base.py: layout, figure): the page
reruns on every filter change, and plotly validates a figure once per construction.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CATEGORY_COLOURS,
    COUNTRY_COLOURS,
    Namer,
    figure,
    identity,
    layout,
    legend_band,
)


def bar_by_country(
    frame: pd.DataFrame, value: str, title: str, value_label: str, country_name: Namer = identity
) -> go.Figure:
    """Horizontal bars, largest at top, one colour per country."""
    data = frame.sort_values(value, ascending=True)
    bar = {
        "type": "bar",
        "x": data[value],
        "y": [country_name(c) for c in data["country_iso3"]],
        "orientation": "h",
        "marker": {"color": [COUNTRY_COLOURS.get(c, "#999999") for c in data["country_iso3"]]},
        "text": data[value],
        "textposition": "outside",
        "customdata": data["country_iso3"],
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    look = layout(title, max(220, 70 + 45 * len(data)), xaxis={"title": {"text": value_label}})
    return figure([bar], look)


def counts_over_time(
    frame: pd.DataFrame,
    value: str,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    period: str = "year",
) -> go.Figure:
    """Stacked bars per period, one trace per country."""
    yearly = period == "year"
    bars = [
        {
            "type": "bar",
            "x": part["period_start"],
            "y": part[value],
            "name": country_name(iso3),
            "marker": {"color": COUNTRY_COLOURS.get(iso3, "#999999")},
            "customdata": [iso3] * len(part),
            "hovertemplate": "%{fullData.name}, %{x|"
            + ("%Y" if yearly else "%Y Q%q")
            + "}: %{y}<extra></extra>",
        }
        for iso3, part in frame.groupby("country_iso3", sort=True)
    ]
    look = layout(
        title,
        320,
        barmode="stack",
        yaxis={"title": {"text": value_label}, "rangemode": "tozero"},
        xaxis={"dtick": "M12" if yearly else "M3", "tickformat": "%Y" if yearly else "%Y Q%q"},
    )
    return figure(bars, legend_band(look, len(bars), axis_room=50))


def sentence_strip(
    frame: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
) -> go.Figure:
    """Every known sentence as a dot (months), by country, coloured by sentence type, with a box behind."""
    boxes = []
    for i, stype in enumerate(sorted(frame["sentence_type"].dropna().unique())):
        part = frame[frame["sentence_type"] == stype]
        boxes.append(
            {
                "type": "box",
                "x": part["sentence_months"],
                "y": [country_name(c) for c in part["country_iso3"]],
                "name": type_name(stype),
                "orientation": "h",
                "boxpoints": "all",
                "jitter": 0.4,
                "pointpos": 0,
                "marker": {
                    "color": CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
                    "size": 8,
                    "opacity": 0.8,
                },
                "line": {"width": 1},
                "fillcolor": "rgba(0,0,0,0)",
                "customdata": part[["case_id"]].to_numpy(),
                "hovertemplate": "%{customdata[0]}: %{x} months<extra>%{fullData.name}</extra>",
            }
        )
    return _sentence_figure(boxes, title, value_label)


def sentence_boxes(
    summary: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
) -> go.Figure:
    """sentence_strip for many cases: per country and sentence type a box from precomputed
    quartiles and whiskers (queries.overview.sentence_summary), no dots."""
    boxes = []
    for i, stype in enumerate(sorted(summary["sentence_type"].dropna().unique())):
        part = summary[summary["sentence_type"] == stype]
        boxes.append(
            {
                "type": "box",
                "y": [country_name(c) for c in part["country_iso3"]],
                "q1": part["q1"],
                "median": part["median"],
                "q3": part["q3"],
                "lowerfence": part["lower_whisker"],
                "upperfence": part["upper_whisker"],
                "name": type_name(stype),
                "orientation": "h",
                "marker": {"color": CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]},
                "line": {"width": 1},
                "customdata": [
                    [c, stype, n] for c, n in zip(part["country_iso3"], part["n"], strict=True)
                ],
                "hovertemplate": "%{y}: %{customdata[2]:,} sentences, median %{median} months"
                "<extra>%{fullData.name}</extra>",
            }
        )
    return _sentence_figure(boxes, title, value_label)


def _sentence_figure(boxes: list[dict], title: str, value_label: str) -> go.Figure:
    """The sentence chart's frame: one box (with or without dots) per country and type."""
    look = layout(
        title,
        320,
        boxmode="group",
        xaxis={"title": {"text": value_label}, "rangemode": "tozero"},
    )
    return figure(boxes, legend_band(look, len(boxes), one_per_line=True))
