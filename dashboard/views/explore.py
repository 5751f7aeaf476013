"""Explorer (/explore): find every record that answers a question, check its sources, cite it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from functools import partial
from pathlib import Path

import streamlit as st

from dashboard import db
from dashboard.escape import plain_markdown
from dashboard.explore import detail, export, permalink, state, view
from dashboard.i18n import label, t
from dashboard.queries import common
from dashboard.queries import explore as queries
from etl import facets

version = db.version()
meta = common.meta(version)
data_version = meta.get("data_version", "?")
KEY = state.KEYS
# The facets the sidebar offers, by where it puts them (etl/facets.py declares them all).
PLACED = {place: [f for f in facets.FACETS if f.place == place] for place in facets.PLACES}
EARLIEST, LATEST = dt.date(permalink.FIRST_YEAR, 1, 1), dt.date(permalink.LAST_YEAR, 12, 31)

notes = state.sync_from_url()
filters = state.current()
everything = queries.facet_counts(version, permalink.Filters())
counts = queries.facet_counts(version, filters)
by_type = view.type_counts(counts, filters.types)
total = sum(by_type.values())
pages = math.ceil(total / queries.PAGE_SIZE)
page = state.page_number(filters, pages)
rows = queries.page(version, filters, page, queries.PAGE_SIZE)

st.title(t("explore.title"))
st.write(t("explore.intro"))
for note in notes:
    # The note quotes the link's own text: shown literally, never as Markdown (a link in it
    # would be the sender's, not ours).
    shown = {"param": plain_markdown(note.param), "value": plain_markdown(note.value)}
    st.warning(t(f"explore.note.{note.kind}", **shown), icon="⚠️")

if everything.empty:
    st.info(t("explore.empty_db"))
    st.stop()


def export_file(write, version: str, shown: permalink.Filters, query: str) -> bytes:
    """Every record of the view as a file, in the view's order (not just the page shown)."""
    return write(queries.records(version, shown), data_version, query)


def facet(spec: facets.Facet) -> None:
    options, now = view.facet_options(counts, everything, spec.field, spec.allowed)
    options += [v for v in st.session_state.get(KEY[spec.field], []) if v not in options]
    # Outlets are named in the registry (data/outlets.csv), not in the locales.
    names = queries.outlet_names(version) if spec.codes == "outlet" else {}
    st.multiselect(
        t(spec.label),
        options,
        format_func=lambda v: f"{names.get(v) or label(spec.codes, v)} ({now.get(v, 0)})",
        placeholder=t("explore.filter.choose"),
        key=KEY[spec.field],
    )


def pills(spec: facets.Facet) -> None:
    options, now = view.facet_options(counts, everything, spec.field, spec.allowed)
    st.pills(
        t(spec.label),
        options,
        selection_mode="multi",
        format_func=lambda v: f"{label(spec.codes, v)} ({now.get(v, 0)})",
        key=KEY[spec.field],
    )


with st.sidebar:
    st.header(t("explore.filters"))
    for spec in PLACED["pills"]:
        pills(spec)
    for spec in PLACED["main"]:
        facet(spec)
    left, right = st.columns(2)
    left.date_input(
        t("explore.filter.from"),
        min_value=EARLIEST,
        max_value=LATEST,
        format="YYYY-MM-DD",
        key=KEY["date_from"],
    )
    right.date_input(
        t("explore.filter.to"),
        min_value=EARLIEST,
        max_value=LATEST,
        format="YYYY-MM-DD",
        key=KEY["date_to"],
    )
    st.caption(t("explore.filter.dates_help"))
    more = any(getattr(filters, f.field) for f in PLACED["more"])
    with st.expander(t("explore.filter.more"), expanded=more):
        for spec in PLACED["more"]:
            facet(spec)
    st.caption(t("explore.filter.counts_help"))
    st.button(t("explore.filter.clear"), on_click=state.clear, disabled=not filters.active())

st.text_input(
    t("explore.filter.q"),
    max_chars=permalink.MAX_QUERY,
    help=t("explore.filter.q_help"),
    key=KEY["q"],
)
if filters.ids:
    st.info(t("explore.filter.ids", n=len(filters.ids)))
    st.button(t("explore.filter.ids_clear"), on_click=state.clear_ids)

count_line, sort_box = st.columns([3, 1], vertical_alignment="bottom")
# The bold count is what the browser tests read ("12 records"): the table itself is a canvas.
count_line.markdown(
    f"**{t('explore.count.one') if total == 1 else t('explore.count', n=total)}** · "
    + t("explore.count.breakdown", **by_type)
)
sort_box.selectbox(
    t("explore.sort"),
    permalink.SORTS,
    format_func=lambda s: t(f"explore.sort.{s}"),
    key=KEY["sort"],
)

table = view.results_table(rows, label, t)
if rows.empty:
    st.info(t("explore.no_match"))
else:
    event = st.dataframe(
        table,
        hide_index=True,
        # One table per page: a row picked on one page must not look picked on the next.
        key=f"explore_table_{page}",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "record_id": st.column_config.TextColumn(t("explore.col.id"), pinned=True),
            "type": t("explore.col.type"),
            "date_text": st.column_config.TextColumn(
                t("explore.col.date"), help=t("explore.col.date_help")
            ),
            "date_basis": t("explore.col.basis"),
            "country": t("explore.col.country"),
            "what": t("explore.col.what"),
            "summary": st.column_config.TextColumn(t("explore.col.summary"), width="large"),
            "source_count": st.column_config.NumberColumn(t("explore.col.sources"), format="%d"),
            "first_source_url": st.column_config.LinkColumn(
                t("explore.col.source"), display_text=r"https?://(?:www\.)?([^/]+)"
            ),
        },
    )
    if pages > 1:
        first, last = view.page_span(page, queries.PAGE_SIZE, total)
        pager, span = st.columns([1, 3], vertical_alignment="bottom")
        pager.number_input(
            t("explore.page", pages=pages), min_value=1, max_value=pages, key=state.PAGE
        )
        span.caption(t("explore.page.span", first=first, last=last, n=total))
    st.caption(t("explore.table_help"))
    picked = event.selection.rows
    if picked and picked != st.session_state.get("explore__picked"):
        st.session_state[KEY["record"]] = table["record_id"].iloc[picked[0]]
    st.session_state["explore__picked"] = picked

# -- one record in full ------------------------------------------------------------------
st.header(t("explore.detail.heading"))
choices = ["", *table["record_id"]]
if filters.record and filters.record not in choices:
    choices.append(filters.record)
st.selectbox(
    t("explore.detail.choose"),
    choices,
    format_func=lambda r: r or t("explore.detail.placeholder"),
    key=KEY["record"],
)
filters = state.current()
base_url = st.context.url or "/explore"
if filters.record:
    in_view = queries.matches(version, filters, filters.record)
    detail.show(version, filters.record, in_view, base_url)

# -- share, cite, download ---------------------------------------------------------------
query = state.share_query(filters)
share_url = f"{base_url}?{query}" if query else base_url
share, download = st.columns(2)
with share:
    st.header(t("explore.share.heading"))
    st.caption(t("explore.share.caption"))
    st.code(share_url, language=None, wrap_lines=True)
    st.subheader(t("explore.cite.heading"))
    st.code(
        t(
            "explore.cite.text",
            version=data_version,
            built=meta.get("built_at", "?")[:10],
            n=total,
            url=share_url,
            today=dt.date.today().isoformat(),
        ),
        language=None,
        wrap_lines=True,
    )
with download:
    st.header(t("explore.export.heading"))
    export_view = replace(filters, record="")
    export_query = permalink.to_query(export_view)
    # Deferred: every matching row is fetched only when the reader clicks (a million at most).
    st.download_button(
        t("explore.export.csv", n=total),
        partial(export_file, export.csv_bytes, version, export_view, export_query),
        file_name=export.file_name(data_version, "csv"),
        mime="text/csv",
        disabled=total == 0,
        key="explore_csv",
        on_click="ignore",
    )
    st.download_button(
        t("explore.export.parquet", n=total),
        partial(export_file, export.parquet_bytes, version, export_view, export_query),
        file_name=export.file_name(data_version, "parquet"),
        mime="application/vnd.apache.parquet",
        disabled=total == 0,
        key="explore_parquet",
        on_click="ignore",
    )
    st.download_button(
        t("explore.export.xlsx", n=total),
        partial(export_file, export.xlsx_bytes, version, export_view, export_query),
        file_name=export.file_name(data_version, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=total == 0 or total > export.XLSX_MAX_ROWS,
        help=t("explore.export.xlsx_help"),
        key="explore_xlsx",
        on_click="ignore",
    )
    st.caption(t("explore.export.caption"))
    release = queries.release_file()
    if release and release[1] == data_version:
        path = Path(release[0])
        st.download_button(
            t("explore.export.release", version=data_version),
            path.read_bytes,
            file_name=f"monitor-release-{data_version}.zip",
            mime="application/zip",
            key="explore_release",
            on_click="ignore",
        )
        st.caption(t("explore.export.release_caption"))
    else:
        st.caption(t("explore.export.release_missing"))

state.write_url(filters)
