"""The awareness card's content in one language: the words and numbers the page, PNG and PDF show.

Everything but the interface strings comes from the published database (dashboard.queries.
awareness) and the glossary; this module only words it. Pure: frames in, a Card out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

import pandas as pd

from dashboard import i18n
from dashboard.i18n import CODES, LOCALES, label, language, number, plural, t

DEFAULT_COUNTRY = "UZB"
TEXT_FILES = ("awareness", "codes", "common")  # the locale files a card's words come from


@cache
def state_languages() -> dict[str, str]:
    """Country (ISO3) -> the code of its state language, as each language.json declares it."""
    return {c: code for code in CODES for c in language(code).state_language_of}


def card_languages(country: str) -> list[str]:
    """The languages a country's card is offered in: its state language, Russian, English."""
    own = state_languages().get(country)
    return [code for code in (own, "ru", "en") if code]


@cache
def glossary(lang: str) -> list[dict]:
    """The language's glossary of legal terms (locales/<lang>/glossary.json), or none."""
    path = LOCALES / lang / "glossary.json"
    return json.loads(path.read_text(encoding="utf-8"))["terms"] if path.exists() else []


def term(concept: str, country: str, lang: str) -> dict | None:
    """The glossary entry for a concept in a language, the country's own code first."""
    entries = [e for e in glossary(lang) if e["concept"] == concept]
    own = [e for e in entries if e.get("country") == country]
    general = [e for e in entries if not e.get("country")]
    return (own or general or [None])[0]


@dataclass(frozen=True)
class Item:
    """One line of a section, with the source that reports it."""

    text: str
    publisher: str | None = None
    url: str | None = None
    record_text: str | None = None  # a record's own words, kept in English as recorded


@dataclass(frozen=True)
class Figure:
    """A big number and what it counts."""

    value: str
    label: str


@dataclass
class Section:
    key: str
    heading: str
    figures: list[Figure] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    note: str | None = None


@dataclass
class Card:
    country: str
    lang: str
    title: str
    intro: str
    sections: list[Section]
    version: str
    link: str
    notices: list[str]


def duration(months: float | None, lang: str) -> str:
    """A term in whole years and months: '7 years 1 month', in the language's plural forms."""
    if months is None or pd.isna(months):
        return "?"
    years, rest = divmod(int(float(months) + 0.5), 12)
    parts = [plural("awareness.years", years, lang)] if years else []
    if rest or not years:
        parts.append(plural("awareness.months", rest, lang))
    return " ".join(parts)


def penalty(row: pd.Series, lang: str) -> str:
    low, high = row["penalty_min_months"], row["penalty_max_months"]
    if pd.notna(low) and pd.notna(high):
        return t(
            "awareness.penalty.range", lang, low=duration(low, lang), high=duration(high, lang)
        )
    if pd.notna(high):
        return t("awareness.penalty.up_to", lang, high=duration(high, lang))
    if pd.notna(low):
        return t("awareness.penalty.from", lang, low=duration(low, lang))
    return t("awareness.penalty.unknown", lang)


def when(day: object, precision: object, lang: str) -> str:
    """A record's date to the precision it is known, or 'date not established'."""
    if day is None or pd.isna(day):
        return t("awareness.date.unknown", lang)
    kept = precision if precision in ("day", "month", "year") else "day"
    return i18n.date(pd.Timestamp(day).date(), lang, kept)


def law_section(country: str, data: dict, lang: str) -> Section:
    section = Section("law", t("awareness.law.heading", lang))
    offence = term("offence", country, lang)
    if offence and offence.get("source_url"):  # a legal name is shown only with its source
        section.items.append(
            Item(
                t("awareness.law.offence", lang, term=offence["term"]),
                offence.get("source"),
                offence.get("source_url"),
            )
        )
    for _, row in data["articles"].iterrows():
        section.items.append(
            Item(
                t(
                    "awareness.law.article",
                    lang,
                    article=row["article"],
                    penalty=penalty(row, lang),
                ),
                row["publisher"],
                row["source_url"],
                record_text=None if lang == "en" else row["title"],
            )
        )
    if data["articles"].empty:
        section.items.append(Item(t("awareness.law.none", lang)))
    return section


def changes_section(data: dict, lang: str) -> Section:
    section = Section("changes", t("awareness.changes.heading", lang))
    for _, row in data["changes"].iterrows():
        section.items.append(
            Item(
                when(row["effective_date"], row["effective_date_precision"], lang),
                row["publisher"],
                row["source_url"],
                record_text=f"{row['article']}: {row['title']}",
            )
        )
    if data["changes"].empty:
        section.note = t("awareness.changes.none", lang)
    return section


def courts_section(data: dict, lang: str) -> Section:
    courts = data["courts"]
    section = Section("courts", t("awareness.courts.heading", lang))
    if not courts["cases"]:
        section.note = t("awareness.courts.none", lang)
        return section
    section.figures = [
        Figure(number(courts["cases"], lang), t("awareness.courts.cases", lang)),
        Figure(number(courts["prison"], lang), t("awareness.courts.prison", lang)),
    ]
    if courts["prison_known"]:
        section.figures.append(
            Figure(duration(courts["prison_median"], lang), t("awareness.courts.median", lang))
        )
        section.items.append(
            Item(
                t(
                    "awareness.courts.range",
                    lang,
                    low=duration(courts["prison_min"], lang),
                    high=duration(courts["prison_max"], lang),
                    n=number(courts["prison_known"], lang),
                )
            )
        )
    section.figures += [
        Figure(number(courts["suspended"], lang), t("awareness.courts.suspended", lang)),
        Figure(number(courts["restricted_freedom"], lang), t("awareness.courts.restricted", lang)),
    ]
    section.note = t("awareness.at_least", lang)
    return section


def reported_section(data: dict, lang: str) -> Section:
    """For a country with no prosecution on record: what has been reported instead."""
    section = Section("reported", t("awareness.reported.heading", lang))
    for _, row in data["reported"].iterrows():
        section.items.append(
            Item(
                t(
                    "awareness.reported.kind",
                    lang,
                    kind=label("incident_type", row["incident_type"], lang),
                    n=number(row["incidents"], lang),
                    latest=when(row["latest"], row["date_precision"], lang),
                ),
                row["publisher"],
                row["source_url"],
            )
        )
    if data["reported"].empty:
        section.note = t("awareness.reported.none", lang)
    else:
        section.note = t("awareness.at_least", lang)
    return section


def channels_section(data: dict, lang: str) -> Section:
    section = Section("channels", t("awareness.channels.heading", lang))
    for _, row in data["channels"].iterrows():
        section.items.append(
            Item(
                t(
                    "awareness.channels.line",
                    lang,
                    channel=label("recruitment_channel", row["recruitment_channel"], lang),
                    cases=number(row["cases"], lang),
                    incidents=number(row["incidents"], lang),
                )
            )
        )
    section.note = t(
        "awareness.channels.none" if data["channels"].empty else "awareness.at_least", lang
    )
    return section


def officials_section(data: dict, lang: str) -> Section:
    section = Section("officials", t("awareness.officials.heading", lang))
    for _, row in data["figures"].iterrows():
        section.items.append(
            Item(
                t(
                    "awareness.officials.figure",
                    lang,
                    date=when(row["report_date"], row["report_date_precision"], lang),
                    metric=label("metric", row["metric"], lang),
                    value=stated(row, lang),
                ),
                row["publisher"],
                row["source_url"],
                record_text=row["claimant"],
            )
        )
    for _, row in data["warnings"].iterrows():
        section.items.append(
            Item(
                t(
                    "awareness.officials.warning",
                    lang,
                    date=when(row["timeline_date"], row["date_precision"], lang),
                ),
                row["publisher"],
                row["source_url"],
            )
        )
    if data["figures"].empty and data["warnings"].empty:
        section.note = t("awareness.officials.none", lang)
    return section


def stated(row: pd.Series, lang: str) -> str:
    """A stated figure with its qualifier ('about 100'); an exact one needs none."""
    value = number(row["value"], lang)
    if row["value_qualifier"] in (None, "exact") or pd.isna(row["value_qualifier"]):
        return value
    return f"{label('value_qualifier', row['value_qualifier'], lang)} {value}"


def card_link(address: str, country: str, lang: str) -> str:
    return f"{address.rstrip('/')}/awareness?{urlencode({'country': country, 'lang': lang})}"


def build(country: str, lang: str, data: dict, version: str, address: str) -> Card:
    """The card for one country in one language from the query layer's answers."""
    sections = [law_section(country, data, lang), changes_section(data, lang)]
    if data["courts"]["cases"]:
        sections.append(courts_section(data, lang))
    else:
        sections += [courts_section(data, lang), reported_section(data, lang)]
    sections += [channels_section(data, lang), officials_section(data, lang)]
    notices = [] if i18n.all_reviewed(TEXT_FILES, lang) else [draft_notice(lang)]
    return Card(
        country=country,
        lang=lang,
        title=t("awareness.title", lang, country=label("country", country, lang)),
        intro=t("awareness.intro", lang),
        sections=sections,
        version=version,
        link=card_link(address, country, lang),
        notices=notices,
    )


def draft_notice(lang: str) -> str:
    """'Translation not yet reviewed', in the language and in English."""
    return f"{t('translation.draft', lang)} · {t('translation.draft', 'en')}"
