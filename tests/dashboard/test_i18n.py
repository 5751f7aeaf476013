"""Both interface languages carry every key, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.i18n import LANGUAGES, catalog

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def test_every_language_has_exactly_the_same_keys():
    english = set(catalog("en"))
    for lang in LANGUAGES:
        assert set(catalog(lang)) == english, f"{lang}: {set(catalog(lang)) ^ english}"


def test_no_translation_is_left_empty():
    for lang in LANGUAGES:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_.0-9]+)\"", path.read_text()))
    missing = sorted(k for k in used if k not in catalog("en"))
    assert missing == []


def test_placeholders_match_between_languages():
    for key, text in catalog("en").items():
        for lang in LANGUAGES:
            assert set(re.findall(r"\{(\w+)\}", catalog(lang)[key])) == set(
                re.findall(r"\{(\w+)\}", text)
            ), (lang, key)


def test_every_code_in_the_contract_has_a_name_in_every_language():
    from etl.contract import CENTRAL_ASIA, CONTEXT_COUNTRIES, FILES

    missing = []
    for lang in LANGUAGES:
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
    keys += [f"brief.{u}.{f}" for u in ("years", "months") for f in ("one", "few", "many")]
    for lang in LANGUAGES:
        assert [k for k in keys if k not in catalog(lang)] == [], lang


def test_russian_numbers_agree_with_their_noun():
    from dashboard.i18n import plural

    assert [plural("brief.years", n, "ru") for n in (1, 3, 5, 11, 21, 22)] == [
        "1 год",
        "3 года",
        "5 лет",
        "11 лет",
        "21 год",
        "22 года",
    ]
    assert (
        plural("brief.years", 1, "en") == "1 year" and plural("brief.years", 2, "en") == "2 years"
    )
