"""The stated-figures section the overview, trends and country brief share: chart, then documented shares.

Layout only: the rows come from dashboard.queries.claims, the figure from charts/claims.py,
the words from dashboard/stated.py.
"""

from __future__ import annotations

import streamlit as st

from dashboard import stated
from dashboard.charts import claims as charts
from dashboard.components import chart_block
from dashboard.figure_cache import cached
from dashboard.i18n import current, label, t
from dashboard.queries import claims as queries

NUMBERS = ["claim_id", "country_iso3", "metric", "value", "value_qualifier", "claimant",
           "claimant_type", "period_start", "as_of_date", "report_date", "series_id",
           "documented"]  # fmt: skip


def show(version: str, countries: tuple[str, ...], scope: str, key: str) -> None:
    """Heading, the chart of stated figures for the countries, and the shares we document."""
    st.header(t("stated.heading"))
    st.write(t("stated.intro"))
    claims = queries.stated(version, countries)
    if claims.empty:
        st.info(t("stated.none"))
        return
    lang = current()
    hover = [stated.hover_line(r, t, label) for r in claims.to_dict("records")]
    chart_block(
        cached(
            charts.stated_over_time,
            # Lists (the sources) cannot be hashed for the figure cache, and the chart needs none.
            claims.drop(columns=["source_urls", "source_outlets"]).assign(hover=hover),
            t("stated.chart.title", scope=scope),
            lambda m: label("metric", m),
            lambda c: label("country", c),
            lambda r: r["hover"],
        ),
        t("stated.chart.caption", undated=int(claims["dated"].isna().sum())),
        claims[NUMBERS],
        f"{key}-stated",
        sources={"type": "claims", "country": ",".join(countries)},
    )
    st.subheader(t("stated.share.heading"))
    st.caption(t("stated.share.caption"))
    headline = stated.headline_claims(claims)
    if headline.empty:
        st.info(t("stated.share.none"))
    for row in headline.to_dict("records"):
        st.markdown(stated.share_sentence(row, t, label, lang))
