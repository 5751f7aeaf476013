"""Country brief charts: one-country bars, penalty wording, and the one-page brief as a figure.

Pure builders: DataFrames and already-translated texts in, plotly Figures or strings out.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import COUNTRY_COLOURS, FONT, Namer, identity, layout, styled

Counted = Callable[[int], str]  # 3 -> '3 years', in the interface language
HEADER_FILL = "#e8eef5"
LINE = "#c8d0da"
# Where the two bar charts sit across the page: room on the left of each for its labels.
BAR_DOMAINS = ((0.2, 0.46), (0.72, 0.98))
SUMMARY_CHARS = 150
LAWS_ON_PAGE = 6


def duration(months: object, years: Counted, months_text: Counted) -> str:
    """36 -> '3 years' style; whole years read better, odd months stay months."""
    m = int(months)
    return years(m // 12) if m % 12 == 0 else months_text(m)


def penalty_range(
    low: object, high: object, years: Counted, months: Counted, up_to: str, from_: str
) -> str:
    """A law's penalty as a reader says it: '7 years – 12 years', 'up to 8 years', 'from 7 years'."""
    has_low, has_high = pd.notna(low), pd.notna(high)
    if has_low and has_high:
        return f"{duration(low, years, months)} – {duration(high, years, months)}"
    if has_high:
        return f"{up_to} {duration(high, years, months)}"
    if has_low:
        return f"{from_} {duration(low, years, months)}"
    return "–"


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_label: str,
    country: str,
    category_name: Namer = identity,
) -> go.Figure:
    """Horizontal bars of one country's records by category, largest on top."""
    data = frame.sort_values(value, ascending=True)
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=[category_name(c) for c in data[category]],
            orientation="h",
            marker_color=COUNTRY_COLOURS.get(country, "#0072B2"),
            text=data[value],
            textposition="outside",
            cliponaxis=False,
            customdata=data[category],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title=value_label, rangemode="tozero")
    fig.update_layout(showlegend=False)
    return styled(fig, layout(title, max(220, 110 + 36 * len(data))))


def shorten(text: object, limit: int = SUMMARY_CHARS) -> str:
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _table(frame: pd.DataFrame, widths: list[float] | None = None) -> go.Table:
    return go.Table(
        columnwidth=widths,
        header={
            "values": [f"<b>{c}</b>" for c in frame.columns],
            "fill_color": HEADER_FILL,
            "line_color": LINE,
            "align": "left",
            "font": {"size": 10, "color": "#222222"},
        },
        cells={
            "values": [frame[c].astype(str).tolist() for c in frame.columns],
            "align": "left",
            "font": {"size": 9, "color": "#222222"},
            "fill_color": "white",
            "line_color": LINE,
            "height": 20,
        },
    )


def brief_figure(
    title: str,
    subtitle: str,
    numbers: list[tuple[str, int]],
    laws: pd.DataFrame,
    outcomes: tuple[list[str], list[int]],
    incidents: tuple[list[str], list[int]],
    claims: pd.DataFrame,
    latest: pd.DataFrame,
    headings: dict[str, str],
    footer: str,
    country: str,
) -> go.Figure:
    """The one-page brief (A4 portrait) for a briefing pack: every part already translated.

    headings: keys laws, outcomes, incidents, claims, latest. Tables arrive readable
    (codes named, headers translated); long summaries are cut to keep one page.
    """
    colour = COUNTRY_COLOURS.get(country, "#0072B2")
    fig = make_subplots(
        rows=5,
        cols=2,
        specs=[
            [{"type": "table", "colspan": 2}, None],
            [{"type": "table", "colspan": 2}, None],
            [{"type": "xy"}, {"type": "xy"}],
            [{"type": "table", "colspan": 2}, None],
            [{"type": "table", "colspan": 2}, None],
        ],
        row_heights=[0.09, 0.24, 0.17, 0.19, 0.31],
        vertical_spacing=0.045,
        horizontal_spacing=0.25,
        subplot_titles=[
            "",
            headings["laws"],
            headings["outcomes"],
            headings["incidents"],
            headings["claims"],
            headings["latest"],
        ],
    )
    fig.add_trace(
        go.Table(
            header={
                "values": [f"<b>{name}</b>" for name, _ in numbers],
                "fill_color": HEADER_FILL,
                "line_color": LINE,
                "align": "center",
                "font": {"size": 10, "color": "#222222"},
            },
            cells={
                "values": [[f"{n:,}"] for _, n in numbers],
                "align": "center",
                "font": {"size": 16, "color": colour},
                "fill_color": "white",
                "line_color": LINE,
                "height": 28,
            },
        ),
        row=1,
        col=1,
    )
    fig.add_trace(_table(laws.head(LAWS_ON_PAGE), [1.1, 2.6, 1.1, 1.5]), row=2, col=1)
    for col, (names, values) in ((1, outcomes), (2, incidents)):
        fig.add_trace(
            go.Bar(
                x=values,
                y=names,
                orientation="h",
                marker_color=colour,
                text=values,
                textposition="outside",
                cliponaxis=False,
                showlegend=False,
            ),
            row=3,
            col=col,
        )
        fig.update_yaxes(autorange="reversed", tickfont={"size": 9}, row=3, col=col)
        fig.update_xaxes(
            showticklabels=False, showgrid=False, domain=BAR_DOMAINS[col - 1], row=3, col=col
        )
    fig.add_trace(_table(claims, [0.7, 1.4, 0.8, 0.8, 2.6]), row=4, col=1)
    fig.add_trace(_table(latest, [0.8, 0.7, 1.6, 4.5]), row=5, col=1)
    # Subplot titles start at the left edge of the page, or of the column for the bar charts.
    for note in fig.layout.annotations:
        note.update(xanchor="left", font={"size": 12, "color": "#222222"})
        note.update(x=BAR_DOMAINS[1][0] - 0.2 if note.x > 0.6 else 0)
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.035,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 9, "color": "#555555"},
    )
    fig.update_layout(
        title={
            "text": f"<b>{title}</b><br><span style='font-size:11px;color:#555'>{subtitle}</span>",
            "x": 0.02,
            "xanchor": "left",
            "font": {"size": 18},
        },
        font={"family": FONT},
        margin={"l": 30, "r": 30, "t": 80, "b": 50},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=1123,
        width=794,
    )
    return fig
