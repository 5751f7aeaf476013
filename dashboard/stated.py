"""Words for stated figures: a claim's hover line, and how much of a claimed total this dataset documents.

Pure functions over the rows of dashboard.queries.claims.stated: `text(key, **values)` and
`name(group, code)` come from dashboard.i18n, so tests pass their own.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd

from dashboard.components import plain_markdown

Text = Callable[..., str]
Name = Callable[[str, object], str]
# Shares we can state: the metrics etl/sql/claim_coverage.sql counts.
SHARE_METRICS = ("criminal_cases", "convicted", "killed", "captured")
SOURCES_SHOWN = 2


def missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or value != value


def partial(value: object, precision: object) -> str:
    """A date as precise as it was stated: '2025', '2025-10', '2025-10-29'."""
    if missing(value):
        return ""
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d")
    return pd.Timestamp(value).strftime(fmt)


def qualified(row: dict, text: Text) -> str:
    """'at least 270', 'about 200', '338' as the claimant stated it."""
    return text(f"stated.qualified.{row['value_qualifier']}", value=f"{int(row['value']):,}")


def period(row: dict, text: Text) -> str:
    """'in 2023', 'since 2022, as of 2025', 'as of 2025-10' or 'reported 2025-12-25'."""
    start = partial(row.get("period_start"), row.get("period_start_precision"))
    end = partial(row.get("as_of_date"), row.get("as_of_date_precision"))
    if start and start == end:
        return text("stated.period.in", start=start)
    if start:
        return text("stated.period.since", start=start, end=end or "?")
    if end:
        return text("stated.period.as_of", end=end)
    reported = partial(row.get("report_date"), row.get("report_date_precision"))
    return text("stated.period.reported", reported=reported) if reported else ""


def hover_line(row: dict, text: Text, name: Name) -> str:
    """The hover of one point: figure, claimant, period, series, id (no markup but <br>)."""
    parts = [
        f"{qualified(row, text)} · {name('country', row['country_iso3'])}",
        f"{plain(row['claimant'])} ({name('claimant_type', row['claimant_type'])})",
        period(row, text),
    ]
    if not missing(row.get("series_id")):
        parts.append(text("stated.series", series=plain(row["series_id"])))
    parts.append(row["claim_id"])
    return "<br>".join(p for p in parts if p)


def plain(value: object) -> str:
    """Text for a plotly hover, which renders a few HTML tags: angle brackets shown as such."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def headline_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Per country and comparable metric, the latest dated claim (the largest when several
    share its date) whose figure is above zero and not below what we document: the one
    total a share of it is meaningful for."""
    if claims.empty:
        return claims
    ok = (
        claims["metric"].isin(SHARE_METRICS)
        & claims["documented"].notna()
        & claims["window_to"].notna()
        & (claims["value"] > 0)
        & (claims["documented"] <= claims["value"])
    )
    picked = claims[ok].sort_values(
        ["country_iso3", "metric", "window_to", "value", "claim_id"],
        ascending=[True, True, False, False, True],
    )
    return picked.drop_duplicates(["country_iso3", "metric"]).reset_index(drop=True)


def records_link(row: dict, lang: str = "en") -> str:
    """The explorer listing the records counted for the claim (same country, type, period)."""
    query = {"type": row["record_type"], "country": row["country_iso3"]}
    if not missing(row.get("incident_type")):
        query["kind"] = row["incident_type"]
    if not missing(row.get("window_from")):
        query["from"] = pd.Timestamp(row["window_from"]).strftime("%Y-%m-%d")
    if not missing(row.get("window_to")):
        query["to"] = pd.Timestamp(row["window_to"]).strftime("%Y-%m-%d")
    if lang != "en":
        query["lang"] = lang
    return "explore?" + urlencode(query)


def claim_link(row: dict, lang: str = "en") -> str:
    query = {"ids": row["claim_id"]} | ({"lang": lang} if lang != "en" else {})
    return "explore?" + urlencode(query)


def listed(value: object) -> list:
    """A list column's value as a list (DuckDB gives numpy arrays; a claim without sources None)."""
    return [] if value is None or (isinstance(value, float) and value != value) else list(value)


def safe_url(url: object) -> str:
    """A validated http(s) address inside a Markdown link: brackets percent-encoded so the
    link ends where it should."""
    return str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def share_sentence(row: dict, text: Text, name: Name, lang: str = "en") -> str:
    """'Uzbekistan: this dataset documents 13 of the 338 criminal cases that … stated (since
    2022, as of 2025). Claim · its sources: Kun.uz, Gazeta.uz · our records' in Markdown."""
    sources = [
        f"[{plain_markdown(outlet)}]({safe_url(url)})"
        for outlet, url in zip(
            listed(row.get("source_outlets"))[:SOURCES_SHOWN],
            listed(row.get("source_urls"))[:SOURCES_SHOWN],
            strict=True,
        )
    ]
    return text(
        f"stated.share.{row['metric']}",
        country=name("country", row["country_iso3"]),
        documented=f"{int(row['documented']):,}",
        value=qualified(row, text),
        claimant=plain_markdown(row["claimant"]),
        period=period(row, text),
        claim=claim_link(row, lang),
        sources=", ".join(sources) or "—",
        records=records_link(row, lang),
    )
