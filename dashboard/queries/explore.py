"""Explorer questions: which records match a view, how many per facet value, one record in full.

Cases, incidents and claims are read through one `records` relation (RECORDS below) with
the columns they share. Filters become a WHERE clause built from the fixed fragments in
`where()`; every value is bound as a parameter. Free-text search is a case- and
accent-insensitive substring match over a search key (summary, court, place, articles,
publishers, ...): DuckDB's full-text extension cannot be loaded on the dashboard's locked-down
connection (extension loading and file access are off, see dashboard/db.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.permalink import BANDS, Filters, search_terms
from dashboard.queries.common import CACHE_TTL
from etl import release

# Record type -> (table, key, link table); the only tables a record query names.
TABLES = {
    "cases": ("cases", "case_id", "case_sources"),
    "incidents": ("incidents", "incident_id", "incident_sources"),
    "claims": ("claims", "claim_id", "claim_sources"),
}
TYPE_BY_PREFIX = {"C": "cases", "I": "incidents", "F": "claims"}


def _band_sql() -> str:
    arms = []
    for code, (low, high) in BANDS.items():
        if low is None:
            continue
        cond = f"sentence_months >= {int(low)}"
        if high is not None:
            cond += f" AND sentence_months < {int(high)}"
        arms.append(f"WHEN {cond} THEN '{code}'")
    return (
        "CASE WHEN record_type <> 'cases' THEN NULL WHEN sentence_months IS NULL THEN 'none' "
        + " ".join(arms)
        + " END"
    )


def _date_text(date: str, precision: str) -> str:
    """A date shown as precisely as it is known: 2024-05-17, 2024-05 or 2024."""
    return (
        f"CASE {precision} WHEN 'day' THEN strftime({date}, '%Y-%m-%d') "
        f"WHEN 'month' THEN strftime({date}, '%Y-%m') WHEN 'year' THEN strftime({date}, '%Y') END"
    )


RECORDS = f"""
WITH links AS (
  SELECT 'cases' AS record_type, case_id AS record_id, source_id, source_rank FROM case_sources
  UNION ALL SELECT 'incidents', incident_id, source_id, source_rank FROM incident_sources
  UNION ALL SELECT 'claims', claim_id, source_id, source_rank FROM claim_sources
),
cited AS (
  SELECT l.record_type, l.record_id, count(*) AS source_count,
         string_agg(s.publisher, '; ' ORDER BY l.source_rank) AS publishers,
         string_agg(s.url, ' ' ORDER BY l.source_rank) AS source_urls,
         -- Only http(s) addresses are ever offered as links.
         arg_min(s.url, l.source_rank) FILTER (regexp_matches(s.url, '^https?://'))
           AS first_source_url
  FROM links l JOIN sources s USING (source_id)
  GROUP BY ALL
),
stages AS (
  SELECT case_id AS record_id, string_agg(concat_ws(' ', court, summary), ' ') AS stage_text
  FROM case_stages GROUP BY ALL
),
base AS (
  SELECT 'cases' AS record_type, case_id AS record_id, country_iso3, timeline_date AS record_date,
         CASE date_precision WHEN 'report_date' THEN report_date_precision
              WHEN 'unknown' THEN NULL ELSE date_precision END AS record_date_precision,
         CASE date_precision WHEN 'report_date' THEN 'report' WHEN 'unknown' THEN NULL
              ELSE 'verdict' END AS date_basis,
         side, armed_group, recruitment_channel, sentence_type, sentence_months, charge_article,
         verification, role, stage, court, region AS place, defendant_count AS people, summary,
         concat_ws(' ', defendant_initials, court, region, charge_article, contradictions) AS extra
  FROM cases
  UNION ALL BY NAME
  SELECT 'incidents' AS record_type, incident_id AS record_id, country_iso3,
         timeline_date AS record_date,
         CASE date_precision WHEN 'report_date' THEN report_date_precision
              WHEN 'unknown' THEN NULL ELSE date_precision END AS record_date_precision,
         CASE date_precision WHEN 'report_date' THEN 'report' WHEN 'unknown' THEN NULL
              ELSE 'event' END AS date_basis,
         side, armed_group, recruitment_channel, incident_type, verification, location AS place,
         location_iso3, people_count AS people, summary, location AS extra
  FROM incidents
  UNION ALL BY NAME
  SELECT 'claims' AS record_type, claim_id AS record_id, country_iso3,
         coalesce(as_of_date, report_date) AS record_date,
         CASE WHEN as_of_date IS NOT NULL THEN as_of_date_precision
              ELSE report_date_precision END AS record_date_precision,
         CASE WHEN as_of_date IS NOT NULL THEN 'as_of' WHEN report_date IS NOT NULL
              THEN 'report' END AS date_basis,
         claimant, claimant_type, metric, value, value_qualifier, summary, claimant AS extra
  FROM claims
),
records AS (
  SELECT b.*,
         coalesce(b.country_iso3, 'several') AS country,
         {_date_text("b.record_date", "b.record_date_precision")} AS date_text,
         {_band_sql()} AS sentence_band,
         CASE WHEN b.record_type <> 'cases' THEN NULL
              WHEN b.charge_article IS NULL THEN ['none']
              -- 'UZB CC 154(1); UZB CC 223' -> [UZB CC 154, UZB CC 223]: articles without parts
              ELSE list_sort(list_distinct(regexp_split_to_array(
                     trim(regexp_replace(b.charge_article, '\\s*\\(\\d+\\)', '', 'g')), '\\s*;\\s*')))
         END AS articles,
         coalesce(c.source_count, 0) AS source_count, c.publishers, c.source_urls,
         c.first_source_url,
         strip_accents(lower(concat_ws(' ', b.record_id, b.summary, b.extra, s.stage_text,
                                       c.publishers))) AS search_key
  FROM base b
  LEFT JOIN cited c USING (record_type, record_id)
  LEFT JOIN stages s ON b.record_type = 'cases' AND s.record_id = b.record_id
)
"""

# Filters field -> column of `records` it tests (list membership); fixed names only.
LIST_FILTERS = {
    "types": "record_type",
    "countries": "country",
    "sides": "side",
    "groups": "armed_group",
    "channels": "recruitment_channel",
    "sentences": "sentence_type",
    "bands": "sentence_band",
    "verifications": "verification",
    "kinds": "incident_type",
}
FACETS = (*LIST_FILTERS, "articles")
ORDER_BY = {
    "date_desc": "record_date DESC NULLS LAST, record_id",
    "date_asc": "record_date ASC NULLS LAST, record_id",
    "country": "country, record_date DESC NULLS LAST, record_id",
    "sources_desc": "source_count DESC, record_date DESC NULLS LAST, record_id",
    "id": "record_id",
}
# What a journalist downloads: codes, not translated labels, in this order.
EXPORT_COLUMNS = [
    "record_type",
    "record_id",
    "date_text",
    "date_basis",
    "country",
    "country_iso3",
    "side",
    "armed_group",
    "recruitment_channel",
    "incident_type",
    "role",
    "stage",
    "sentence_type",
    "sentence_months",
    "sentence_band",
    "charge_article",
    "verification",
    "court",
    "place",
    "location_iso3",
    "people",
    "claimant",
    "claimant_type",
    "metric",
    "value",
    "value_qualifier",
    "summary",
    "source_count",
    "publishers",
    "source_urls",
]
RESULT_COLUMNS = [*EXPORT_COLUMNS, "record_date", "first_source_url"]


def where(filters: Filters, exclude: str | None = None) -> tuple[str, dict]:
    """The WHERE clause of a view, from fixed fragments; `exclude` leaves one facet out.

    Facet counts leave their own facet out (as faceted search does), so that ticking a
    second country shows how many records it would add.
    """
    parts: list[str] = ["TRUE"]
    params: dict[str, object] = {}
    for attr, column in LIST_FILTERS.items():
        values = getattr(filters, attr)
        if values and attr != exclude:
            parts.append(f"list_contains(${attr}, {column})")
            params[attr] = list(values)
    if filters.articles and exclude != "articles":
        parts.append("list_has_any(articles, $articles)")
        params["articles"] = list(filters.articles)
    # A month- or year-precise date counts from the first day of its period, as on the charts.
    if filters.date_from:
        parts.append("record_date >= $date_from")
        params["date_from"] = filters.date_from
    if filters.date_to:
        parts.append("record_date <= $date_to")
        params["date_to"] = filters.date_to
    for i, term in enumerate(search_terms(filters.q)):
        parts.append(f"strpos(search_key, strip_accents(lower($q{i}))) > 0")
        params[f"q{i}"] = term
    if filters.ids:
        parts.append("list_contains($ids, record_id)")
        params["ids"] = list(filters.ids)
    return " AND ".join(parts), params


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def records(version: str, filters: Filters) -> pd.DataFrame:
    """Every record matching the view, in the view's order, with its sources summarised."""
    clause, params = where(filters)
    order = ORDER_BY.get(filters.sort, ORDER_BY["date_desc"])
    columns = ", ".join(RESULT_COLUMNS)
    return db.query(
        f"{RECORDS} SELECT {columns} FROM records WHERE {clause} ORDER BY {order}", params
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def facet_counts(version: str, filters: Filters) -> pd.DataFrame:
    """facet, value, n: records per value of each facet, under the view's other filters."""
    branches: list[str] = []
    params: dict[str, object] = {}
    for facet in FACETS:
        clause, p = where(filters, exclude=facet)
        params |= p
        value = "unnest(articles)" if facet == "articles" else LIST_FILTERS[facet]
        branches.append(
            f"SELECT '{facet}' AS facet, value, count(*) AS n FROM "
            f"(SELECT {value} AS value FROM records WHERE {clause}) "
            "WHERE value IS NOT NULL GROUP BY ALL"
        )
    sql = f"{RECORDS} SELECT * FROM ({' UNION ALL '.join(branches)}) ORDER BY facet, n DESC, value"
    return db.query(sql, params)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def record(version: str, record_id: str) -> pd.DataFrame:
    """The record's own row, every published column (empty frame when there is no such id)."""
    kind = record_type(record_id)
    if kind is None:
        return pd.DataFrame()
    table, key, _ = TABLES[kind]
    return db.query(f'SELECT * FROM "{table}" WHERE "{key}" = $id', {"id": record_id})


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def record_sources(version: str, record_id: str) -> pd.DataFrame:
    """Every source of a record, strongest first: publisher, date and its precision, language, link."""
    kind = record_type(record_id)
    if kind is None:
        return pd.DataFrame()
    _, key, link = TABLES[kind]
    return db.query(
        f"""
        SELECT l.source_rank, s.source_id, s.publisher,
               {_date_text("s.published_date", "s.published_date_precision")} AS published,
               s.language, s.domain,
               CASE WHEN regexp_matches(s.url, '^https?://') THEN s.url END AS url, s.note
        FROM "{link}" l JOIN sources s USING (source_id)
        WHERE l."{key}" = $id ORDER BY l.source_rank
        """,
        {"id": record_id},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def case_stages(version: str, case_id: str) -> pd.DataFrame:
    """The reported stages of one case, oldest first (undated stages last)."""
    return db.query(
        f"""
        SELECT stage, {_date_text("stage_date", "stage_date_precision")} AS stage_date,
               court, sentence_type, sentence_months, summary, source_ids
        FROM case_stages WHERE case_id = $id
        ORDER BY case_stages.stage_date NULLS LAST, stage
        """,
        {"id": case_id},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def linked_records(version: str, record_id: str) -> pd.DataFrame:
    """Other cases, incidents and claims that cite at least one of this record's sources."""
    return db.query(
        f"""
        {RECORDS},
        mine AS (SELECT source_id FROM links WHERE record_id = $id)
        SELECT r.record_type, r.record_id, r.date_text, r.country, r.summary,
               string_agg(DISTINCT l.source_id, ';' ORDER BY l.source_id) AS shared_sources
        FROM links l JOIN mine USING (source_id)
        JOIN records r ON r.record_type = l.record_type AND r.record_id = l.record_id
        WHERE l.record_id <> $id
        GROUP BY ALL ORDER BY r.record_type, r.record_id
        """,
        {"id": record_id},
    )


def record_type(record_id: str) -> str | None:
    return TYPE_BY_PREFIX.get(record_id[:1]) if record_id else None


def release_file() -> tuple[str, str | None] | None:
    """(path, data version) of the downloadable release beside the database, if one was built."""
    path = release.path_for(db.path())
    if not path.exists():
        return None
    return str(path), release.version_of(path)


def matching_ids(version: str, views: tuple[Filters, ...]) -> tuple[str, ...]:
    """Ids of the records matching any of several views (a multi-point chart selection)."""
    ids: set[str] = set()
    for view in views:
        ids |= set(records(version, view)["record_id"])
    return tuple(sorted(ids))
