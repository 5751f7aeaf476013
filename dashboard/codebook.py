"""The codebook and update log as tables, rendered from the data contract and etl_runs.

The rules are written once, in etl/contract.py; etl/docs.py renders them for data/README.md
and this module renders the same objects for the methodology page, adding each code's name
in the interface language (dashboard.i18n.label, group = the column's name).
"""

from __future__ import annotations

import json

import pandas as pd

from dashboard.i18n import label, t
from etl.contract import FILES, FileContract
from etl.docs import KIND_TEXT


def vocabularies() -> list[tuple[str, str, dict[str, str]]]:
    """Each code list once: (column name, file it is first used in, {code: definition})."""
    seen: set[int] = set()
    out = []
    for contract in FILES:
        for col in contract.columns:
            if col.allowed and id(col.allowed) not in seen:
                seen.add(id(col.allowed))
                out.append((col.name, contract.name, col.allowed))
    return out


def codes_table(column: str, allowed: dict[str, str]) -> pd.DataFrame:
    """code | name in the interface language | definition (from the contract, in English)."""
    return pd.DataFrame(
        {
            t("methodology.codebook.code"): list(allowed),
            t("methodology.codebook.name"): [label(column, code) for code in allowed],
            t("methodology.codebook.definition"): list(allowed.values()),
        }
    )


def columns_table(contract: FileContract) -> pd.DataFrame:
    """One row per column of a published table: name, type, required, unit, meaning."""
    return pd.DataFrame(
        {
            t("methodology.columns.column"): [c.name for c in contract.columns],
            t("methodology.columns.type"): [KIND_TEXT[c.kind] for c in contract.columns],
            t("methodology.columns.required"): [
                t("methodology.yes") if c.required else "" for c in contract.columns
            ],
            t("methodology.columns.unit"): [c.unit for c in contract.columns],
            t("methodology.columns.meaning"): [c.description for c in contract.columns],
        }
    )


def changes_text(changes: object) -> str:
    """'{"cases": {"added": 2, ...}}' -> 'cases +2 −0 ~1'; tables without changes left out."""
    try:
        parsed = json.loads(changes) if isinstance(changes, str) else {}
    except json.JSONDecodeError:
        return ""
    parts = [
        f"{label('record_type', table)} +{c.get('added', 0)} −{c.get('removed', 0)} ~{c.get('changed', 0)}"
        for table, c in sorted(parsed.items())
        if any(c.get(k) for k in ("added", "removed", "changed"))
    ]
    return ", ".join(parts) or t("methodology.runs.no_change")


def runs_table(runs: pd.DataFrame) -> pd.DataFrame:
    """The update log as a reader sees it: when, outcome, version, what changed."""
    return pd.DataFrame(
        {
            t("methodology.runs.when"): runs["finished_at"].dt.strftime("%Y-%m-%d %H:%M UTC"),
            t("methodology.runs.outcome"): [label("outcome", o) for o in runs["outcome"]],
            t("methodology.runs.version"): runs["data_version"],
            t("methodology.runs.changes"): [changes_text(c) for c in runs["changes"]],
            t("methodology.runs.rejected"): runs["rejected"],
        }
    )
