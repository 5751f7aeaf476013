"""The awareness card: every country in its languages, numbers from the database, files with the version."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from streamlit.testing.v1 import AppTest

from dashboard import awareness, awareness_print, db, i18n
from dashboard.i18n import CODES, catalog, language
from etl.contract import CENTRAL_ASIA

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAIRS = [(c, lang) for c in CENTRAL_ASIA for lang in awareness.card_languages(c)]


def card_page(monkeypatch, db, country, lang) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/awareness.py")
    at.query_params["country"] = country
    at.query_params["lang"] = lang
    return at.run()


def test_every_country_has_a_state_language_and_three_card_languages():
    assert set(awareness.state_languages()) == set(CENTRAL_ASIA)
    for country in CENTRAL_ASIA:
        own = awareness.state_languages()[country]
        assert awareness.card_languages(country) == [own, "ru", "en"]


@pytest.mark.parametrize(("country", "lang"), PAIRS)
def test_the_card_renders_with_the_databases_numbers(monkeypatch, real_db, country, lang):
    at = card_page(monkeypatch, real_db, country, lang)
    assert not at.exception, at.exception
    # Counted here with SQL of its own, not through the query layer the page uses.
    cases, prison, suspended = db.query(
        """SELECT count(*), count(*) FILTER (sentence_type = 'prison'),
                  count(*) FILTER (sentence_type = 'suspended')
           FROM cases WHERE country_iso3 = ?""",
        [country],
    ).iloc[0]
    initials = set(db.query("SELECT defendant_initials FROM cases")["defendant_initials"])
    metrics = {m.label: m.value for m in at.metric}
    shown = " ".join(e.value for e in [*at.markdown, *at.title, *at.header]).replace("\\", "")
    if cases:
        assert metrics[i18n.t("awareness.courts.cases", lang)] == i18n.number(cases, lang)
        assert metrics[i18n.t("awareness.courts.prison", lang)] == i18n.number(prison, lang)
        assert metrics[i18n.t("awareness.courts.suspended", lang)] == i18n.number(suspended, lang)
    else:
        assert i18n.t("awareness.courts.none", lang) in shown
        assert i18n.t("awareness.reported.heading", lang) in [h.value for h in at.header]
    # Aggregates only: no defendant's initials anywhere on the card.
    assert not [
        i
        for i in initials
        if isinstance(i, str) and re.search(rf"(?<!\w){re.escape(i)}(?!\w)", shown)
    ]


@pytest.mark.parametrize("lang", [c for c in CODES if c not in ("en", "ru")])
def test_an_unreviewed_card_says_so_in_its_language_and_in_english(monkeypatch, real_db, lang):
    country = language(lang).state_language_of[0]
    at = card_page(monkeypatch, real_db, country, lang)
    warning = at.warning[0].value
    assert i18n.t("translation.draft", lang) in warning
    assert i18n.t("translation.draft", "en") in warning


def card(database, monkeypatch, country, lang):
    monkeypatch.setenv("MONITOR_DB", str(database))
    from dashboard.queries import awareness as queries
    from dashboard.queries import common

    version = db.version()
    data_version = common.meta(version)["data_version"]
    return awareness.build(
        country, lang, queries.card_data(version, country), data_version, "https://x.example"
    )


@pytest.mark.parametrize(("country", "lang"), [("UZB", "uz"), ("TJK", "tg"), ("KAZ", "ru")])
def test_the_png_is_1080_by_1350_and_the_pdf_a5_both_with_the_data_version(
    monkeypatch, real_db, country, lang
):
    made = card(real_db, monkeypatch, country, lang)
    assert made.version and made.version != "?"
    png = awareness_print.png_bytes(made)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1080, 1350)
    pdf = awareness_print.pdf_bytes(made)
    assert pdf.startswith(b"%PDF")
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (148, 210)  # A5, mm
    assert f"data version {made.version}".encode() in pdf
    assert f"country={country}&lang={lang}".encode() in pdf


def test_the_shipped_font_has_every_letter_of_every_language():
    for path in (awareness_print.REGULAR, awareness_print.BOLD):
        glyphs = TTFont(str(path)).getBestCmap()
        letters = {ch for lang in CODES for text in catalog(lang).values() for ch in text}
        letters |= set("әғқңөұүһіӣҳҷӯäçňöşüýžʻ")
        assert sorted(ch for ch in letters if ch.strip() and ord(ch) not in glyphs) == []


@pytest.mark.parametrize("lang", [c for c in CODES if c not in ("en", "ru")])
def test_every_glossary_names_each_term_and_cites_a_source_or_says_it_has_none(lang):
    terms = awareness.glossary(lang)
    concepts = {"offence", "mercenarism", "prison", "suspended_sentence"}
    concepts |= {"restriction_of_freedom", "recruiter"}
    assert {t["concept"] for t in terms} == concepts
    for term in terms:
        assert term["status"] in i18n.STATUSES and term["term"].strip()
        assert bool(term["source_url"]) == bool(term["source"]), term
        if not term["source_url"]:
            assert "unsourced" in term.get("note", ""), term


@pytest.mark.parametrize(
    ("months", "lang", "expected"),
    [
        (13, "ru", "1 год 1 месяц"),
        (24, "ru", "2 года"),
        (60, "ru", "5 лет"),
        (18, "en", "1 year 6 months"),
        (60, "uz", "5 yil"),
        (6, "kk", "6 ай"),
    ],
)
def test_a_term_is_said_in_years_and_months_with_the_languages_plurals(months, lang, expected):
    assert awareness.duration(months, lang) == expected
