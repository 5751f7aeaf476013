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
