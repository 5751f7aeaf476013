"""What a refresh changes: records added, removed and changed (with the fields) per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
            # Through Arrow, not .df(): no Python object per text value.
            return {
                t: con.sql(f'SELECT * FROM "{t}"')
                .to_arrow_table()
                .to_pandas(types_mapper=pd.ArrowDtype)
                for t in KEYED
                if t in names
            }
    except duckdb.Error:
        return {}


def compare(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> list[TableDiff]:
    return [compare_table(t, old.get(t), new[t], keys) for t, keys in KEYED.items() if t in new]


def compare_table(
    table: str, old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]
) -> TableDiff:
    """Whole columns at a time: a million unchanged rows cost a few vectorised compares."""
    out = TableDiff(table)
    new_ids = _ids(new, keys)
    if old is None:
        out.added = sorted(new_ids)
        return out
    old_ids = _ids(old, keys)
    out.added = new_ids.difference(old_ids, sort=False).sort_values().tolist()
    out.removed = old_ids.difference(new_ids, sort=False).sort_values().tolist()
    at_old = old_ids.get_indexer(new_ids)
    both = np.flatnonzero(at_old >= 0)
    cols = [c for c in new.columns if c in old.columns]
    changed = np.column_stack(
        [_differs(old[c].iloc[at_old[both]], new[c].iloc[both]) for c in cols]
        or [np.zeros(len(both), dtype=bool)]
    )
    rows = np.flatnonzero(changed.any(axis=1))
    ids = new_ids[both[rows]]
    for i in np.argsort(ids.to_numpy(), kind="stable"):
        out.changed[ids[i]] = [c for c, hit in zip(cols, changed[rows[i]], strict=True) if hit]
    return out


def _ids(frame: pd.DataFrame, keys: list[str]) -> pd.Index:
    parts = [frame[k].astype("string").fillna("") for k in keys]
    ids = parts[0] if len(parts) == 1 else parts[0].str.cat(parts[1:], sep="+")
    return pd.Index(ids.astype(object), dtype=object)


def _differs(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Changed: one side empty, or both filled and different.

    Compared as text where the types differ, so that a type change alone (e.g. after a
    schema tweak) is not noise; where they agree, the native compare gives the same answer.
    """
    a, b = _comparable(pa.array(old, from_pandas=True), pa.array(new, from_pandas=True))
    if a is None:
        a = pa.array(old.astype("string"), pa.large_string(), from_pandas=True)
        b = pa.array(new.astype("string"), pa.large_string(), from_pandas=True)
    both_null = pc.and_(pc.is_null(a), pc.is_null(b))
    differ = pc.fill_null(pc.not_equal(a, b), True)
    return np.asarray(pc.and_(differ, pc.invert(both_null)), dtype=bool)


def _comparable(a: pa.Array, b: pa.Array) -> tuple[pa.Array | None, pa.Array | None]:
    if a.type == b.type:
        return a, b
    for test, common in (
        (_is_text, pa.large_string()),
        (_is_time, pa.timestamp("ns")),
        (pa.types.is_integer, pa.int64()),
    ):
        if test(a.type) and test(b.type):
            return a.cast(common, safe=False), b.cast(common, safe=False)
    return None, None


def _is_time(t: pa.DataType) -> bool:
    return pa.types.is_timestamp(t) or pa.types.is_date(t)


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)
