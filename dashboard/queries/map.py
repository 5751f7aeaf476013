"""Map questions: one number per country (cases, incidents or sentences), absolute or per million."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import assets, db
from dashboard.queries.common import CACHE_TTL
from etl.contract import CENTRAL_ASIA

MEASURES = ("cases", "incidents", "sentences")
# A sentence is a reported conviction with a penalty; 'unknown' is a verdict whose kind is
# not reported (etl/contract.py SENTENCE_TYPES), so it counts; pending and acquitted do not.
SENTENCED = (
    "prison",
    "restricted_freedom",
    "suspended",
    "probation",
    "fine",
    "correctional_labour",
    "unknown",
)

SQL = {
    "cases": "SELECT country_iso3, count(*) AS n FROM cases GROUP BY ALL",
    "incidents": "SELECT country_iso3, count(*) AS n FROM incidents "
    "WHERE country_iso3 IS NOT NULL GROUP BY ALL",
    "sentences": "SELECT country_iso3, count(*) AS n FROM cases "
    "WHERE list_contains($sentenced, sentence_type) GROUP BY ALL",
}


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def counts_by_country(version: str, measure: str) -> pd.DataFrame:
    """Every one of the five countries with its count (0 where nothing is recorded)."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    params = {"countries": list(CENTRAL_ASIA)}
    if measure == "sentences":
        params["sentenced"] = list(SENTENCED)
    return db.query(
        f"""
        WITH counted AS ({SQL[measure]})
        SELECT c.country_iso3, coalesce(counted.n, 0) AS count
        FROM unnest($countries) AS c(country_iso3) LEFT JOIN counted USING (country_iso3)
        ORDER BY c.country_iso3
        """,
        params,
    )


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Add population (content/population.csv, sourced) and the count per million people."""
    population = assets.population()[["iso3", "population"]]
    out = counts.merge(population, left_on="country_iso3", right_on="iso3", how="left")
    out = out.drop(columns="iso3")
    out["per_million"] = (out["count"] / out["population"] * 1_000_000).round(2)
    return out
