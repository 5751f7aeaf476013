"""Stage 4b - the explorer's table: cases, incidents and claims as one relation, one row each.

The explorer (dashboard/queries/explore.py) filters, counts, sorts and pages this table. It
used to be a CTE every explorer query recomputed: at a million cases the string_agg of the
sources, the article regexes and the accent-stripped search key took minutes per page run
(issue #7). etl/aggregates.py stores it once per refresh, beside the summary tables; its
columns are listed in data/README.md.
"""

from __future__ import annotations

# Sentence length bands in months, [low, high): the label says "3 to under 5 years".
# Defined here because the table stores each case's band; the explorer's URL reads them back
# (dashboard/explore/permalink.py).
BANDS = {
    "lt1y": (0, 12),
    "1to3y": (12, 36),
    "3to5y": (36, 60),
    "5to10y": (60, 120),
    "10yplus": (120, None),
    "none": (None, None),  # a case whose sentence length is not reported
}


def date_text(date: str, precision: str) -> str:
    """SQL: a date shown as precisely as it is known: 2024-05-17, 2024-05 or 2024.

    `date` and `precision` are column names written in code, never values.
    """
    return (
        f"CASE {precision} WHEN 'day' THEN strftime({date}, '%Y-%m-%d') "
        f"WHEN 'month' THEN strftime({date}, '%Y-%m') WHEN 'year' THEN strftime({date}, '%Y') END"
    )


def band_sql() -> str:
    """SQL: the sentence band of a case ('none' when its length is not reported)."""
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


SELECT = f"""
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
)
-- `extra` only feeds the search key: not stored.
SELECT b.* EXCLUDE (extra),
       coalesce(b.country_iso3, 'several') AS country,
       {date_text("b.record_date", "b.record_date_precision")} AS date_text,
       {band_sql()} AS sentence_band,
       CASE WHEN b.record_type <> 'cases' THEN NULL
            WHEN b.charge_article IS NULL THEN ['none']
            -- 'UZB CC 154(1); UZB CC 223' -> [UZB CC 154, UZB CC 223]: articles without parts
            ELSE list_sort(list_distinct(regexp_split_to_array(
                   trim(regexp_replace(b.charge_article, '\\s*\\(\\d+\\)', '', 'g')), '\\s*;\\s*')))
       END AS articles,
       coalesce(c.source_count, 0) AS source_count, c.publishers, c.source_urls,
       c.first_source_url,
       -- Free-text search is a substring match on this key, case- and accent-insensitive.
       strip_accents(lower(concat_ws(' ', b.record_id, b.summary, b.extra, s.stage_text,
                                     c.publishers))) AS search_key
FROM base b
LEFT JOIN cited c USING (record_type, record_id)
LEFT JOIN stages s ON b.record_type = 'cases' AND s.record_id = b.record_id
-- Stored in the explorer's default order (newest first): the first page of a view then
-- comes from the first few row groups, which DuckDB's top-N skips to by their min/max
-- (2.35M records: ~45 ms against ~200 ms unordered). Also fixes the row order of a refresh.
ORDER BY b.record_date DESC NULLS LAST, b.record_id
"""

# Columns the explorer counts records by (its facets); `articles` is a list, counted per article.
FACET_COLUMNS = (
    "record_type",
    "country",
    "side",
    "armed_group",
    "recruitment_channel",
    "sentence_type",
    "sentence_band",
    "verification",
    "incident_type",
    "articles",
)


def facet_counts_sql(columns: tuple[str, ...], clause: str = "TRUE") -> str:
    """SQL: facet (a column name), value, n: records per value of each column, among the
    records matching `clause` (empty values left out).

    The plain columns are counted in one scan, a grouping set each; `articles` is unnested in
    a second. Column names come from FACET_COLUMNS and the clause from fixed fragments
    (dashboard/queries/explore.py where()), never from values.
    """
    plain = [c for c in columns if c != "articles"]
    branches = []
    if plain:
        # In each grouping set only its own column is grouped; the others read NULL.
        which = " ".join(f"WHEN grouping({c}) = 0 THEN '{c}'" for c in plain)
        sets = ", ".join(f"({c})" for c in plain)
        branches.append(
            f"SELECT facet, value, n FROM (SELECT CASE {which} END AS facet, "
            f"coalesce({', '.join(plain)}) AS value, count(*) AS n "
            f"FROM explore_records WHERE {clause} GROUP BY GROUPING SETS ({sets})) "
            "WHERE value IS NOT NULL"
        )
    if "articles" in columns:
        branches.append(
            "SELECT 'articles' AS facet, value, count(*) AS n FROM "
            f"(SELECT unnest(articles) AS value FROM explore_records WHERE {clause}) "
            "WHERE value IS NOT NULL GROUP BY ALL"
        )
    return " UNION ALL ".join(branches)
