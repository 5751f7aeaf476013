"""The full release zip: written by a refresh, one CSV per table, dictionary, licence, stable bytes."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from etl import refresh, release


def test_a_refresh_writes_the_release_beside_the_database(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    result = refresh.run(dataset, db)
    archive = tmp_path / "monitor-release.zip"
    assert result.outcome == "published"
    assert release.path_for(db) == archive
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        cases = pd.read_csv(io.BytesIO(z.read("monitor-release/cases.csv")), dtype=str)
        licence = z.read("monitor-release/LICENCE.txt").decode()
        dictionary = z.read("monitor-release/README.md").decode()
    assert {
        f"monitor-release/{name}"
        for name in (
            "cases.csv",
            "case_sources.csv",
            "incidents.csv",
            "sources.csv",
            "claims.csv",
            "laws.csv",
            "meta.csv",
            "README.md",
            "LICENCE.txt",
            "CITATION.txt",
        )
    } <= names
    assert "monitor-release/etl_runs.csv" not in names  # history, not data
    assert sorted(cases["case_id"]) == ["C-0001", "C-0002", "C-0003"]
    assert "CC BY 4.0" in licence and result.data_version in licence
    assert "# Data dictionary" in dictionary
    assert release.version_of(archive) == result.data_version


def test_the_same_inputs_give_the_same_release_byte_for_byte(dataset, tmp_path):
    a, b = tmp_path / "a" / "m.duckdb", tmp_path / "b" / "m.duckdb"
    refresh.run(dataset, a)
    refresh.run(dataset, b)
    assert release.path_for(a).read_bytes() == release.path_for(b).read_bytes()


def test_a_dry_run_or_a_rejected_refresh_writes_no_release(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db, dry_run=True)
    assert not release.path_for(db).exists()
    (dataset / "cases.csv").write_text((dataset / "cases.csv").read_text().replace("UZB", "XXX"))
    refresh.run(dataset, db)
    assert not release.path_for(db).exists()


def test_dates_keep_their_precision_column_in_the_release(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    refresh.run(dataset, db)
    with zipfile.ZipFile(release.path_for(db)) as z:
        cases = pd.read_csv(z.open("monitor-release/cases.csv"), dtype=str).set_index("case_id")
    assert cases.loc["C-0001", "verdict_date"] == "2024-04-01"
    assert cases.loc["C-0001", "date_precision"] == "month"


def test_an_unreadable_release_has_no_version(tmp_path):
    broken = tmp_path / "x.zip"
    broken.write_bytes(b"not a zip")
    assert release.version_of(broken) is None
    assert release.version_of(tmp_path / "missing.zip") is None
