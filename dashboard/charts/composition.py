"""Composition bars shared by several pages: one bar per country, one segment per category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CATEGORY_COLOURS,
    Namer,
    figure,
    identity,
    layout,
    legend_band,
)

# 'Not reported' reads as the remainder of a bar, not as a category of its own.
UNKNOWN_COLOUR = "#BBBBBB"


def category_order(frame: pd.DataFrame, category: str, value: str) -> list[str]:
    """Largest first; 'unknown' and 'other' always last so they read as the remainder."""
    totals = frame.groupby(category)[value].sum().sort_values(ascending=False)
    tail = [c for c in ("other", "unknown") if c in totals.index]
    return [c for c in totals.index if c not in tail] + tail


def composition(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    category_name: Namer = identity,
) -> go.Figure:
    """Horizontal stacked bars: one bar per country, one segment per category, unknown in grey."""
    countries = frame.groupby("country_iso3")[value].sum().sort_values().index.tolist()
    colours = iter(CATEGORY_COLOURS[:7])  # the greys are kept for 'other' and 'unknown'
    # One pivot instead of a filter per category: countries as rows, categories as columns;
    # the figure is built from one dict (validated once; see charts/base.py: figure).
    table = frame.pivot_table(
        index="country_iso3", columns=category, values=value, aggfunc="sum"
    ).reindex(countries)
    names = [country_name(c) for c in countries]
    bars = []
    for cat in category_order(frame, category, value):
        colour = UNKNOWN_COLOUR if cat == "unknown" else "#999999" if cat == "other" else None
        bars.append(
            {
                "type": "bar",
                "y": names,
                "x": _filled(table[cat], frame[value].dtype),
                "name": category_name(cat),
                "orientation": "h",
                "marker": {"color": colour or next(colours, "#999999")},
                "customdata": [[c, cat] for c in countries],
                "hovertemplate": "%{y}, %{fullData.name}: %{x}<extra></extra>",
            }
        )
    look = layout(
        title,
        max(220, 110 + 45 * len(countries)),
        barmode="stack",
        xaxis={"title": {"text": value_label}},
    )
    return figure(bars, legend_band(look, len(bars), one_per_line=True))


def _filled(column: pd.Series, dtype) -> pd.Series:
    """Missing combinations as 0; the value type kept where none was missing (as a filter
    per category would keep it), so that the chart's data is encoded the same way."""
    return column.fillna(0) if column.isna().any() else column.astype(dtype)
