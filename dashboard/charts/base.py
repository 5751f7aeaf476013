"""What every chart shares: colour-blind-safe palettes, layout, and the PNG export config."""

from __future__ import annotations

from collections.abc import Callable

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


def identity(code: object) -> str:
    return str(code)


def base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT},
        # Below the plot: a legend above it collides with the title once it wraps.
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0, "title": None},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, linecolor="#888")
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False)
    return fig


def legend_below(
    fig: go.Figure, entries: int, axis_room: int = 60, one_per_line: bool = False
) -> go.Figure:
    """Put the legend in its own band at the bottom, so it never sits on the x-axis title.

    Sized for about three entries a row (a phone), or one a line for long category names;
    the figure grows by the band's height.
    """
    band = 21 * entries + 6 if one_per_line else 24 * max(1, -(-entries // 3))
    fig.update_layout(
        legend={
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "orientation": "v" if one_per_line else "h",
        },
        margin={"b": axis_room + band},
        height=(fig.layout.height or 380) + band,
    )
    return fig


PNG_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
