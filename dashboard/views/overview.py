"""Overview (home page, /): the picture in 30 seconds for a policymaker."""

from __future__ import annotations

import streamlit as st

from dashboard import db
from dashboard.charts import base
from dashboard.charts import overview as charts
from dashboard.charts.composition import composition
from dashboard.components import chart_block
from dashboard.explore import drilldown
from dashboard.figure_cache import cached
from dashboard.i18n import label, number, t
from dashboard.queries import common
from dashboard.queries import overview as queries

version = db.version()
totals = common.totals(version)
meta = common.meta(version)


def country(code: object) -> str:
    return label("country", code)


st.title(t("overview.heading"))
st.write(t("overview.intro"))
st.caption(t("explore.drill_hint"))

cols = st.columns(5)
for col, key in zip(cols, ("cases", "defendants", "incidents", "sources", "claims"), strict=True):
    col.metric(t(f"overview.metric.{key}"), number(totals[key]))

st.caption(
    t(
        "overview.freshness",
        version=meta.get("data_version", "?"),
        built_at=meta.get("built_at", "?")[:16].replace("T", " "),
        cases=totals["cases"],
        incidents=totals["incidents"],
        sources=totals["sources"],
    )
)

if totals["cases"] == 0 and totals["incidents"] == 0:
    st.info(t("common.empty"))
    st.stop()

left, right = st.columns(2)
with left:
    by_country = queries.cases_by_country(version)
    picked = chart_block(
        cached(
            charts.bar_by_country,
            by_country,
            "cases",
            t("overview.by_country.title", n=totals["cases"]),
            t("chart.axis.cases"),
            country,
        ),
        t("overview.by_country.caption"),
        by_country,
        "cases-by-country",
        sources={"type": "cases"},
        selectable=True,
    )
    drilldown.open_explorer(picked, "cases-by-country", version)
with right:
    period = (
        st.segmented_control(
            t("overview.period"),
            ["year", "quarter"],
            default="year",
            format_func=lambda p: t(f"overview.period.{p}"),
            key="period",
        )
        or "year"
    )
    over_time = queries.cases_over_time(version, period)
    picked = chart_block(
        cached(
            charts.counts_over_time,
            over_time,
            "cases",
            t("overview.over_time.title"),
            t("chart.axis.cases"),
            country,
            period,
        ),
        t("overview.over_time.caption"),
        over_time,
        "cases-over-time",
        sources={"type": "cases"},
        selectable=True,
    )
    drilldown.open_explorer(picked, "cases-over-time", version, period)

left, right = st.columns(2)
with left:
    summary = queries.sentence_summary(version)
    if summary["n"].sum() <= base.MAX_POINTS:
        sentences = queries.sentences(version)
        picked = chart_block(
            cached(
                charts.sentence_strip,
                sentences,
                t("overview.sentences.title"),
                t("chart.axis.months"),
                country,
                lambda c: label("sentence_type", c),
            ),
            t("overview.sentences.caption"),
            sentences.drop(columns=["defendant_initials"]),
            "sentence-lengths",
            sources={"type": "cases"},
            selectable=True,
        )
        drilldown.open_explorer(picked, "sentence-lengths", version)
    else:
        picked = chart_block(
            cached(
                charts.sentence_boxes,
                summary,
                t("overview.sentences.title"),
                t("chart.axis.months"),
                country,
                lambda c: label("sentence_type", c),
            ),
            t("overview.sentences.caption_boxes", n=number(int(summary["n"].sum()))),
            summary,
            "sentence-lengths",
            sources={"type": "cases"},
            selectable=True,
        )
        # A box holds one country's sentences of one type: its records, as for the bars.
        drilldown.open_explorer(picked, "sentence-types", version)
with right:
    outcomes = queries.sentence_types_by_country(version)
    picked = chart_block(
        cached(
            composition,
            outcomes,
            "sentence_type",
            "cases",
            t("overview.sentence_types.title"),
            t("chart.axis.cases"),
            country,
            lambda c: label("sentence_type", c),
        ),
        t("overview.sentence_types.caption"),
        outcomes,
        "sentence-types",
        sources={"type": "cases"},
        selectable=True,
    )
    drilldown.open_explorer(picked, "sentence-types", version)

incidents = queries.incidents_by_country_type(version)
picked = chart_block(
    cached(
        composition,
        incidents,
        "incident_type",
        "incidents",
        t("overview.incidents.title", n=totals["incidents"]),
        t("chart.axis.incidents"),
        country,
        lambda c: label("incident_type", c),
    ),
    t("overview.incidents.caption"),
    incidents,
    "incidents-by-type",
    sources={"type": "incidents"},
    selectable=True,
)
drilldown.open_explorer(picked, "incidents-by-type", version)
