"""Serving hardening, checked on the code itself: record text is never rendered as HTML, SQL is
never built from values, links are http(s) only, URL parameters are validated, and no
personal data goes into URLs or logs."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.escape import plain_markdown

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


# --- issue #16: every text from the data or the address is shown as the characters typed ---

# One hostile text: every Markdown (and Streamlit) construct that could turn a summary into
# a link, a heading, an image, an emoji or a coloured directive.
HOSTILE_TEXT = "\n".join(
    [
        "[HOSTILE reference][1]",
        "",
        "[1]: https://evil.example/ref",
        "# HOSTILE heading",
        "HOSTILE setext",
        "===",
        "Visit https://evil.example/bare and www.evil.example or HOSTILE@evil.example",
        "[HOSTILE inline](https://evil.example/inline) ![HOSTILE](https://evil.example/i.png)",
        "<img src=x onerror=alert(1)> :red[HOSTILE] :fire: $x^2$ **HOSTILE**",
    ]
)
POISONED = ("summary", "note", "court", "region", "location", "publisher", "claimant", "title")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """A database whose text fields hold HOSTILE_TEXT: as if a text slipped past validation."""
    from monitor_fixtures import case, write_dataset

    from etl import refresh, validate

    folder = write_dataset(
        tmp_path_factory.mktemp("hostile-data"),
        cases=[case(1, **dict.fromkeys(("summary", "court", "region"), HOSTILE_TEXT))],
    )
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = text[0].rstrip("\n").split(",")
        rows = list(csv.DictReader(text))
        for row in rows:
            for column in POISONED:
                if column in row:
                    row[column] = HOSTILE_TEXT
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    db = tmp_path_factory.mktemp("hostile") / "monitor.duckdb"
    real_run = validate.run
    validate.run = lambda frames, today=None: []  # what a validator gap would publish
    try:
        result = refresh.run(folder, db)
    finally:
        validate.run = real_run
    assert result.ok, result.message
    return db


def rendered_markdown(at) -> list[str]:
    """Every string the page passed to an element that renders Markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(e.body) for e in at.error]
    for table in at.table:
        frame = table.value
        out += [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns]
    return out


def live_markup(body: str) -> list[str]:
    """What of the hostile text would render as markup: links, headings, images, autolinks."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(body)
    found = re.findall(r"<(?:a|img|h[1-6])\b[^>]*>", html)
    # GFM autolinks (bare addresses) and Streamlit's directives work on the raw text.
    found += re.findall(r"https?://evil|www\.evil|(?<!\\)@evil|:red\[|:fire:|\$x\^2\$", body)
    return found


HOSTILE_PAGES = {
    "overview.py": {},
    "awareness.py": {},
    "explore.py": {"id": "C-0001"},  # the record detail, every field
    "trends.py": {},
    "map.py": {},
    "country.py": {"country": "UZB"},
    "methodology.py": {},
    "maintainer.py": {},
}


def test_the_hostile_catalogue_covers_every_page():
    assert set(HOSTILE_PAGES) == set(pages())


@pytest.mark.parametrize("page", sorted(HOSTILE_PAGES))
def test_hostile_text_from_the_data_renders_as_typed_on_every_page(monkeypatch, hostile_db, page):
    monkeypatch.setenv("MONITOR_DB", str(hostile_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"views/{page}")
    for key, value in HOSTILE_PAGES[page].items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (page, at.exception)
    bodies = rendered_markdown(at)
    live = {b[:80]: live_markup(b) for b in bodies if "HOSTILE" in b or "evil" in b}
    assert not any(live.values()), live
    if page in ("explore.py", "country.py"):
        # The pages that show record text did show it (escaped): the test is not vacuous.
        assert any("HOSTILE" in b for b in bodies), page


def test_a_24kb_link_draws_a_handful_of_notes_not_thousands(monkeypatch, real_db):
    from dashboard.explore import permalink

    monkeypatch.setenv("MONITOR_DB", str(real_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/explore.py")
    at.query_params["ids"] = "[x](https://evil.example)," * 1000  # 26 KB
    at.run()
    assert not at.exception
    assert 1 <= len(at.warning) <= permalink.MAX_NOTES + 2
    assert not any(live_markup(str(w.value)) for w in at.warning)


def test_parsing_a_huge_link_is_linear_and_bounded():
    from dashboard.explore import permalink

    ids = ",".join(f"C-{i:04d}" for i in range(200_000))  # 1.4 MB of distinct ids
    parsed = permalink.parse({"ids": ids, "article": ids})
    assert len(parsed.filters.ids) <= permalink.MAX_IDS
    assert len(parsed.notes) <= permalink.MAX_NOTES + 1
    assert parsed.notes[-1].kind in ("more_notes", "too_many", "param_too_long")


def test_every_id_the_refresh_accepts_opens_in_the_explorer():
    from dashboard.explore import permalink

    for record in ("C-1", "C-0001", "I-000000001", "F-123456789"):
        assert permalink.parse({"id": record}).filters.record == record
    assert permalink.parse({"id": "L-0001"}).notes  # laws are not explorer records


@pytest.mark.parametrize(
    "line",
    [
        '{"run_id": 5, "started_at": "yesterday", "errors": "many"}',
        '{"run_id": "x", "started_at": "2026-01-01T00:00:00", "finished_at": "2026-01-01", '
        '"changes": {"cases": {"added": "lots"}}}',
        "{cut short",
    ],
)
def test_a_broken_run_log_line_never_shows_a_traceback_on_maintainer(
    monkeypatch, tmp_path, real_db, line
):
    import shutil

    db = tmp_path / "monitor.duckdb"
    shutil.copy(real_db, db)
    (tmp_path / "monitor.runs.jsonl").write_text(line + "\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/maintainer.py")
    at.run()
    assert not at.exception, at.exception
    shown = " ".join(rendered_markdown(at))
    assert "Traceback" not in shown and str(tmp_path) not in shown


def test_no_page_shows_error_details():
    config = (DASHBOARD.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config
