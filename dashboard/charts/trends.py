"""Trends charts: pure builders, DataFrame (+ translated texts) in, plotly Figure out. No st.*, no SQL."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import (
    COUNTRY_COLOURS,
    Namer,
    identity,
    layout,
    legend_band,
    styled,
)

RECORDS_COLOUR = "#555555"
CLAIM_COLOUR = "#D55E00"  # Okabe-Ito vermillion: apart from every country colour but KGZ's hue
# Marker fill says how exactly an incident is dated: solid = to the day, hollow = coarser.
EXACT = "day"


def sentence_rows(
    frame: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
) -> go.Figure:
    """One row per sentence type (prison, restricted freedom, suspended...), a dot per case."""

    def dots(fig: go.Figure, row: int, part: pd.DataFrame, shown: set[str]) -> None:
        for iso3, cases in part.groupby("country_iso3", sort=True):
            fig.add_box(
                x=cases["sentence_months"],
                y=[country_name(iso3)] * len(cases),
                name=country_name(iso3),
                legendgroup=iso3,
                showlegend=iso3 not in shown,
                orientation="h",
                boxpoints="all",
                jitter=0.3,
                pointpos=0,
                marker={"color": COUNTRY_COLOURS.get(iso3, "#999999"), "size": 8},
                line={"color": COUNTRY_COLOURS.get(iso3, "#999999"), "width": 1},
                fillcolor="rgba(0,0,0,0)",
                customdata=cases[["case_id"]].to_numpy(),
                hovertemplate="%{customdata[0]}: %{x}<extra>%{y}</extra>",
                row=row,
                col=1,
            )
            shown.add(iso3)

    return _sentence_grid(frame, dots, title, value_label, type_name)


def sentence_boxes(
    stats: pd.DataFrame,
    title: str,
    value_label: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
) -> go.Figure:
    """sentence_rows for many cases: the same rows, a box per country drawn from statistics
    (queries.trends.sentence_stats: quartiles and whiskers), no dots."""

    def boxes(fig: go.Figure, row: int, part: pd.DataFrame, shown: set[str]) -> None:
        for box in part.sort_values("country_iso3").itertuples():
            colour = COUNTRY_COLOURS.get(box.country_iso3, "#999999")
            fig.add_box(
                y=[country_name(box.country_iso3)],
                q1=[box.q1],
                median=[box.median],
                q3=[box.q3],
                lowerfence=[box.lower_whisker],
                upperfence=[box.upper_whisker],
                name=country_name(box.country_iso3),
                legendgroup=box.country_iso3,
                showlegend=box.country_iso3 not in shown,
                orientation="h",
                marker={"color": colour},
                line={"color": colour, "width": 1},
                customdata=[[int(box.n)]],
                hovertemplate="%{y}: %{customdata[0]:,} sentences, median %{median} months"
                "<extra></extra>",
                row=row,
                col=1,
            )
            shown.add(box.country_iso3)

    return _sentence_grid(stats, boxes, title, value_label, type_name)


def _sentence_grid(
    frame: pd.DataFrame,
    draw: Callable[[go.Figure, int, pd.DataFrame, set[str]], None],
    title: str,
    value_label: str,
    type_name: Namer,
) -> go.Figure:
    """A row per sentence type (prison, restricted freedom, suspended first); draw(fig, row,
    that type's rows, countries already in the legend) fills each row."""
    types = set(frame["sentence_type"].dropna())
    order = [t for t in ("prison", "restricted_freedom", "suspended") if t in types]
    order += sorted(types - set(order))
    rows = max(1, len(order))
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        subplot_titles=[type_name(t) for t in order] or [""],
        vertical_spacing=0.12 if rows > 1 else 0.0,
    )
    shown: set[str] = set()
    for row, stype in enumerate(order, start=1):
        draw(fig, row, frame[frame["sentence_type"] == stype], shown)
    fig.update_xaxes(title=value_label, rangemode="tozero", row=rows, col=1)
    fig.update_xaxes(rangemode="tozero")
    fig.update_annotations(x=0, xanchor="left", font={"size": 13})
    return styled(fig, legend_band(layout(title, 110 + 130 * rows), len(shown)))


def incident_timeline(
    frame: pd.DataFrame,
    title: str,
    country_name: Namer = identity,
    type_name: Namer = identity,
    exact_label: str = "exact date",
    coarse_label: str = "month, year or report date only",
) -> go.Figure:
    """Every dated incident as a dot: when (x), what kind (y), which country (colour)."""
    fig = go.Figure()
    types = frame["incident_type"].value_counts().sort_values().index.tolist()
    for iso3, part in frame.groupby("country_iso3", sort=True):
        exact = part["date_precision"] == EXACT
        colour = COUNTRY_COLOURS.get(iso3, "#999999")
        fig.add_scatter(
            x=part["timeline_date"],
            y=[type_name(t) for t in part["incident_type"]],
            mode="markers",
            name=country_name(iso3),
            marker={
                "color": [colour if e else "white" for e in exact],
                "line": {"color": colour, "width": 2},
                "size": 10,
                "symbol": "circle",
            },
            customdata=list(
                zip(
                    part["incident_id"],
                    [exact_label if e else coarse_label for e in exact],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}, %{x|%Y-%m-%d} (%{customdata[1]})"
            "<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=[type_name(t) for t in types], gridcolor="#eeeeee"
    )
    look = layout(title, max(260, 110 + 34 * len(types)))
    return styled(fig, legend_band(look, len(fig.data), axis_room=40))


def incident_counts(
    frame: pd.DataFrame,
    title: str,
    type_name: Namer = identity,
    count_label: str = "incidents",
) -> go.Figure:
    """incident_timeline for many incidents: a cell per month and kind, shaded by how many
    incidents of the chosen countries it holds (queries.trends.incident_counts).

    Dots sized by count overlap into a smear once every month has incidents; a grid of
    counts stays readable at any volume. Countries are summed: the scope names them.
    """
    grid = frame.groupby(["incident_type", "month"], as_index=False)["incidents"].sum()
    order = grid.groupby("incident_type")["incidents"].sum().sort_values().index.tolist()
    table = grid.pivot(index="incident_type", columns="month", values="incidents").reindex(order)
    fig = go.Figure(
        go.Heatmap(
            x=table.columns,
            y=[type_name(t) for t in table.index],
            z=table.to_numpy(),
            colorscale="Blues",
            colorbar={"title": {"text": count_label}, "thickness": 12},
            hovertemplate=f"%{{y}}, %{{x|%Y-%m}}: %{{z:,}} {count_label}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    return styled(fig, layout(title, max(260, 110 + 34 * len(order))))


def claims_vs_records(
    claims: pd.DataFrame,
    records: pd.DataFrame,
    title: str,
    value_label: str,
    records_label: str,
    claims_label: str,
    country_name: Namer = identity,
    qualifier_name: Namer = identity,
) -> go.Figure:
    """Our record count as a bar, each stated figure as a diamond beside it, per country."""
    countries = sorted(set(claims["country_iso3"]) | set(records["country_iso3"]))
    names = {c: country_name(c) for c in countries}
    fig = go.Figure()
    if len(records):
        fig.add_bar(
            y=[names[c] for c in records["country_iso3"]],
            x=records["records"],
            orientation="h",
            name=records_label,
            marker_color=RECORDS_COLOUR,
            opacity=0.85,
            hovertemplate="%{y}: %{x}<extra>" + records_label + "</extra>",
        )
    if len(claims):
        dated = claims["dated"].map(
            lambda d: "" if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m")
        )
        fig.add_scatter(
            y=[names[c] for c in claims["country_iso3"]],
            x=claims["value"],
            mode="markers",
            cliponaxis=False,
            name=claims_label,
            marker={
                "symbol": "diamond",
                "size": 13,
                "color": CLAIM_COLOUR,
                "line": {"color": "white", "width": 1},
            },
            customdata=list(
                zip(
                    claims["claimant"],
                    [qualifier_name(q) for q in claims["value_qualifier"]],
                    dated,
                    claims["claim_id"],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[3]}: %{x} (%{customdata[1]})<br>%{customdata[0]} "
            "%{customdata[2]}<extra>" + claims_label + "</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[names[c] for c in reversed(countries)])
    fig.update_xaxes(title=value_label, rangemode="tozero")
    look = layout(title, max(220, 110 + 50 * len(countries)))
    return styled(fig, legend_band(look, len(fig.data)))
