"""The methodology page shows the data changelog the refresh writes, and the open-data addresses."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl import refresh

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def methodology(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/methodology.py")
    return at.run()


def test_the_changelog_lists_each_release_newest_first(monkeypatch, dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    first = refresh.run(dataset, db)
    cases = dataset / "cases.csv"
    cases.write_text(cases.read_text().replace("A.B.", "M.N.", 1))
    second = refresh.run(dataset, db)
    at = methodology(monkeypatch, db)
    assert not at.exception
    assert any(h.value == "Data changelog" for h in at.header)
    text = "\n".join(m.value for m in at.markdown)
    assert f"## Data version `{second.data_version}`" in text
    assert text.index(second.data_version) < text.index(first.data_version)
    assert "1 changed: `C-0001` (`defendant_initials`)" in text
    assert "/app/static/release/latest/datapackage.json" in text


def test_before_any_release_the_changelog_says_so(monkeypatch, dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    refresh.run(dataset, db)
    for name in ("index.json", "CHANGELOG.md"):
        (tmp_path / "monitor-static" / "release" / name).unlink()
    at = methodology(monkeypatch, db)
    assert not at.exception
    assert any(i.value == "No release has been published yet." for i in at.info)
