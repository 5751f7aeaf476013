"""Map (/map): the five countries shaded by cases, incidents or sentences, absolute or per million."""

from __future__ import annotations

import streamlit as st

from dashboard import assets, db
from dashboard.charts import map as charts
from dashboard.components import chart_block
from dashboard.i18n import label, t
from dashboard.queries import map as queries

version = db.version()

st.title(t("map.heading"))
st.write(t("map.intro"))

left, right = st.columns(2)
measure = (
    left.segmented_control(
        t("map.measure"),
        list(queries.MEASURES),
        default="cases",
        format_func=lambda m: t(f"map.measure.{m}"),
        key="measure",
    )
    or "cases"
)
scale = (
    right.segmented_control(
        t("map.scale"),
        ["absolute", "per_million"],
        default="absolute",
        format_func=lambda s: t(f"map.scale.{s}"),
        key="scale",
    )
    or "absolute"
)

values = queries.with_rates(queries.counts_by_country(version, measure))
column = "count" if scale == "absolute" else "per_million"
fig = charts.choropleth(
    values,
    column,
    t(f"map.title.{measure}.{scale}"),
    t(f"map.axis.{scale}"),
    assets.label_points(),
    assets.drawn_countries(),
    lambda c: label("country", c),
    number_format=",.0f" if scale == "absolute" else ",.2f",
)
chart_block(
    fig,
    t(f"map.caption.{measure}") + (" " + t("map.caption.per_million") if column != "count" else ""),
    values,
    f"map-{measure}-{scale}",
    sources={"type": "incidents" if measure == "incidents" else "cases"},
)

for title, url in assets.population_sources():
    st.caption(t("map.population_source", title=title, url=url))
st.caption(t("map.boundaries_source"))
