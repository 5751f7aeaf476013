"""Refresh end to end: publish, fail closed, stay deterministic, honour --db and MONITOR_DB."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
from monitor_fixtures import case, incident, write_dataset

from etl import refresh
from etl.settings import ROOT


def table_contents(db, table):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_a_refresh_publishes_every_table_and_records_the_run(dataset, tmp_path):
    db = tmp_path / "out" / "m.duckdb"
    result = refresh.run(dataset, db)
    assert result.outcome == "published"
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        runs = con.execute("SELECT outcome, row_counts FROM etl_runs").fetchall()
    assert {
        "cases",
        "incidents",
        "sources",
        "case_sources",
        "incident_sources",
        "claims",
        "laws",
        "etl_runs",
    } <= tables
    assert runs[-1][0] == "published"
    assert '"cases": 3' in runs[-1][1]


def test_a_bad_file_is_rejected_and_the_published_database_is_untouched(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    before = db.read_bytes()
    (dataset / "cases.csv").write_text((dataset / "cases.csv").read_text().replace("UZB", "XXX"))
    result = refresh.run(dataset, db)
    assert result.outcome == "rejected"
    assert any(p.field == "country_iso3" for p in result.problems)
    assert db.read_bytes() == before


def test_two_refreshes_of_the_same_inputs_publish_identical_tables(dataset, tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    refresh.run(dataset, a)
    refresh.run(dataset, b)
    for table in ("cases", "incidents", "sources", "case_sources", "incident_sources", "meta"):
        if table == "meta":
            continue  # meta holds the build time by design
        assert table_contents(a, table) == table_contents(b, table)


def test_an_edited_record_keeps_its_id_and_the_diff_names_the_changed_field(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1), case(2)], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(
        tmp_path / "d", cases=[case(1, sentence_months="36"), case(4)], incidents=[incident(3)]
    )
    result = refresh.run(data, db, dry_run=True)
    cases = next(d for d in result.changes if d.table == "cases")
    assert cases.changed == {"C-0001": ["sentence_months"]}
    assert cases.added == ["C-0004"] and cases.removed == ["C-0002"]
    assert table_contents(db, "cases")[1][0] == "C-0002"  # dry run published nothing


def test_the_cli_honours_monitor_db_and_exits_non_zero_on_bad_data(dataset, tmp_path):
    db = tmp_path / "env.duckdb"
    env = {**os.environ, "MONITOR_DB": str(db)}
    ok = subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--data", str(dataset)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert db.exists()
    (dataset / "sources.csv").write_bytes(b"\xff\xfe broken")
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--data", str(dataset)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "sources.csv" in bad.stdout and "UTF-8" in bad.stdout


def test_a_value_filled_in_where_it_was_empty_counts_as_a_change(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1, defendant_age="")], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(tmp_path / "d", cases=[case(1, defendant_age="41")], incidents=[incident(3)])
    result = refresh.run(data, db, dry_run=True)
    cases = next(d for d in result.changes if d.table == "cases")
    assert cases.changed == {"C-0001": ["defendant_age"]}
