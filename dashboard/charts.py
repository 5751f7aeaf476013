"""Pure chart builders: DataFrame (+ already-translated texts) in, plotly Figure out. No st.*, no SQL."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COUNTRY_COLOURS = {
    "KAZ": "#0072B2",
    "KGZ": "#D55E00",
    "TJK": "#009E73",
    "TKM": "#CC79A7",
    "UZB": "#E69F00",
    "several": "#999999",
}
CATEGORY_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
]
FONT = "Source Sans Pro, Arial, sans-serif"

Namer = Callable[[object], str]


def _identity(code: object) -> str:
    return str(code)


def base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, linecolor="#888")
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False)
    return fig


def bar_by_country(
    frame: pd.DataFrame, value: str, title: str, value_label: str, country_name: Namer = _identity
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
    country_name: Namer = _identity,
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
    return base_layout(fig, title)


def sentence_strip(
    frame: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = _identity,
    type_name: Namer = _identity,
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
    return base_layout(fig, title, height=420)


def stacked_by_category(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_label: str,
    country_name: Namer = _identity,
    category_name: Namer = _identity,
) -> go.Figure:
    """Horizontal stacked bars: one bar per country, one segment per category."""
    fig = go.Figure()
    order = frame.groupby("country_iso3")[value].sum().sort_values().index.tolist()
    for i, cat in enumerate(sorted(frame[category].dropna().unique())):
        part = frame[frame[category] == cat].set_index("country_iso3").reindex(order)
        fig.add_bar(
            y=[country_name(c) for c in order],
            x=part[value].fillna(0),
            name=category_name(cat),
            orientation="h",
            marker_color=CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
            customdata=[[c, cat] for c in order],
            hovertemplate="%{y}, %{fullData.name}: %{x}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=value_label)
    return base_layout(fig, title, height=max(260, 110 + 45 * len(order)))


PNG_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
