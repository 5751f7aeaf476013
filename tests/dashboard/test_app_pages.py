"""Every page renders without exception in every language, on real and synthetic data, and with none."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import overview_charts
from dashboard.i18n import LANGUAGES

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["overview"]


def run_page(monkeypatch, db, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_real_data(monkeypatch, real_db, page, lang):
    at = run_page(monkeypatch, real_db, page, lang=lang)
    assert not at.exception, at.exception
    assert at.get("plotly_chart"), "no chart rendered"


def test_the_overview_counts_what_the_database_holds(monkeypatch, synthetic_db):
    at = run_page(monkeypatch, synthetic_db)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Court cases"] == "3"
    assert metrics["Recruitment incidents"] == "2"
    assert len(at.get("plotly_chart")) == len(overview_charts.CHARTS)


def test_the_overview_speaks_russian_with_lang_ru(monkeypatch, synthetic_db):
    at = run_page(monkeypatch, synthetic_db, lang="ru")
    assert at.title[0].value.startswith("Граждан Центральной Азии")
    assert "Уголовные дела" in {m.label for m in at.metric}


def test_a_missing_database_gets_a_message_not_a_traceback(monkeypatch, tmp_path):
    at = run_page(monkeypatch, tmp_path / "nothing.duckdb")
    assert not at.exception
    assert "make run" in at.warning[0].value


def test_many_sentences_are_drawn_as_boxes_not_dots(monkeypatch, real_db):
    # Above MAX_POINTS sentences the overview draws boxes from the refresh's statistics.
    from dashboard.charts import base

    monkeypatch.setattr(base, "MAX_POINTS", 0)
    at = run_page(monkeypatch, real_db)
    assert not at.exception
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    boxes = [s for s in specs if '"type":"box"' in s.replace(" ", "")]
    assert boxes and all('"boxpoints"' not in s for s in boxes)
    assert any("Too many sentences" in c.value for c in at.caption)
