"""Render the contracts as the data dictionary (data/README.md) so the rules are written once.

Two generated parts: the input files (etl/contract.py) and the derived tables the refresh
builds (etl/sql/<table>.toml, run by etl/derived.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from etl import derived
from etl.contract import FILES, FileContract, by_name

START, END = "<!-- contract:start -->", "<!-- contract:end -->"
DERIVED_START, DERIVED_END = "<!-- derived:start -->", "<!-- derived:end -->"
KIND_TEXT = {
    "text": "text",
    "id": "id",
    "ids": "id list (';')",
    "int": "whole number",
    "partial_date": "date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "url": "http(s) URL",
    "iso3": "ISO 3166-1 alpha-3",
    "language": "ISO 639-1",
    "languages": "ISO 639-1 list (';')",
    "enum": "code",
}


def dictionary_markdown() -> str:
    return "\n".join(file_section(c) for c in FILES) + "\n" + codes_section()


def codes_section() -> str:
    """Each code list once, with what every code means (the codebook)."""
    lines = ["### Codes", ""]
    seen: set[int] = set()
    for contract in FILES:
        for col in contract.columns:
            if not col.allowed or id(col.allowed) in seen:
                continue
            seen.add(id(col.allowed))
            lines += [f"`{col.name}` ({contract.name})", "", "| code | meaning |", "| --- | --- |"]
            lines += [f"| `{code}` | {meaning} |" for code, meaning in col.allowed.items()]
            lines.append("")
    return "\n".join(lines)


def file_section(contract: FileContract) -> str:
    lines = [
        f"### `{contract.name}` → table `{contract.table}`",
        "",
        f"{contract.description} Key: `{contract.key}`."
        + (
            f" Sources are published as the link table `{contract.source_link_table}`."
            if contract.source_link_table
            else ""
        ),
        "",
        "| column | type | required | unit | meaning | allowed values |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for col in contract.columns:
        allowed = ", ".join(f"`{k}`" for k in col.allowed) if col.allowed else ""
        if col.countries:
            allowed = ", ".join(f"`{c}`" for c in col.countries)
        if col.max_value is not None:
            allowed = f"0 to {col.max_value:,}"
        if col.references:
            allowed = f"an `{by_name(col.references).key}` of `{col.references}`"
        lines.append(
            f"| `{col.name}` | {KIND_TEXT[col.kind]} | {'yes' if col.required else ''} | {col.unit} "
            f"| {col.description} | {allowed} |"
        )
    return "\n".join(lines) + "\n"


def derived_markdown(tables: tuple[derived.DerivedTable, ...] = derived.TABLES) -> str:
    """One section per derived table: what it is for, its grain, columns and checks."""
    return "\n".join(derived_section(t) for t in tables)


def derived_section(table: derived.DerivedTable) -> str:
    lines = [
        f"### `{table.name}`",
        "",
        f"{table.description} Grain: {table.grain}. "
        f"Built from {', '.join(f'`{r}`' for r in table.reads)} by {_built_by(table)}.",
        "",
        "| column | type | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in table.columns]
    checks = []
    if table.unique:
        checks.append(f"unique key ({', '.join(f'`{c}`' for c in table.unique)})")
    if table.not_null:
        checks.append(f"never empty: {', '.join(f'`{c}`' for c in table.not_null)}")
    checks += [rule.what for rule in table.holds]
    lines += ["", "Checked on every refresh: " + "; ".join(checks) + "."]
    return "\n".join(lines) + "\n"


def _built_by(table: derived.DerivedTable) -> str:
    if table.select_from:
        return f"the SELECT that `{table.select_from}` generates"
    return f"`etl/sql/{table.name}.sql`"


def render_into(readme: Path) -> bool:
    """Rewrite the generated parts of readme; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    new = text
    for start, end, body in (
        (START, END, dictionary_markdown()),
        (DERIVED_START, DERIVED_END, derived_markdown()),
    ):
        new = re.sub(
            re.escape(start) + ".*?" + re.escape(end),
            lambda _, s=start, e=end, b=body: f"{s}\n{b}{e}",
            new,
            flags=re.DOTALL,
        )
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
