-- Incidents per country ('several' when none is named) and type.
SELECT coalesce(country_iso3, 'several') AS country_iso3, incident_type,
       count(*) AS incidents
FROM incidents
GROUP BY ALL
