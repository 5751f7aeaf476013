"""Methodology questions: the update log (etl_runs) and coverage counts behind the known gaps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL
from etl import addresses, changelog
from etl.contract import CENTRAL_ASIA

RUNS = 10
RELEASES = 10


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def data_changelog(version: str, limit: int = RELEASES) -> str:
    """What the latest releases added, changed and removed (Markdown), from the files the
    refresh writes beside the database (etl/addresses.py); empty before the first release."""
    folder = addresses.release_dir(db.path())
    releases = changelog.entries(folder, limit)
    return changelog.markdown(releases, title=False) if releases else ""


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def recent_runs(version: str, limit: int = RUNS) -> pd.DataFrame:
    """The latest refreshes, newest first, with what each one changed (JSON text)."""
    return db.query(
        """
        SELECT finished_at, outcome, data_version, row_counts, changes, rejected, message
        FROM etl_runs ORDER BY finished_at DESC NULLS LAST LIMIT $limit
        """,
        {"limit": limit},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def coverage(version: str) -> pd.DataFrame:
    """Records per country and kind (zeros included), and how many of them carry no date."""
    return db.query(
        """
        WITH counted AS (
          SELECT country_iso3, 'cases' AS record_type, count(*) AS records,
                 count(*) FILTER (WHERE timeline_date IS NULL) AS undated
          FROM cases GROUP BY ALL
          UNION ALL
          SELECT coalesce(country_iso3, 'several'), 'incidents', count(*),
                 count(*) FILTER (WHERE timeline_date IS NULL)
          FROM incidents GROUP BY ALL
          UNION ALL
          SELECT coalesce(country_iso3, 'several'), 'claims', count(*),
                 count(*) FILTER (WHERE as_of_date IS NULL AND report_date IS NULL)
          FROM claims GROUP BY ALL
        ),
        grid AS (
          SELECT c.country_iso3, r.record_type
          FROM unnest($countries) AS c(country_iso3)
          CROSS JOIN unnest(['cases', 'incidents', 'claims']) AS r(record_type)
        )
        SELECT country_iso3, record_type, coalesce(records, 0) AS records,
               coalesce(undated, 0) AS undated
        FROM grid FULL JOIN counted USING (country_iso3, record_type)
        ORDER BY country_iso3 = 'several', country_iso3, record_type
        """,
        {"countries": list(CENTRAL_ASIA)},
    )
