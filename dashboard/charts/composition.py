"""Composition bars shared by several pages: one bar per country, one segment per category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CATEGORY_COLOURS,
    Namer,
    base_layout,
    identity,
    legend_below,
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
    fig = go.Figure()
    countries = frame.groupby("country_iso3")[value].sum().sort_values().index.tolist()
    colours = iter(CATEGORY_COLOURS[:7])  # the greys are kept for 'other' and 'unknown'
    for cat in category_order(frame, category, value):
        part = frame[frame[category] == cat].set_index("country_iso3").reindex(countries)
        colour = UNKNOWN_COLOUR if cat == "unknown" else "#999999" if cat == "other" else None
        fig.add_bar(
            y=[country_name(c) for c in countries],
            x=part[value].fillna(0),
            name=category_name(cat),
            orientation="h",
            marker_color=colour or next(colours, "#999999"),
            customdata=[[c, cat] for c in countries],
            hovertemplate="%{y}, %{fullData.name}: %{x}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=value_label)
    base_layout(fig, title, height=max(220, 110 + 45 * len(countries)))
    return legend_below(fig, len(fig.data), one_per_line=True)
