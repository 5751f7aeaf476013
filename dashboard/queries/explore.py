"""Explorer questions: how many records match a view, one page of them, how many per facet value,
one record in full.

Cases, incidents and claims are read from one table, `explore_records`, that the refresh
stores with the columns they share (etl/explore_records.py). Filters become a WHERE clause
built from the fixed fragments in `where()`; every value is bound as a parameter. Free-text
search is a case- and accent-insensitive substring match over the stored search key (summary,
court, place, articles, publishers, ...): DuckDB's full-text extension cannot be loaded on the
dashboard's locked-down connection (extension loading and file access are off, see
dashboard/db.py).

A page run never fetches every matching row (issue #7: a million of them took minutes to
reach pandas): it asks for the facet counts (which also give the count per type) and one
page. Every row is fetched only for a download, when the reader asks for it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.explore.permalink import Filters, search_terms
from dashboard.queries.common import CACHE_TTL
from etl import facets, release
from etl.explore_records import facet_counts_sql

# Record type -> (table, key, link table); the only tables a record query names.
TABLES = {r.name: (r.table, r.key, r.links) for r in facets.RECORD_TYPES}
TYPE_BY_PREFIX = {r.prefix: r.name for r in facets.RECORD_TYPES}
# Every record -> source link, whatever the record's type (names from the declaration).
LINKS = " UNION ALL ".join(
    f"SELECT '{r.name}' AS record_type, {r.key} AS record_id, source_id FROM {r.links}"
    for r in facets.RECORD_TYPES
)
# The facets whose values are counted (Filters fields), and the column each counts.
FACETS = tuple(f.field for f in facets.COUNTED)
FACET_COLUMNS = {f.field: f.column for f in facets.COUNTED}
ORDER_BY = {
    "date_desc": "record_date DESC NULLS LAST, record_id",
    "date_asc": "record_date ASC NULLS LAST, record_id",
    "country": "country, record_date DESC NULLS LAST, record_id",
    "sources_desc": "source_count DESC, record_date DESC NULLS LAST, record_id",
    "id": "record_id",
}
# What a journalist downloads: codes, not translated labels, in this order.
EXPORT_COLUMNS = [
    "record_type",
    "record_id",
    "date_text",
    "date_basis",
    "country",
    "country_iso3",
    "side",
    "armed_group",
    "recruitment_channel",
    "incident_type",
    "role",
    "stage",
    "sentence_type",
    "sentence_months",
    "sentence_band",
    "charge_article",
    "verification",
    "court",
    "place",
    "location_iso3",
    "people",
    "claimant",
    "claimant_type",
    "metric",
    "value",
    "value_qualifier",
    "summary",
    "source_count",
    "publishers",
    "source_urls",
]
RESULT_COLUMNS = [*EXPORT_COLUMNS, "record_date", "first_source_url"]
# Rows per page of results: the table shows one page, the downloads hold every row.
PAGE_SIZE = 200


def where(filters: Filters, exclude: str | None = None) -> tuple[str, dict]:
    """The WHERE clause of a view, from fixed fragments; `exclude` leaves one facet out.

    Facet counts leave their own facet out (as faceted search does), so that ticking a
    second country shows how many records it would add.
    """
    parts: list[str] = ["TRUE"]
    params: dict[str, object] = {}
    for facet in facets.FACETS:
        value = getattr(filters, facet.field)
        if value and facet.field != exclude:
            sql, bound = condition(facet, value)
            if sql:  # a search of only quotes has no term
                parts.append(sql)
                params |= bound
    return " AND ".join(parts), params


def condition(facet: facets.Facet, value) -> tuple[str, dict]:
    """One facet's fragment of the WHERE clause and its bound values (`value` is set).

    The column comes from the declaration (etl/facets.py), the parameter is named after the
    Filters field: no value ever enters the SQL text.
    """
    name, column = facet.field, facet.column
    match facet.kind:
        case "codes" | "ids":
            return f"list_contains(${name}, {column})", {name: list(value)}
        case "tags":
            return f"list_has_any({column}, ${name})", {name: list(value)}
        # A month- or year-precise date counts from the first day of its period, as on the charts.
        case "from":
            return f"{column} >= ${name}", {name: value}
        case "to":
            return f"{column} <= ${name}", {name: value}
        case "text":
            terms = search_terms(value)
            sql = [
                f"strpos({column}, strip_accents(lower(${name}{i}))) > 0" for i in range(len(terms))
            ]
            return " AND ".join(sql), {f"{name}{i}": t for i, t in enumerate(terms)}
    raise KeyError(facet.kind)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def page(version: str, filters: Filters, number: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Page `number` (from 1) of the records matching the view, `size` rows, in the view's order."""
    clause, params = where(filters)
    params |= {"limit": int(size), "offset": (max(int(number), 1) - 1) * int(size)}
    order = ORDER_BY.get(filters.sort, ORDER_BY["date_desc"])
    # The page's rows are picked on the narrow sort columns, then read in full by rowid: a
    # top-N over every column drags the wide texts of every matching row through the sort
    # (2.35M records, DuckDB 2.0: 110 ms against 45 ms in the default order, 770 against
    # 280 ms by id).
    chosen = (
        f"SELECT rowid FROM explore_records WHERE {clause} ORDER BY {order} "
        "LIMIT $limit OFFSET $offset"
    )
    return db.query(_select(f"rowid IN ({chosen})", filters.sort), params)


def records(version: str, filters: Filters) -> pd.DataFrame:
    """Every record matching the view, in the view's order: what a download holds.

    Not cached: it runs only when a reader downloads, and at a million records the cache
    would keep each downloaded view in memory.
    """
    clause, params = where(filters)
    return db.query(_select(clause, filters.sort), params)


def _select(clause: str, sort: str) -> str:
    order = ORDER_BY.get(sort, ORDER_BY["date_desc"])
    return (
        f"SELECT {', '.join(RESULT_COLUMNS)} FROM explore_records WHERE {clause} ORDER BY {order}"
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def facet_counts(version: str, filters: Filters) -> pd.DataFrame:
    """facet, value, n: records per value of each facet, under the view's other filters.

    Facets are grouped by the WHERE clause they are counted under: every facet whose own
    filter is not set shares the whole view's clause, so one scan counts them all; a facet
    that is the only filter set counts over every record, which the refresh stored
    (explore_facets). A country change thus costs one scan, not ten.
    """
    by_clause: dict[str, list[str]] = {}
    params: dict[str, object] = {}
    for facet in FACETS:
        clause, p = where(filters, exclude=facet)
        params |= p
        by_clause.setdefault(clause, []).append(FACET_COLUMNS[facet])
    branches = []
    for clause, columns in by_clause.items():
        if clause == "TRUE":
            names = ", ".join(f"'{c}'" for c in columns)
            branches.append(f"SELECT facet, value, n FROM explore_facets WHERE facet IN ({names})")
        else:
            branches.append(facet_counts_sql(tuple(columns), clause))
    named = " ".join(f"WHEN '{c}' THEN '{f}'" for f, c in FACET_COLUMNS.items())
    return db.query(
        f"SELECT CASE facet {named} END AS facet, value, n "
        f"FROM ({' UNION ALL '.join(branches)}) ORDER BY facet, n DESC, value",
        params,
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def record(version: str, record_id: str) -> pd.DataFrame:
    """The record's own row, every published column (empty frame when there is no such id)."""
    kind = record_type(record_id)
    if kind is None:
        return pd.DataFrame()
    table, key, _ = TABLES[kind]
    return db.query(f'SELECT * FROM "{table}" WHERE "{key}" = $id', {"id": record_id})


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def record_sources(version: str, record_id: str) -> pd.DataFrame:
    """Every source of a record, strongest first (by its outlet's kind, then as listed): outlet,
    its kind, date and its precision, language, link."""
    kind = record_type(record_id)
    if kind is None:
        return pd.DataFrame()
    _, key, link = TABLES[kind]
    return db.query(
        f"""
        SELECT l.source_rank, s.source_id, coalesce(o.name, s.publisher) AS outlet,
               o.kind AS outlet_kind, s.publisher,
               date_text(s.published_date, s.published_date_precision) AS published,
               s.language, s.domain,
               CASE WHEN regexp_matches(s.url, '^https?://') THEN s.url END AS url, s.note
        FROM "{link}" l JOIN sources s USING (source_id) LEFT JOIN outlets o USING (outlet_id)
        WHERE l."{key}" = $id ORDER BY source_strength(o.kind), l.source_rank
        """,
        {"id": record_id},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def case_stages(version: str, case_id: str) -> pd.DataFrame:
    """The reported stages of one case, oldest first (undated stages last)."""
    return db.query(
        """
        SELECT stage, date_text(stage_date, stage_date_precision) AS stage_date,
               court, sentence_type, sentence_months, summary, source_ids
        FROM case_stages WHERE case_id = $id
        ORDER BY case_stages.stage_date NULLS LAST, stage
        """,
        {"id": case_id},
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def linked_records(version: str, record_id: str) -> pd.DataFrame:
    """Other cases, incidents and claims that cite at least one of this record's sources."""
    # The link tables say who cites what; the explorer's table gives each record's date,
    # country and summary as the results show them.
    return db.query(
        f"""
        WITH links AS ({LINKS}),
        mine AS (SELECT source_id FROM links WHERE record_id = $id)
        SELECT r.record_type, r.record_id, r.date_text, r.country, r.summary,
               string_agg(DISTINCT l.source_id, ';' ORDER BY l.source_id) AS shared_sources
        FROM links l JOIN mine USING (source_id)
        JOIN explore_records r ON r.record_type = l.record_type AND r.record_id = l.record_id
        WHERE l.record_id <> $id
        GROUP BY ALL ORDER BY r.record_type, r.record_id
        """,
        {"id": record_id},
    )


def record_type(record_id: str) -> str | None:
    return TYPE_BY_PREFIX.get(record_id[:1]) if record_id else None


def release_file() -> tuple[str, str | None] | None:
    """(path, data version) of the downloadable release beside the database, if one was built."""
    path = release.path_for(db.path())
    if not path.exists():
        return None
    return str(path), release.version_of(path)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=100)
def matching_ids(version: str, views: tuple[Filters, ...]) -> tuple[str, ...]:
    """Ids of the records matching any of several views (a multi-point chart selection)."""
    ids: set[str] = set()
    for view in views:
        clause, params = where(view)
        found = db.query(f"SELECT record_id FROM explore_records WHERE {clause}", params)
        ids |= set(found["record_id"])
    return tuple(sorted(ids))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def matches(version: str, filters: Filters, record_id: str) -> bool:
    """Whether one record is among those the view matches (the detail says when it is not)."""
    clause, params = where(filters)
    found = db.query(
        f"SELECT count(*) AS n FROM explore_records WHERE {clause} AND record_id = $record_id",
        params | {"record_id": record_id},
    )
    return bool(found["n"].iloc[0])


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def outlet_names(version: str) -> dict[str, str]:
    """Outlet id -> its name in the registry, for the outlet filter's options."""
    frame = db.query("SELECT outlet_id, name FROM outlets ORDER BY outlet_id")
    return dict(zip(frame["outlet_id"], frame["name"], strict=True))
