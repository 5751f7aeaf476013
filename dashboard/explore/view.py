"""Explorer tables as a reader sees them: pure DataFrame -> DataFrame builders, no st.*, no SQL.

Texts come in as functions (`name(group, code)` for coded values, `text(key, **values)`
for phrases), so the same builders serve English and Russian and are tested on tiny frames.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from etl.contract import FILES
from etl.facets import TYPE_NAMES

Name = Callable[[str, object], str]
Text = Callable[..., str]

# Coded column -> its label group in the locale files. One map for every page: a code's
# name is `<column>.<code>` (locales/*/codes.json, the codebook's too), so a code reads the
# same on the explorer, the methodology page and the charts; country columns share `country`.
LABEL_GROUPS = {
    "country_iso3": "country",
    "location_iso3": "country",
    **{
        column: column
        for column in (
            "country",
            "incident_type",
            "sentence_type",
            "record_type",
            "role",
            "stage",
            "side",
            "armed_group",
            "recruitment_channel",
            "verification",
            "claimant_type",
            "metric",
            "value_qualifier",
            "date_basis",
        )
    },
}
# What `what()` reads of a row.
WHAT_COLUMNS = [
    "record_type",
    "sentence_type",
    "sentence_months",
    "incident_type",
    "metric",
    "value_qualifier",
    "value",
]
RESULT_COLUMNS = [
    "record_id",
    "type",
    "date_text",
    "date_basis",
    "country",
    "what",
    "summary",
    "source_count",
    "first_source_url",
]
# Cases keep the verdict's precision in date_precision (etl/transform.py add_derived).
SHARED_PRECISION = {"verdict_date", "event_date"}
CONTRACTS = {c.table: c for c in FILES}


def missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or value != value


def partial_date(value: object, precision: object) -> str:
    """2024-05-01 with precision 'month' -> '2024-05'; an unknown precision shows the full day."""
    if missing(value):
        return ""
    day = pd.Timestamp(value)
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d")
    return day.strftime(fmt)


def results_table(rows: pd.DataFrame, name: Name, text: Text) -> pd.DataFrame:
    """One line per record: id, type, date as precise as known, country, what, summary, sources."""
    if rows.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    out = pd.DataFrame(
        {
            "record_id": rows["record_id"],
            "type": named(rows["record_type"], "record_type", name),
            "date_text": rows["date_text"].fillna(""),
            "date_basis": named(rows["date_basis"], "date_basis", name, empty=""),
            "country": named(rows["country"], "country", name),
            "what": [what(r, name, text) for r in rows[WHAT_COLUMNS].to_dict("records")],
            "summary": rows["summary"],
            "source_count": rows["source_count"].astype("int64"),
            "first_source_url": rows["first_source_url"],
        }
    )
    return out.reset_index(drop=True)


def named(codes: pd.Series, group: str, name: Name, empty: str | None = None) -> list[str]:
    """Each code's label, looked up once per distinct code (a page repeats a handful of codes
    200 times); a missing code reads `empty` when given, else as `name` words it."""
    labels = {c: name(group, c) for c in codes.dropna().unique()}
    return [
        labels[c] if not missing(c) else (name(group, c) if empty is None else empty) for c in codes
    ]


def type_counts(counts: pd.DataFrame, chosen: tuple[str, ...] = ()) -> dict[str, int]:
    """Records per type in the view, every type present (0 when none), from its facet counts:
    {'cases': 4, 'incidents': 2, 'claims': 0}.

    The types facet is counted under the view's other filters, so restricted to the types
    the view chose (`chosen`; none = all) it is exactly the view's count per type: no query.
    """
    part = counts[counts["facet"] == "types"]
    found = dict(zip(part["value"], part["n"], strict=True))
    return {
        kind: int(found.get(kind, 0)) if not chosen or kind in chosen else 0 for kind in TYPE_NAMES
    }


def page_span(number: int, size: int, total: int) -> tuple[int, int]:
    """First and last row (from 1) that page `number` shows: (201, 400); (0, 0) when none."""
    if total <= 0:
        return 0, 0
    first = (number - 1) * size + 1
    return first, min(number * size, total)


def what(row: dict, name: Name, text: Text) -> str:
    """The record in three words: a case's sentence, an incident's kind, a claim's figure."""
    kind = row.get("record_type")
    if kind == "cases":
        sentence = name("sentence_type", row.get("sentence_type"))
        months = row.get("sentence_months")
        if missing(months):
            return sentence
        return text("explore.what.sentence", type=sentence, months=int(months))
    if kind == "incidents":
        return name("incident_type", row.get("incident_type"))
    if kind == "claims":
        value = row.get("value")
        return text(
            "explore.what.claim",
            metric=name("metric", row.get("metric")),
            qualifier=name("value_qualifier", row.get("value_qualifier")),
            value="" if missing(value) else f"{int(value):,}",
        ).strip()
    return ""


def record_fields(row: pd.Series, table: str, name: Name, text: Text) -> pd.DataFrame:
    """Every field of a record as the contract lists it: label, then the value as a reader reads it."""
    contract = CONTRACTS[table]
    lines = []
    for column in contract.columns:
        value = row.get(column.name)
        if column.kind == "partial_date":
            precision = row.get(
                "date_precision" if column.name in SHARED_PRECISION else f"{column.name}_precision"
            )
            shown = partial_date(value, precision)
        elif missing(value):
            shown = ""
        elif column.name in LABEL_GROUPS:
            shown = f"{name(LABEL_GROUPS[column.name], value)} ({value})"
        elif column.kind == "int":
            shown = f"{int(value):,}" if column.name == "value" else str(int(value))
        else:
            shown = str(value)
        lines.append(
            {
                "field": text(f"explore.field.{column.name}"),
                "value": shown or text("explore.none"),
            }
        )
    return pd.DataFrame(lines, columns=["field", "value"])


def stages_table(stages: pd.DataFrame, name: Name) -> pd.DataFrame:
    """Case stages with their outcomes named; dates already carry their precision."""
    if stages.empty:
        return stages
    out = stages.copy()
    out["stage"] = [name("stage", v) for v in out["stage"]]
    out["sentence_type"] = [name("sentence_type", v) for v in out["sentence_type"]]
    out["stage_date"] = out["stage_date"].fillna("")
    return out


def linked_table(linked: pd.DataFrame, name: Name) -> pd.DataFrame:
    if linked.empty:
        return linked
    out = linked.copy()
    out["record_type"] = [name("record_type", v) for v in out["record_type"]]
    out["country"] = [name("country", v) for v in out["country"]]
    out["date_text"] = out["date_text"].fillna("")
    return out


def facet_options(
    counts: pd.DataFrame, everywhere: pd.DataFrame, facet: str, order: tuple[str, ...] = ()
) -> tuple[list[str], dict[str, int]]:
    """Values to offer for one facet and how many records each matches now.

    Offered: every value the database holds for the facet (so a value never vanishes
    while others are ticked), in the contract's order when there is one, else by how
    common it is overall. Counts: under the current filters (0 when none match).
    """
    now = counts[counts["facet"] == facet]
    overall = everywhere[everywhere["facet"] == facet]
    present = list(overall["value"])
    if order:
        present = [v for v in order if v in set(present)] + [v for v in present if v not in order]
    return present, dict(zip(now["value"], now["n"].astype(int), strict=True))
