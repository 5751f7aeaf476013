"""Embed addresses: one chart alone, for an article's <iframe> (`<page>?embed=true&chart=<key>`).

Any chart's page opened with `chart=<key>` (and Streamlit's `embed=true`, which drops the
app's own header and padding) shows that chart and nothing else: its title, the chart, what
it counts, the source line with the data version, and a link back to the full page. The
page's other filters in the address (e.g. `country=UZB`) apply as they do on the page.

How: app.py runs the page inside `run()`. The page is laid out as usual, but into a scratch
placeholder that is emptied once the chart is drawn; components.chart_block draws the asked
chart into the slot above it, skips every other one, and stops the page there. So there is
one way to build each chart (the page's), never a second copy that could drift from it.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlencode, urlsplit

import streamlit as st

PARAM = "chart"
# Parameters of the embed itself, left out of the link back to the full page.
OWN = {PARAM, "embed", "embed_options"}
HEIGHT = 560  # px: the chart (~450) with its title, caption and source line
# The default page (app.py) answers at "/": with the navigation hidden, as in an embed,
# Streamlit does not find it under its own name and says "Page not found".
DEFAULT_PAGE = "overview"

_slot: ContextVar = ContextVar("embed_slot", default=None)


def requested() -> str | None:
    """The chart an embed address asks for, or None on a normal page."""
    value = st.query_params.get(PARAM)
    return str(value) if value else None


def run(page) -> None:
    """Run a page so that only the requested chart remains on screen."""
    slot = st.container()
    scratch = st.empty()
    token = _slot.set((slot, scratch))
    try:
        with scratch.container():
            page.run()
    finally:
        _slot.reset(token)
    # The page ended without drawing the chart: its name is wrong or the page has no data.
    scratch.empty()
    from dashboard.components import plain_markdown
    from dashboard.i18n import t

    slot.warning(t("embed.unknown", chart=plain_markdown(requested() or "")))


@contextmanager
def nowhere():
    """Lay out what an embed must not show (the sidebar's language switch): drawn, then cleared."""
    scratch = st.empty()
    with scratch.container():
        yield
    scratch.empty()


@contextmanager
def chart_area():
    """Where the requested chart is drawn: the slot above the emptied page."""
    slot, _ = _slot.get() or (st.container(), None)
    with slot:
        yield


def finish() -> None:
    """The chart is drawn: clear what the page laid out before it and stop the page."""
    _, scratch = _slot.get() or (None, None)
    if scratch is not None:
        scratch.empty()
    st.stop()


def page_url(**extra: str) -> str:
    """This page's address with its filters (and extra parameters), absolute when known."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in OWN}
    params.update(extra)
    base = st.context.url or ""
    parts = urlsplit(base)
    path = parts.path
    if path.rstrip("/").endswith(f"/{DEFAULT_PAGE}"):
        path = path.rstrip("/")[: -len(DEFAULT_PAGE)]
    origin_path = f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path or "/"
    query = urlencode(params)
    return f"{origin_path}?{query}" if query else origin_path


def address(key: str) -> str:
    """The embed address of one chart of this page, with the page's current filters."""
    return page_url(**{PARAM: key, "embed": "true"})


def snippet(key: str, title: str) -> str:
    """The <iframe> an editor pastes into an article."""
    src = html.escape(address(key), quote=True)
    name = html.escape(title or key, quote=True)
    return (
        f'<iframe src="{src}" title="{name}" width="100%" height="{HEIGHT}" '
        'style="border:0" loading="lazy"></iframe>'
    )
