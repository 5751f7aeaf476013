"""Map chart: a choropleth of the five countries with their neighbours drawn for context.

Pure builder: DataFrames in, plotly Figure out. The boundaries come from the shipped
TopoJSON (dashboard/assets.py), handed to plotly.js through the chart config, never a CDN.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import Namer, identity, layout, styled

# Sequential, colour-blind safe (ColorBrewer Blues, light to dark), starting off-white
# so a zero still reads as "drawn, none recorded" against the grey neighbours.
VALUE_SCALE = [
    [0.0, "#f7fbff"],
    [0.25, "#c6dbef"],
    [0.5, "#6baed6"],
    [0.75, "#2171b5"],
    [1.0, "#08306b"],
]
CONTEXT_FILL = {"RUS": "#d9d9d9", "UKR": "#d9d9d9"}
NEIGHBOUR_FILL = "#f2f2f2"
BORDER = "#7f7f7f"
# The window the map opens on: Ukraine in the west to the Kazakh-Chinese border in the east.
LON_RANGE = (22.0, 90.0)
LAT_RANGE = (35.0, 57.0)


def choropleth(
    values: pd.DataFrame,
    value: str,
    title: str,
    value_label: str,
    labels: pd.DataFrame,
    drawn: list[str],
    country_name: Namer = identity,
    number_format: str = ",.0f",
) -> go.Figure:
    """values: one row per country_iso3 with `value`; labels: iso3, lon, lat for the names."""
    focus = values.dropna(subset=[value])
    context = [c for c in drawn if c not in set(focus["country_iso3"])]
    fig = go.Figure()
    fig.add_choropleth(
        locations=context,
        locationmode="ISO-3",
        z=[1 if c in CONTEXT_FILL else 0 for c in context],
        colorscale=[[0, NEIGHBOUR_FILL], [1, CONTEXT_FILL["RUS"]]],
        zmin=0,
        zmax=1,
        showscale=False,
        marker={"line": {"color": "#bdbdbd", "width": 0.5}},
        text=[country_name(c) for c in context],
        hovertemplate="%{text}<extra></extra>",
        name="context",
    )
    fig.add_choropleth(
        locations=focus["country_iso3"],
        locationmode="ISO-3",
        z=focus[value],
        zmin=0,
        colorscale=VALUE_SCALE,
        marker={"line": {"color": BORDER, "width": 1}},
        # Below the map, not beside it: on a phone the map keeps the full width.
        colorbar={
            "title": {"text": value_label, "side": "top"},
            "orientation": "h",
            "thickness": 10,
            "len": 0.6,
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "top",
            "tickformat": number_format,
        },
        text=[country_name(c) for c in focus["country_iso3"]],
        customdata=focus["country_iso3"],
        hovertemplate="%{text}: %{z:" + number_format + "}<extra></extra>",
        name=value_label,
    )
    fig.add_scattergeo(**_label_trace(focus, value, labels, country_name, number_format))
    fig.add_scattergeo(**_context_labels(labels, country_name))
    fig.update_geos(
        projection={"type": "conic equal area", "parallels": [40, 52], "rotation": {"lon": 56}},
        lonaxis={"range": list(LON_RANGE)},
        lataxis={"range": list(LAT_RANGE)},
        showland=False,
        showcountries=False,
        showcoastlines=False,
        showlakes=False,
        showrivers=False,
        showocean=False,
        showframe=False,
        bgcolor="white",
    )
    # Room below for the colour bar; a map has no legend (its scale says it all).
    return styled(fig, layout(title, 470, margin={"b": 70}, showlegend=False))


def _label_trace(focus, value, labels, country_name, number_format) -> dict:
    points = focus.merge(labels, left_on="country_iso3", right_on="iso3", how="inner")
    top = points[value].max() if len(points) else 0
    fmt = "{:" + number_format + "}"
    return {
        "lon": points["lon"],
        "lat": points["lat"],
        "mode": "text",
        "text": [
            f"{country_name(c)}<br><b>{fmt.format(v)}</b>"
            for c, v in zip(points["country_iso3"], points[value], strict=True)
        ],
        # White on the two darkest steps of the scale, near-black elsewhere (contrast).
        "textfont": {
            "size": 11,
            "color": ["white" if top and v > 0.6 * top else "#111111" for v in points[value]],
        },
        "hoverinfo": "skip",
        "name": "labels",
    }


def _context_labels(labels, country_name) -> dict:
    points = labels[labels["iso3"].isin(list(CONTEXT_FILL))]
    return {
        "lon": points["lon"],
        "lat": points["lat"],
        "mode": "text",
        "text": [f"<i>{country_name(c)}</i>" for c in points["iso3"]],
        "textfont": {"size": 12, "color": "#555555"},
        "hoverinfo": "skip",
        "name": "context labels",
    }
