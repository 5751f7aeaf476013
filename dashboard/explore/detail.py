"""One record in full, as the explorer lays it out: every field, every source, stages, links."""

from __future__ import annotations

import streamlit as st

from dashboard.escape import plain_markdown
from dashboard.explore import view
from dashboard.i18n import label, t
from dashboard.queries import explore as queries


def show(version: str, record_id: str, in_results: bool, base_url: str) -> None:
    kind = queries.record_type(record_id)
    found = queries.record(version, record_id)
    if found.empty:
        st.warning(t("explore.detail.not_found", id=record_id))
        return
    row = found.iloc[0]
    if not in_results:
        st.caption(t("explore.detail.outside"))
    st.subheader(
        t(
            "explore.detail.title",
            id=record_id,
            type=label("record_type", kind),
            country=label("country", row.get("country_iso3")),
        )
    )
    sources = queries.record_sources(version, record_id)
    fields_tab, sources_tab, stages_tab, linked_tab = st.tabs(
        [
            t("explore.detail.fields"),
            t("explore.detail.sources", n=len(sources)),
            t("explore.detail.stages"),
            t("explore.detail.linked"),
        ]
    )
    with fields_tab:
        # st.table wraps long text instead of cutting it, unlike the dataframe canvas; it
        # renders Markdown, so every value is escaped to show as typed.
        fields = view.record_fields(row, kind, label, t)
        fields = fields.assign(value=fields["value"].map(plain_markdown))
        st.table(
            fields.set_index("field")
            .rename_axis(t("explore.col.field"))
            .rename(columns={"value": t("explore.col.value")})
        )
    with sources_tab:
        _sources(sources)
    with stages_tab:
        stages = queries.case_stages(version, record_id) if kind == "cases" else None
        if stages is None or stages.empty:
            st.caption(t("explore.detail.stages_none"))
        else:
            _stages(view.stages_table(stages, label))
    with linked_tab:
        linked = view.linked_table(queries.linked_records(version, record_id), label)
        if linked.empty:
            st.caption(t("explore.detail.linked_none"))
        else:
            _linked(linked)
    st.caption(t("explore.detail.permalink"))
    st.code(f"{base_url}?id={record_id}", language=None, wrap_lines=True)


def _sources(sources) -> None:
    # Strongest first (the query's order); the kind named, so a reader sees why.
    shown = sources.drop(columns=["domain"]).assign(
        outlet_kind=[label("kind", k) for k in sources["outlet_kind"]]
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="explore_sources",
        column_config={
            "source_rank": st.column_config.NumberColumn(t("explore.col.rank"), format="%d"),
            "source_id": t("explore.col.id"),
            "outlet": t("explore.col.outlet"),
            "outlet_kind": t("explore.col.outlet_kind"),
            "publisher": t("explore.col.publisher"),
            "published": st.column_config.TextColumn(
                t("explore.col.published"), help=t("explore.col.date_help")
            ),
            "language": t("explore.col.language"),
            # The query only passes http(s) addresses; anything else stays an empty cell.
            "url": st.column_config.LinkColumn(t("explore.col.link")),
            "note": st.column_config.TextColumn(t("explore.col.note"), width="large"),
        },
    )


def _stages(stages) -> None:
    st.dataframe(
        stages,
        hide_index=True,
        key="explore_stages",
        column_config={
            "stage": t("explore.col.stage"),
            "stage_date": t("explore.col.date"),
            "court": t("explore.col.court"),
            "sentence_type": t("explore.col.sentence"),
            "sentence_months": t("explore.col.months"),
            "summary": st.column_config.TextColumn(t("explore.col.summary"), width="large"),
            "source_ids": t("explore.col.source_ids"),
        },
    )


def _linked(linked) -> None:
    st.dataframe(
        linked,
        hide_index=True,
        key="explore_linked",
        column_config={
            "record_type": t("explore.col.type"),
            "record_id": t("explore.col.id"),
            "date_text": t("explore.col.date"),
            "country": t("explore.col.country"),
            "summary": st.column_config.TextColumn(t("explore.col.summary"), width="large"),
            "shared_sources": t("explore.col.shared"),
        },
    )
