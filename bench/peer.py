"""Against a peer: the same question answered by Datasette on a SQLite copy of the same data.

The question: "which court cases were prosecuted in Kyrgyzstan?", asked by changing a
filter on an open page, in headless Chromium, both in the same run; then the filter is
removed and added again (the dashboard answers a repeated question from its cache,
Datasette recomputes it), so the first change is reported on its own as well. Datasette answers on
its table page (its filter form loads a new URL); the dashboard in its explorer (a country
picked in the sidebar). The SQLite copy is made at bench time, in the work folder.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import duckdb

from bench import browser
from bench.figures import Figures
from testkit import server

TABLES = ("cases",)
COUNTRY_CODE, COUNTRY_NAME = "KGZ", "Kyrgyzstan"
BATCH = 50_000


def sqlite_copy(db: Path, target: Path, tables: tuple[str, ...] = TABLES) -> Path:
    """The published tables, as they are, in a SQLite file (dates as ISO text); no indexes,
    as `sqlite-utils insert` would leave them."""
    target.unlink(missing_ok=True)
    with duckdb.connect(str(db), read_only=True) as con, sqlite3.connect(target) as lite:
        for table in tables:
            described = con.execute(f'DESCRIBE "{table}"').fetchall()
            columns = [c[0] for c in described]
            select = ", ".join(
                f'CAST("{name}" AS VARCHAR) AS "{name}"'
                if kind.startswith(("DATE", "TIMESTAMP"))
                else f'"{name}"'
                for name, kind, *_ in described
            )
            lite.execute(f'CREATE TABLE "{table}" ({", ".join(f"[{c}]" for c in columns)})')
            insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'
            reader = con.sql(f'SELECT {select} FROM "{table}"').fetch_record_batch(BATCH)
            for batch in reader:
                lite.executemany(insert, zip(*(c.to_pylist() for c in batch.columns), strict=True))
    return target


def compare(figs: Figures, chromium, app_url: str, db: Path, work: Path, label: str, changes: int):
    """Both answers, timed in the same browser in the same run, and their ratio."""
    folder = work / f"peer-{label}"
    folder.mkdir(parents=True, exist_ok=True)
    # Datasette names the database after the file: /monitor/cases.
    lite = sqlite_copy(db, folder / "monitor.sqlite")
    with server.datasette(lite) as peer:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        ours = browser.explore_country_changes(page, app_url, COUNTRY_NAME, changes)
        ours_count = browser.count_of(page) if changes % 2 else None
        theirs = browser.datasette_country_changes(page, peer.url, COUNTRY_CODE, changes)
        theirs_count = _datasette_count(page) if changes % 2 else None
        page.close()
    # The first change is the one nobody asked before: the dashboard's cache cannot help.
    figs.add(f"peer.{label}.dashboard_explore_country.first", ours[0], "ms")
    figs.add(f"peer.{label}.datasette_table_filter.first", theirs[0], "ms")
    figs.ratio(
        f"peer.{label}.dashboard_vs_datasette.first",
        f"peer.{label}.dashboard_explore_country.first",
        f"peer.{label}.datasette_table_filter.first",
    )
    figs.percentiles(f"peer.{label}.dashboard_explore_country", ours)
    figs.percentiles(f"peer.{label}.datasette_table_filter", theirs)
    for p in ("p50", "p95"):
        figs.ratio(
            f"peer.{label}.dashboard_vs_datasette.{p}",
            f"peer.{label}.dashboard_explore_country.{p}",
            f"peer.{label}.datasette_table_filter.{p}",
        )
    if ours_count is not None:
        figs.add(f"peer.{label}.same_answer", "yes" if ours_count == theirs_count else "NO")
        figs.add(f"peer.{label}.cases_in_{COUNTRY_CODE}", ours_count, "cases")


def _datasette_count(page) -> int:
    """Datasette's heading above a filtered table: '12 rows where country_iso3 = "KGZ"'."""
    text = page.locator("h3").first.inner_text()
    match = re.search(r"([\d,]+) rows?", text)
    return int(match.group(1).replace(",", "")) if match else -1
