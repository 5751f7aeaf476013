"""The explorer's facets: the columns of explore_records it counts records by, and their SQL.

The table itself is one SELECT, etl/sql/explore_records.sql, with its contract beside it;
the stored counts explore_facets (etl/sql/explore_facets.toml) are generated here from the
facet declaration (etl/facets.py), and dashboard/queries/explore.py counts a filtered view with the same SQL.
"""

from __future__ import annotations

# The sentence bands stored per case (etl/macros.py); the explorer's codes (etl/facets.py).
from etl.facets import COUNTED_COLUMNS, TAG_COLUMNS
from etl.macros import BANDS

__all__ = ["BANDS", "FACET_COLUMNS", "facet_counts_sql", "facets_select"]

# Columns the explorer counts records by: its counted facets, declared in etl/facets.py; a
# list column (`articles`) is counted per element.
FACET_COLUMNS = COUNTED_COLUMNS


def facet_counts_sql(columns: tuple[str, ...], clause: str = "TRUE") -> str:
    """SQL: facet (a column name), value, n: records per value of each column, among the
    records matching `clause` (empty values left out).

    The plain columns are counted in one scan, a grouping set each; each list column
    (`articles`) is unnested in a scan of its own. Column names come from FACET_COLUMNS and
    the clause from fixed fragments (dashboard/queries/explore.py where()), never from values.
    """
    plain = [c for c in columns if c not in TAG_COLUMNS]
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
    for tags in (c for c in columns if c in TAG_COLUMNS):
        branches.append(
            f"SELECT '{tags}' AS facet, value, count(*) AS n FROM "
            f"(SELECT unnest({tags}) AS value FROM explore_records WHERE {clause}) "
            "WHERE value IS NOT NULL GROUP BY ALL"
        )
    return " UNION ALL ".join(branches)


def facets_select() -> str:
    """The SELECT of the stored table explore_facets: every facet, over every record."""
    return facet_counts_sql(FACET_COLUMNS)
