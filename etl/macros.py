"""The SQL both the refresh and the dashboard run, as DuckDB macros stored in the published file.

A macro created without TEMP is part of the database file: the derived tables
(etl/sql/*.sql) call these by name while the refresh builds them, and the dashboard calls
the same definitions on its locked, read-only connection (checked on duckdb 2.0.1: a stored
macro runs with external access off and the configuration locked). One definition, used as
code by both sides, never copied as text (issue #13).

Every name, bound and code below is written in this file; no value from input reaches it.
"""

from __future__ import annotations

import duckdb

from etl.contract import OUTLET_KINDS

# Sentence length bands in months, [low, high): the label says "3 to under 5 years".
# The macro sentence_band() stores each case's band; the explorer's URL reads the codes back
# (dashboard/explore/permalink.py).
BANDS = {
    "lt1y": (0, 12),
    "1to3y": (12, 36),
    "3to5y": (36, 60),
    "5to10y": (60, 120),
    "10yplus": (120, None),
    "none": (None, None),  # a case whose sentence length is not reported
}


def _band_arms() -> str:
    arms = []
    for code, (low, high) in BANDS.items():
        if low is None:
            continue
        cond = f"months >= {int(low)}"
        if high is not None:
            cond += f" AND months < {int(high)}"
        arms.append(f"WHEN {cond} THEN '{code}'")
    return " ".join(arms)


def _strength_arms() -> str:
    return " ".join(f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(OUTLET_KINDS))


# name -> CREATE statement, in the order they are created (a macro may call an earlier one).
MACROS = {
    # A source's strength from its outlet's kind, 0 the strongest (official body), in the
    # order etl/contract.py lists OUTLET_KINDS; a record lists its strongest source first.
    "source_strength": f"""
        CREATE MACRO source_strength(kind) AS
        CASE kind {_strength_arms()} ELSE {len(OUTLET_KINDS)} END
    """,
    # A date shown as precisely as it is known: 2024-05-17, 2024-05 or 2024 (NULL if unknown).
    "date_text": """
        CREATE MACRO date_text(d, p) AS
        CASE p WHEN 'day' THEN strftime(d, '%Y-%m-%d')
             WHEN 'month' THEN strftime(d, '%Y-%m') WHEN 'year' THEN strftime(d, '%Y') END
    """,
    # The sentence band of a case's length in months ('none' when not reported).
    "sentence_band": f"""
        CREATE MACRO sentence_band(months) AS
        CASE WHEN months IS NULL THEN 'none' {_band_arms()} END
    """,
    # Box-plot statistics of known sentence lengths per country and sentence type, over the
    # cases of the given countries (NULL: all) whose timeline year is in [first_year,
    # last_year] or who are undated (first_year NULL: every year). The whiskers end at the
    # furthest sentence within 1.5 interquartile ranges, as plotly draws them. Stored for
    # every case as summary_sentences; the trends page and the country brief ask it with
    # their filters (dashboard/queries/trends.py).
    "sentence_boxes": """
        CREATE MACRO sentence_boxes(countries, first_year, last_year) AS TABLE
        WITH known AS (
            SELECT country_iso3, sentence_type, sentence_months FROM cases
            WHERE sentence_months IS NOT NULL
              AND (countries IS NULL OR list_contains(countries, country_iso3))
              AND (first_year IS NULL OR timeline_date IS NULL
                   OR year(timeline_date) BETWEEN first_year AND last_year)
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
    """,
}


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Store every macro in the database being built (before the derived tables use them)."""
    for statement in MACROS.values():
        con.execute(statement)
