"""Awareness card questions: one country's law, court outcomes, recruiting channels, warnings.

Aggregates and official statements only: no defendant's initials, age or case summary is
selected here, so no card can identify a person (issue #14, privacy).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL

LATEST = 3
SINCE = "2022-01-01"  # the full-scale invasion: legal changes from then on
# Who speaks for a state: their warnings and figures are what the card quotes.
OFFICIAL = ("government", "prosecutor", "security_service", "parliament", "court")
# Incident kinds the card names when no prosecution is on record (deaths, warnings, recruiting).
REPORTED = (
    "death_reported",
    "captured_pow",
    "official_warning",
    "online_ad",
    "enlistment_office",
    "migrant_raid",
    "prison_recruitment",
    "citizenship_offer",
    "recruiter_prosecuted",
)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def articles(version: str, country: str) -> pd.DataFrame:
    """The criminal-code articles on record, those courts charged most first, with sources.

    A charge names an article more or less precisely ("UZB CC 154" or "UZB CC 154(1)"): either
    counts for the other. Ties go to the later text, so the current code's "KAZ CC 172" comes
    before the 1997 code's "KAZ CC (1997) 162-1".
    """
    return db.query(
        """
        WITH charged AS (
          SELECT trim(unnest(string_split(charge_article, ';'))) AS charged
          FROM cases WHERE country_iso3 = $c AND charge_article IS NOT NULL
        )
        SELECT law_id, article, title, penalty_min_months, penalty_max_months,
               (SELECT count(*) FROM charged
                WHERE charged = laws.article OR starts_with(laws.article, charged || '(')
                   OR starts_with(charged, laws.article || '(')) AS charges,
               (SELECT s.url FROM law_sources l JOIN sources s USING (source_id)
                WHERE l.law_id = laws.law_id ORDER BY l.source_rank LIMIT 1) AS source_url,
               (SELECT s.publisher FROM law_sources l JOIN sources s USING (source_id)
                WHERE l.law_id = laws.law_id ORDER BY l.source_rank LIMIT 1) AS publisher
        FROM laws WHERE country_iso3 = $c AND kind = 'criminal_article'
        ORDER BY charges DESC, article DESC, law_id
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def legal_changes(version: str, country: str) -> pd.DataFrame:
    """Legal changes in force or proposed since 2022 (undated ones too: the date is unknown)."""
    return db.query(
        """
        SELECT law_id, article, title, effective_date, effective_date_precision,
               (SELECT s.url FROM law_sources l JOIN sources s USING (source_id)
                WHERE l.law_id = laws.law_id ORDER BY l.source_rank LIMIT 1) AS source_url,
               (SELECT s.publisher FROM law_sources l JOIN sources s USING (source_id)
                WHERE l.law_id = laws.law_id ORDER BY l.source_rank LIMIT 1) AS publisher
        FROM laws
        WHERE country_iso3 = $c AND kind = 'legal_change'
          AND (effective_date IS NULL OR effective_date >= CAST($since AS DATE))
        ORDER BY effective_date DESC NULLS LAST, law_id
        """,
        {"c": country, "since": SINCE},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def courts(version: str, country: str) -> dict[str, float | int | None]:
    """Known cases and people, prison terms (range, median), suspended and restricted terms."""
    row = db.query(
        """
        SELECT count(*) AS cases,
               coalesce(sum(coalesce(defendant_count, 1)), 0) AS defendants,
               count(*) FILTER (sentence_type = 'prison') AS prison,
               count(sentence_months) FILTER (sentence_type = 'prison') AS prison_known,
               min(sentence_months) FILTER (sentence_type = 'prison') AS prison_min,
               max(sentence_months) FILTER (sentence_type = 'prison') AS prison_max,
               median(sentence_months) FILTER (sentence_type = 'prison') AS prison_median,
               count(*) FILTER (sentence_type = 'suspended') AS suspended,
               count(*) FILTER (sentence_type = 'restricted_freedom') AS restricted_freedom,
               count(*) FILTER (sentence_type = 'pending') AS pending
        FROM cases WHERE country_iso3 = $c
        """,
        {"c": country},
    ).iloc[0]
    return {
        k: (None if pd.isna(v) else float(v) if "median" in k else int(v)) for k, v in row.items()
    }


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def channels(version: str, country: str) -> pd.DataFrame:
    """How recruiters reached people: channels named in cases and incidents, with counts."""
    return db.query(
        """
        WITH named AS (
          SELECT recruitment_channel, 'cases' AS record FROM cases WHERE country_iso3 = $c
          UNION ALL
          SELECT recruitment_channel, 'incidents' FROM incidents WHERE country_iso3 = $c
        )
        SELECT recruitment_channel,
               count(*) FILTER (record = 'cases') AS cases,
               count(*) FILTER (record = 'incidents') AS incidents,
               count(*) AS records
        FROM named
        WHERE recruitment_channel IS NOT NULL AND recruitment_channel NOT IN ('unknown', 'other')
        GROUP BY ALL ORDER BY records DESC, recruitment_channel
        """,
        {"c": country},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def official_figures(version: str, country: str) -> pd.DataFrame:
    """The latest figures state bodies gave about the country, with who gave them."""
    return db.query(
        """
        SELECT claim_id, claimant, claimant_type, metric, value, value_qualifier,
               as_of_date, as_of_date_precision, report_date, report_date_precision,
               (SELECT s.url FROM claim_sources l JOIN sources s USING (source_id)
                WHERE l.claim_id = claims.claim_id ORDER BY l.source_rank LIMIT 1) AS source_url,
               (SELECT s.publisher FROM claim_sources l JOIN sources s USING (source_id)
                WHERE l.claim_id = claims.claim_id ORDER BY l.source_rank LIMIT 1) AS publisher
        FROM claims
        WHERE country_iso3 = $c AND claimant_type IN (SELECT unnest($official))
          AND metric <> 'other'
        ORDER BY report_date DESC NULLS LAST, as_of_date DESC NULLS LAST, claim_id
        LIMIT $n
        """,
        {"c": country, "official": list(OFFICIAL), "n": LATEST},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def warnings(version: str, country: str) -> pd.DataFrame:
    """The latest official warnings recorded as incidents, with the outlet that reported them."""
    return db.query(
        """
        SELECT incident_id, timeline_date, date_precision,
               (SELECT s.url FROM incident_sources l JOIN sources s USING (source_id)
                WHERE l.incident_id = incidents.incident_id ORDER BY l.source_rank LIMIT 1) AS source_url,
               (SELECT s.publisher FROM incident_sources l JOIN sources s USING (source_id)
                WHERE l.incident_id = incidents.incident_id ORDER BY l.source_rank LIMIT 1) AS publisher
        FROM incidents
        WHERE country_iso3 = $c AND incident_type = 'official_warning'
        ORDER BY timeline_date DESC NULLS LAST, incident_id DESC
        LIMIT $n
        """,
        {"c": country, "n": LATEST},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def reported(version: str, country: str) -> pd.DataFrame:
    """What has been reported, by kind of incident, with the latest report's source."""
    return db.query(
        """
        WITH ranked AS (
          SELECT incident_type, incident_id, timeline_date, date_precision,
                 (SELECT s.url FROM incident_sources l JOIN sources s USING (source_id)
                WHERE l.incident_id = incidents.incident_id ORDER BY l.source_rank LIMIT 1) AS source_url,
               (SELECT s.publisher FROM incident_sources l JOIN sources s USING (source_id)
                WHERE l.incident_id = incidents.incident_id ORDER BY l.source_rank LIMIT 1) AS publisher,
                 count(*) OVER (PARTITION BY incident_type) AS incidents,
                 row_number() OVER (PARTITION BY incident_type
                                    ORDER BY timeline_date DESC NULLS LAST, incident_id DESC) AS r
          FROM incidents
          WHERE country_iso3 = $c AND incident_type IN (SELECT unnest($kinds))
        )
        SELECT incident_type, incidents, timeline_date AS latest, date_precision,
               source_url, publisher
        FROM ranked WHERE r = 1
        ORDER BY incidents DESC, incident_type
        """,
        {"c": country, "kinds": list(REPORTED)},
    )


def card_data(version: str, country: str) -> dict:
    """Every answer a card needs, by the name dashboard.awareness.build reads it under."""
    return {
        "articles": articles(version, country),
        "changes": legal_changes(version, country),
        "courts": courts(version, country),
        "channels": channels(version, country),
        "figures": official_figures(version, country),
        "warnings": warnings(version, country),
        "reported": reported(version, country),
    }
