"""A record shows its strongest source first: by its outlet's kind (etl/contract.py OUTLET_KINDS), then as listed."""

from __future__ import annotations

import duckdb
from monitor_fixtures import case, incident, outlet, source, write_dataset

from dashboard import db
from dashboard.queries import explore as queries
from etl import refresh


def test_the_official_statement_comes_before_the_reprint_listed_first(tmp_path, monkeypatch):
    folder = write_dataset(
        tmp_path / "data",
        cases=[case(1, source_ids="S-0001;S-0002;S-0003")],
        incidents=[incident(4)],
        sources=[
            source(1, outlet_id="reprints", publisher="Reprints (via X)"),
            source(2, outlet_id="partisan"),
            source(3, outlet_id="ministry"),
            source(4),
        ],
        outlets=[
            outlet(),
            outlet("reprints", name="Reprints", kind="aggregator_reprint"),
            outlet("partisan", name="Partisan", kind="partisan_outlet"),
            outlet("ministry", name="Ministry", kind="official_body"),
        ],
    )
    path = build(folder, tmp_path / "m.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            "SELECT first_source_url, publishers, outlets, outlet_kinds, best_source_kind "
            "FROM explore_records WHERE record_id = 'C-0001'"
        ).fetchone()
    assert row == (
        "https://example.org/synthetic/3",
        "SYNTHETIC TEST DATA; Reprints (via X); SYNTHETIC TEST DATA",
        ["ministry", "reprints", "partisan"],
        ["aggregator_reprint", "official_body", "partisan_outlet"],
        "official_body",
    )
    monkeypatch.setenv("MONITOR_DB", str(path))
    db.close()
    sources = queries.record_sources(db.version(), "C-0001")
    assert list(sources["source_id"]) == ["S-0003", "S-0001", "S-0002"]
    assert list(sources["outlet"]) == ["Ministry", "Reprints", "Partisan"]
    assert list(sources["publisher"])[1] == "Reprints (via X)"


def build(data_dir, db):
    result = refresh.run(data_dir, db)
    assert result.ok, [str(p) for p in result.problems] + [result.message]
    return db
