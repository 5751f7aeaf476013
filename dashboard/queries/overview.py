"""Overview questions: counts by country, over time, sentences, incidents by type.

Each reads a summary table the refresh stores beside the records (etl/sql/), so a
first visit costs the same at a million cases as at fifty: a few hundred rows per query.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def cases_by_country(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT country_iso3, CAST(sum(cases) AS BIGINT) AS cases,
               sum(defendants) AS defendants
        FROM summary_cases GROUP BY country_iso3 ORDER BY cases DESC, country_iso3
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def cases_over_time(version: str, period: str = "year") -> pd.DataFrame:
    """Cases per period and country, by verdict date (report date where the verdict is undated)."""
    if period not in ("year", "quarter"):
        raise ValueError(f"period must be year or quarter, not {period!r}")
    return db.query(
        """
        SELECT CASE WHEN $period = 'year' THEN year_start ELSE quarter_start END AS period_start,
               country_iso3, CAST(sum(cases) AS BIGINT) AS cases
        FROM summary_cases WHERE period_start IS NOT NULL
        GROUP BY ALL ORDER BY period_start, country_iso3
        """,
        {"period": period},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentences(version: str) -> pd.DataFrame:
    """One row per case with a known sentence length (see sentence_summary for many cases)."""
    return db.query(
        """
        SELECT case_id, country_iso3, sentence_type, sentence_months, defendant_initials,
               defendant_age, timeline_date
        FROM cases WHERE sentence_months IS NOT NULL
        ORDER BY country_iso3, sentence_type, sentence_months
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentence_summary(version: str) -> pd.DataFrame:
    """Known sentence lengths per country and sentence type: count, quartiles, whiskers."""
    return db.query(
        """
        SELECT country_iso3, sentence_type, n, q1, median, q3, lower_whisker, upper_whisker
        FROM summary_sentences ORDER BY country_iso3, sentence_type
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentence_types_by_country(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT country_iso3, sentence_type, CAST(sum(cases) AS BIGINT) AS cases
        FROM summary_cases GROUP BY ALL ORDER BY country_iso3, sentence_type
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def incidents_by_country_type(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT country_iso3, incident_type, incidents
        FROM summary_incidents ORDER BY country_iso3, incident_type
        """
    )
