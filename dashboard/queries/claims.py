"""Stated figures (claims) as the overview, trends and country brief chart them, with how much of each we document.

Claims are never added to our counts: each row is one figure as its claimant stated it, with
`documented` (etl/sql/claim_coverage.sql) the records of ours that count the same thing in
the claim's period, for the claims where such a count exists.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL
from etl.contract import CENTRAL_ASIA

# What the charts leave out: 'other' figures count unlike things (migrants registered,
# citizenship revoked...), so one axis would mix them; the explorer lists them all.
CHARTED = ("criminal_cases", "convicted", "contracts_signed", "recruited", "fighting", "killed",
           "captured")  # fmt: skip


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def stated(version: str, countries: tuple[str, ...] = CENTRAL_ASIA) -> pd.DataFrame:
    """Every charted claim about one of the countries: the figure, who stated it and when,
    its period, series, the records we document for it, and its sources (strongest first)."""
    return db.query(
        """
        WITH cited AS (
          SELECT l.claim_id,
                 list(s.url ORDER BY source_strength(o.kind), l.source_rank) AS source_urls,
                 list(coalesce(o.name, s.publisher) ORDER BY source_strength(o.kind), l.source_rank)
                   AS source_outlets
          FROM claim_sources l
          JOIN sources s USING (source_id)
          LEFT JOIN outlets o USING (outlet_id)
          GROUP BY l.claim_id
        )
        SELECT c.claim_id, c.country_iso3, c.metric, c.value, c.value_qualifier, c.claimant,
               c.claimant_type, c.period_start, c.period_start_precision,
               c.as_of_date, c.as_of_date_precision, c.report_date, c.report_date_precision,
               coalesce(c.as_of_date, c.report_date) AS dated,
               coalesce(c.as_of_date_precision, c.report_date_precision) AS dated_precision,
               c.series_id, k.record_type, k.incident_type, k.window_from, k.window_to,
               k.documented, cited.source_urls, cited.source_outlets
        FROM claims c
        LEFT JOIN claim_coverage k USING (claim_id)
        LEFT JOIN cited USING (claim_id)
        WHERE list_contains($countries, c.country_iso3) AND list_contains($metrics, c.metric)
        ORDER BY list_position($metrics, c.metric), c.country_iso3, dated NULLS FIRST, c.claim_id
        """,
        {"countries": list(countries), "metrics": list(CHARTED)},
    )
