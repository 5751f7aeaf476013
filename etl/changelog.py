"""The data changelog: what each release added, changed and removed, from the refresh's diff.

Read from the release folder the refresh keeps (etl/addresses.py): index.json lists the
releases newest first, changes/<run id>.csv holds each one's diff (etl/diff.py). Written as
release/CHANGELOG.md at every refresh and shown on the dashboard's methodology page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SHOWN_IDS = 20  # per table and kind of change; a first release adds every record
KINDS = ("added", "changed", "removed")


@dataclass
class Release:
    version: str
    published_at: str
    run_id: str
    folder: str
    # table -> change -> [(record id, changed fields)]
    changes: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)


def entries(release_dir: Path, limit: int | None = None) -> list[Release]:
    """The releases newest first, each with its diff (empty when its file is missing)."""
    try:
        index = json.loads((release_dir / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for row in index.get("releases", [])[:limit]:
        entry = Release(
            str(row.get("version", "")),
            str(row.get("published_at", "")),
            str(row.get("run_id", "")),
            str(row.get("folder", "")),
        )
        entry.changes = read_changes(release_dir / "changes" / f"{entry.run_id}.csv")
        out.append(entry)
    return out


def read_changes(path: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError):
        return {}
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for table, change, rid, fields in frame[
        ["table_name", "change", "record_id", "fields"]
    ].itertuples(index=False):
        out.setdefault(table, {}).setdefault(change, []).append((rid, fields))
    return out


def markdown(releases: list[Release], title: bool = True) -> str:
    """The changelog as Markdown, newest release first (without its title for a page that
    has its own heading)."""
    lines = ["# Data changelog", ""] if title else []
    if not releases:
        return "\n".join([*lines, "No release has been published yet.", ""])
    for entry in releases:
        lines += [f"## Data version `{_code(entry.version)}` ({entry.published_at[:10]})", ""]
        if not entry.changes:
            lines += ["No record added, changed or removed.", ""]
            continue
        for table, by_kind in sorted(entry.changes.items()):
            parts = [_part(kind, by_kind[kind]) for kind in KINDS if by_kind.get(kind)]
            lines.append(f"- **{table}**: " + "; ".join(parts))
        lines.append("")
    return "\n".join(lines)


def _part(kind: str, rows: list[tuple[str, str]]) -> str:
    shown = []
    for rid, fields in rows[:SHOWN_IDS]:
        text = f"`{_code(rid)}`"
        if kind == "changed" and fields:
            text += " (" + ", ".join(f"`{_code(f)}`" for f in fields.split(";")) + ")"
        shown.append(text)
    more = f" and {len(rows) - SHOWN_IDS:,} more" if len(rows) > SHOWN_IDS else ""
    return f"{len(rows):,} {kind}: " + ", ".join(shown) + more


def _code(text: str) -> str:
    # Ids and column names are validated codes; a backtick would still end the code span.
    return str(text).replace("`", "'").replace("\n", " ")
