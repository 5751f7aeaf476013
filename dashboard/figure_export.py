"""Figures as files for a briefing pack: PNG and PDF bytes rendered server-side by kaleido.

kaleido drives the local Chromium (/usr/bin/chromium), so this works with no network;
maps get their boundaries from the shipped TopoJSON through plotly.io.defaults.topojson.
"""

from __future__ import annotations

import copy
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import assets

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
WIDTH = 1000  # px: readable when pasted into a slide or a document
A4 = (794, 1123)  # px at 96 dpi: one A4 page, portrait
TITLE_CHARS = 95  # characters per title line at WIDTH px and 16 px type


def _use_local_boundaries() -> None:
    pio.defaults.topojson = assets.topojson_url()


def with_footer(fig: go.Figure, footer: str) -> go.Figure:
    """A copy of fig with a source line under the plot, so a downloaded image cites itself."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    margin_b = (out.layout.margin.b or 0) + 50
    out.update_layout(margin={"b": margin_b}, height=(out.layout.height or 450) + 50)
    out.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-margin_b + 8,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 10, "color": "#555555"},
    )
    return out


def wrap_title(fig: go.Figure, width: int = TITLE_CHARS) -> go.Figure:
    """Break a long title over lines: a PNG has a fixed width and plotly does not wrap."""
    title = fig.layout.title.text or ""
    if len(title) <= width or "<br>" in title:
        return fig
    lines = textwrap.wrap(title, width)
    extra = 20 * (len(lines) - 1)
    out = go.Figure(fig)
    out.update_layout(
        title_text="<br>".join(lines),
        margin_t=(fig.layout.margin.t or 50) + extra,
        height=(fig.layout.height or 450) + extra,
    )
    return out


def png_bytes(fig: go.Figure, footer: str = "", width: int = WIDTH, scale: float = 2) -> bytes:
    """The figure as a PNG (with its source line), sized for a slide."""
    _use_local_boundaries()
    fig = wrap_title(fig)
    if footer:
        fig = with_footer(fig, footer)
    height = int(fig.layout.height or 450)
    return pio.to_image(fig, format="png", width=width, height=height, scale=scale)


def pdf_bytes(fig: go.Figure, width: int = A4[0], height: int = A4[1]) -> bytes:
    """The figure as a one-page PDF (default A4 portrait)."""
    _use_local_boundaries()
    return pio.to_image(fig, format="pdf", width=width, height=height)
