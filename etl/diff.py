"""What a refresh changes: records added, removed and changed (with the fields) per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.contract import FILES
from etl.settings import READ_ONLY_CONFIG

KEYED = {c.table: c.key.split("+") for c in FILES}
# Only the columns a maintainer edits are compared: derived ones (timeline_date, country_name...)
# would repeat every edit as noise.
COMPARED = {c.table: c.column_names for c in FILES}
CHANGE_COLUMNS = ["table_name", "record_id", "change", "fields"]
MISSING = "\x00"  # stands for NULL when comparing, so that blanking a field is a change


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed fields

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


@dataclass
class Previous:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    note: str = ""  # why there is nothing to compare with, when there is a file


def previous_tables(db: Path) -> Previous:
    """The published tables as text, or none (with the reason) when there is no readable file."""
    if not db.exists():
        return Previous()
    try:
        with duckdb.connect(str(db), read_only=True, config=READ_ONLY_CONFIG) as con:
            columns = con.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
            ).fetchall()
            present: dict[str, list[str]] = {}
            for table, column in columns:
                present.setdefault(table, []).append(column)
            tables = {}
            for table, keys in KEYED.items():
                cols = [c for c in COMPARED[table] if c in present.get(table, [])]
                if not set(keys) <= set(cols):
                    continue
                # Table and column names come from the contract, never from input.
                select = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in cols)
                tables[table] = con.execute(f'SELECT {select} FROM "{table}"').df().astype("string")
            return Previous(tables)
    except duckdb.Error as exc:
        return Previous(note=f"the published database could not be read ({exc})")


def compare(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> list[TableDiff]:
    return [compare_table(t, old.get(t), new[t], keys) for t, keys in KEYED.items() if t in new]


def compare_table(
    table: str, old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]
) -> TableDiff:
    """Vectorised: one merge on the id, then one comparison per column (no loop per row)."""
    out = TableDiff(table)
    b = _keyed(as_text(new), keys, COMPARED.get(table))
    if old is None:
        out.added = sorted(b["__id__"])
        return out
    a = _keyed(as_text(old), keys, COMPARED.get(table))
    both = a.merge(b, on="__id__", how="outer", suffixes=("__old", "__new"), indicator=True)
    out.added = sorted(both.loc[both["_merge"] == "right_only", "__id__"])
    out.removed = sorted(both.loc[both["_merge"] == "left_only", "__id__"])
    common = both[both["_merge"] == "both"]
    cols = [c for c in b.columns if c != "__id__" and c in a.columns]
    differs = pd.DataFrame(
        {c: common[f"{c}__old"].to_numpy() != common[f"{c}__new"].to_numpy() for c in cols},
        index=common["__id__"].to_numpy(),
    )
    differs = differs[differs.any(axis=1)].sort_index()
    for rid, row in zip(differs.index, differs.to_numpy(), strict=True):
        out.changed[rid] = [c for c, d in zip(cols, row, strict=True) if d]
    return out


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as the published database prints them: whole numbers bare, dates as YYYY-MM-DD."""
    out = {}
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            s = s.dt.strftime("%Y-%m-%d")
        out[c] = s.astype("string")
    return pd.DataFrame(out, index=frame.index)


def _keyed(frame: pd.DataFrame, keys: list[str], compared: list[str] | None) -> pd.DataFrame:
    """The compared columns as text with NULL spelled out, and the record id in __id__."""
    cols = [c for c in (compared or frame.columns) if c in frame.columns]
    ids = frame[keys[0]].fillna("")
    for k in keys[1:]:
        ids = ids.str.cat(frame[k].fillna(""), sep="+")
    out = frame[cols].fillna(MISSING).astype(object)
    out.insert(0, "__id__", ids.astype(object).to_numpy())
    return out.reset_index(drop=True)


def changes_frame(changes: list[TableDiff]) -> pd.DataFrame:
    """The diff as a table (one row per added, removed or changed record), stored with the run."""
    rows = []
    for d in changes:
        rows += [(d.table, rid, "added", "") for rid in d.added]
        rows += [(d.table, rid, "removed", "") for rid in d.removed]
        rows += [(d.table, rid, "changed", ";".join(f)) for rid, f in d.changed.items()]
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS).astype("string")
    return frame.sort_values(["table_name", "change", "record_id"]).reset_index(drop=True)
