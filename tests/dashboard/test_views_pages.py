"""The policymaker views render in every interface language, keep it, and carry their parts.

AppTest runs app.py, so navigation and ?lang= handling are exercised as in the browser.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from views_fixtures import empty_db, views_db  # noqa: F401  (fixtures)

from dashboard import codebook, overview_charts
from dashboard.i18n import LANGUAGES, label, t

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
APP = str(DASHBOARD / "app.py")
HEADINGS = {
    "overview": lambda lang: t("overview.heading", lang),
    "trends": lambda lang: t("trends.heading", lang),
    "map": lambda lang: t("map.heading", lang),
    "country": lambda lang: t("brief.heading", lang, country=label("country", "UZB", lang)),
    "methodology": lambda lang: t("methodology.heading", lang),
}
# Overview, trends and country brief each add the stated figures' chart (dashboard/stated_section.py).
CHARTS = {
    "overview": len(overview_charts.CHARTS) + 1,
    "trends": 7,
    "map": 1,
    "country": 4,
    "methodology": 0,
}


def run_page(monkeypatch, db, page: str, **params) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", list(HEADINGS))
def test_every_view_renders_in_its_language_on_the_real_data(monkeypatch, real_db, page, lang):
    at = run_page(monkeypatch, real_db, page, lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == HEADINGS[page](lang)
    assert at.sidebar.radio[0].value == lang, "app.py did not run: navigation was skipped"
    assert len(at.get("plotly_chart")) == CHARTS[page]


@pytest.mark.parametrize("page", [p for p, n in CHARTS.items() if n])
def test_every_chart_offers_a_png_and_its_numbers(monkeypatch, real_db, page):
    at = run_page(monkeypatch, real_db, page, lang="ru")
    labels = download_labels(at)
    charts = len(at.get("plotly_chart"))
    assert labels.count(t("chart.download_png", "ru")) == charts
    # The numbers wait, closed, until the reader opens them: nothing is sent before.
    tables = [e for e in at.expander if e.label == t("chart.table", "ru")]
    assert len(tables) == charts
    assert t("chart.download_csv", "ru") not in labels
    captions = " ".join(c.value for c in at.caption)
    assert captions.count(t("chart.at_least", "ru")) >= charts
    assert "explore?" in captions and "lang=ru" in captions
    # The reader opens every one ("$$ID-<hash>-<key>"). In English: AppTest cannot rerun
    # the trends page in Russian (it looks up a widget's English option label).
    at = run_page(monkeypatch, real_db, page)
    other_tables = len(at.dataframe)  # the page's own (the country brief's laws, claims)
    for table in at.expander:
        if table.label == t("chart.table", "en"):
            at.session_state[table.proto.id.split("-", 2)[2]] = True
    at.run()
    assert len(at.dataframe) == other_tables + charts
    assert download_labels(at).count(t("chart.download_csv", "en")) == charts


@pytest.mark.parametrize("page", ["overview", "trends", "country"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_stated_figures_stand_apart_with_the_share_we_document(monkeypatch, real_db, page, lang):
    at = run_page(monkeypatch, real_db, page, lang=lang)
    assert t("stated.heading", lang) in [h.value for h in at.header]
    shares = [m.value for m in at.markdown if "explore?ids=F-" in m.value]
    assert shares, "no documented-share sentence"
    # Each links the claim, its sources and our records, in the page's language.
    for share in shares:
        assert "explore?type=" in share and "](http" in share
        assert ("lang=ru" in share) == (lang == "ru")


def test_there_is_no_pages_folder_beside_the_entry_point():
    # Streamlit would run its files as a v1 multipage app, skipping app.py (see app.py).
    assert not (DASHBOARD / "pages").exists()


def test_the_language_survives_a_page_switch_without_lang_in_the_url(monkeypatch, real_db):
    at = run_page(monkeypatch, real_db, "map", lang="ru")
    assert at.title[0].value == t("map.heading", "ru")
    del at.query_params["lang"]
    at.switch_page("views/trends.py").run()
    assert at.title[0].value == t("trends.heading", "ru")
    assert at.query_params["lang"] == "ru"


@pytest.mark.parametrize(("param", "expected"), [("KGZ", "KGZ"), ("XYZ", "UZB")])
def test_the_country_brief_follows_the_country_in_the_url(monkeypatch, views_db, param, expected):  # noqa: F811
    at = run_page(monkeypatch, views_db, "country", country=param)
    assert not at.exception
    assert at.title[0].value == t("brief.heading", "en", country=label("country", expected, "en"))
    assert at.query_params["country"] == expected
    pdf, png = t("brief.download.pdf", "en"), t("brief.download.png", "en")
    assert {pdf, png} <= set(download_labels(at))


def test_the_map_draws_five_countries_from_the_shipped_boundaries(monkeypatch, views_db):  # noqa: F811
    at = run_page(monkeypatch, views_db, "map")
    chart = at.get("plotly_chart")[0].proto
    spec, config = json.loads(chart.spec), json.loads(chart.config)
    focus = next(
        d for d in spec["data"] if d["type"] == "choropleth" and d.get("showscale") is not False
    )
    assert sorted(focus["locations"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    url = config["topojsonURL"]
    assert url.startswith("data:application/json;base64,") and url.endswith("#/")
    topology = json.loads(base64.b64decode(url.split(",", 1)[1].removesuffix("#/")))
    assert topology["type"] == "Topology"


def test_the_map_switches_to_rates_per_million(monkeypatch, views_db):  # noqa: F811
    at = run_page(monkeypatch, views_db, "map")
    at.get("segmented_control")[1].set_value("per_million").run()
    assert not at.exception
    assert any(t("map.title.cases.per_million", "en") in m.value for m in at.markdown)


def test_claims_are_labelled_as_claims_next_to_the_records(monkeypatch, views_db):  # noqa: F811
    at = run_page(monkeypatch, views_db, "trends", lang="ru")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    names = {d.get("name") for d in spec["data"]}
    assert {t("trends.claims.claims", "ru"), t("trends.claims.records", "ru")} <= names


def test_the_methodology_lists_every_code_list_and_the_update_log(monkeypatch, views_db):  # noqa: F811
    at = run_page(monkeypatch, views_db, "methodology", lang="ru")
    assert not at.exception
    expanders = [e.label for e in at.expander]
    assert sum("`" in e for e in expanders) == len(codebook.vocabularies())
    assert any(h.value == t("methodology.runs.heading", "ru") for h in at.header)
    assert len(at.dataframe) >= 3


@pytest.mark.parametrize("page", ["trends", "map", "country", "methodology"])
def test_the_views_cope_with_a_database_without_records(monkeypatch, empty_db, page):  # noqa: F811
    at = run_page(monkeypatch, empty_db, page)
    assert not at.exception, at.exception
