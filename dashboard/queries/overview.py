"""Overview questions: counts by country, over time, sentences, incidents by type."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def cases_by_country(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT country_iso3, count(*) AS cases, sum(coalesce(defendant_count, 1)) AS defendants
        FROM cases GROUP BY country_iso3 ORDER BY cases DESC, country_iso3
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def cases_over_time(version: str, period: str = "year") -> pd.DataFrame:
    """Cases per period and country, by verdict date (report date where the verdict is undated)."""
    if period not in ("year", "quarter"):
        raise ValueError(f"period must be year or quarter, not {period!r}")
    return db.query(
        """
        SELECT date_trunc($period, timeline_date) AS period_start, country_iso3, count(*) AS cases
        FROM cases WHERE timeline_date IS NOT NULL
        GROUP BY ALL ORDER BY period_start, country_iso3
        """,
        {"period": period},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentences(version: str) -> pd.DataFrame:
    """One row per case with a known sentence length."""
    return db.query(
        """
        SELECT case_id, country_iso3, sentence_type, sentence_months, defendant_initials,
               defendant_age, timeline_date
        FROM cases WHERE sentence_months IS NOT NULL
        ORDER BY country_iso3, sentence_type, sentence_months
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentence_types_by_country(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT country_iso3, sentence_type, count(*) AS cases
        FROM cases GROUP BY ALL ORDER BY country_iso3, sentence_type
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def incidents_by_country_type(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT coalesce(country_iso3, 'several') AS country_iso3, incident_type, count(*) AS incidents
        FROM incidents GROUP BY ALL ORDER BY country_iso3, incident_type
        """
    )
