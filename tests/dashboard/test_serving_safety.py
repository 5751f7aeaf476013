"""Serving hardening, checked on the code itself: record text is never rendered as HTML, SQL is
never built from values, links are http(s) only, URL parameters are validated, and no
personal data goes into URLs or logs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import plain_markdown

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
APP = str(DASHBOARD / "app.py")
SOURCES = sorted(DASHBOARD.rglob("*.py"))
HOSTILE = [
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "'; DROP TABLE cases; --",
    "x" * 5000,
    "\u202eUZB",
    "[Official notice: click here](https://evil.example/)",
]


def calls(name: str):
    """Every call in dashboard/ to a function or method called `name`, with its file."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    yield path.relative_to(DASHBOARD), node


def test_no_dashboard_code_allows_html():
    """Record text is rendered as text: no unsafe_allow_html, no st.html, no components.html."""
    unsafe = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
                unsafe.append(f"{path.name}:{node.value.lineno}")
    unsafe += [f"{p}:{n.lineno}" for p, n in calls("html")]
    assert unsafe == []


# Modules that assemble SQL from fixed fragments (names from fixed lists, values bound as
# $parameters); each has a test below that hostile values never reach the SQL text.
SQL_BUILDERS = {"queries/explore.py", "queries/map.py", "queries/trends.py"}
HOSTILE_NAME = "cases; DROP TABLE cases; --"


def test_every_query_is_a_constant_sql_string_with_bound_values():
    """db.query(sql, params): sql is a literal; no f-string, concatenation or .format(),
    except in the SQL builders named above."""
    built = []
    found = 0
    for path, node in calls("query"):
        if not node.args:
            continue
        found += 1
        sql = node.args[0]
        if not (isinstance(sql, ast.Constant) and isinstance(sql.value, str)):
            built.append(str(path))
    assert found >= 5 and set(built) <= SQL_BUILDERS, sorted(set(built) - SQL_BUILDERS)


def test_the_explorer_binds_every_value_it_filters_by(real_db, monkeypatch):
    from dashboard import db
    from dashboard.explore.permalink import Filters
    from dashboard.queries import explore

    hostile = "x'); DROP TABLE cases; --"
    filters = Filters(
        types=("cases",), countries=(hostile,), q=hostile, ids=(hostile,), articles=(hostile,)
    )
    clause, params = explore.where(filters)
    assert "DROP" not in clause and hostile in str(params)
    monkeypatch.setenv("MONITOR_DB", str(real_db))
    version = db.version()
    assert explore.records(version, filters).empty
    assert explore.page(version, filters, 1).empty
    assert not explore.matches(version, filters, hostile)
    assert explore.facet_counts(version, filters).empty
    assert len(explore.records(version, Filters())) > 0


def test_names_spliced_into_sql_come_only_from_fixed_lists(real_db, monkeypatch):
    from dashboard import db
    from dashboard.queries import map as map_queries
    from dashboard.queries import trends

    monkeypatch.setenv("MONITOR_DB", str(real_db))
    v, ca, years = db.version(), ("UZB",), (2014, 2030)
    for call in (
        lambda: map_queries.counts_by_country(v, HOSTILE_NAME),
        lambda: trends.counts_over_time(v, HOSTILE_NAME, "year", ca, years),
        lambda: trends.counts_over_time(v, "cases", HOSTILE_NAME, ca, years),
        lambda: trends.undated(v, HOSTILE_NAME, ca),
        lambda: trends.composition(v, "cases", HOSTILE_NAME, ca, years),
    ):
        with pytest.raises(ValueError):
            call()
    assert trends.records_for_metric(v, HOSTILE_NAME, ca).empty
    raw = [f"{p}:{n.lineno}" for p, n in calls("execute") if p.name != "db.py"]
    assert raw == [], "only dashboard/db.py talks to DuckDB"


def test_every_address_the_dashboard_can_link_to_is_http_or_https(real_db):
    """Link columns show what the database holds; validation and publish keep it http(s)."""
    with duckdb.connect(str(real_db), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE column_name LIKE '%url%' AND data_type = 'VARCHAR'"
        ).fetchall()
        assert ("sources", "url") in columns
        for table, column in columns:
            # A column may hold several addresses, space-separated (explore_records.source_urls):
            # each one must be http(s).
            (bad,) = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL '
                f"AND NOT regexp_matches(\"{column}\", '^https?://[^\\s]+( https?://[^\\s]+)*$')"
            ).fetchone()
            assert bad == 0, (table, column)


def test_outside_text_is_shown_literally_inside_markdown():
    shown = plain_markdown("[click](https://evil.example/) ![i](x.png) **b** <b> www.x.org")
    assert "[click](" not in shown and "![" not in shown and "**" not in shown
    assert "<b>" not in shown and "www.x.org" not in shown
    assert (
        shown.replace("\\", "") == "[click](https://evil.example/) ![i](x.png) **b** <b> www.x.org"
    )


def test_no_personal_data_goes_into_urls_or_logs():
    served = [p for p in SOURCES if "content" not in p.relative_to(DASHBOARD).parts]
    for path in served:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "query_params" in line:
                assert not re.search(r"defendant|initials", line), f"{path.name}: {line}"
        tree = ast.parse(text)
        printed = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"
        ]
        assert printed == [], f"{path.name}: print() would log to the server console"
        assert "import logging" not in text, f"{path.name}: the dashboard logs nothing"


def query_param_keys() -> set[str]:
    keys = {"lang"}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"query_params(?:\.get\(|\[)\s*[\"']([a-z_]+)[\"']", text))
        keys |= set(re.findall(r"key=[\"']([a-z_]+)[\"'][^)]*bind=[\"']query-params", text))
    return keys


def pages() -> list[str]:
    return sorted(p.name for p in (DASHBOARD / "views").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("page", pages())
@pytest.mark.parametrize(
    "value", HOSTILE, ids=["script", "path", "sql", "long", "bidi", "markdown-link"]
)
def test_hostile_url_parameters_are_ignored_on_every_page(monkeypatch, real_db, page, value):
    monkeypatch.setenv("MONITOR_DB", str(real_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"views/{page}")
    for key in query_param_keys():
        at.query_params[key] = value
    at.query_params["unknown"] = value
    at.run()
    assert not at.exception, (page, at.exception)
    assert at.session_state["lang"] == "en"
    shown = " ".join(str(e.value) for e in [*at.markdown, *at.title, *at.caption, *at.warning])
    assert value not in shown
