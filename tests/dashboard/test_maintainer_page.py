"""The maintainer page shows the run log, freshness, the last diff and the review queue size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from monitor_fixtures import case, incident, write_dataset
from streamlit.testing.v1 import AppTest

from dashboard import db as dashboard_db
from dashboard.queries import maintainer
from etl import refresh
from etl.settings import review_queue

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def maintainer_page(monkeypatch, db: Path, lang: str = "en") -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    # AppTest knows a page's url_path only after a first run.
    return at.run().switch_page("views/maintainer.py").run()


@pytest.fixture
def history(tmp_path) -> Path:
    """Three refreshes: one published, one that changes records, one rejected."""
    data = write_dataset(tmp_path / "d", cases=[case(1), case(2)], incidents=[incident(3)])
    db = tmp_path / "m.duckdb"
    assert refresh.run(data, db).ok
    write_dataset(
        tmp_path / "d", cases=[case(1, court="Another court"), case(4)], incidents=[incident(3)]
    )
    assert refresh.run(data, db).ok
    (data / "cases.csv").write_text((data / "cases.csv").read_text().replace("UZB", "XXX"))
    assert refresh.run(data, db).outcome == "rejected"
    return db


def cells(frame) -> set[str]:
    return {str(v) for v in frame.value.astype(str).to_numpy().ravel()}


def test_the_page_shows_runs_freshness_the_last_diff_and_a_failed_last_run(monkeypatch, history):
    review_queue(history).write_text("published,url\n2024-01-01,https://example.org/q/1\n")
    at = maintainer_page(monkeypatch, history)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    dashboard_db.close()  # the page's shared connection; this test reads the file as an outsider
    with duckdb.connect(str(history), read_only=True) as con:
        (version,) = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    assert metrics["Data version"] == version
    assert metrics["Newest dated report"] == "2024-05-02"
    assert metrics["Items waiting for review"] == "1"
    assert "The last refresh" in at.error[0].value and "rejected with 2 errors" in at.error[0].value
    counts, records, runs = at.dataframe
    assert counts.value.to_dict("records") == [
        {"table": "court cases", "added": 1, "changed": 1, "removed": 1},
        {"table": "sources", "added": 1, "changed": 0, "removed": 1},
    ]
    assert {"C-0001", "court", "C-0004", "C-0002"} <= cells(records)
    assert runs.value["outcome"].tolist() == ["rejected", "published", "published"]
    assert runs.value["changed"].tolist() == [0, 1, 0]


def test_the_page_speaks_russian(monkeypatch, history):
    at = maintainer_page(monkeypatch, history, "ru")
    assert not at.exception
    assert at.title[0].value.startswith("Для редакторов")
    assert at.dataframe[-1].value["результат"].tolist()[0] == "отклонено"


def test_without_a_queue_or_a_recorded_diff_the_page_says_so(monkeypatch, tmp_path):
    db = tmp_path / "m.duckdb"
    assert refresh.run(write_dataset(tmp_path / "d"), db).ok
    # A database published before refreshes recorded their diff.
    legacy = tmp_path / "legacy.duckdb"
    with duckdb.connect(str(legacy)) as con:
        con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
        con.execute("COPY FROM DATABASE src TO legacy")
        con.execute("DROP TABLE etl_changes")
        con.execute("ALTER TABLE etl_runs DROP COLUMN errors")
    at = maintainer_page(monkeypatch, legacy)
    assert not at.exception, at.exception
    infos = [i.value for i in at.info]
    assert any("python -m etl discover" in i for i in infos)
    assert any("before refreshes recorded" in i for i in infos)


def test_the_age_of_the_data_is_counted_from_the_build_time():
    built = pd.Timestamp("2026-01-01T00:00:00Z")
    assert maintainer.age_days(built, dt.datetime(2026, 1, 3, 12, tzinfo=dt.UTC)) == 2.5
    assert maintainer.age_days(None) is None
