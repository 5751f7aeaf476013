"""Building blocks that several pages lay out the same way (a chart with its caption and numbers)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from dashboard import assets, db, embed, figure_cache, figure_export
from dashboard.charts.base import PNG_CONFIG

# The one escaping function lives in dashboard/escape.py; re-exported for older imports.
from dashboard.escape import plain_markdown as plain_markdown
from dashboard.i18n import current, label, number, t
from dashboard.queries import common
from etl import csv_safety

GEO_TRACES = {"choropleth", "scattergeo"}
MAX_TABLE_ROWS = 1000  # rows of a chart's numbers shown on screen; the CSV has them all
# Columns whose values are codes: shown by their display name (label group = column name).
CODED_COLUMNS = {
    "country_iso3": "country",
    "location_iso3": "country",
    "sentence_type": "sentence_type",
    "incident_type": "incident_type",
    "recruitment_channel": "recruitment_channel",
    "armed_group": "armed_group",
    "side": "side",
    "role": "role",
    "stage": "stage",
    "verification": "verification",
    "claimant_type": "claimant_type",
    "metric": "metric",
    "value_qualifier": "value_qualifier",
    "kind": "kind",
    "date_precision": "date_precision",
    "record_type": "record_type",
}


def chart_config(fig: go.Figure) -> dict:
    """plotly.js config: the PNG button, and for maps the shipped boundaries (no CDN)."""
    if any(trace.type in GEO_TRACES for trace in fig.data):
        return {**PNG_CONFIG, "topojsonURL": assets.topojson_url()}
    return dict(PNG_CONFIG)


def on_screen(fig: go.Figure) -> go.Figure:
    """The figure without its title (shown as text above it) and the room the title took."""
    if not fig.layout.title.text:
        return fig
    # Copied as a dict, not go.Figure(fig): that validates plotly's default template again
    # (~10 ms a chart, on every rerun); the constructor re-applies the default by reference.
    spec = fig.to_dict()
    look = spec["layout"]
    if look.get("template") == _default_template():
        del look["template"]
    # Keep room above the plot for the mode bar (and subplot titles): over a bar it would
    # swallow the reader's click on that bar.
    top = 35
    look["title"] = {**look.get("title", {}), "text": ""}
    look["margin"] = {**look.get("margin", {}), "t": top}
    look["height"] = (fig.layout.height or 450) - 50 + top
    return go.Figure(spec)


@cache
def _default_template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


def explore_link(**params: object) -> str:
    """Relative link to the explorer (/explore) filtered like a chart, in the current language."""
    query = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    if current() != "en":
        query["lang"] = current()
    return "explore" + (f"?{urlencode(query, doseq=True)}" if query else "")


def page_params(**params: object) -> dict[str, str]:
    """Query parameters for a link to another page, keeping the interface language."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    if current() != "en":
        query["lang"] = current()
    return query


def data_version() -> str:
    return common.meta(db.version()).get("data_version", "?")


def provenance(sources: Mapping[str, object] | None = None, partial: bool = True) -> str:
    """The line under every chart: 'at least' where coverage is partial, version, sources."""
    parts = [t("chart.at_least")] if partial else []
    parts.append(t("chart.data_version", version=data_version()))
    if sources is not None:
        parts.append(f"[{t('chart.sources')}]({explore_link(**sources)})")
    return " · ".join(parts)


def footer_text(partial: bool = True) -> str:
    """The source line printed inside a downloaded image."""
    text = t("chart.footer", version=data_version())
    return f"{text} {t('chart.at_least')}" if partial else text


def readable(numbers: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: codes by name, headers in the interface language."""
    out = numbers.copy()
    for column, group in CODED_COLUMNS.items():
        if column in out.columns:
            out[column] = [label(group, code) for code in out[column]]
    headers = {c: t(f"column.{c}") for c in out.columns}
    return out.rename(columns={c: h for c, h in headers.items() if h != f"column.{c}"})


def chart_block(
    fig: go.Figure,
    caption: str,
    numbers: pd.DataFrame,
    key: str,
    *,
    sources: Mapping[str, object] | None = None,
    partial: bool = True,
    selectable: bool = False,
):
    """A chart, what it counts, where it comes from, and the numbers behind it.

    sources: explorer filters that list the records behind the chart (e.g. {"type": "cases",
    "country": "UZB"}); partial: coverage is incomplete, so the numbers are minimums;
    selectable: a reader may click bars or points, and the selection is returned (else None).
    """
    title = fig.layout.title.text or ""
    wanted = embed.requested()
    if wanted is not None:
        # An embed address (dashboard/embed.py): this chart alone, or nothing.
        if key == wanted:
            embedded_block(fig, title, caption, key, sources, partial)
        return None
    if title:
        # On screen the title is text, so it wraps on a phone; the PNG keeps it in the figure.
        st.markdown(f"**{title}**")
    select = {"on_select": "rerun", "selection_mode": "points"} if selectable else {}
    shown = figure_cache.screen_copy(fig, on_screen)
    event = st.plotly_chart(shown, config=chart_config(fig), key=key, **select)
    st.caption(caption)
    st.caption(provenance(sources, partial))
    footer = footer_text(partial)
    st.download_button(
        t("chart.download_png"),
        # Deferred: kaleido takes ~2 s, so the image is only drawn when someone asks for it.
        data=lambda: figure_export.png_bytes(fig, footer),
        file_name=f"{key}.png",
        mime="image/png",
        key=f"{key}-png",
        on_click="ignore",
        icon=":material/download:",
    )
    # The table is built and sent only once the reader opens it (opening reruns the page):
    # closed, it cost every rerun an Arrow serialisation per chart (py-spy, issue 11).
    table = st.expander(t("chart.table"), key=f"{key}-table", on_change="rerun")
    if table.open:
        _numbers_table(table, numbers, key)
    with st.expander(t("chart.embed")):
        st.caption(t("chart.embed_help"))
        st.code(embed.snippet(key, title), language="html", wrap_lines=True)
    return event if selectable else None


def _numbers_table(table, numbers: pd.DataFrame, key: str) -> None:
    """The numbers behind a chart, in its (open) expander, with their CSV."""
    with table:
        if len(numbers) > MAX_TABLE_ROWS:
            # A million rows would be megabytes to send and no one reads them in a browser.
            st.caption(t("chart.table_first", shown=number(MAX_TABLE_ROWS), n=number(len(numbers))))
        st.dataframe(readable(numbers.head(MAX_TABLE_ROWS)), hide_index=True)
        st.download_button(
            t("chart.download_csv"),
            # Deferred, like the PNG: written only when someone asks, whatever the size.
            data=lambda: csv_safety.neutralised(numbers).to_csv(index=False).encode("utf-8"),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"{key}-csv",
            on_click="ignore",
        )


def embedded_block(
    fig: go.Figure,
    title: str,
    caption: str,
    key: str,
    sources: Mapping[str, object] | None,
    partial: bool,
) -> None:
    """One chart for an <iframe>: title, chart, what it counts, source line, link back."""
    with embed.chart_area():
        if title:
            st.markdown(f"**{title}**")
        shown = figure_cache.screen_copy(fig, on_screen)
        st.plotly_chart(shown, config=chart_config(fig), key=key)
        st.caption(caption)
        st.caption(provenance(sources, partial))
        st.caption(f"[{t('embed.open')}]({embed.page_url()})")
    embed.finish()
