"""Every language carries every key (or says which pages fall back), in its script and CLDR rules."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.i18n import CODES, DEFAULT, LANGUAGES, catalog, entries, language

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
PLURAL = re.compile(r"\.(zero|one|two|few|many|other)$")
TRANSLATED = [code for code in CODES if code not in ("en", "ru")]


def base(key: str) -> str:
    """A plural key without its CLDR category: brief.years.few -> brief.years."""
    return PLURAL.sub("", key) if key.rsplit(".", 1)[0] in plural_bases() else key


def plural_bases() -> set[str]:
    """Stems whose every English variant is a CLDR category (role.other is a code, not one)."""
    variants: dict[str, set[str]] = {}
    for key in catalog(DEFAULT):
        stem, _, last = key.rpartition(".")
        variants.setdefault(stem, set()).add(last)
    categories = {"zero", "one", "two", "few", "many", "other"}
    return {stem for stem, v in variants.items() if "other" in v and v <= categories}


def required(lang: str) -> set[str]:
    """The keys a language must have: all of English's, but for the pages it declares untranslated."""
    skipped = set(language(lang).untranslated)
    return {base(key) for key, entry in entries(DEFAULT).items() if entry["file"] not in skipped}


def test_every_folder_is_a_listed_language_and_every_listed_language_a_folder():
    folders = {p.name for p in (DASHBOARD / "locales").iterdir() if p.is_dir()}
    assert folders == set(CODES)
    assert list(LANGUAGES) == list(CODES)
    assert {"en", "ru", "uz", "kk", "ky", "tg", "tk"} <= set(CODES)  # issue #14


@pytest.mark.parametrize("lang", CODES)
def test_no_key_is_missing(lang):
    have = {base(key) for key in catalog(lang)}
    assert sorted(required(lang) - have) == []


@pytest.mark.parametrize("lang", CODES)
def test_no_key_exists_that_english_does_not_have(lang):
    english = {base(key) for key in catalog(DEFAULT)}
    assert sorted({base(key) for key in catalog(lang)} - english) == []


@pytest.mark.parametrize("lang", CODES)
def test_a_page_is_translated_whole_or_declared_untranslated(lang):
    """Half a page in the language and half in the fallback would say nothing about it."""
    files = {entry["file"] for entry in entries(lang).values()}
    english_files = {entry["file"] for entry in entries(DEFAULT).values()}
    assert not files & set(language(lang).untranslated)
    assert set(language(lang).untranslated) <= english_files
    assert files | set(language(lang).untranslated) == english_files


@pytest.mark.parametrize("lang", CODES)
def test_every_plural_has_exactly_the_categories_cldr_gives_the_language(lang):
    for stem in plural_bases():
        forms = {k.rsplit(".", 1)[1] for k in catalog(lang) if k.rsplit(".", 1)[0] == stem}
        if forms:
            assert forms == i18n.plural_categories(lang), (lang, stem)


def test_no_translation_is_left_empty():
    for lang in CODES:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def test_every_translated_string_carries_a_status_and_a_reviewed_one_names_its_reviewer():
    for lang in TRANSLATED:
        for key, entry in entries(lang).items():
            assert entry["status"] in i18n.STATUSES, (lang, key)
            if entry["status"] == "reviewed":
                assert entry.get("reviewed_by", "").strip(), (lang, key)


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_.0-9]+)\"", path.read_text()))
    missing = sorted(k for k in used if k not in catalog("en"))
    assert missing == []


def test_a_translation_uses_no_placeholder_the_code_does_not_fill():
    for key, text in catalog("en").items():
        for lang in CODES:
            if key in catalog(lang):
                assert set(re.findall(r"\{(\w+)\}", catalog(lang)[key])) <= set(
                    re.findall(r"\{(\w+)\}", text)
                ), (lang, key)


def test_russian_keeps_every_placeholder():
    for key, text in catalog("en").items():
        if key in catalog("ru"):
            assert set(re.findall(r"\{(\w+)\}", catalog("ru")[key])) == set(
                re.findall(r"\{(\w+)\}", text)
            ), key


def letters_in_script(text: str, script: str) -> float:
    """Share of the letters in text written in the script (Latn or Cyrl)."""
    text = re.sub(r"\{\w+\}|`[^`]*`|\b[A-Z]{2,}\b|https?://\S+", "", text)
    if script == "Cyrl":  # names of formats and groups stay Latin: Parquet, Wagner
        text = re.sub(r"\b[A-Z][a-z]+\b", "", text)
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    name = {"Latn": "LATIN", "Cyrl": "CYRILLIC"}[script]
    return sum(unicodedata.name(c, "").startswith(name) for c in letters) / len(letters)


@pytest.mark.parametrize("lang", CODES)
def test_texts_are_written_in_the_languages_script(lang):
    script = language(lang).script
    wrong = [k for k, v in catalog(lang).items() if letters_in_script(v, script) < 0.8]
    assert wrong == []


def test_every_code_in_the_contract_has_a_name_in_every_language():
    from etl.contract import CENTRAL_ASIA, CONTEXT_COUNTRIES, FILES

    missing = []
    for lang in CODES:
        for contract in FILES:
            for col in contract.columns:
                for code in col.allowed or {}:
                    if f"{col.name}.{code}" not in catalog(lang):
                        missing.append((lang, col.name, code))
        missing += [
            (lang, "country", c)
            for c in CENTRAL_ASIA + CONTEXT_COUNTRIES
            if f"country.{c}" not in catalog(lang)
        ]
    assert missing == []


def test_label_names_every_code_and_none_in_russian():
    from dashboard.i18n import label
    from etl.contract import FILES

    for contract in FILES:
        for col in contract.columns:
            if col.allowed:
                assert label(col.name, None, "ru") != f"{col.name}.none", col.name
                for code in col.allowed:
                    assert label(col.name, code, "ru") != code or code.isupper(), (col.name, code)


def test_keys_built_at_run_time_exist():
    """Pages build some keys from their options (t(f"map.title.{measure}.{scale}")...)."""
    from dashboard.queries import map as map_queries
    from dashboard.queries import trends as trend_queries

    keys = [f"map.measure.{m}" for m in map_queries.MEASURES]
    keys += [f"map.caption.{m}" for m in map_queries.MEASURES]
    keys += [
        f"map.title.{m}.{s}" for m in map_queries.MEASURES for s in ("absolute", "per_million")
    ]
    keys += [f"map.axis.{s}" for s in ("absolute", "per_million")]
    keys += [f"map.scale.{s}" for s in ("absolute", "per_million")]
    for record in trend_queries.RECORDS:
        keys += [
            f"trends.record.{record}",
            f"trends.over_time.caption.{record}",
            f"chart.axis.{record}",
        ]
        keys += [f"trends.over_time.title.{record}.{p}" for p in trend_queries.PERIODS]
        keys += [f"trends.composition.title.{c}.{record}" for c in trend_queries.COMPOSITIONS]
    keys += [f"trends.period.{p}" for p in trend_queries.PERIODS]
    keys += [f"trends.composition.caption.{c}" for c in trend_queries.COMPOSITIONS]
    keys += [f"trends.claims.compare.{m}" for m in trend_queries.COMPARABLE]
    keys += [f"brief.metric.{k}" for k in ("cases", "defendants", "prison", "incidents", "claims")]
    keys += ["brief.years", "brief.months"]
    for lang in CODES:
        have = {base(k) for k in catalog(lang)} | required_elsewhere(lang)
        assert [k for k in keys if k not in have] == [], lang


def required_elsewhere(lang: str) -> set[str]:
    """Keys of the pages a language leaves to its fallback (they are looked up there)."""
    skipped = set(language(lang).untranslated)
    return {base(k) for k, e in entries(DEFAULT).items() if e["file"] in skipped}


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("ru", 1, "1 год"),
        ("ru", 3, "3 года"),
        ("ru", 5, "5 лет"),
        ("ru", 11, "11 лет"),
        ("ru", 21, "21 год"),
        ("ru", 22, "22 года"),
        ("ru", 1.5, "1,5 года"),
        ("en", 1, "1 year"),
        ("en", 2, "2 years"),
        ("en", 1.5, "1.5 years"),
    ],
)
def test_numbers_agree_with_their_noun(lang, n, expected):
    assert i18n.plural("brief.years", n, lang) == expected


def samples(lang: str) -> dict[str, str]:
    """CLDR's rules written out in language.json by whoever adds the language, so that a wrong
    locale (Uzbek in Arabic script, a hand-made format) fails: 1 234 567,5 is not 1,234,567.5."""
    return json.loads((DASHBOARD / "locales" / lang / "language.json").read_text())["samples"]


@pytest.mark.parametrize("lang", CODES)
def test_numbers_are_written_by_the_languages_cldr_rules(lang):
    assert i18n.number(1234567.5, lang) == samples(lang)["1234567.5"]
    assert i18n.number(7, lang) == "7"


@pytest.mark.parametrize("lang", CODES)
def test_dates_are_written_by_the_languages_cldr_rules(lang):
    day = dt.date(2024, 3, 5)
    assert i18n.date(day, lang) == samples(lang)["2024-03-05"]
    assert i18n.date(day, lang, "month") == samples(lang)["2024-03"]
    assert i18n.date(day, lang, "year").startswith("2024")


def test_languages_that_group_digits_differently_from_english_say_so():
    """Not every sample may simply copy English: Russian writes 1 234 567,5 by CLDR."""
    assert samples("ru")["1234567.5"] != samples("en")["1234567.5"]


def test_no_page_formats_a_number_by_hand():
    """f"{n:,}" writes 1,234 in every language; Russian and the others write 1 234."""
    views = [DASHBOARD / "components.py", *(DASHBOARD / "views").glob("*.py")]
    hand_made = [p.name for p in views if re.search(r":,\}", p.read_text())]
    assert hand_made == []


def test_a_translated_language_says_its_pages_fall_back_and_are_unreviewed(monkeypatch):
    for lang in TRANSLATED:
        notes = i18n.notices("explore", lang)
        if i18n.page_untranslated("explore", lang):
            assert any(language("ru").english in n for n in notes), lang
        assert any(i18n.t("translation.draft", "en") in n for n in notes), lang
    assert i18n.notices("overview", "en") == [] and i18n.notices("overview", "ru") == []
