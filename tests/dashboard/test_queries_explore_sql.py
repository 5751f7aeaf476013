"""The explorer's SQL builder, from URL rows to WHERE clauses, with no database (as Datasette
tests its filters: one parametrized row per case)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import pytest

from dashboard.explore.permalink import Filters, parse
from dashboard.queries import explore as queries
from etl import facets


def view(query: str) -> Filters:
    return parse(parse_qs(query, keep_blank_values=True)).filters


@pytest.mark.parametrize(
    ("query", "sql", "params"),
    [
        ("", "TRUE", {}),
        ("sort=id&id=C-0001", "TRUE", {}),
        ("type=cases", "TRUE AND list_contains($types, record_type)", {"types": ["cases"]}),
        (
            "country=kgz,UZB",
            "TRUE AND list_contains($countries, country)",
            {"countries": ["KGZ", "UZB"]},
        ),
        (
            "from=2023&to=2024-02",
            "TRUE AND record_date >= $date_from AND record_date <= $date_to",
            {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2024, 2, 29)},
        ),
        (
            'q=Wagner "tashkent city"',
            "TRUE AND strpos(search_key, strip_accents(lower($q0))) > 0"
            " AND strpos(search_key, strip_accents(lower($q1))) > 0",
            {"q0": "wagner", "q1": "tashkent city"},
        ),
        ('q=""', "TRUE", {}),
        (
            "article=UZB CC 154,none",
            "TRUE AND list_has_any(articles, $articles)",
            {"articles": ["UZB CC 154", "none"]},
        ),
        (
            "band=3to5y&sentence=prison",
            "TRUE AND list_contains($sentences, sentence_type)"
            " AND list_contains($bands, sentence_band)",
            {"sentences": ["prison"], "bands": ["3to5y"]},
        ),
        (
            "kind=migrant_raid&verification=single_source",
            "TRUE AND list_contains($kinds, incident_type)"
            " AND list_contains($verifications, verification)",
            {"kinds": ["migrant_raid"], "verifications": ["single_source"]},
        ),
        (
            "side=russia&group=wagner&channel=online_ad",
            "TRUE AND list_contains($sides, side) AND list_contains($groups, armed_group)"
            " AND list_contains($channels, recruitment_channel)",
            {"sides": ["russia"], "groups": ["wagner"], "channels": ["online_ad"]},
        ),
        (
            "ids=I-0011,c-0002",
            "TRUE AND list_contains($ids, record_id)",
            {"ids": ["I-0011", "C-0002"]},
        ),
        # What a URL cannot use never reaches the SQL.
        ("country=XXX&type=laws&from=yesterday&nonsense=1", "TRUE", {}),
        ("country=UZB');DROP TABLE cases;--", "TRUE", {}),
    ],
)
def test_a_url_becomes_this_where_clause(query, sql, params):
    assert queries.where(view(query)) == (sql, params)


@pytest.mark.parametrize(
    ("query", "exclude", "sql", "params"),
    [
        ("country=UZB", "countries", "TRUE", {}),
        (
            "country=UZB&type=cases",
            "types",
            "TRUE AND list_contains($countries, country)",
            {"countries": ["UZB"]},
        ),
        (
            "article=none&type=cases",
            "articles",
            "TRUE AND list_contains($types, record_type)",
            {"types": ["cases"]},
        ),
    ],
)
def test_a_facet_is_counted_with_its_own_filter_left_out(query, exclude, sql, params):
    assert queries.where(view(query), exclude=exclude) == (sql, params)


@pytest.mark.parametrize("facet", facets.FACETS, ids=lambda f: f.param)
def test_every_facet_tests_its_own_column_with_its_values_bound(facet):
    value = {
        "codes": facet.allowed[:1],
        "tags": ("none",),
        "ids": ("C-0001",),
        "from": dt.date(2024, 1, 1),
        "to": dt.date(2024, 1, 1),
        "text": "x'); DROP TABLE cases; --",
    }[facet.kind]
    sql, params = queries.condition(facet, value)
    assert facet.column in sql
    assert "DROP" not in sql and all(name.startswith(facet.field) for name in params)
    assert all(f"${name}" in sql for name in params)
