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
# Above this many dots a chart is unreadable (and megabytes to send): the pages draw summaries
# instead (boxes from statistics, counts per month).
MAX_POINTS = 3000

Namer = Callable[[object], str]


def identity(code: object) -> str:
    return str(code)


def layout(title: str, height: int = 380, **extra: object) -> dict:
    """Every chart's look (title on the left, white ground, legend below) as a plain dict.

    The one way to lay out a chart: `figure(data, layout(...))` builds it in one go, which
    validates once (every fig.update_* or add_* call validates again, tens of milliseconds per
    page rerun); a figure that must be built trace by trace (subplots) takes it through
    `styled`.
    """
    out = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "font": {"family": FONT},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0, "title": None},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"showgrid": False, "linecolor": "#888"},
        "yaxis": {"gridcolor": "#e5e5e5", "zeroline": False},
    }
    return merged(out, extra)


def legend_band(
    layout: dict, entries: int, axis_room: int = 60, one_per_line: bool = False
) -> dict:
    """The legend in its own band at the bottom, so it never sits on the x-axis title.

    Sized for about three entries a row (a phone), or one a line for long category names;
    the figure grows by the band's height.
    """
    band = 21 * entries + 6 if one_per_line else 24 * max(1, -(-entries // 3))
    legend = {
        "yref": "container",
        "y": 0,
        "yanchor": "bottom",
        "x": 0,
        "orientation": "v" if one_per_line else "h",
    }
    return merged(
        layout,
        {"legend": legend, "margin": {"b": axis_room + band}, "height": layout["height"] + band},
    )


def figure(data: list[dict], layout: dict) -> go.Figure:
    """One figure from plain dicts: validated once."""
    return go.Figure({"data": data, "layout": layout})


def styled(fig: go.Figure, layout: dict) -> go.Figure:
    """A layout dict applied to a figure built trace by trace: its axis styles reach every
    axis of the subplots, as `layout`'s single axes do on a one-go figure."""
    axes = {"xaxis", "yaxis"}
    fig.update_layout({k: v for k, v in layout.items() if k not in axes})
    # A map has no x/y axes: styling them would add an empty pair to its layout.
    if any(hasattr(trace, "xaxis") for trace in fig.data):
        fig.update_xaxes(layout.get("xaxis", {}))
        fig.update_yaxes(layout.get("yaxis", {}))
    return fig


def merged(base: dict, extra: dict) -> dict:
    """base updated by extra, nested dicts merged (as fig.update_layout merges them)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


PNG_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
