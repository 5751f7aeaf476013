"""Interface language: English or Russian, chosen with ?lang=ru; texts live in locales/<lang>/*.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All texts of one language; one JSON file per page under locales/<lang>/."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def current() -> str:
    lang = st.session_state.get("lang", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for key in the current language; a missing key shows as the key itself."""
    text = catalog(lang or current()).get(key) or catalog(DEFAULT).get(key) or key
    return text.format(**values) if values else text


def label(group: str, code: object, lang: str | None = None) -> str:
    """Display name of a coded value (country, sentence type, ...); unknown codes show as-is."""
    if code is None or code != code:  # None or NaN
        return t(f"{group}.none", lang)
    key = f"{group}.{code}"
    text = catalog(lang or current()).get(key) or catalog(DEFAULT).get(key)
    return text or str(code)


def plural_form(n: int, lang: str) -> str:
    """CLDR plural category for whole numbers: 'one', 'few' or 'many' (English: one/many)."""
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "many"


def plural(key: str, n: int, lang: str | None = None) -> str:
    """'brief.years' + 3 -> '3 years' / '3 года': key.one, key.few, key.many hold '{n} ...'."""
    lang = lang or current()
    return t(f"{key}.{plural_form(n, lang)}", lang, n=n)
