-- Cases per country, sentence type, year and quarter of the timeline date (NULL = undated).
SELECT country_iso3, sentence_type,
       date_trunc('year', timeline_date) AS year_start,
       date_trunc('quarter', timeline_date) AS quarter_start,
       count(*) AS cases,
       sum(coalesce(defendant_count, 1)) AS defendants
FROM cases
GROUP BY ALL
