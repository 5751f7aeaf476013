"""Refresh end to end: publish, fail closed, stay deterministic, honour --db and MONITOR_DB."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
from monitor_fixtures import case, incident, write_dataset

from etl import publish, refresh
from etl.settings import ROOT, rejects_report, runs_log


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


def published_tables(db) -> dict[str, list]:
    """Every data table's rows; the run records (meta, etl_*) differ between runs by design."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {
            t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            for t in names
            if t != "meta" and not t.startswith("etl_")
        }


def test_the_same_rows_in_another_order_publish_the_same_tables_and_version(tmp_path):
    rows = [case(1), case(2, country_iso3="KGZ"), case(3, country_iso3="KAZ")]
    a = write_dataset(tmp_path / "a", cases=rows, incidents=[incident(4), incident(5)])
    b = write_dataset(tmp_path / "b", cases=rows[::-1], incidents=[incident(5), incident(4)])
    ra, rb = refresh.run(a, tmp_path / "a.duckdb"), refresh.run(b, tmp_path / "b.duckdb")
    assert ra.ok and rb.ok
    ta, tb = published_tables(tmp_path / "a.duckdb"), published_tables(tmp_path / "b.duckdb")
    assert ta == tb and len(ta) >= 10
    assert ta["cases"][0][0] == "C-0001"


def test_every_stage_reports_its_progress_in_order(dataset, tmp_path):
    seen = []
    refresh.run(dataset, tmp_path / "m.duckdb", progress=lambda s, d, t: seen.append(s))
    assert seen == [
        "extract",
        "validate",
        "transform",
        "diff",
        "write",
        "derive",
        "build",
        "release",
        "publish",
        "addresses",
    ]


def test_a_rejected_refresh_writes_every_problem_to_a_report_and_logs_the_run(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    assert refresh.run(dataset, db).ok
    (dataset / "cases.csv").write_text(
        (dataset / "cases.csv").read_text().replace("UZB", "XXX").replace("prison", "gulag")
    )
    result = refresh.run(dataset, db)
    assert result.outcome == "rejected" and not result.ok
    assert result.rejected_rows == {"cases": 2}
    lines = result.report.read_text().splitlines()
    assert lines[0] == "severity,file,row,field,record_id,reason"
    assert any("cases.csv,2,country_iso3,C-0001" in line for line in lines)
    assert any("cases.csv,4,sentence_type,C-0003" in line for line in lines)
    log = [json.loads(line) for line in runs_log(db).read_text().splitlines()]
    assert [r["outcome"] for r in log] == ["published", "rejected"]
    assert log[-1]["rejected"] == 2
    # The next good refresh publishes, keeps the failed run in etl_runs and clears the report.
    write_dataset(dataset)
    assert refresh.run(dataset, db).ok
    with duckdb.connect(str(db), read_only=True) as con:
        outcomes = [
            r[0] for r in con.execute("SELECT outcome FROM etl_runs ORDER BY started_at").fetchall()
        ]
    assert outcomes == ["published", "rejected", "published"]
    assert not rejects_report(db).exists()


def test_the_published_database_holds_the_last_diff(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1), case(2)], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(tmp_path / "d", cases=[case(1, court="Other court")], incidents=[incident(3)])
    refresh.run(data, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, record_id, change, fields FROM etl_changes ORDER BY ALL"
        ).fetchall()
        (last_run,) = con.execute("SELECT max_by(run_id, started_at) FROM etl_runs").fetchone()
        (change_run,) = con.execute("SELECT DISTINCT run_id FROM etl_changes").fetchone()
    assert ("cases", "C-0001", "changed", "court") in rows
    assert ("cases", "C-0002", "removed", "") in rows
    assert ("sources", "S-0002", "removed", "") in rows
    assert change_run == last_run


def test_a_run_log_line_cut_by_a_kill_loses_only_itself(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    with open(runs_log(db), "a") as handle:
        handle.write('{"run_id": "cut-short", "outc')
    refresh.run(dataset, db)
    log = publish.read_run_log(runs_log(db))
    assert [r["outcome"] for r in log] == ["published", "published"]


def test_a_run_whose_log_line_was_lost_stays_in_the_published_run_table(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    runs_log(db).unlink()  # as if killed between the swap and the log append
    refresh.run(dataset, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM etl_runs").fetchone() == (2,)


def test_a_failure_while_building_publishes_nothing_and_leaves_no_build_file(
    dataset, tmp_path, monkeypatch
):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    before = published_tables(db)
    write_dataset(dataset, cases=[case(1, court="Changed")], incidents=[incident(2)])

    def broken_check(con, tables):
        raise publish.PublishError("simulated: the built file does not hold what we wrote")

    monkeypatch.setattr(publish, "check", broken_check)
    result = refresh.run(dataset, db)
    assert result.outcome == "failed" and "simulated" in result.message
    assert published_tables(db) == before
    assert [p.name for p in tmp_path.iterdir() if ".build-" in p.name] == []


def test_a_second_refresh_while_one_runs_fails_without_touching_anything(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    with publish.refresh_lock(db):
        result = refresh.run(dataset, db)
    assert result.outcome == "failed" and "another refresh is running" in result.message


def test_the_cli_shows_stages_counts_and_the_diff_and_a_dry_run_publishes_nothing(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1), case(2)], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    before = published_tables(db)
    write_dataset(
        tmp_path / "d", cases=[case(1, sentence_months="36"), case(4)], incidents=[incident(3)]
    )
    out = subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--data", str(data), "--db", str(db), "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for stage in ("extract", "validate", "transform", "diff"):
        assert f"  {stage} " in out.stdout
    assert "rows in" in out.stdout and "rejected" in out.stdout and "rows published" in out.stdout
    assert "cases: +1 added, -1 removed, ~1 changed" in out.stdout
    assert "  ~ C-0001: sentence_months" in out.stdout
    assert "  + C-0004" in out.stdout and "  - C-0002" in out.stdout
    assert "dry run: nothing published" in out.stdout
    assert published_tables(db) == before


def test_a_value_filled_in_where_it_was_empty_counts_as_a_change(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1, defendant_age="")], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(tmp_path / "d", cases=[case(1, defendant_age="41")], incidents=[incident(3)])
    result = refresh.run(data, db, dry_run=True)
    cases = next(d for d in result.changes if d.table == "cases")
    assert cases.changed == {"C-0001": ["defendant_age"]}
