"""Trends (/trends): counts over time, sentences, channels and groups, incidents, and claims."""

from __future__ import annotations

import streamlit as st

from dashboard import db, stated_section
from dashboard.charts import base
from dashboard.charts import overview as overview_charts
from dashboard.charts import trends as charts
from dashboard.charts.composition import composition
from dashboard.components import chart_block
from dashboard.figure_cache import cached
from dashboard.i18n import label, number, t
from dashboard.queries import trends as queries
from etl.contract import CENTRAL_ASIA

version = db.version()


def country(code: object) -> str:
    return label("country", code)


st.title(t("trends.heading"))
st.write(t("trends.intro"))

first, last = queries.year_range(version)
left, right = st.columns(2)
countries = tuple(
    left.multiselect(
        t("trends.countries"),
        list(CENTRAL_ASIA),
        default=list(CENTRAL_ASIA),
        format_func=country,
        key="countries",
    )
    or CENTRAL_ASIA
)
years = (
    right.slider(t("trends.years"), first, last, (first, last), key="years")
    if last > first
    else (first, last)
)
named = (
    t("trends.all_countries")
    if set(countries) == set(CENTRAL_ASIA)
    else ", ".join(country(c) for c in countries)
)
scope = t("trends.scope", countries=named, first=years[0], last=years[1])
# The explorer's filters (its own page, /explore): record type and countries.
filters = {"country": ",".join(countries) if set(countries) != set(CENTRAL_ASIA) else None}

st.header(t("trends.over_time.heading"))
left, right = st.columns(2)
record = (
    left.segmented_control(
        t("trends.record"),
        list(queries.RECORDS),
        default="cases",
        format_func=lambda r: t(f"trends.record.{r}"),
        key="record",
    )
    or "cases"
)
period = (
    right.segmented_control(
        t("trends.period"),
        list(queries.PERIODS),
        default="year",
        format_func=lambda p: t(f"trends.period.{p}"),
        key="period",
    )
    or "year"
)
over_time = queries.counts_over_time(version, record, period, countries, years)
chart_block(
    cached(
        overview_charts.counts_over_time,
        over_time,
        record,
        t(f"trends.over_time.title.{record}.{period}", scope=scope),
        t(f"chart.axis.{record}"),
        country,
        period,
    ),
    t(f"trends.over_time.caption.{record}", undated=queries.undated(version, record, countries)),
    over_time,
    f"trends-{record}-{period}",
    sources={"type": record, **filters},
)

st.header(t("trends.sentences.heading"))
stats = queries.sentence_stats(version, countries, years)
n_sentences = int(stats["n"].sum())
if n_sentences <= base.MAX_POINTS:
    sentences = queries.sentences(version, countries, years)
    draw, shown, caption = charts.sentence_rows, sentences, t("trends.sentences.caption")
else:
    caption = t("trends.sentences.caption_boxes", n=number(n_sentences))
    draw, shown = charts.sentence_boxes, stats
chart_block(
    cached(
        draw,
        shown,
        t("trends.sentences.title", scope=scope),
        t("chart.axis.months"),
        country,
        lambda c: label("sentence_type", c),
    ),
    caption,
    shown,
    "trends-sentences",
    sources={"type": "cases", **filters},
)

st.header(t("trends.composition.heading"))
composition_record = (
    st.segmented_control(
        t("trends.record"),
        list(queries.RECORDS),
        default="cases",
        format_func=lambda r: t(f"trends.record.{r}"),
        key="composition_record",
    )
    or "cases"
)
for column in queries.COMPOSITIONS:
    frame = queries.composition(version, composition_record, column, countries, years)
    chart_block(
        cached(
            composition,
            frame,
            column,
            composition_record,
            t(f"trends.composition.title.{column}.{composition_record}", scope=scope),
            t(f"chart.axis.{composition_record}"),
            country,
            lambda c, group=column: label(group, c),
        ),
        t(f"trends.composition.caption.{column}"),
        frame,
        f"trends-{column}-{composition_record}",
        sources={"type": composition_record, **filters},
    )

st.header(t("trends.incidents.heading"))
monthly = queries.incident_counts(version, countries, years)
n_incidents = int(monthly["incidents"].sum())
undated_incidents = queries.undated(version, "incidents", countries)
if n_incidents <= base.MAX_POINTS:
    timeline = queries.incident_timeline(version, countries, years)
    chart_block(
        cached(
            charts.incident_timeline,
            timeline,
            t("trends.incidents.title", scope=scope),
            country,
            lambda c: label("incident_type", c),
            t("trends.incidents.exact"),
            t("trends.incidents.coarse"),
        ),
        t("trends.incidents.caption", undated=undated_incidents),
        timeline,
        "trends-incident-timeline",
        sources={"type": "incidents", **filters},
    )
else:
    chart_block(
        cached(
            charts.incident_counts,
            monthly,
            t("trends.incidents.title", scope=scope),
            lambda c: label("incident_type", c),
            t("trends.incidents.count_label"),
        ),
        t("trends.incidents.caption_counts", n=number(n_incidents), undated=undated_incidents),
        monthly,
        "trends-incident-timeline",
        sources={"type": "incidents", **filters},
    )

stated_section.show(version, countries, named, "trends")

st.header(t("trends.claims.heading"))
st.write(t("trends.claims.intro"))
metrics = queries.claim_metrics(version)
if metrics:
    metric = st.selectbox(
        t("trends.claims.metric"),
        metrics,
        format_func=lambda m: label("metric", m),
        key="claim_metric",
    )
    claims = queries.claims(version, metric, countries)
    records = queries.records_for_metric(version, metric, countries)
    chart_block(
        cached(
            charts.claims_vs_records,
            claims,
            records,
            t("trends.claims.title", metric=label("metric", metric), scope=named),
            t("trends.claims.axis"),
            t("trends.claims.records"),
            t("trends.claims.claims"),
            country,
            lambda q: label("value_qualifier", q),
        ),
        t("trends.claims.caption")
        + " "
        + (t(f"trends.claims.compare.{metric}") if len(records) else t("trends.claims.no_compare")),
        claims.drop(columns=["dated"]),
        f"trends-claims-{metric}",
        sources={"type": "claims", **filters},
    )
