"""The awareness card on a phone and a desktop, offline: no overflow, its script, the database's numbers."""

from __future__ import annotations

import unicodedata

import pytest
from browser_support import running_app
from playwright.sync_api import Page, expect

from dashboard import awareness, i18n
from dashboard.figure_export import PNG_MAGIC
from dashboard.i18n import language
from etl.contract import CENTRAL_ASIA

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
CARDS = [(c, lang) for c in CENTRAL_ASIA for lang in awareness.card_languages(c)[:2]]
SCRIPT = {"Latn": "LATIN", "Cyrl": "CYRILLIC"}


@pytest.fixture(scope="module")
def card_app(real_db):
    with running_app(real_db) as url:
        yield url


def share_in_script(text: str, script: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(unicodedata.name(c, "").startswith(SCRIPT[script]) for c in letters) / len(letters)


def database_counts(db_path, country: str) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        row = con.execute(
            """SELECT count(*), count(*) FILTER (sentence_type = 'prison'),
                      count(*) FILTER (sentence_type = 'suspended'),
                      count(*) FILTER (sentence_type = 'restricted_freedom')
               FROM cases WHERE country_iso3 = ?""",
            [country],
        ).fetchone()
    return dict(zip(("cases", "prison", "suspended", "restricted"), row, strict=True))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(("country", "lang"), CARDS)
def test_the_card_reads_on_a_phone_and_a_desktop(
    page: Page, card_app: str, offline: list[str], real_db, country, lang, viewport
):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size(viewport)
    page.goto(f"{card_app}/awareness?country={country}&lang={lang}")
    title = i18n.t("awareness.title", lang, country=i18n.label("country", country, lang))
    heading = page.get_by_role("heading", name=title)
    expect(heading).to_be_visible(timeout=30_000)
    # The last section renders after the title: wait for it before reading the page.
    last = page.get_by_role("heading", name=i18n.t("awareness.sources.heading", lang))
    expect(last).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal scroll"
    main = page.locator('[data-testid="stMain"]')
    # Body text: the intro and every line of the sections (captions aside).
    sizes = main.locator(
        '[data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li'
    ).evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 16, sizes
    headings = " ".join(main.locator("h1, h2").all_inner_texts())
    assert share_in_script(headings, language(lang).script) > 0.9, headings
    counts = database_counts(real_db, country)
    if counts["cases"]:
        for key, label_key in [
            ("cases", "awareness.courts.cases"),
            ("prison", "awareness.courts.prison"),
            ("suspended", "awareness.courts.suspended"),
            ("restricted", "awareness.courts.restricted"),
        ]:
            label = page.get_by_text(i18n.t(label_key, lang), exact=True)
            metric = main.locator('[data-testid="stMetric"]').filter(has=label)
            value = metric.locator('[data-testid="stMetricValue"]')
            expect(value).to_have_text(i18n.number(counts[key], lang), timeout=15_000)
    else:
        expect(main.get_by_text(i18n.t("awareness.courts.none", lang))).to_be_visible()
    assert offline == [], f"requests left the machine: {offline}"


def test_the_card_downloads_as_a_png(page: Page, card_app: str, offline: list[str]):
    page.set_viewport_size(PHONE)
    page.goto(f"{card_app}/awareness?country=TJK&lang=tg")
    button = page.get_by_text(i18n.t("awareness.download.png", "tg"))
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "awareness-TJK-tg.png"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(8) == PNG_MAGIC
    assert offline == []
