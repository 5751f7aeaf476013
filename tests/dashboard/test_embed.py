"""Embeds: every chart offers an <iframe>, and its address shows that chart and nothing else."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
IFRAME = re.compile(r'^<iframe src="([^"]+)" title="([^"]*)" width="100%" height="\d+" ')


def run(monkeypatch, db, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def snippets(at: AppTest) -> list[str]:
    return [c.value for c in at.code if c.value.startswith("<iframe")]


@pytest.mark.parametrize("page", [None, "trends", "map", "country"])
def test_every_chart_offers_its_iframe_snippet(monkeypatch, real_db, page):
    at = run(monkeypatch, real_db, page)
    assert not at.exception
    found = snippets(at)
    assert len(found) == len(at.get("plotly_chart")) > 0
    keys = []
    for snippet in found:
        src, title = IFRAME.match(snippet).groups()
        query = parse_qs(urlsplit(html.unescape(src)).query)
        assert query["embed"] == ["true"]
        keys.append(query["chart"][0])
        assert title
    assert len(set(keys)) == len(keys)


def test_an_embed_address_shows_one_chart_and_nothing_else(monkeypatch, real_db):
    at = run(monkeypatch, real_db, chart="cases-by-country", embed="true")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert not at.title and not at.metric and not at.expander and not snippets(at)
    assert not at.get("download_button")
    assert not at.sidebar.radio  # no language switch, no navigation
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any(v.startswith("**Court cases at home, by country") for v in texts)
    assert any("Data version" in v and "Sources" in v for v in texts)
    assert any("Open in the Central Asia Recruitment Monitor" in v for v in texts)


def test_an_embed_keeps_the_page_s_filters(monkeypatch, real_db):
    at = run(monkeypatch, real_db, "country", country="KGZ", chart="KGZ-outcomes", embed="true")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert any("Kyrgyzstan" in m.value for m in at.markdown)


def test_an_unknown_chart_says_so_in_words(monkeypatch, real_db):
    at = run(monkeypatch, real_db, chart="<b>nope</b>", embed="true")
    assert not at.exception
    assert not at.get("plotly_chart")
    assert [w.value for w in at.warning] == [
        "This page has no chart called “\\<b\\>nope\\<\\/b\\>”."
    ]
