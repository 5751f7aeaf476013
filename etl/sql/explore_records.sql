-- One row per case, incident and claim, with what the explorer filters, sorts and shows
-- (dashboard/queries/explore.py). Stored once per refresh: at a million cases the string_agg
-- of the sources, the article regexes and the accent-stripped search key took minutes when
-- every explorer query recomputed them (issue #7).
WITH links AS (
  SELECT 'cases' AS record_type, case_id AS record_id, source_id, source_rank FROM case_sources
  UNION ALL SELECT 'incidents', incident_id, source_id, source_rank FROM incident_sources
  UNION ALL SELECT 'claims', claim_id, source_id, source_rank FROM claim_sources
),
ranked AS (
  -- Strongest first: by the outlet's kind (macro source_strength), then as the record lists them.
  SELECT l.*, s.url, s.publisher, coalesce(o.name, s.publisher) AS outlet, s.outlet_id, o.kind,
         source_strength(o.kind) * 100000 + l.source_rank AS strength
  FROM links l JOIN sources s USING (source_id) LEFT JOIN outlets o USING (outlet_id)
),
cited AS (
  SELECT record_type, record_id, count(*) AS source_count,
         string_agg(publisher, '; ' ORDER BY strength) AS publishers,
         string_agg(DISTINCT outlet, '; ') AS outlet_names,
         string_agg(url, ' ' ORDER BY strength) AS source_urls,
         -- Only http(s) addresses are ever offered as links.
         arg_min(url, strength) FILTER (regexp_matches(url, '^https?://')) AS first_source_url,
         list_sort(list_distinct(list(kind) FILTER (kind IS NOT NULL))) AS outlet_kinds,
         arg_min(kind, strength) AS best_source_kind
  FROM ranked
  GROUP BY ALL
),
-- Each outlet once, in the order of its strongest source.
outlets_cited AS (
  SELECT record_type, record_id, list(outlet_id ORDER BY strength, outlet_id) AS outlets
  FROM (SELECT record_type, record_id, outlet_id, min(strength) AS strength
        FROM ranked GROUP BY ALL)
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
       date_text(b.record_date, b.record_date_precision) AS date_text,
       CASE WHEN b.record_type = 'cases' THEN sentence_band(b.sentence_months) END AS sentence_band,
       CASE WHEN b.record_type <> 'cases' THEN NULL
            WHEN b.charge_article IS NULL THEN ['none']
            -- 'UZB CC 154(1); UZB CC 223' -> [UZB CC 154, UZB CC 223]: articles without parts
            ELSE list_sort(list_distinct(regexp_split_to_array(
                   trim(regexp_replace(b.charge_article, '\s*\(\d+\)', '', 'g')), '\s*;\s*')))
       END AS articles,
       coalesce(c.source_count, 0) AS source_count, c.publishers, c.outlet_names, c.source_urls,
       c.first_source_url, oc.outlets, c.outlet_kinds, c.best_source_kind,
       -- Free-text search is a substring match on this key, case- and accent-insensitive.
       strip_accents(lower(concat_ws(' ', b.record_id, b.summary, b.extra, s.stage_text,
                                     c.publishers, c.outlet_names))) AS search_key
FROM base b
LEFT JOIN cited c USING (record_type, record_id)
LEFT JOIN outlets_cited oc USING (record_type, record_id)
LEFT JOIN stages s ON b.record_type = 'cases' AND s.record_id = b.record_id
-- Stored in the explorer's default order (newest first): the first page of a view then
-- comes from the first few row groups, which DuckDB's top-N skips to by their min/max
-- (2.35M records: ~45 ms against ~200 ms unordered). Also fixes the row order of a refresh.
ORDER BY b.record_date DESC NULLS LAST, b.record_id
