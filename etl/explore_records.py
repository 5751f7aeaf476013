"""The explorer's facets: the columns of explore_records it counts records by, and their SQL.

The table itself is one SELECT, etl/sql/explore_records.sql, with its contract beside it;
the stored counts explore_facets (etl/sql/explore_facets.toml) are generated here from the
facet columns, and dashboard/queries/explore.py counts a filtered view with the same SQL.
"""

from __future__ import annotations

# The sentence bands stored per case; dashboard/explore/permalink.py reads them from here.
from etl.macros import BANDS

__all__ = ["BANDS", "FACET_COLUMNS", "facet_counts_sql", "facets_select"]

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


def facets_select() -> str:
    """The SELECT of the stored table explore_facets: every facet, over every record."""
    return facet_counts_sql(FACET_COLUMNS)
