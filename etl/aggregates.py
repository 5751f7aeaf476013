"""Stage 4b - summary tables: the overview's answers, computed once per refresh in the new file.

At a million cases each GROUP BY the overview asks takes 30-80 ms, and a first visit asks
seven of them; stored beside the records, each answer is a read of a few hundred rows.
The explorer's one relation of every record (etl/explore_records.py) is stored the same way.
One SELECT per table, over the tables just written (publish.build calls build() before
the file is checked and swapped in). Grain and columns are in data/README.md.
"""

from __future__ import annotations

import duckdb

from etl import explore_records


def sentence_boxes_sql(where: str = "TRUE") -> str:
    """Box-plot statistics of known sentence lengths per country and sentence type, over the
    cases matching `where` (a fixed SQL fragment; values are bound as parameters by the caller).

    The whiskers end at the furthest sentence within 1.5 interquartile ranges, as plotly
    draws them. Stored as summary_sentences for the overview; the trends page and the country
    brief ask it with their filters (dashboard/queries/trends.py).
    """
    return f"""
        WITH known AS (
            SELECT country_iso3, sentence_type, sentence_months FROM cases
            WHERE sentence_months IS NOT NULL AND ({where})
        ),
        quartiles AS (
            SELECT country_iso3, sentence_type, count(*) AS n,
                   quantile_cont(sentence_months, 0.25) AS q1,
                   quantile_cont(sentence_months, 0.5) AS median,
                   quantile_cont(sentence_months, 0.75) AS q3,
                   avg(sentence_months) AS mean
            FROM known GROUP BY ALL
        )
        SELECT q.country_iso3, q.sentence_type, q.n, q.q1, q.median, q.q3, q.mean,
               min(k.sentence_months) FILTER (WHERE k.sentence_months >= q.q1 - 1.5 * (q.q3 - q.q1))
                 AS lower_whisker,
               max(k.sentence_months) FILTER (WHERE k.sentence_months <= q.q3 + 1.5 * (q.q3 - q.q1))
                 AS upper_whisker
        FROM quartiles q JOIN known k USING (country_iso3, sentence_type)
        GROUP BY ALL
    """


SUMMARIES = {
    # Cases per country, sentence type, year and quarter (of the timeline date; NULL = undated).
    "summary_cases": """
        SELECT country_iso3, sentence_type,
               date_trunc('year', timeline_date) AS year_start,
               date_trunc('quarter', timeline_date) AS quarter_start,
               count(*) AS cases,
               sum(coalesce(defendant_count, 1)) AS defendants
        FROM cases GROUP BY ALL
    """,
    # Box-plot statistics of known sentence lengths per country and sentence type.
    "summary_sentences": sentence_boxes_sql(),
    # Incidents per country ('several' when none is named) and type.
    "summary_incidents": """
        SELECT coalesce(country_iso3, 'several') AS country_iso3, incident_type,
               count(*) AS incidents
        FROM incidents GROUP BY ALL
    """,
    # One row per case, incident and claim, with what the explorer filters, sorts and shows.
    "explore_records": explore_records.SELECT,
    # Records per value of each explorer facet, over every record (read from the table above,
    # so it must come after it): what the explorer offers before anything is filtered.
    "explore_facets": explore_records.facet_counts_sql(explore_records.FACET_COLUMNS),
}


def build(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create every summary table; return their row counts."""
    counts = {}
    for name, select in SUMMARIES.items():
        # Names come from the fixed dict above; no value is ever put into this SQL.
        con.execute(f'CREATE TABLE "{name}" AS {select}')
        counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
    return counts
