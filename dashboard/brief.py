"""The country brief's tables and one-page figure, assembled from its query results.

Shared by the page (tables on screen) and the download (the same content on one A4 page),
so the two never disagree. Texts go through i18n; the drawing is charts/country.py's.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import country as charts
from dashboard.components import footer_text, readable
from dashboard.i18n import label, plural, t

NUMBERS = ("cases", "defendants", "prison", "incidents", "claims")
ON_PAGE = 5  # rows of claims and of latest events that fit on the printed page


def penalty(low: object, high: object) -> str:
    return charts.penalty_range(
        low,
        high,
        lambda n: plural("brief.years", n),
        lambda n: plural("brief.months", n),
        t("brief.up_to"),
        t("brief.from"),
    )


def laws_table(laws: pd.DataFrame, with_summary: bool = True) -> pd.DataFrame:
    """Article, title, penalty in words, kind (and our summary), ready to show."""
    view = laws.assign(
        penalty=[
            penalty(lo, hi)
            for lo, hi in zip(laws["penalty_min_months"], laws["penalty_max_months"], strict=True)
        ]
    )
    columns = ["article", "title", "penalty", "kind"] + (["summary"] if with_summary else [])
    return readable(view[columns])


def claims_table(
    claims: pd.DataFrame, rows: int | None = None, documented: bool = False
) -> pd.DataFrame:
    """Date, metric, figure as stated, claimant; on screen also what this dataset documents
    of it (the printed page has no room for it)."""
    view = claims.head(rows) if rows else claims
    view = view.assign(dated=view["dated"].dt.strftime("%Y-%m").fillna("–"))
    columns = ["dated", "metric", "value", "value_qualifier", "claimant"]
    table = readable(view[columns])
    if documented:
        table[t("stated.column.documented")] = view["documented"].astype("Int64").to_numpy()
    return table


def latest_table(latest: pd.DataFrame, rows: int = ON_PAGE) -> pd.DataFrame:
    view = latest.head(rows)
    return pd.DataFrame(
        {
            t("column.timeline_date"): view["timeline_date"].dt.strftime("%Y-%m-%d"),
            t("column.record_id"): view["record_id"],
            t("column.kind"): [
                event_kind(r, k) for r, k in zip(view["record_type"], view["kind"], strict=True)
            ],
            t("column.summary"): [charts.shorten(s) for s in view["summary"]],
        }
    )


def event_kind(record_type: str, kind: object) -> str:
    group = "sentence_type" if record_type == "cases" else "incident_type"
    return f"{label('record_type', record_type)}: {label(group, kind)}"


def figure(
    country: str,
    numbers: dict[str, int],
    laws: pd.DataFrame,
    outcomes: pd.DataFrame,
    incidents: pd.DataFrame,
    claims: pd.DataFrame,
    latest: pd.DataFrame,
    meta: dict[str, str],
) -> go.Figure:
    name = label("country", country)
    return charts.brief_figure(
        t("brief.page.title", country=name),
        t(
            "brief.page.subtitle",
            version=meta.get("data_version", "?"),
            built_at=meta.get("built_at", "?")[:10],
        ),
        [(t(f"brief.metric.{k}"), numbers[k]) for k in NUMBERS],
        laws_table(laws, with_summary=False),
        (
            [label("sentence_type", c) for c in outcomes["sentence_type"]],
            outcomes["cases"].tolist(),
        ),
        (
            [label("incident_type", c) for c in incidents["incident_type"]],
            incidents["incidents"].tolist(),
        ),
        claims_table(claims, ON_PAGE),
        latest_table(latest),
        {k: t(f"brief.page.{k}") for k in ("laws", "outcomes", "incidents", "claims", "latest")},
        footer_text(),
        country,
    )
