"""Interface language: the texts, plurals, numbers and dates of the language chosen with ?lang=.

Each language is one folder, locales/<code>/: a language.json saying what it is (name, CLDR
locale, script, which language stands in for untranslated pages) and one JSON file of texts
per page. Adding a language is that folder plus its code in CODES below. Plural categories,
numbers and dates come from CLDR through Babel, never from rules written here.

A text is either a plain string (the project's own languages, English and Russian) or
{"text": ..., "status": "draft" | "reviewed"} (a translation; "reviewed" only once a fluent
speaker has read it). locales/README.md describes the format.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

LOCALES = Path(__file__).parent / "locales"
# The one line a new language needs: its folder, in the order the language switch shows.
CODES = ("en", "ru", "uz", "kk", "ky", "tg", "tk")
DEFAULT = "en"
STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class Language:
    """One interface language as its locales/<code>/language.json declares it."""

    code: str
    name: str  # in the language itself, as the switch shows it
    english: str  # its English name, for notices addressed to everyone
    locale: str  # CLDR locale for plurals, numbers and dates (uz_Latn: Uzbek in Latin script)
    script: str  # ISO 15924 code of the script its texts are written in (Latn, Cyrl)
    fallback: str | None  # language shown where a page is not translated yet
    untranslated: tuple[str, ...]  # text files (page names) still shown in the fallback
    state_language_of: tuple[str, ...]  # countries (ISO3) whose state language it is

    @property
    def cldr(self) -> Locale:
        return Locale.parse(self.locale)


@cache
def language(code: str) -> Language:
    spec = json.loads((LOCALES / code / "language.json").read_text(encoding="utf-8"))
    return Language(
        code=code,
        name=spec["name"],
        english=spec["english"],
        locale=spec["locale"],
        script=spec["script"],
        fallback=spec.get("fallback"),
        untranslated=tuple(spec.get("untranslated", ())),
        state_language_of=tuple(spec.get("state_language_of", ())),
    )


LANGUAGES = {code: language(code).name for code in CODES}


@cache
def entries(lang: str) -> dict[str, dict[str, str]]:
    """Every text of one language with its file and status: key -> {text, status, file}."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        if path.name in ("language.json", "glossary.json"):
            continue
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            entry = {"text": value, "status": "source"} if isinstance(value, str) else value
            merged[key] = {**entry, "file": path.stem}
    return merged


@cache
def catalog(lang: str) -> dict[str, str]:
    """The texts one language has itself (no fallback): key -> text."""
    return {key: entry["text"] for key, entry in entries(lang).items()}


def chain(lang: str) -> list[str]:
    """Where a text is looked up, in order: the language, its fallback(s), then English."""
    order = []
    code: str | None = lang
    while code and code not in order:
        order.append(code)
        code = language(code).fallback
    return order + ([DEFAULT] if DEFAULT not in order else [])


def current() -> str:
    lang = st.session_state.get("lang", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def _lookup(key: str, lang: str) -> str | None:
    for code in chain(lang):
        text = catalog(code).get(key)
        if text:
            return text
    return None


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for key in the current language; a missing key shows as the key itself."""
    text = _lookup(key, lang or current()) or key
    return text.format(**values) if values else text


def label(group: str, code: object, lang: str | None = None) -> str:
    """Display name of a coded value (country, sentence type, ...); unknown codes show as-is."""
    if code is None or code != code:  # None or NaN
        return t(f"{group}.none", lang)
    return _lookup(f"{group}.{code}", lang or current()) or str(code)


def plural_form(n: float, lang: str) -> str:
    """CLDR plural category of n in the language ('one', 'few', 'many', 'other', ...)."""
    return language(lang).cldr.plural_form(n)


def plural_categories(lang: str) -> set[str]:
    """Every category the language's plural rule can give (CLDR always has 'other')."""
    return set(language(lang).cldr.plural_form.tags) | {"other"}


def plural(key: str, n: float, lang: str | None = None) -> str:
    """'brief.years' + 3 -> '3 years' / '3 года': key.<category> holds '{n} ...' per language."""
    lang = lang or current()
    return t(f"{key}.{plural_form(n, lang)}", lang, n=number(n, lang))


def number(n: float, lang: str | None = None) -> str:
    """A number as the language writes it: 1,234 (en), 1 234 (ru, uz, kk ...), decimal comma."""
    return format_decimal(n, locale=language(lang or current()).cldr)


def date(day: dt.date, lang: str | None = None, precision: str = "day") -> str:
    """A date as the language writes it, to the precision known ('day', 'month' or 'year')."""
    cldr = language(lang or current()).cldr
    if precision == "year":
        return format_skeleton("y", day, locale=cldr)
    if precision == "month":
        return format_skeleton("yMMMM", day, locale=cldr)
    return format_date(day, "long", locale=cldr)


def page_untranslated(page: str, lang: str | None = None) -> bool:
    """True when the page's own texts are still shown in the fallback language."""
    return page in language(lang or current()).untranslated


def all_reviewed(files: tuple[str, ...] | None = None, lang: str | None = None) -> bool:
    """True when no text of these files (all when None) is a translation nobody reviewed."""
    return all(
        entry["status"] != "draft"
        for entry in entries(lang or current()).values()
        if files is None or entry["file"] in files
    )


def notices(page: str, lang: str | None = None) -> list[str]:
    """What a page says about its translation, in its language and in English (else nothing)."""
    lang = lang or current()
    spoken = language(lang)
    keys = []
    if page_untranslated(page, lang) and spoken.fallback:
        keys.append("translation.fallback")
    if not all_reviewed(lang=lang):
        keys.append("translation.draft")
    stand_in = language(spoken.fallback or DEFAULT)
    texts = []
    for key in keys:
        # A translation may leave the names out and say them in its own grammar.
        own = t(key, lang, language=spoken.name, fallback=stand_in.name)
        english = t(key, DEFAULT, language=spoken.english, fallback=stand_in.english)
        texts.append(f"{own} · {english}")
    return texts
