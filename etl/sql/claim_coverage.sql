-- How much of a stated figure this dataset documents: for each claim about one country whose
-- metric our records can count, the records of that country dated within the claim's period
-- (period_start to the end of as_of_date, else of report_date; open where the claim gives no
-- bound). Undated records fall in no period and are not counted.
WITH comparable AS (
  SELECT claim_id, country_iso3, metric,
         period_start AS window_from,
         CASE coalesce(as_of_date_precision, report_date_precision)
           WHEN 'year' THEN coalesce(as_of_date, report_date) + INTERVAL 1 YEAR - INTERVAL 1 DAY
           WHEN 'month' THEN coalesce(as_of_date, report_date) + INTERVAL 1 MONTH - INTERVAL 1 DAY
           ELSE coalesce(as_of_date, report_date)
         END::DATE AS window_to
  FROM claims
  WHERE country_iso3 IS NOT NULL
    AND (metric IN ('killed', 'captured')
         -- Cases and convictions are the country's own prosecutions: another state's cases
         -- against its citizens (Ukraine's, Russia's) are not what our court cases count.
         OR (metric IN ('criminal_cases', 'convicted')
             AND claimant_type NOT IN ('foreign_government', 'russian_official')))
),
records AS (
  SELECT 'cases' AS record_type, 'criminal_cases' AS metric, country_iso3, timeline_date,
         1 AS counted
  FROM cases
  UNION ALL
  -- People convicted: defendants of cases that reached a verdict with a penalty.
  SELECT 'cases', 'convicted', country_iso3, timeline_date, coalesce(defendant_count, 1)
  FROM cases
  WHERE stage <> 'charged' AND sentence_type NOT IN ('pending', 'acquitted')
  UNION ALL
  SELECT 'incidents', 'killed', country_iso3, timeline_date, 1
  FROM incidents WHERE incident_type = 'death_reported'
  UNION ALL
  SELECT 'incidents', 'captured', country_iso3, timeline_date, 1
  FROM incidents WHERE incident_type = 'captured_pow'
)
SELECT c.claim_id, c.metric,
       CASE WHEN c.metric IN ('killed', 'captured') THEN 'incidents' ELSE 'cases' END
         AS record_type,
       CASE c.metric WHEN 'killed' THEN 'death_reported' WHEN 'captured' THEN 'captured_pow' END
         AS incident_type,
       c.window_from, c.window_to,
       coalesce(sum(r.counted), 0)::BIGINT AS documented
FROM comparable c
LEFT JOIN records r
  ON r.metric = c.metric AND r.country_iso3 = c.country_iso3
 AND r.timeline_date IS NOT NULL
 AND (c.window_from IS NULL OR r.timeline_date >= c.window_from)
 AND (c.window_to IS NULL OR r.timeline_date <= c.window_to)
GROUP BY ALL
ORDER BY c.claim_id
