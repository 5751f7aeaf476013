"""The explorer's stored table holds exactly the relation the explorer used to compute per query."""

from __future__ import annotations

import duckdb
import pytest

from etl.explore_records import FACET_COLUMNS
from etl.facets import TAG_COLUMNS

# The `records` relation as dashboard/queries/explore.py computed it in every explorer query
# before issue #7 (main at bac8e28), frozen here as the reference: the stored table must give
# the same rows, less the `extra` column that only fed the search key.
OLD_RECORDS = r"""
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
         CASE b.record_date_precision WHEN 'day' THEN strftime(b.record_date, '%Y-%m-%d')
              WHEN 'month' THEN strftime(b.record_date, '%Y-%m')
              WHEN 'year' THEN strftime(b.record_date, '%Y') END AS date_text,
         CASE WHEN record_type <> 'cases' THEN NULL WHEN sentence_months IS NULL THEN 'none'
              WHEN sentence_months >= 0 AND sentence_months < 12 THEN 'lt1y'
              WHEN sentence_months >= 12 AND sentence_months < 36 THEN '1to3y'
              WHEN sentence_months >= 36 AND sentence_months < 60 THEN '3to5y'
              WHEN sentence_months >= 60 AND sentence_months < 120 THEN '5to10y'
              WHEN sentence_months >= 120 THEN '10yplus' END AS sentence_band,
         CASE WHEN b.record_type <> 'cases' THEN NULL
              WHEN b.charge_article IS NULL THEN ['none']
              -- 'UZB CC 154(1); UZB CC 223' -> [UZB CC 154, UZB CC 223]: articles without parts
              ELSE list_sort(list_distinct(regexp_split_to_array(
                     trim(regexp_replace(b.charge_article, '\s*\(\d+\)', '', 'g')), '\s*;\s*')))
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


def rows(con, sql: str) -> tuple[list[str], list[tuple]]:
    result = con.execute(sql)
    return [d[0] for d in result.description], result.fetchall()


SOURCE_ORDER = "publishers, source_urls, first_source_url, search_key"
OUTLETS = "outlet_names, outlets, outlet_kinds, best_source_kind"


@pytest.mark.parametrize("name", ["scaled_db", "real_db", "explore_db"])
def test_the_stored_table_equals_the_old_relation(request, name):
    with duckdb.connect(str(request.getfixturevalue(name)), read_only=True) as con:
        # Issue #12 lists a record's sources strongest first (by outlet kind) and adds its
        # outlets: those columns are held to tests/etl/test_strongest_source.py instead.
        columns, stored = rows(
            con,
            f"SELECT * EXCLUDE ({SOURCE_ORDER}, {OUTLETS}) FROM explore_records ORDER BY record_id",
        )
        old_columns, old = rows(
            con,
            f"{OLD_RECORDS} SELECT * EXCLUDE (extra, {SOURCE_ORDER}) FROM records ORDER BY record_id",
        )
    assert columns == old_columns
    assert len(stored) > 0
    assert stored == old


def test_every_case_incident_and_claim_is_one_row(scaled_db):
    with duckdb.connect(str(scaled_db), read_only=True) as con:
        counts = dict(
            con.execute("SELECT record_type, count(*) FROM explore_records GROUP BY 1").fetchall()
        )
        tables = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
        (distinct,) = con.execute(
            "SELECT count(DISTINCT record_id) FROM explore_records"
        ).fetchone()
    assert counts == tables and counts["cases"] == 300
    assert distinct == sum(counts.values())


def test_the_stored_facet_counts_count_every_record_per_value(scaled_db):
    with duckdb.connect(str(scaled_db), read_only=True) as con:
        stored = con.execute("SELECT facet, value, n FROM explore_facets").fetchall()
        direct = []
        for column in FACET_COLUMNS:
            value = f"unnest({column})" if column in TAG_COLUMNS else column
            direct += [
                (column, v, n)
                for v, n in con.execute(
                    f"SELECT value, count(*) FROM (SELECT {value} AS value FROM explore_records) "
                    "WHERE value IS NOT NULL GROUP BY ALL"
                ).fetchall()
            ]
    assert sorted(stored) == sorted(direct)
    assert {f for f, _, _ in stored} == set(FACET_COLUMNS)
