"""Overview charts: pure builders, DataFrame (+ translated texts) in, plotly Figure out. No st.*, no SQL."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CATEGORY_COLOURS,
    COUNTRY_COLOURS,
    Namer,
    base_layout,
    identity,
    legend_below,
)


def bar_by_country(
    frame: pd.DataFrame, value: str, title: str, value_label: str, country_name: Namer = identity
) -> go.Figure:
    """Horizontal bars, largest at top, one colour per country."""
    data = frame.sort_values(value, ascending=True)
    names = [country_name(c) for c in data["country_iso3"]]
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=names,
            orientation="h",
            marker_color=[COUNTRY_COLOURS.get(c, "#999999") for c in data["country_iso3"]],
            text=data[value],
            textposition="outside",
            customdata=data["country_iso3"],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title=value_label)
    return base_layout(fig, title, height=max(220, 70 + 45 * len(data)))


def counts_over_time(
    frame: pd.DataFrame,
    value: str,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    period: str = "year",
) -> go.Figure:
    """Stacked bars per period, one trace per country."""
    fig = go.Figure()
    for iso3, part in frame.groupby("country_iso3", sort=True):
        fig.add_bar(
            x=part["period_start"],
            y=part[value],
            name=country_name(iso3),
            marker_color=COUNTRY_COLOURS.get(iso3, "#999999"),
            customdata=[iso3] * len(part),
            hovertemplate="%{fullData.name}, %{x|"
            + ("%Y" if period == "year" else "%Y Q%q")
            + "}: %{y}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=value_label, rangemode="tozero")
    fig.update_xaxes(
        dtick="M12" if period == "year" else "M3", tickformat="%Y" if period == "year" else "%Y Q%q"
    )
    base_layout(fig, title, height=320)
    return legend_below(fig, len(fig.data), axis_room=50)


def sentence_strip(
    frame: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
) -> go.Figure:
    """Every known sentence as a dot (months), by country, coloured by sentence type, with a box behind."""
    fig = go.Figure()
    types = sorted(frame["sentence_type"].dropna().unique())
    for i, stype in enumerate(types):
        part = frame[frame["sentence_type"] == stype]
        fig.add_box(
            x=part["sentence_months"],
            y=[country_name(c) for c in part["country_iso3"]],
            name=type_name(stype),
            orientation="h",
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            marker={
                "color": CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
                "size": 8,
                "opacity": 0.8,
            },
            line={"width": 1},
            fillcolor="rgba(0,0,0,0)",
            customdata=part[["case_id"]].to_numpy(),
            hovertemplate="%{customdata[0]}: %{x} months<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(boxmode="group")
    fig.update_xaxes(title=value_label, rangemode="tozero")
    base_layout(fig, title, height=320)
    return legend_below(fig, len(fig.data), one_per_line=True)
