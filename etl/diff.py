"""What a refresh changes: records added, removed and changed (with the fields) per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.contract import FILES

KEYED = {c.table: c.key.split("+") for c in FILES}


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


def previous_tables(db: Path) -> dict[str, pd.DataFrame]:
    """The published tables, or {} when there is no readable database yet."""
    if not db.exists():
        return {}
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            names = {
                r[0]
                for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
            return {t: con.execute(f'SELECT * FROM "{t}"').df() for t in KEYED if t in names}
    except duckdb.Error:
        return {}


def compare(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> list[TableDiff]:
    return [compare_table(t, old.get(t), new[t], keys) for t, keys in KEYED.items() if t in new]


def compare_table(
    table: str, old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]
) -> TableDiff:
    out = TableDiff(table)
    new_ix = _index(new, keys)
    if old is None:
        out.added = sorted(new_ix.index)
        return out
    old_ix = _index(old, keys)
    out.added = sorted(set(new_ix.index) - set(old_ix.index))
    out.removed = sorted(set(old_ix.index) - set(new_ix.index))
    common = sorted(set(new_ix.index) & set(old_ix.index))
    cols = [c for c in new_ix.columns if c in old_ix.columns]
    a = old_ix.loc[common, cols]
    b = new_ix.loc[common, cols]
    # NA != value is NA in pandas: a value appearing or disappearing is a change.
    differs = (a != b).fillna(True) & ~(a.isna() & b.isna())
    for rid, row in differs.iterrows():
        fields = [c for c in cols if bool(row[c])]
        if fields:
            out.changed[rid] = fields
    return out


def _index(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    ids = frame[keys].astype("string").fillna("").agg("+".join, axis=1)
    # Compare as text so that a type change alone (e.g. after a schema tweak) is not noise.
    return frame.astype("string").set_axis(ids, axis=0)
