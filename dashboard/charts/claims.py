"""Stated figures over time, one panel per metric: each claim a labelled diamond, each series a line."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import COUNTRY_COLOURS, Namer, identity, layout, legend_band, styled

# How the label on a point writes the qualifier: the figure as stated, never rounded.
PREFIX = {"exact": "", "at_least": "≥", "approx": "~", "up_to": "≤"}
ROW_HEIGHT = 190


def point_label(value: object, qualifier: object) -> str:
    """'≥270', '~200', '338', '≤50': the qualifier visible on the chart, not only on hover."""
    return f"{PREFIX.get(str(qualifier), '')}{int(value):,}"


def stated_over_time(
    claims: pd.DataFrame,
    title: str,
    metric_name: Namer = identity,
    country_name: Namer = identity,
    hover: Callable[[dict], str] = lambda row: str(row.get("claim_id", "")),
) -> go.Figure:
    """One panel per metric (in the order the frame lists them), x the date a figure refers
    to, y the figure; claims of one series (a running total restated) joined by a dotted
    line. Undated claims cannot be placed and are left out (the page says how many)."""
    dated = claims[claims["dated"].notna()]
    metrics = list(dict.fromkeys(dated["metric"]))
    rows = max(1, len(metrics))
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=min(0.12, 0.5 / rows),
        subplot_titles=[metric_name(m) for m in metrics] or [""],
    )
    shown: set[str] = set()
    for row, metric in enumerate(metrics, start=1):
        part = dated[dated["metric"] == metric]
        for country, points in part.groupby("country_iso3", sort=True):
            colour = COUNTRY_COLOURS.get(str(country), "#555555")
            records = points.to_dict("records")
            fig.add_scatter(
                x=points["dated"],
                y=points["value"],
                mode="markers+text",
                text=[point_label(r["value"], r["value_qualifier"]) for r in records],
                textposition="top center",
                textfont={"size": 11, "color": colour},
                cliponaxis=False,
                marker={"symbol": "diamond", "size": 11, "color": colour,
                        "line": {"color": "white", "width": 1}},
                name=country_name(country),
                legendgroup=str(country),
                showlegend=country not in shown,
                customdata=[r["claim_id"] for r in records],
                hovertext=[hover(r) for r in records],
                hovertemplate="%{hovertext}<extra></extra>",
                row=row,
                col=1,
            )  # fmt: skip
            shown.add(country)
            for _, members in points[points["series_id"].notna()].groupby("series_id"):
                members = members.sort_values("dated")
                fig.add_scatter(
                    x=members["dated"],
                    y=members["value"],
                    mode="lines",
                    line={"color": colour, "dash": "dot", "width": 1.5},
                    legendgroup=str(country),
                    showlegend=False,
                    hoverinfo="skip",
                    row=row,
                    col=1,
                )
    look = legend_band(layout(title, height=90 + ROW_HEIGHT * rows), len(shown))
    fig = styled(fig, look)
    # Figures are counts: every panel starts at zero.
    fig.update_yaxes(rangemode="tozero")
    return fig
