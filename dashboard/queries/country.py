"""Country brief questions: one country's law, cases, sentences, incidents, claims, latest events."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL

LATEST = 8


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def headline(version: str, country: str) -> dict[str, int]:
    row = db.query(
        """
        SELECT
          (SELECT count(*) FROM cases WHERE country_iso3 = $c) AS cases,
          (SELECT coalesce(sum(coalesce(defendant_count, 1)), 0) FROM cases
             WHERE country_iso3 = $c) AS defendants,
          (SELECT count(*) FROM cases WHERE country_iso3 = $c AND sentence_type = 'prison')
             AS prison,
          (SELECT count(*) FROM incidents WHERE country_iso3 = $c) AS incidents,
          (SELECT count(*) FROM claims WHERE country_iso3 = $c) AS claims
        """,
        {"c": country},
    ).iloc[0]
    return {k: int(v) for k, v in row.items()}


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def laws(version: str, country: str) -> pd.DataFrame:
    """Criminal-code articles first, then legal changes, each by article."""
    return db.query(
        """
        SELECT law_id, kind, article, title, penalty_min_months, penalty_max_months,
               effective_date, summary
        FROM laws WHERE country_iso3 = $c
        ORDER BY kind, article, law_id
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def outcomes(version: str, country: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT sentence_type, count(*) AS cases, sum(coalesce(defendant_count, 1)) AS defendants
        FROM cases WHERE country_iso3 = $c GROUP BY ALL ORDER BY cases DESC, sentence_type
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentences(version: str, country: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT case_id, country_iso3, sentence_type, sentence_months, timeline_date
        FROM cases WHERE country_iso3 = $c AND sentence_months IS NOT NULL
        ORDER BY sentence_type, sentence_months
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def incidents_by_type(version: str, country: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT incident_type, count(*) AS incidents
        FROM incidents WHERE country_iso3 = $c GROUP BY ALL ORDER BY incidents DESC, incident_type
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def claims(version: str, country: str) -> pd.DataFrame:
    """Stated figures about the country, latest first, with the records we document for each
    (empty where no count of ours measures the same thing: etl/sql/claim_coverage.sql)."""
    return db.query(
        """
        SELECT c.claim_id, c.metric, c.value, c.value_qualifier, c.claimant, c.claimant_type,
               coalesce(c.as_of_date, c.report_date) AS dated, k.documented
        FROM claims c LEFT JOIN claim_coverage k USING (claim_id) WHERE c.country_iso3 = $c
        ORDER BY dated DESC NULLS LAST, metric, claim_id
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def latest_events(version: str, country: str, limit: int = LATEST) -> pd.DataFrame:
    """The most recent dated cases and incidents, newest first."""
    return db.query(
        """
        SELECT * FROM (
          SELECT case_id AS record_id, 'cases' AS record_type, timeline_date, date_precision,
                 sentence_type AS kind, summary
          FROM cases WHERE country_iso3 = $c AND timeline_date IS NOT NULL
          UNION ALL
          SELECT incident_id, 'incidents', timeline_date, date_precision, incident_type, summary
          FROM incidents WHERE country_iso3 = $c AND timeline_date IS NOT NULL
        )
        ORDER BY timeline_date DESC, record_id LIMIT $limit
        """,
        {"c": country, "limit": limit},
    )
