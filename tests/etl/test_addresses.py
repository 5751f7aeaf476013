"""Stable addresses: release/<version>/ and release/latest/, written whole and swapped atomically."""

from __future__ import annotations

import io
import json
import os
import zipfile

import duckdb
import pandas as pd
import pytest

from etl import addresses, refresh, release

TABLES = ("cases", "incidents", "sources", "case_sources", "claims", "laws", "meta")


def _published(dataset, db):
    result = refresh.run(dataset, db)
    assert result.outcome == "published", result.message
    return result


def test_a_refresh_publishes_every_table_as_csv_and_parquet_under_its_version_and_latest(
    dataset, tmp_path
):
    db = tmp_path / "monitor.duckdb"
    result = _published(dataset, db)
    root = addresses.release_dir(db)
    assert addresses.static_dir(db) == tmp_path / "monitor-static"
    for folder in (root / result.data_version, root / "latest"):
        for table in TABLES:
            csv = pd.read_csv(folder / f"{table}.csv", dtype=str)
            parquet = pd.read_parquet(folder / f"{table}.parquet")
            assert len(csv) == len(parquet)
        for name in ("datapackage.json", "monitor-release.zip", "CITATION.cff", "LICENCE.txt"):
            assert (folder / name).is_file()
    latest = root / "latest"
    assert os.readlink(latest) == result.data_version
    with zipfile.ZipFile(latest / "monitor-release.zip") as z:
        assert z.read("monitor-release/cases.csv") == (latest / "cases.csv").read_bytes()
        assert "monitor-release/datapackage.json" in z.namelist()
    # The old address of the zip stays, with the same bytes.
    assert release.path_for(db).read_bytes() == (latest / "monitor-release.zip").read_bytes()
    parquet = pd.read_parquet(latest / "cases.parquet")
    assert str(parquet["verdict_date"].dtype).startswith(("datetime64", "date32", "object"))
    assert (
        parquet["sentence_months"].dtype.kind in "iu"
        or str(parquet["sentence_months"].dtype) == "Int64"
    )
    index = json.loads((root / "index.json").read_text())
    assert index["latest"] == result.data_version
    assert index["releases"][0]["changes"]["cases"] == {"added": 3}


def test_a_new_version_moves_latest_and_the_old_version_stays_at_its_address(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    first = _published(dataset, db)
    cases = (dataset / "cases.csv").read_text()
    (dataset / "cases.csv").write_text(
        cases.replace("Synthetic case used", "Synthetic case edited and", 1)
    )
    second = _published(dataset, db)
    root = addresses.release_dir(db)
    assert first.data_version != second.data_version
    assert os.readlink(root / "latest") == second.data_version
    old = pd.read_csv(root / first.data_version / "cases.csv", dtype=str)
    new = pd.read_csv(root / "latest" / "cases.csv", dtype=str)
    assert "edited" not in " ".join(old["summary"]) and "edited" in " ".join(new["summary"])
    index = json.loads((root / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [second.data_version, first.data_version]
    assert index["releases"][0]["changes"] == {"cases": {"changed": 1}}


def test_a_refresh_that_changes_nothing_adds_no_release(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    _published(dataset, db)
    _published(dataset, db)
    root = addresses.release_dir(db)
    assert len(json.loads((root / "index.json").read_text())["releases"]) == 1
    assert len([p for p in (root / ".store").iterdir() if not p.name.startswith(".")]) == 1


def test_a_release_that_cannot_be_written_fails_the_refresh_and_publishes_nothing(
    dataset, tmp_path, monkeypatch
):
    db = tmp_path / "monitor.duckdb"
    first = _published(dataset, db)
    (dataset / "cases.csv").write_text((dataset / "cases.csv").read_text().replace("A.B.", "C.D."))

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release, "write_parquet", full_disk)
    result = refresh.run(dataset, db)
    assert result.outcome == "failed" and "No space left" in result.message
    root = addresses.release_dir(db)
    assert os.readlink(root / "latest") == first.data_version
    assert sorted(p.name for p in root.iterdir() if p.is_symlink()) == [
        first.data_version,
        "latest",
    ]
    assert not list((root / ".store").glob(".build-*"))
    with duckdb.connect(str(db), read_only=True) as con:
        (version,) = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    assert version == first.data_version


def test_a_refresh_cleans_up_the_folder_of_a_killed_one(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    _published(dataset, db)
    stale = addresses.release_dir(db) / ".store" / ".build-99999"
    stale.mkdir()
    (stale / "cases.csv").write_text("half")
    _published(dataset, db)
    assert not stale.exists()


def test_no_link_under_static_points_outside_the_release_files(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    _published(dataset, db)
    cases = dataset / "cases.csv"
    cases.write_text(cases.read_text().replace("A.B.", "G.H."))  # a second version
    _published(dataset, db)
    static = addresses.static_dir(db).resolve()
    links = [p for p in static.rglob("*") if p.is_symlink()]
    assert len(links) >= 3
    for link in links:
        target = os.readlink(link)
        assert not os.path.isabs(target) and ".." not in target.split("/")
        assert link.resolve().is_relative_to(static / "release")


@pytest.mark.parametrize("name", ["cases.csv", "datapackage.json"])
def test_a_reader_of_latest_during_a_swap_gets_a_whole_file(dataset, tmp_path, name):
    # The swap is a rename: a file opened before it keeps its bytes, one opened after gets the
    # new ones; neither is ever half of each.
    db = tmp_path / "monitor.duckdb"
    _published(dataset, db)
    latest = addresses.release_dir(db) / "latest"
    with open(latest / name, "rb") as before:
        (dataset / "cases.csv").write_text(
            (dataset / "cases.csv").read_text().replace("A.B.", "E.F.")
        )
        _published(dataset, db)
        old = before.read()
    new = (latest / name).read_bytes()
    assert old != new
    if name.endswith(".csv"):
        assert len(pd.read_csv(io.BytesIO(old))) == len(pd.read_csv(io.BytesIO(new))) == 3
    else:
        assert json.loads(old)["version"] != json.loads(new)["version"]
