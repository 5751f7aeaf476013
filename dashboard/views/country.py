"""Country brief (/country?country=UZB): one country's law, cases, incidents, claims, latest events."""

from __future__ import annotations

import streamlit as st

from dashboard import brief, db, figure_export, stated_section
from dashboard.charts import base
from dashboard.charts import country as charts
from dashboard.charts import trends as trend_charts
from dashboard.components import chart_block
from dashboard.escape import plain_markdown
from dashboard.figure_cache import cached
from dashboard.i18n import label, number, t
from dashboard.queries import common
from dashboard.queries import country as queries
from dashboard.queries import trends as trend_queries
from etl.contract import CENTRAL_ASIA

version = db.version()
DEFAULT = "UZB"

# ?country=KGZ picks the country; bind="query-params" would put the translated name in the
# URL instead of the code, so the code is read and written here.
requested = st.query_params.get("country", DEFAULT)
country = st.selectbox(
    t("brief.choose"),
    list(CENTRAL_ASIA),
    index=list(CENTRAL_ASIA).index(requested if requested in CENTRAL_ASIA else DEFAULT),
    format_func=lambda c: label("country", c),
)
st.query_params["country"] = country
name = label("country", country)
st.title(t("brief.heading", country=name))
st.caption(t("brief.intro"))

numbers = queries.headline(version, country)
laws = queries.laws(version, country)
outcomes = queries.outcomes(version, country)
sentence_stats = trend_queries.sentence_stats(version, (country,))
n_sentences = int(sentence_stats["n"].sum())
incidents = queries.incidents_by_type(version, country)
claims = queries.claims(version, country)
latest = queries.latest_events(version, country)
for col, key in zip(st.columns(len(brief.NUMBERS)), brief.NUMBERS, strict=True):
    col.metric(t(f"brief.metric.{key}"), number(numbers[key]))

st.header(t("brief.download.heading"))
st.caption(t("brief.download.caption"))
one_page = cached(
    brief.figure, country, numbers, laws, outcomes, incidents, claims, latest, common.meta(version)
)
left, right = st.columns(2)
left.download_button(
    t("brief.download.pdf"),
    data=lambda: figure_export.pdf_bytes(one_page),
    file_name=f"brief-{country}.pdf",
    mime="application/pdf",
    key="brief-pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
)
right.download_button(
    t("brief.download.png"),
    data=lambda: figure_export.png_bytes(one_page, width=figure_export.A4[0], scale=2),
    file_name=f"brief-{country}.png",
    mime="image/png",
    key="brief-png",
    on_click="ignore",
    icon=":material/image:",
)

st.header(t("brief.laws.heading"))
if laws.empty:
    st.info(t("brief.laws.none"))
else:
    st.dataframe(brief.laws_table(laws), hide_index=True)

st.header(t("brief.cases.heading"))
if outcomes.empty:
    st.info(t("brief.cases.none"))
else:
    left, right = st.columns(2)
    with left:
        chart_block(
            cached(
                charts.bars,
                outcomes,
                "sentence_type",
                "cases",
                t("brief.outcomes.title", country=name, n=numbers["cases"]),
                t("chart.axis.cases"),
                country,
                lambda c: label("sentence_type", c),
            ),
            t("brief.outcomes.caption"),
            outcomes,
            f"{country}-outcomes",
            sources={"type": "cases", "country": country},
        )
    with right:
        if n_sentences <= base.MAX_POINTS:
            sentences = queries.sentences(version, country)
            draw, shown, caption = (
                trend_charts.sentence_rows,
                sentences,
                t("brief.sentences.caption"),
            )
        else:
            caption = t("brief.sentences.caption_boxes", n=number(n_sentences))
            draw, shown = trend_charts.sentence_boxes, sentence_stats
        figure = cached(
            draw,
            shown,
            t("brief.sentences.title", country=name),
            t("chart.axis.months"),
            lambda c: label("country", c),
            lambda c: label("sentence_type", c),
        )
        chart_block(
            figure,
            caption,
            shown,
            f"{country}-sentences",
            sources={"type": "cases", "country": country},
        )

st.header(t("brief.incidents.heading"))
if incidents.empty:
    st.info(t("brief.incidents.none"))
else:
    chart_block(
        cached(
            charts.bars,
            incidents,
            "incident_type",
            "incidents",
            t("brief.incidents.title", country=name, n=numbers["incidents"]),
            t("chart.axis.incidents"),
            country,
            lambda c: label("incident_type", c),
        ),
        t("brief.incidents.caption"),
        incidents,
        f"{country}-incidents",
        sources={"type": "incidents", "country": country},
    )

stated_section.show(version, (country,), name, country)

st.header(t("brief.claims.heading"))
st.caption(t("brief.claims.caption"))
if claims.empty:
    st.info(t("brief.claims.none"))
else:
    st.dataframe(brief.claims_table(claims, documented=True), hide_index=True)

st.header(t("brief.latest.heading"))
if latest.empty:
    st.info(t("brief.latest.none"))
for row in latest.itertuples():
    st.markdown(
        f"**{row.timeline_date:%Y-%m-%d}** · `{row.record_id}` · "
        f"{brief.event_kind(row.record_type, row.kind)}  \n{plain_markdown(row.summary)}"
    )
