"""The diff names every added, removed and changed record, and only the fields a maintainer edits."""

from __future__ import annotations

from monitor_fixtures import case, incident, write_dataset

from etl import diff, refresh


def changes_of(result, table="cases"):
    return next(d for d in result.changes if d.table == table)


def test_blanking_a_field_is_a_change_of_that_field(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1)], incidents=[incident(2)])
    db = tmp_path / "m.duckdb"
    assert refresh.run(data, db).ok
    write_dataset(tmp_path / "d", cases=[case(1, court="")], incidents=[incident(2)])
    result = refresh.run(data, db, dry_run=True)
    assert result.ok, result.message
    assert changes_of(result).changed == {"C-0001": ["court"]}


def test_filling_an_empty_number_is_a_change_and_nothing_else_moves(tmp_path):
    data = write_dataset(
        tmp_path / "d", cases=[case(1, defendant_age=""), case(2)], incidents=[incident(3)]
    )
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(tmp_path / "d", cases=[case(1), case(2)], incidents=[incident(3)])
    result = refresh.run(data, db, dry_run=True)
    assert changes_of(result).changed == {"C-0001": ["defendant_age"]}
    assert all(d.empty for d in result.changes if d.table != "cases")


def test_an_unchanged_refresh_reports_no_change_in_any_table(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    result = refresh.run(dataset, db, dry_run=True)
    assert [d.table for d in result.changes if not d.empty] == []


def test_a_changed_date_names_the_date_and_not_the_derived_columns(tmp_path):
    data = write_dataset(tmp_path / "d", cases=[case(1)], incidents=[incident(2)])
    db = tmp_path / "m.duckdb"
    refresh.run(data, db)
    write_dataset(tmp_path / "d", cases=[case(1, verdict_date="2024-03")], incidents=[incident(2)])
    result = refresh.run(data, db, dry_run=True)
    # The verdict is the latest stage: its date is both dates (etl/case_dates.py).
    assert changes_of(result).changed == {"C-0001": ["verdict_date", "latest_stage_date"]}


def test_an_unreadable_published_file_is_said_and_everything_shows_as_added(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    # A damaged database: DuckDB's header, then garbage (a file that is no database at all
    # is refused outright: tests/etl/test_bad_inputs.py).
    db.write_bytes(b"\0" * 8 + b"DUCK" + b"this is not a duckdb file" * 100)
    result = refresh.run(dataset, db, dry_run=True)
    assert result.ok
    assert any("could not be read" in p.reason for p in result.problems)
    assert changes_of(result).added == ["C-0001", "C-0002", "C-0003"]


def test_the_diff_as_a_table_has_one_row_per_record():
    d = diff.TableDiff("cases", added=["C-2"], removed=["C-1"], changed={"C-3": ["a", "b"]})
    frame = diff.changes_frame([d])
    assert frame.values.tolist() == [
        ["cases", "C-2", "added", ""],
        ["cases", "C-3", "changed", "a;b"],
        ["cases", "C-1", "removed", ""],
    ]
