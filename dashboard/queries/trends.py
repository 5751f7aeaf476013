"""Trends questions: counts over time, sentence lengths, channels and groups, incidents, claims.

Every function filters by a tuple of countries and an inclusive range of years, bound as
parameters. Records without any date appear in no timeline (etl/transform.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL

RECORDS = ("cases", "incidents")
PERIODS = ("year", "quarter")
COMPOSITIONS = ("recruitment_channel", "armed_group")
# Claim metrics that a count of our own records can stand next to, and how we count them.
COMPARABLE = {
    "criminal_cases": "SELECT country_iso3, count(*) AS records FROM cases GROUP BY ALL",
    "convicted": "SELECT country_iso3, sum(coalesce(defendant_count, 1)) AS records FROM cases "
    "WHERE stage <> 'charged' AND sentence_type NOT IN ('pending', 'acquitted') GROUP BY ALL",
    "killed": "SELECT country_iso3, count(*) AS records FROM incidents "
    "WHERE incident_type = 'death_reported' AND country_iso3 IS NOT NULL GROUP BY ALL",
    "captured": "SELECT country_iso3, count(*) AS records FROM incidents "
    "WHERE incident_type = 'captured_pow' AND country_iso3 IS NOT NULL GROUP BY ALL",
}


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def year_range(version: str) -> tuple[int, int]:
    """First and last year any dated case or incident falls in."""
    row = db.query(
        """
        SELECT min(year(timeline_date)) AS first, max(year(timeline_date)) AS last
        FROM (SELECT timeline_date FROM cases UNION ALL SELECT timeline_date FROM incidents)
        """
    ).iloc[0]
    if pd.isna(row["first"]):
        return (2022, 2022)
    return int(row["first"]), int(row["last"])


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def counts_over_time(
    version: str, record: str, period: str, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """Records per period and country, by their timeline date."""
    _check(record, RECORDS, "record")
    _check(period, PERIODS, "period")
    return db.query(
        f"""
        SELECT date_trunc($period, timeline_date) AS period_start, country_iso3, count(*) AS {record}
        FROM {record}
        WHERE timeline_date IS NOT NULL AND list_contains($countries, country_iso3)
          AND year(timeline_date) BETWEEN $first AND $last
        GROUP BY ALL ORDER BY period_start, country_iso3
        """,
        {"period": period, "countries": list(countries), "first": years[0], "last": years[1]},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def undated(version: str, record: str, countries: tuple[str, ...]) -> int:
    """How many records of the selected countries have no date and so appear in no timeline."""
    _check(record, RECORDS, "record")
    frame = db.query(
        f"SELECT count(*) AS n FROM {record} "
        "WHERE timeline_date IS NULL AND list_contains($countries, country_iso3)",
        {"countries": list(countries)},
    )
    return int(frame["n"].iloc[0])


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentences(version: str, countries: tuple[str, ...], years: tuple[int, int]) -> pd.DataFrame:
    """One row per case with a reported sentence length (undated cases included)."""
    return db.query(
        """
        SELECT case_id, country_iso3, sentence_type, sentence_months, timeline_date
        FROM cases
        WHERE sentence_months IS NOT NULL AND list_contains($countries, country_iso3)
          AND (timeline_date IS NULL OR year(timeline_date) BETWEEN $first AND $last)
        ORDER BY country_iso3, sentence_type, sentence_months
        """,
        {"countries": list(countries), "first": years[0], "last": years[1]},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def sentence_stats(
    version: str, countries: tuple[str, ...], years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Box statistics of known sentence lengths per country and sentence type, in scope
    (undated cases included; years=None: every year). `n` sums to the cases `sentences` lists."""
    first, last = years or (None, None)
    # sentence_boxes is a macro stored in the database (etl/macros.py): the overview's
    # summary_sentences is the same statistics over every case.
    return db.query(
        "SELECT * FROM sentence_boxes($countries, $first, $last) "
        "ORDER BY country_iso3, sentence_type",
        {"countries": list(countries), "first": first, "last": last},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def incident_counts(
    version: str, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """Dated incidents per month, country ('several' when none is named) and type, in scope:
    incident_timeline for when there are too many incidents to draw a dot each."""
    return db.query(
        """
        SELECT date_trunc('month', timeline_date) AS month,
               coalesce(country_iso3, 'several') AS country_iso3, incident_type,
               count(*) AS incidents
        FROM incidents
        WHERE timeline_date IS NOT NULL
          AND (country_iso3 IS NULL OR list_contains($countries, country_iso3))
          AND year(timeline_date) BETWEEN $first AND $last
        GROUP BY ALL ORDER BY month, country_iso3, incident_type
        """,
        {"countries": list(countries), "first": years[0], "last": years[1]},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def composition(
    version: str, record: str, column: str, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """Records by country and recruitment channel or armed group (undated records included)."""
    _check(record, RECORDS, "record")
    _check(column, COMPOSITIONS, "column")
    return db.query(
        f"""
        SELECT country_iso3, coalesce({column}, 'unknown') AS {column}, count(*) AS {record}
        FROM {record}
        WHERE list_contains($countries, country_iso3)
          AND (timeline_date IS NULL OR year(timeline_date) BETWEEN $first AND $last)
        GROUP BY ALL ORDER BY country_iso3, {column}
        """,
        {"countries": list(countries), "first": years[0], "last": years[1]},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def incident_timeline(
    version: str, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """One row per dated incident; incidents concerning several countries are always shown."""
    return db.query(
        """
        SELECT incident_id, coalesce(country_iso3, 'several') AS country_iso3, incident_type,
               timeline_date, date_precision, people_count
        FROM incidents
        WHERE timeline_date IS NOT NULL
          AND (country_iso3 IS NULL OR list_contains($countries, country_iso3))
          AND year(timeline_date) BETWEEN $first AND $last
        ORDER BY timeline_date, incident_id
        """,
        {"countries": list(countries), "first": years[0], "last": years[1]},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def claim_metrics(version: str) -> list[str]:
    """Metrics that at least one claim states, most claimed first."""
    frame = db.query(
        "SELECT metric, count(*) AS n FROM claims GROUP BY ALL ORDER BY n DESC, metric"
    )
    return frame["metric"].tolist()


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def claims(version: str, metric: str, countries: tuple[str, ...]) -> pd.DataFrame:
    """Every claim of one metric about the selected countries (or several countries)."""
    return db.query(
        """
        SELECT claim_id, coalesce(country_iso3, 'several') AS country_iso3, claimant,
               claimant_type, value, value_qualifier, as_of_date,
               coalesce(as_of_date, report_date) AS dated
        FROM claims
        WHERE metric = $metric AND (country_iso3 IS NULL OR list_contains($countries, country_iso3))
        ORDER BY country_iso3, dated NULLS FIRST, claim_id
        """,
        {"metric": metric, "countries": list(countries)},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def records_for_metric(version: str, metric: str, countries: tuple[str, ...]) -> pd.DataFrame:
    """Our own count that a claim metric can stand next to; empty when none is comparable."""
    if metric not in COMPARABLE:
        return pd.DataFrame({"country_iso3": pd.Series(dtype="string"), "records": []})
    return db.query(
        f"""
        WITH counted AS ({COMPARABLE[metric]})
        SELECT country_iso3, records FROM counted
        WHERE list_contains($countries, country_iso3) ORDER BY country_iso3
        """,
        {"countries": list(countries)},
    )
